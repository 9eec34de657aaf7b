using System.Collections.Immutable;
using ConnectedCalifornia.Capacity;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Web.Directory;

namespace ConnectedCalifornia.Web.Insights;

/// <summary>One service category in one county: who serves it there, and whether it is a gap.</summary>
/// <param name="VerifiedProviders">Verified organizations that list the service and the county.</param>
/// <param name="AcceptingReferrals">Of those, the ones that accept referrals now.</param>
/// <param name="NeighbourProviders">Verified organizations that list the service in a neighbouring county (and not in this one).</param>
/// <param name="Gap">No verified provider in the county or in any neighbouring county.</param>
public sealed record CoverageCategory(string Category, string Label, int VerifiedProviders, int AcceptingReferrals, int NeighbourProviders, bool Gap);

/// <summary>One kind of bed in one county, from the bed board's capacity index.</summary>
/// <param name="FreeNow">Beds available now, summed over counts that are not stale.</param>
/// <param name="StaleSites">Sites whose count of this kind is stale or was never posted (their free beds are left out of <paramref name="FreeNow"/>).</param>
public sealed record CoverageBeds(string Category, string Label, int Sites, int Total, int FreeNow, int StaleSites);

/// <summary>
/// One county's coverage: distinct verified providers serving it (any service), those accepting
/// referrals, beds (total and free now, all bed kinds together), how many service categories are gaps,
/// its neighbours, and the detail per service category and per kind of bed.
/// </summary>
public sealed record CountyCoverage(
    string County,
    string CountyName,
    int VerifiedProviders,
    int AcceptingReferrals,
    int BedsTotal,
    int BedsFreeNow,
    int BedSites,
    int StaleBedSites,
    int Gaps,
    ImmutableArray<string> Neighbours,
    ImmutableArray<CoverageCategory> Categories,
    ImmutableArray<CoverageBeds> Beds);

/// <summary>The coverage of the counties a person may see (all 58 for curators), in FIPS order.</summary>
/// <param name="Statewide">True for the whole state; false for a task-force lead's counties.</param>
public sealed record CoverageReport(bool Statewide, ImmutableArray<CountyCoverage> Counties, DateTimeOffset ComputedAt);

/// <summary>A need nobody verified serves near: no verified provider of the category in the county or any neighbouring county.</summary>
public sealed record CoverageGap(string County, string CountyName, string Category, string CategoryLabel, ImmutableArray<string> NeighbourNames);

/// <summary>The gap rows of the counties a person may see, by county then category.</summary>
public sealed record GapReport(bool Statewide, ImmutableArray<CoverageGap> Gaps, DateTimeOffset ComputedAt);

/// <summary>
/// Builds the coverage of all 58 counties from the directory's read model (a snapshot of the
/// <see cref="DirectoryIndex"/>) and the capacity index's statewide summary. Pure: the same inputs give the same report.
/// </summary>
public static class CoverageModel
{
    public static CoverageReport Build(DirectorySnapshot directory, StatewideCapacitySummary capacity, CountyAdjacency adjacency, DateTimeOffset now) =>
        Build(Count(directory), capacity, adjacency, now);

    /// <summary>The provider counts of a directory snapshot: the part that depends only on the directory (kept while the snapshot is current).</summary>
    public static ProviderCounts Count(DirectorySnapshot directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var categories = directory.Taxonomy.Active(Vocabulary.Services).Select(t => (t.Code, t.Label)).ToImmutableArray();
        var slot = categories.Select((c, i) => (c.Code, i)).ToDictionary(p => p.Code, p => p.i, StringComparer.Ordinal);
        var counties = California.Counties.Select((c, i) => (c.Fips, i)).ToDictionary(p => p.Fips, p => p.i, StringComparer.Ordinal);
        var verified = new int[counties.Count, categories.Length];
        var accepting = new int[counties.Count, categories.Length];
        var anyVerified = new int[counties.Count];
        var anyAccepting = new int[counties.Count];
        foreach (var document in directory.Documents)
        {
            if (!document.Verified)
            {
                continue;
            }

            var services = document.Services.Where(slot.ContainsKey).Select(s => slot[s]).Distinct().ToList();
            foreach (var county in document.Counties.Distinct())
            {
                if (!counties.TryGetValue(county, out var c))
                {
                    continue;
                }

                anyVerified[c]++;
                anyAccepting[c] += document.AcceptingReferrals ? 1 : 0;
                foreach (var s in services)
                {
                    verified[c, s]++;
                    accepting[c, s] += document.AcceptingReferrals ? 1 : 0;
                }
            }
        }

        return new ProviderCounts(categories, verified, accepting, anyVerified, anyAccepting);
    }

    public static CoverageReport Build(ProviderCounts providers, StatewideCapacitySummary capacity, CountyAdjacency adjacency, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(providers);
        ArgumentNullException.ThrowIfNull(capacity);
        ArgumentNullException.ThrowIfNull(adjacency);
        var index = California.Counties.Select((c, i) => (c.Fips, i)).ToDictionary(p => p.Fips, p => p.i, StringComparer.Ordinal);
        var beds = capacity.Counties.ToDictionary(c => c.County, StringComparer.Ordinal);
        var rows = ImmutableArray.CreateBuilder<CountyCoverage>(California.Counties.Count);
        for (var c = 0; c < California.Counties.Count; c++)
        {
            var county = California.Counties[c];
            var neighbours = adjacency.NeighboursOf(county.Fips).Where(index.ContainsKey).ToImmutableArray();
            var categories = ImmutableArray.CreateBuilder<CoverageCategory>(providers.Categories.Length);
            for (var s = 0; s < providers.Categories.Length; s++)
            {
                var near = neighbours.Sum(n => providers.Verified[index[n], s]);
                var here = providers.Verified[c, s];
                categories.Add(new CoverageCategory(
                    providers.Categories[s].Code, providers.Categories[s].Label, here, providers.Accepting[c, s], near, here == 0 && near == 0));
            }

            var bedKinds = beds.TryGetValue(county.Fips, out var summary)
                ? summary.Categories.Where(t => CapacityCategories.IsBed(t.Category))
                    .OrderBy(t => CapacityCategories.OrderOf(t.Category))
                    .Select(t => new CoverageBeds(t.Category, CapacityCategories.LabelOf(t.Category), t.Sites, t.Total, t.AvailableNow, t.StaleSites))
                    .ToImmutableArray()
                : [];
            rows.Add(new CountyCoverage(
                county.Fips,
                county.Name,
                providers.AnyVerified[c],
                providers.AnyAccepting[c],
                bedKinds.Sum(b => b.Total),
                bedKinds.Sum(b => b.FreeNow),
                summary?.Sites ?? 0,
                bedKinds.IsEmpty ? 0 : bedKinds.Max(b => b.StaleSites),
                categories.Count(x => x.Gap),
                neighbours,
                categories.MoveToImmutable(),
                bedKinds));
        }

        return new CoverageReport(true, rows.MoveToImmutable(), now);
    }

    /// <summary>The gap rows of a report: (county, category) with no verified provider in the county or a neighbouring county.</summary>
    public static GapReport Gaps(CoverageReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var gaps = report.Counties
            .SelectMany(c => c.Categories.Where(x => x.Gap).Select(x => new CoverageGap(
                c.County, c.CountyName, x.Category, x.Label, [.. c.Neighbours.Select(California.NameOf)])))
            .ToImmutableArray();
        return new GapReport(report.Statewide, gaps, report.ComputedAt);
    }

    /// <summary>The report reduced to some counties (a task-force lead's).</summary>
    public static CoverageReport Within(CoverageReport report, IReadOnlySet<string> counties) =>
        report with { Statewide = false, Counties = [.. report.Counties.Where(c => counties.Contains(c.County))] };
}

/// <summary>Verified providers per county (rows in <see cref="California.Counties"/> order) and service category.</summary>
public sealed record ProviderCounts(
    ImmutableArray<(string Code, string Label)> Categories,
    int[,] Verified,
    int[,] Accepting,
    int[] AnyVerified,
    int[] AnyAccepting);
