using System.Collections.Immutable;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Testing;

namespace ConnectedCalifornia.Capacity.Tests;

/// <summary>Sites to start from: each test defines its own, under a fresh organization.</summary>
internal static class CapacityTestData
{
    public const string SiteName = "Harbor House Main";

    public static Actor Staff { get; } = new("staff-7", "Ana Ruiz");

    /// <summary>What a test's hold is for (every hold says why).</summary>
    public static HoldPurpose Purpose { get; } = new("Arriving tonight from the hotline");

    public static ImmutableArray<CategoryDefinition> DefaultCategories { get; } =
    [
        new(CapacityCategories.AdultWomen, 10),
        new(CapacityCategories.Families, 4),
        new(CapacityCategories.AdvocatesOnCall, 2),
    ];

    public static SiteDefinition Definition(string organizationId, string county = TestData.Fresno, bool confidential = false, ImmutableArray<CategoryDefinition>? categories = null) =>
        new(organizationId, SiteName, county, confidential, categories ?? DefaultCategories);

    /// <summary>A new organization and its site "&lt;orgId&gt;--main", defined with <see cref="Definition"/>.</summary>
    public static async Task<ISiteCapacityGrain> DefineSiteAsync(IGrainFactory grains, string county = TestData.Fresno, bool confidential = false, ImmutableArray<CategoryDefinition>? categories = null)
    {
        var orgId = await TestData.CreateOrganizationAsync(grains);
        var site = grains.GetGrain<ISiteCapacityGrain>($"{orgId}--main");
        AssertSucceeded(await site.Define(Definition(orgId, county, confidential, categories), Staff));
        return site;
    }

    public static void AssertSucceeded(CommandResult result) =>
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => $"{e.Field}: {e.Message}")));

    public static CategoryCapacity Category(this SiteCapacitySnapshot? snapshot, string category)
    {
        Assert.NotNull(snapshot);
        return snapshot.Categories.Single(c => c.Category == category);
    }

    public static string Id(this ISiteCapacityGrain site) => site.GetPrimaryKeyString();
}
