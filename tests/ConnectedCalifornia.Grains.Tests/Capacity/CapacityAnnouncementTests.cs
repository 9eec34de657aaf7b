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
    public async Task Every_change_of_a_public_site_reaches_its_site_organization_county_and_statewide_topics()
    {
        var site = await DefineSiteAsync(_grains);
        var orgId = site.Id()[..^"--main".Length];
        var holder = await CreateOrganizationAsync(_grains);
        await site.PostCount(CapacityCategories.AdultWomen, 2, Staff);
        var hold = await site.PlaceHold(CapacityCategories.AdultWomen, holder, Staff);
        await site.ReleaseHold(hold.HoldId!, Staff);

        var received = await fixture.Node.WaitForAsync(site.Id(), 4);

        Assert.Equal([1L, 2L, 3L, 4L], received.Select(a => a.Version));
        Assert.Equal(
            [AnnouncementKinds.CapacitySite, AnnouncementKinds.CapacityCount, AnnouncementKinds.CapacityHoldPlaced, AnnouncementKinds.CapacityHoldReleased],
            received.Select(a => a.Kind));
        Assert.All(received, a => Assert.Equal([Topics.Site(site.Id()), Topics.Organization(orgId), Topics.County(Fresno), Topics.Statewide], a.Topics.AsEnumerable()));
        Assert.All(received, a => Assert.Equal(SiteName, a.Title));
        Assert.Equal("Count posted: adult women: 2 of 10 available, 0 held", received[1].Summary);
        Assert.Equal("Held for 2 h: adult women: 1 of 10 available, 1 held", received[2].Summary);
        Assert.Equal("Hold released: adult women: 2 of 10 available, 0 held", received[3].Summary);
        Assert.All(received, a => Assert.DoesNotContain(holder, a.Summary, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_confidential_site_is_named_only_to_its_own_organization()
    {
        var site = await DefineSiteAsync(_grains, confidential: true);
        var orgId = site.Id()[..^"--main".Length];
        await site.PostCount(CapacityCategories.AdultWomen, 5, Staff);
        var publicId = (await site.GetSnapshot())!.PublicId;

        var own = await fixture.Node.WaitForAsync(site.Id(), 2);
        var shared = await fixture.Node.WaitForAsync(publicId, 2);

        Assert.All(own, a => Assert.Equal([Topics.Site(site.Id()), Topics.Organization(orgId)], a.Topics.AsEnumerable()));
        Assert.All(own, a => Assert.Equal(SiteName, a.Title));
        Assert.All(shared, a => Assert.Equal([Topics.County(Fresno), Topics.Statewide], a.Topics.AsEnumerable()));
        Assert.Equal(own.Select(a => (a.Kind, a.Version, a.Summary)), shared.Select(a => (a.Kind, a.Version, a.Summary)));
        Assert.Equal("Count posted: adult women: 5 of 10 available, 0 held", shared[1].Summary);
        Assert.All(shared, a =>
        {
            Assert.Equal("A confidential shelter in Fresno County", a.Title);
            Assert.Equal("Shelter staff", a.ActorName);
            var everything = string.Join("|", a.EntityId, a.Title, a.Summary, a.ActorName, string.Join(",", a.Topics));
            Assert.DoesNotContain(SiteName, everything, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(orgId, everything, StringComparison.Ordinal);
            Assert.DoesNotContain(Staff.DisplayName, everything, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_site_that_moves_county_is_announced_to_both_counties()
    {
        var site = await DefineSiteAsync(_grains);
        var orgId = site.Id()[..^"--main".Length];

        await site.Define(Definition(orgId, Kern), Staff);

        var moved = (await fixture.Node.WaitForAsync(site.Id(), 2))[1];
        Assert.Equal([Topics.Site(site.Id()), Topics.Organization(orgId), Topics.County(Kern), Topics.County(Fresno), Topics.Statewide], moved.Topics.AsEnumerable());
    }
}
