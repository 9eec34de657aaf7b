using System.Text.Json;

namespace ConnectedCalifornia.Web.Directory;

/// <summary>One judged query: what someone types and the listings that must be in the first five results.</summary>
public sealed record JudgedQuery(string Q, string? Who, string? Lang, string? Note, string[] Expect);

/// <summary>The judged query set (docs/search/judged-queries.json).</summary>
public sealed record JudgedSet(string? About, JudgedQuery[] Queries)
{
    public static JudgedSet Load(string path) =>
        JsonSerializer.Deserialize<JudgedSet>(File.ReadAllText(path), new JsonSerializerOptions(JsonSerializerDefaults.Web))
        ?? throw new InvalidDataException($"{path} is not a judged query set.");
}

/// <summary>How one judged query did: the first five ids, the share of expected listings among them, 1/rank of the first.</summary>
public sealed record RelevanceOutcome(JudgedQuery Query, IReadOnlyList<string> Top, double Recall, double ReciprocalRank);

/// <summary>recall@5 (mean share of each query's expected listings found in its first five) and MRR (mean 1/rank of the first expected listing found, 0 if none in the first five).</summary>
public sealed record RelevanceReport(double RecallAt5, double MeanReciprocalRank, IReadOnlyList<RelevanceOutcome> Outcomes)
{
    public const int Cut = 5;

    public static RelevanceReport Evaluate(DirectorySnapshot snapshot, JudgedSet set)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(set);
        var outcomes = new List<RelevanceOutcome>();
        foreach (var judged in set.Queries.Where(q => q.Expect.Length > 0))
        {
            var top = snapshot.Search(new DirectoryQuery { Text = judged.Q, PageSize = Cut }).Items.Select(h => h.Id).ToList();
            var found = judged.Expect.Count(top.Contains);
            var first = top.FindIndex(judged.Expect.Contains);
            outcomes.Add(new RelevanceOutcome(judged, top, (double)found / judged.Expect.Length, first < 0 ? 0 : 1.0 / (first + 1)));
        }

        return new RelevanceReport(
            outcomes.Count == 0 ? 0 : outcomes.Average(o => o.Recall),
            outcomes.Count == 0 ? 0 : outcomes.Average(o => o.ReciprocalRank),
            outcomes);
    }
}
