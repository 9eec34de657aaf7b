using ConnectedCalifornia.Network;
using ConnectedCalifornia.Testing;
using static ConnectedCalifornia.Capacity.Tests.CapacityTestData;
using static ConnectedCalifornia.Testing.TestData;

namespace ConnectedCalifornia.Capacity.Tests;

[Collection(ClusterCollection.Name)]
public sealed class CapacityAnnouncementTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Client;

    [Fact]
    public async Task Every_change_of_a_site_is_announced_on_its_site_topic_only()
    {
        var site = await DefineSiteAsync(_grains);
        var holder = await CreateOrganizationAsync(_grains);
        await site.PostCount(CapacityCategories.AdultWomen, 2, Staff);
        var hold = await site.PlaceHold(CapacityCategories.AdultWomen, holder, Staff, purpose: CapacityTestData.Purpose);
        await site.ReleaseHold(hold.HoldId!, Staff);

        var received = await fixture.Node.WaitForAsync(site.Id(), 4);

        Assert.Equal([1L, 2L, 3L, 4L], received.Select(a => a.Version));
        Assert.Equal(
            [AnnouncementKinds.CapacitySite, AnnouncementKinds.CapacityCount, AnnouncementKinds.CapacityHoldPlaced, AnnouncementKinds.CapacityHoldReleased],
            received.Select(a => a.Kind));

        // The organization's topic is joined by every network member, the county and statewide ones by anyone.
        Assert.All(received, a => Assert.Equal([Topics.Site(site.Id())], a.Topics.AsEnumerable()));
        Assert.All(received, a => Assert.Equal(SiteName, a.Title));
        Assert.All(received, a => Assert.Equal(Staff.DisplayName, a.ActorName));
        Assert.Equal("Count posted: adult women: 2 of 10 available, 0 held", received[1].Summary);
        Assert.Equal("Held for 2 h: adult women: 1 of 10 available, 1 held", received[2].Summary);
        Assert.Equal("Hold released: adult women: 2 of 10 available, 0 held", received[3].Summary);
        Assert.All(received, a => Assert.DoesNotContain(holder, a.Summary, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_confidential_sites_county_hears_only_that_the_county_totals_changed()
    {
        var countyBefore = fixture.Node.About(Fresno).Count;
        var site = await DefineSiteAsync(_grains, confidential: true);
        var orgId = site.Id()[..^"--main".Length];
        await site.PostCount(CapacityCategories.AdultWomen, 5, Staff);
        var publicId = (await site.GetSnapshot())!.PublicId;

        var own = await fixture.Node.WaitForAsync(site.Id(), 2);
        var county = (await fixture.Node.WaitForAsync(Fresno, countyBefore + 2)).Skip(countyBefore).ToList();

        Assert.All(own, a => Assert.Equal([Topics.Site(site.Id())], a.Topics.AsEnumerable()));
        Assert.All(own, a => Assert.Equal(SiteName, a.Title));
        Assert.Empty(fixture.Node.About(publicId));
        Assert.All(county, a =>
        {
            Assert.Equal(AnnouncementKinds.CapacityCounty, a.Kind);
            Assert.Equal([Topics.County(Fresno), Topics.Statewide], a.Topics.AsEnumerable());
            Assert.Equal("Fresno County", a.Title);
            Assert.Equal(string.Empty, a.ActorName);
            var everything = string.Join("|", a.EntityId, a.Title, a.Summary, a.ActorName, string.Join(",", a.Topics));
            Assert.DoesNotContain(SiteName, everything, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(orgId, everything, StringComparison.Ordinal);
            Assert.DoesNotContain(publicId, everything, StringComparison.Ordinal);
            Assert.DoesNotContain(Staff.DisplayName, everything, StringComparison.Ordinal);
            Assert.DoesNotContain("available", everything, StringComparison.OrdinalIgnoreCase);
        });

        // The county's version is the index's own, not the site's: nothing to line up with a site's changes.
        Assert.All(county, a => Assert.DoesNotContain(own, o => o.Version == a.Version));
        Assert.Equal(county.Select(a => a.Version).Order(), county.Select(a => a.Version));
    }

    [Fact]
    public async Task A_site_that_moves_county_changes_the_totals_of_both_counties()
    {
        var fresnoBefore = fixture.Node.About(Fresno).Count;
        var kernBefore = fixture.Node.About(Kern).Count;
        var site = await DefineSiteAsync(_grains);
        var orgId = site.Id()[..^"--main".Length];

        await site.Define(Definition(orgId, Kern), Staff);

        var moved = (await fixture.Node.WaitForAsync(site.Id(), 2))[1];
        Assert.Equal([Topics.Site(site.Id())], moved.Topics.AsEnumerable());
        Assert.Contains((await fixture.Node.WaitForAsync(Kern, kernBefore + 1)).Skip(kernBefore), a => a.Kind == AnnouncementKinds.CapacityCounty);
        Assert.All((await fixture.Node.WaitForAsync(Fresno, fresnoBefore + 2)).Skip(fresnoBefore), a => Assert.Equal(AnnouncementKinds.CapacityCounty, a.Kind));
    }
}
