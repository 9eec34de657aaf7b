using System.Globalization;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Web.Directory;
using ConnectedCalifornia.Web.Seeding;

namespace ConnectedCalifornia.Bench;

/// <summary>
/// How well the directory search finds what people type: the judged query set
/// (docs/search/judged-queries.json) against the demo listings, as recall@5 and MRR.
/// </summary>
public sealed class RelevanceBench(BenchOptions options)
{
    private readonly string _set = options.Text("set") ?? Path.Combine(BenchReport.FindRepositoryRoot(), "docs", "search", "judged-queries.json");

    public Task<BenchReport> RunAsync(CancellationToken token)
    {
        token.ThrowIfCancellationRequested();
        var at = new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);
        var documents = DemoNetworkData.Organizations.Select((o, i) => DirectoryDocument.From(
            new OrganizationDetails(o.Key, o.Profile, o.Verified ? VerificationStatus.Verified : VerificationStatus.Unverified, o.Verified ? at : null, [], false, i + 1, at)));
        var snapshot = new DirectorySnapshot(documents);
        var set = JudgedSet.Load(_set);
        var report = RelevanceReport.Evaluate(snapshot, set);

        string Figures(IEnumerable<RelevanceOutcome> outcomes, string name)
        {
            var list = outcomes.ToList();
            return list.Count == 0
                ? $"| {name} | 0 | – | – |"
                : string.Create(CultureInfo.InvariantCulture, $"| {name} | {list.Count} | {list.Average(o => o.Recall):F3} | {list.Average(o => o.ReciprocalRank):F3} |");
        }

        var verdict = report.RecallAt5 >= 0.9
            ? string.Create(CultureInfo.InvariantCulture, $"**recall@5 {report.RecallAt5:F3} ≥ 0.9: goal met** (MRR {report.MeanReciprocalRank:F3}).")
            : string.Create(CultureInfo.InvariantCulture, $"**recall@5 {report.RecallAt5:F3} < 0.9: goal NOT met** (MRR {report.MeanReciprocalRank:F3}).");
        var misses = report.Outcomes.Where(o => o.Recall < 1)
            .Select(o => $"Not all in the first five: \"{o.Query.Q}\" expected {string.Join(", ", o.Query.Expect)}; got {string.Join(", ", o.Top)}.")
            .ToList();
        return Task.FromResult(new BenchReport(
            "relevance",
            "Directory search relevance: the judged query set on the demo listings",
            [
                $"{set.Queries.Length} judged queries from {Path.GetFileName(_set)} (what a case manager, a survivor or a volunteer would type, English and Spanish, with typos, questions, ZIP codes and cities), each with the listings that must be in the first five",
                $"{snapshot.Count} demo listings (DemoNetworkData), the seeded taxonomy with its aliases",
                "recall@5: the mean share of each query's expected listings found in its first five results; MRR: the mean of 1/rank of the first expected listing (0 when none is in the first five)",
            ],
            [
                "| queries | count | recall@5 | MRR |",
                "|---|---:|---:|---:|",
                Figures(report.Outcomes, "all"),
                Figures(report.Outcomes.Where(o => o.Query.Lang == "en"), "English"),
                Figures(report.Outcomes.Where(o => o.Query.Lang == "es"), "Spanish"),
                Figures(report.Outcomes.Where(o => o.Query.Note?.Contains("typo", StringComparison.Ordinal) == true), "with typos"),
                Figures(report.Outcomes.Where(o => o.Query.Note is "ZIP" or "city" or "city alone"), "with a ZIP code or city"),
            ],
            [verdict, .. misses]));
    }
}
