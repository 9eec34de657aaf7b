using System.Text.Json;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Testing;
using static ConnectedCalifornia.Capacity.Tests.CapacityTestData;
using static ConnectedCalifornia.Testing.TestData;

namespace ConnectedCalifornia.Capacity.Tests;

[Collection(ClusterCollection.Name)]
public sealed class SiteCapacityGrainTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Client;

    [Fact]
    public async Task A_site_is_defined_counts_are_posted_and_read_back_with_who_and_when()
    {
        var site = await DefineSiteAsync(_grains);
        ClusterFixture.Clock.Advance(TimeSpan.FromMinutes(3));
        var postedAt = ClusterFixture.Clock.GetUtcNow();

        var result = await site.PostCount(CapacityCategories.AdultWomen, 3, Staff);

        var snapshot = await site.GetSnapshot();
        Assert.Equal(2, result.Version);
        Assert.Equal((SiteName, Fresno, false), (snapshot!.Name, snapshot.County, snapshot.Confidential));
        Assert.Equal(
            [CapacityCategories.AdultWomen, CapacityCategories.Families, CapacityCategories.AdvocatesOnCall],
            snapshot.Categories.Select(c => c.Category));
        Assert.Equal(new CategoryCapacity(CapacityCategories.AdultWomen, 10, 3, 0, postedAt, IsStale: false), snapshot.Category(CapacityCategories.AdultWomen));

        // A category never posted is stale: it is shown as such, never as available now.
        var families = snapshot.Category(CapacityCategories.Families);
        Assert.Equal((0, null, true, 0), (families.Available, families.AsOf, families.IsStale, families.AvailableNow));

        var change = (await site.GetHistory(1)).Single();
        Assert.Equal(("adult-women.available", "0", "3"), (change.Field, change.OldValue, change.NewValue));
        Assert.Equal((Staff.UserId, Staff.DisplayName, postedAt), (change.ActorId, change.ActorName, change.At));
        Assert.True((await _grains.GetGrain<ISiteCapacityGrain>(NewKey("site")).PostCount(CapacityCategories.AdultWomen, 1, Staff)).NotFound);
        Assert.Null(await _grains.GetGrain<ISiteCapacityGrain>(NewKey("site")).GetSnapshot());
    }

    [Fact]
    public async Task Every_change_stays_in_the_history_beyond_what_the_state_keeps()
    {
        var site = await DefineSiteAsync(_grains);
        for (var count = 1; count <= 260; count++)
        {
            await site.PostCount(CapacityCategories.AdultWomen, count % 10, Staff);
        }

        // The state keeps at most 200 versions pending; the rest is only in the change archive.
        var history = await site.GetHistory(1_000);
        var posts = history.Where(r => r.Field == "adult-women.available" || r.NewValue?.EndsWith("(confirmed)", StringComparison.Ordinal) == true).ToList();
        Assert.Equal(260, posts.Count);
        Assert.Equal("0", posts[0].NewValue);
        Assert.Contains(history, r => r.Field == "name");
        Assert.Equal(10, (await site.GetHistory(10)).Length);
    }

    [Fact]
    public async Task Posting_the_same_count_again_confirms_it_and_makes_it_fresh()
    {
        var site = await DefineSiteAsync(_grains);
        await site.PostCount(CapacityCategories.AdultWomen, 4, Staff);
        ClusterFixture.Clock.Advance(TimeSpan.FromHours(13));
        Assert.True((await site.GetSnapshot()).Category(CapacityCategories.AdultWomen).IsStale);

        var result = await site.PostCount(CapacityCategories.AdultWomen, 4, Staff);

        var adults = (await site.GetSnapshot()).Category(CapacityCategories.AdultWomen);
        Assert.Equal(3, result.Version);
        Assert.False(adults.IsStale);
        Assert.Equal(ClusterFixture.Clock.GetUtcNow(), adults.AsOf);
        Assert.Equal("4 (confirmed)", (await site.GetHistory(1)).Single().NewValue);
    }

    [Fact]
    public async Task A_count_turns_stale_after_twelve_hours()
    {
        var site = await DefineSiteAsync(_grains);
        await site.PostCount(CapacityCategories.AdultWomen, 6, Staff);

        ClusterFixture.Clock.Advance(TimeSpan.FromHours(12));
        var atThreshold = (await site.GetSnapshot()).Category(CapacityCategories.AdultWomen);
        ClusterFixture.Clock.Advance(TimeSpan.FromMinutes(1));
        var after = (await site.GetSnapshot()).Category(CapacityCategories.AdultWomen);

        Assert.Equal((false, 6), (atThreshold.IsStale, atThreshold.AvailableNow));
        Assert.Equal((true, 6, 0), (after.IsStale, after.Available, after.AvailableNow));
    }

    public static TheoryData<string, int, string> InvalidCounts => new()
    {
        { CapacityCategories.AdultWomen, -1, "available" },
        { CapacityCategories.AdultWomen, 11, "available" },
        { CapacityCategories.AdultWomen, 10, "available" }, // 10 available + 1 held > 10
        { "adult-giraffes", 1, "category" },
        { CapacityCategories.Minors, 1, "category" }, // known, but not listed at this site
        { "", 1, "category" },
    };

    [Theory]
    [MemberData(nameof(InvalidCounts))]
    public async Task An_invalid_count_is_refused_with_the_field_and_changes_nothing(string category, int available, string field)
    {
        var site = await DefineSiteAsync(_grains);
        await site.PostCount(CapacityCategories.AdultWomen, 5, Staff);
        var hold = await site.PlaceHold(CapacityCategories.AdultWomen, site.Id().Replace("--main", string.Empty, StringComparison.Ordinal), Staff, purpose: CapacityTestData.Purpose);
        Assert.True(hold.Succeeded);
        var before = await site.GetSnapshot();

        AssertRefused(await site.PostCount(category, available, Staff), field);

        var after = await site.GetSnapshot();
        Assert.Equal(before!.Version, after!.Version);
        Assert.Equal(before.Categories.AsEnumerable(), after.Categories.AsEnumerable());
        Assert.Equal((4, 1), (after.Category(CapacityCategories.AdultWomen).Available, after.Category(CapacityCategories.AdultWomen).Held));
    }

    public static TheoryData<string, string> InvalidDefinitions => new()
    {
        { "name", "name" },
        { "county", "county" },
        { "no-categories", "categories" },
        { "unknown-category", "categories[1].category" },
        { "duplicate-category", "categories" },
        { "negative-total", "categories[0].total" },
        { "total-below-counted", "categories[0].total" },
        { "removed-with-holds", "categories" },
        { "other-organization", "organizationId" },
        { "actor", "actor.displayName" },
    };

    [Theory]
    [MemberData(nameof(InvalidDefinitions))]
    public async Task An_invalid_definition_is_refused_with_the_field_and_changes_nothing(string change, string field)
    {
        var site = await DefineSiteAsync(_grains);
        var orgId = site.Id()[..^"--main".Length];
        await site.PostCount(CapacityCategories.AdultWomen, 6, Staff);
        Assert.True((await site.PlaceHold(CapacityCategories.AdultWomen, orgId, Staff, purpose: CapacityTestData.Purpose)).Succeeded);
        var before = await site.GetSnapshot();
        var valid = Definition(orgId);
        var actor = Staff;
        var broken = change switch
        {
            "name" => valid with { Name = "  " },
            "county" => valid with { County = "97001" },
            "no-categories" => valid with { Categories = [] },
            "unknown-category" => valid with { Categories = [new(CapacityCategories.AdultWomen, 10), new("pets", 2)] },
            "duplicate-category" => valid with { Categories = [new(CapacityCategories.AdultWomen, 10), new(CapacityCategories.AdultWomen, 12)] },
            "negative-total" => valid with { Categories = [new(CapacityCategories.AdultWomen, -2)] },
            "total-below-counted" => valid with { Categories = [new(CapacityCategories.AdultWomen, 5)] }, // 5 available + 1 held
            "removed-with-holds" => valid with { Categories = [new(CapacityCategories.Families, 4)] },
            "other-organization" => valid with { OrganizationId = await CreateOrganizationAsync(_grains) },
            _ => valid,
        };
        if (change == "actor")
        {
            actor = Staff with { DisplayName = "" };
        }

        AssertRefused(await site.Define(broken, actor), field);

        var after = await site.GetSnapshot();
        Assert.Equal(JsonSerializer.Serialize(before), JsonSerializer.Serialize(after! with { ReadAt = before!.ReadAt }));
    }

    [Fact]
    public async Task A_site_needs_a_valid_id_and_an_existing_organization()
    {
        var orgId = await CreateOrganizationAsync(_grains);

        AssertRefused(await _grains.GetGrain<ISiteCapacityGrain>("Bad Key!").Define(Definition(orgId), Staff), "id");
        AssertRefused(await _grains.GetGrain<ISiteCapacityGrain>(NewKey("site")).Define(Definition(NewKey("org")), Staff), "organizationId");
        AssertRefused(await _grains.GetGrain<ISiteCapacityGrain>(NewKey("site")).Define(Definition("Not A Key"), Staff), "organizationId");
    }

    [Fact]
    public async Task Updating_a_site_keeps_counts_of_kept_categories_and_starts_new_ones_unposted()
    {
        var site = await DefineSiteAsync(_grains);
        var orgId = site.Id()[..^"--main".Length];
        await site.PostCount(CapacityCategories.AdultWomen, 6, Staff);

        var result = await site.Define(
            Definition(orgId) with { Name = "Harbor House East", Categories = [new(CapacityCategories.Lgbtq, 3), new(CapacityCategories.AdultWomen, 12)] },
            Staff);

        var snapshot = await site.GetSnapshot();
        Assert.Equal(3, result.Version);
        Assert.Equal("Harbor House East", snapshot!.Name);
        Assert.Equal([CapacityCategories.AdultWomen, CapacityCategories.Lgbtq], snapshot.Categories.Select(c => c.Category));
        Assert.Equal((12, 6, false), (snapshot.Category(CapacityCategories.AdultWomen).Total, snapshot.Category(CapacityCategories.AdultWomen).Available, snapshot.Category(CapacityCategories.AdultWomen).IsStale));
        Assert.Equal((3, 0, true), (snapshot.Category(CapacityCategories.Lgbtq).Total, snapshot.Category(CapacityCategories.Lgbtq).Available, snapshot.Category(CapacityCategories.Lgbtq).IsStale));
        var fields = (await site.GetHistory(10)).Where(r => r.At == ClusterFixture.Clock.GetUtcNow() && r.NewValue != "6").Select(r => r.Field).ToHashSet();
        Assert.Superset(new HashSet<string> { "name", "adult-women.total", "lgbtq.total", "families.total", "advocates-on-call.total" }, fields);

        // The same definition again changes nothing.
        Assert.Equal(3, (await site.Define(Definition(orgId) with { Name = "Harbor House East", Categories = [new(CapacityCategories.Lgbtq, 3), new(CapacityCategories.AdultWomen, 12)] }, Staff)).Version);
    }
}
