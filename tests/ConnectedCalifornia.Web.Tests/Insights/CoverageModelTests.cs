using System.Collections.Immutable;
using System.Text.Json;
using ConnectedCalifornia.Capacity;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Web.Capacity;
using ConnectedCalifornia.Web.Directory;
using ConnectedCalifornia.Web.Insights;

namespace ConnectedCalifornia.Web.Tests.Insights;

/// <summary>
/// County adjacency from the county map the app ships, and the coverage read model and gap rows built
/// from a seeded directory snapshot and capacity summary (no app: the model is a pure function of them).
/// </summary>
public sealed class CoverageModelTests
{
    private const string LosAngeles = "06037";
    private const string Orange = "06059";
    private const string SanDiego = "06073";
    private const string SanFrancisco = "06075";
    private const string SanMateo = "06081";
    private const string Fresno = "06019";
    private const string Madera = "06039";
    private const string Alpine = "06003";
    private const string Modoc = "06049";

    private static readonly Lazy<CountyAdjacency> Adjacency = new(() => new CountyAdjacency(MapShapes()));

    [Theory]
    [InlineData(LosAngeles, Orange)]
    [InlineData(SanFrancisco, SanMateo)]
    [InlineData(Orange, SanDiego)]
    [InlineData(Fresno, Madera)]
    [InlineData("06067", "06113")] // Sacramento–Yolo, across the river
    public void Coverage_adjacency_finds_counties_that_share_a_border_both_ways(string a, string b)
    {
        Assert.True(Adjacency.Value.AreNeighbours(a, b), $"{California.NameOf(a)} and {California.NameOf(b)} share a border");
        Assert.True(Adjacency.Value.AreNeighbours(b, a));
    }

    [Theory]
    [InlineData(LosAngeles, SanDiego)]
    [InlineData(SanFrancisco, LosAngeles)]
    [InlineData(Fresno, Orange)]
    [InlineData("06047", "06109")] // Merced and Tuolumne only touch at one corner
    public void Coverage_adjacency_does_not_join_counties_apart_or_touching_at_a_corner(string a, string b) =>
        Assert.False(Adjacency.Value.AreNeighbours(a, b), $"{California.NameOf(a)} and {California.NameOf(b)} are not neighbours");

    [Fact]
    public void Coverage_adjacency_gives_every_county_a_neighbour_and_a_plausible_number_of_borders()
    {
        foreach (var county in California.Counties)
        {
            Assert.NotEmpty(Adjacency.Value.NeighboursOf(county.Fips));
            Assert.DoesNotContain(county.Fips, Adjacency.Value.NeighboursOf(county.Fips));
        }

        // California's 58 counties have about 140 shared borders; a broken parse gives far fewer or far more.
        Assert.InRange(Adjacency.Value.PairCount, 130, 150);
        Assert.Equal(["06025", Orange, "06065"], Adjacency.Value.NeighboursOf(SanDiego).ToArray()); // Imperial, Orange, Riverside
        Assert.Empty(Adjacency.Value.NeighboursOf("99999"));
    }

    [Fact]
    public void Coverage_read_model_counts_verified_providers_and_those_accepting_referrals_per_county_and_service()
    {
        var snapshot = new DirectorySnapshot(
        [
            Doc("a", verified: true, accepting: true, ["legal-aid", "shelter-housing"], [Fresno, Madera]),
            Doc("b", verified: true, accepting: false, ["legal-aid"], [Fresno]),
            Doc("c", verified: false, accepting: true, ["legal-aid", "hotline"], [Fresno]), // not verified: not counted
            Doc("d", verified: true, accepting: true, ["hotline"], [LosAngeles, "99999"]), // an unknown county is ignored
        ]);

        var report = CoverageModel.Build(snapshot, Capacity(), Adjacency.Value, DateTimeOffset.UnixEpoch);

        Assert.True(report.Statewide);
        Assert.Equal(58, report.Counties.Length);
        var fresno = report.Counties.Single(c => c.County == Fresno);
        Assert.Equal(2, fresno.VerifiedProviders);
        Assert.Equal(1, fresno.AcceptingReferrals);
        Assert.Equal((2, 1), Cell(fresno, "legal-aid"));
        Assert.Equal((1, 1), Cell(fresno, "shelter-housing"));
        Assert.Equal((0, 0), Cell(fresno, "hotline"));
        Assert.Contains(Madera, fresno.Neighbours);
        Assert.Equal(1, fresno.Categories.Single(x => x.Category == "legal-aid").NeighbourProviders); // "a" in Madera
        Assert.Equal(1, report.Counties.Single(c => c.County == LosAngeles).VerifiedProviders);
        Assert.Equal(0, report.Counties.Single(c => c.County == Alpine).VerifiedProviders);

        // Beds: the bed kinds of the capacity summary, free now from fresh counts only; non-bed capacity is not a bed.
        Assert.Equal(12, fresno.BedsTotal);
        Assert.Equal(3, fresno.BedsFreeNow);
        Assert.Equal(2, fresno.BedSites);
        Assert.Equal([CapacityCategories.AdultWomen, CapacityCategories.Minors], fresno.Beds.Select(b => b.Category).ToArray());
        Assert.Equal("minors", fresno.Beds[1].Label);
        Assert.Equal(1, fresno.Beds[1].StaleSites);
        Assert.Equal(0, report.Counties.Single(c => c.County == Alpine).BedsTotal);
    }

    [Fact]
    public void Coverage_gap_rows_are_services_with_no_verified_provider_in_the_county_or_a_neighbouring_one()
    {
        var snapshot = new DirectorySnapshot(
        [
            Doc("a", verified: true, accepting: true, ["legal-aid"], [Fresno]),
            Doc("b", verified: false, accepting: true, ["hotline"], [Madera]),
        ]);

        var report = CoverageModel.Build(snapshot, Capacity(), Adjacency.Value, DateTimeOffset.UnixEpoch);
        var gaps = CoverageModel.Gaps(report).Gaps;

        // Legal aid in Fresno covers Fresno and every neighbour of Fresno; not a county two borders away.
        Assert.DoesNotContain(gaps, g => g.County == Fresno && g.Category == "legal-aid");
        foreach (var neighbour in Adjacency.Value.NeighboursOf(Fresno))
        {
            Assert.DoesNotContain(gaps, g => g.County == neighbour && g.Category == "legal-aid");
        }

        Assert.Contains(gaps, g => g.County == Modoc && g.Category == "legal-aid");
        Assert.Contains(gaps, g => g.County == LosAngeles && g.Category == "legal-aid");

        // An unverified provider leaves the gap open.
        var maderaHotline = Assert.Single(gaps, g => g.County == Madera && g.Category == "hotline");
        Assert.Equal("Hotline", maderaHotline.CategoryLabel);
        Assert.Contains("Fresno", maderaHotline.NeighbourNames);

        // Every service category with no verified provider anywhere is a gap in all 58 counties.
        var services = TaxonomyView.Seed.Active(Vocabulary.Services).Count();
        Assert.Equal((58 * services) - 1 - Adjacency.Value.NeighboursOf(Fresno).Length, gaps.Length);
        Assert.Equal(report.Counties.Sum(c => c.Gaps), gaps.Length);
    }

    [Fact]
    public void Coverage_for_a_lead_keeps_only_their_counties_and_their_gaps()
    {
        var report = CoverageModel.Build(new DirectorySnapshot([]), Capacity(), Adjacency.Value, DateTimeOffset.UnixEpoch);

        var within = CoverageModel.Within(report, new HashSet<string> { Fresno, Madera });

        Assert.False(within.Statewide);
        Assert.Equal([Fresno, Madera], within.Counties.Select(c => c.County).ToArray());
        Assert.All(CoverageModel.Gaps(within).Gaps, g => Assert.Contains(g.County, new[] { Fresno, Madera }));
    }

    private static (int Verified, int Accepting) Cell(CountyCoverage county, string category)
    {
        var cell = county.Categories.Single(x => x.Category == category);
        return (cell.VerifiedProviders, cell.AcceptingReferrals);
    }

    private static DirectoryDocument Doc(string id, bool verified, bool accepting, string[] services, string[] counties) => new(
        id, "Provider " + id, OrganizationKind.Nonprofit, string.Empty, null,
        [.. services], [], [], [.. counties], [], accepting, verified, verified ? DateTimeOffset.UnixEpoch : null, 1, DateTimeOffset.UnixEpoch);

    /// <summary>Fresno: two sites; adult women 8 total 3 free (fresh), minors 4 total, its one count stale; 5 advocates on call (not beds).</summary>
    private static StatewideCapacitySummary Capacity()
    {
        ImmutableArray<CategoryTotals> fresno =
        [
            new(CapacityCategories.AdultWomen, 1, 0, 8, 3, 0, DateTimeOffset.UnixEpoch),
            new(CapacityCategories.Minors, 1, 1, 4, 0, 0, null),
            new(CapacityCategories.AdvocatesOnCall, 1, 0, 5, 5, 0, DateTimeOffset.UnixEpoch),
        ];
        return new StatewideCapacitySummary([new CountyCapacitySummary(Fresno, "Fresno", 2, 1, fresno, DateTimeOffset.UnixEpoch)], fresno, 2, DateTimeOffset.UnixEpoch);
    }

    private static List<CountyShape> MapShapes()
    {
        var file = Path.Combine(RepositoryRoot(), "src", "ConnectedCalifornia.Web", "wwwroot", CaliforniaMap.File);
        using var document = JsonDocument.Parse(File.ReadAllText(file));
        return [.. document.RootElement.GetProperty("counties").EnumerateArray().Select(c => new CountyShape(
            c.GetProperty("fips").GetString()!, c.GetProperty("name").GetString()!, c.GetProperty("path").GetString()!))];
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ConnectedCalifornia.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The checkout (ConnectedCalifornia.sln) was not found above the test binaries.");
    }
}
