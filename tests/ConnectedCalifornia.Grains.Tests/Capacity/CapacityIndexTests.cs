using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Testing;
using static ConnectedCalifornia.Capacity.Tests.CapacityTestData;
using static ConnectedCalifornia.Testing.TestData;

namespace ConnectedCalifornia.Capacity.Tests;

[Collection(ClusterCollection.Name)]
public sealed class CapacityIndexTests(ClusterFixture fixture)
{
    /// <summary>No other test defines a site in Alpine County, so its totals are this test's alone.</summary>
    private const string Alpine = "06003";

    /// <summary>Nor in Amador County.</summary>
    private const string Amador = "06005";

    /// <summary>Nor in Butte County.</summary>
    private const string Butte = "06007";

    private readonly IGrainFactory _grains = fixture.Client;

    private ICapacityIndexGrain Index => _grains.GetGrain<ICapacityIndexGrain>(GrainKeys.CapacityIndex);

    [Fact]
    public async Task County_totals_count_only_fresh_counts_as_available_now_and_flag_stale_ones()
    {
        var stale = await DefineSiteAsync(_grains, Alpine);
        var fresh = await DefineSiteAsync(_grains, Alpine, confidential: true);
        var holder = await CreateOrganizationAsync(_grains, Organization() with { Counties = [Alpine] }); // a holder serving the site's county
        await stale.PostCount(CapacityCategories.AdultWomen, 7, Staff);
        ClusterFixture.Clock.Advance(TimeSpan.FromHours(13));
        await fresh.PostCount(CapacityCategories.AdultWomen, 4, Staff);
        await fresh.PostCount(CapacityCategories.Families, 2, Staff);
        await fresh.PlaceHold(CapacityCategories.AdultWomen, holder, Staff, purpose: CapacityTestData.Purpose);

        var county = await Index.GetCountySummary(Alpine);

        Assert.Equal((Alpine, "Alpine", 2, 1), (county.County, county.CountyName, county.Sites, county.ConfidentialSites));
        Assert.Equal([CapacityCategories.AdultWomen, CapacityCategories.Families, CapacityCategories.AdvocatesOnCall], county.Categories.Select(c => c.Category));
        var adults = county.Categories[0];
        Assert.Equal(new CategoryTotals(CapacityCategories.AdultWomen, 2, 1, 20, 3, 1, ClusterFixture.Clock.GetUtcNow()), adults);
        Assert.True(adults.HasStale);
        Assert.Equal((2, 1, 8, 2, 0), (county.Categories[1].Sites, county.Categories[1].StaleSites, county.Categories[1].Total, county.Categories[1].AvailableNow, county.Categories[1].Held));
        Assert.Equal((2, 2, 0), (county.Categories[2].Sites, county.Categories[2].StaleSites, county.Categories[2].AvailableNow));

        // Twelve more hours and the fresh count is stale too: nothing is available now.
        ClusterFixture.Clock.Advance(TimeSpan.FromHours(12) + TimeSpan.FromMinutes(1));
        var later = await Index.GetCountySummary(Alpine);
        Assert.Equal((2, 0, 20), (later.Categories[0].StaleSites, later.Categories[0].AvailableNow, later.Categories[0].Total));
    }

    [Fact]
    public async Task Statewide_totals_are_summed_per_county_and_category()
    {
        var first = await DefineSiteAsync(_grains, Amador);
        var second = await DefineSiteAsync(_grains, Amador, categories: [new(CapacityCategories.EmergencyOvernight, 6)]);
        await first.PostCount(CapacityCategories.AdultWomen, 3, Staff);
        await second.PostCount(CapacityCategories.EmergencyOvernight, 6, Staff);

        var statewide = await Index.GetStatewideSummary();

        var amador = statewide.Counties.Single(c => c.County == Amador);
        Assert.Equal(2, amador.Sites);
        Assert.Equal(
            [(CapacityCategories.AdultWomen, 3), (CapacityCategories.Families, 0), (CapacityCategories.EmergencyOvernight, 6), (CapacityCategories.AdvocatesOnCall, 0)],
            amador.Categories.Select(c => (c.Category, c.AvailableNow)));
        Assert.Equal(statewide.Counties.Sum(c => c.Sites), statewide.Sites);
        foreach (var category in statewide.Categories)
        {
            var perCounty = statewide.Counties.SelectMany(c => c.Categories).Where(c => c.Category == category.Category).ToList();
            Assert.Equal((perCounty.Sum(c => c.Total), perCounty.Sum(c => c.AvailableNow), perCounty.Sum(c => c.Held)), (category.Total, category.AvailableNow, category.Held));
        }

        Assert.Equal(statewide.Counties.Select(c => c.County).Order(StringComparer.Ordinal), statewide.Counties.Select(c => c.County));
    }

    [Fact]
    public async Task Site_rows_carry_what_the_web_filters_and_a_public_form_without_the_confidential_name()
    {
        var site = await DefineSiteAsync(_grains, Butte, confidential: true);
        await site.PostCount(CapacityCategories.Families, 1, Staff);
        var snapshot = await site.GetSnapshot();

        var row = (await Index.GetSites(Butte)).Single(r => r.SiteId == site.Id());
        var inOtherCounty = (await Index.GetSites(Fresno)).Any(r => r.SiteId == site.Id());

        Assert.False(inOtherCounty);
        Assert.Equal((snapshot!.OrganizationId, SiteName, true, snapshot.Version), (row.OrganizationId, row.Name, row.Confidential, row.Version));
        Assert.Equal(snapshot.Categories.AsEnumerable(), row.Categories.AsEnumerable());
        var visible = row.ForPublic();
        Assert.Equal((snapshot.PublicId, string.Empty, "A confidential shelter in Butte County"), (visible.SiteId, visible.OrganizationId, visible.Name));
        Assert.Equal(row.Categories.AsEnumerable(), visible.Categories.AsEnumerable());
        Assert.Contains((await Index.GetSites()), r => r.SiteId == site.Id());
    }

    [Fact]
    public async Task A_county_without_sites_has_an_empty_summary()
    {
        var summary = await Index.GetCountySummary("06105");

        Assert.Equal((0, 0, "Trinity"), (summary.Sites, summary.Categories.Length, summary.CountyName));
        Assert.Equal(California.NameOf("06105"), summary.CountyName);
    }

    [Fact]
    public async Task One_site_and_the_sites_of_some_organizations_are_read_without_the_rest()
    {
        var first = await DefineSiteAsync(_grains, Butte);
        var second = await DefineSiteAsync(_grains, Butte);
        var firstRow = await Index.GetSite(first.Id());
        var secondOrg = (await second.GetSnapshot())!.OrganizationId;

        Assert.Equal((first.Id(), Butte), (firstRow!.SiteId, firstRow.County));
        Assert.Null(await Index.GetSite("no-such-org--main"));
        Assert.Equal([second.Id()], (await Index.GetSitesOf([secondOrg, "no-such-org"])).Select(r => r.SiteId));
        Assert.Equal(2, (await Index.GetSitesOf([firstRow.OrganizationId, secondOrg])).Length);
        Assert.Empty(await Index.GetSitesOf([]));
    }
}
