using System.Collections.Immutable;
using System.Globalization;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Referrals;

namespace ConnectedCalifornia.Web.Insights;

/// <summary>A count as published: the number, or (1–4, or hidden to protect another) only the marker <see cref="Suppressed"/>; never both.</summary>
public sealed record OutcomeCount(int? Value, bool Suppressed)
{
    public static OutcomeCount Shown(int value) => new(value, false);

    public static OutcomeCount Hidden { get; } = new(null, true);
}

/// <summary>
/// One line of a referral-outcome table (a county, a service, a month, or the whole state): referrals
/// sent, and how they ended (the five classes add up to the referrals sent; the three declines add up to
/// <see cref="Declined"/>). <see cref="AcceptanceRate"/> is accepted ÷ answered (accepted + declined), shown only
/// when both counts are; the hours to the first answer are shown when at least 5 were answered.
/// </summary>
public sealed record ReferralOutcomeRow(
    string Key,
    string Label,
    OutcomeCount Sent,
    OutcomeCount Accepted,
    OutcomeCount Declined,
    OutcomeCount DeclinedNoCapacity,
    OutcomeCount DeclinedNotEligible,
    OutcomeCount DeclinedOtherReason,
    OutcomeCount NotAnswered,
    double? AcceptanceRate,
    double? HoursToAnswerP50,
    double? HoursToAnswerP90);

/// <summary>
/// Referral outcomes over the last 12 months (California months, the current one included): the state,
/// and the same referrals by county, by service and by month. <see cref="ByService"/> and <see cref="ByMonth"/>
/// are statewide, given to curators only; a lead gets their counties and the state line.
/// </summary>
public sealed record ReferralOutcomesReport(
    bool Statewide,
    ImmutableArray<string> Months,
    ReferralOutcomeRow State,
    ImmutableArray<ReferralOutcomeRow> ByCounty,
    ImmutableArray<ReferralOutcomeRow> ByService,
    ImmutableArray<ReferralOutcomeRow> ByMonth,
    int HiddenToProtectOthers,
    DateTimeOffset ComputedAt);

/// <summary>Builds the outcome tables from the registry's facts and suppresses small counts across all of them at once.</summary>
public static class ReferralOutcomesModel
{
    public const int WindowMonths = 12;

    private static readonly ReferralOutcomeClass[] Classes = Enum.GetValues<ReferralOutcomeClass>();

    private static readonly ReferralOutcomeClass[] Declines =
        [ReferralOutcomeClass.DeclinedNoCapacity, ReferralOutcomeClass.DeclinedNotEligible, ReferralOutcomeClass.DeclinedOtherReason];

    /// <summary>The 12 California months ending with the one of <paramref name="now"/>, oldest first.</summary>
    public static ImmutableArray<string> MonthsEnding(DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, ConnectedCalifornia.Network.CaliforniaTime.Zone);
        var first = new DateTime(local.Year, local.Month, 1, 0, 0, 0, DateTimeKind.Unspecified).AddMonths(-(WindowMonths - 1));
        return [.. Enumerable.Range(0, WindowMonths).Select(i => first.AddMonths(i).ToString("yyyy-MM", CultureInfo.InvariantCulture))];
    }

    /// <summary>
    /// The statewide report. Every published count (each class, the declines and the referrals sent, of
    /// every line of the three tables and of the state line they share) goes into one <see cref="Suppression"/>
    /// with the relations between them: each line's classes add up to its referrals sent and its declines to
    /// its declined, and each table's lines add up to the state line, column by column.
    /// </summary>
    public static ReferralOutcomesReport Build(IEnumerable<ReferralOutcomeFact> facts, DateTimeOffset now, Func<string, string> serviceLabel)
    {
        var months = MonthsEnding(now);
        var inWindow = facts.Where(f => f.Count > 0 && months.Contains(f.Month) && California.IsCounty(f.County)).ToList();
        var services = inWindow.Select(f => f.Service).Distinct().Order(StringComparer.Ordinal).ToArray();

        var suppression = new Suppression();
        var state = Line.Of(suppression, "CA", "California", inWindow, cost: 10);
        var byCounty = California.Counties.Select(c => Line.Of(suppression, c.Fips, c.Name, inWindow.Where(f => f.County == c.Fips))).ToArray();
        var byService = services.Select(s => Line.Of(suppression, s, s.Length == 0 ? "Not stated" : serviceLabel(s), inWindow.Where(f => f.Service == s))).ToArray();
        var byMonth = months.Select(m => Line.Of(suppression, m, MonthLabel(m), inWindow.Where(f => f.Month == m))).ToArray();
        foreach (var table in new[] { byCounty, byService, byMonth })
        {
            foreach (var (column, total) in state.Cells)
            {
                suppression.Relation(total, table.Select(l => l.Cells[column]));
            }
        }

        suppression.Solve();
        return new ReferralOutcomesReport(
            true,
            months,
            state.Publish(suppression),
            [.. byCounty.Select(l => l.Publish(suppression))],
            [.. byService.Select(l => l.Publish(suppression)).OrderBy(r => r.Label, StringComparer.Ordinal)],
            [.. byMonth.Select(l => l.Publish(suppression))],
            suppression.Complementary,
            now);
    }

    /// <summary>What a task-force lead sees: their counties' lines and the state line; no statewide service or month table.</summary>
    public static ReferralOutcomesReport Within(ReferralOutcomesReport report, IReadOnlySet<string> counties) => report with
    {
        Statewide = false,
        ByCounty = [.. report.ByCounty.Where(c => counties.Contains(c.Key))],
        ByService = [],
        ByMonth = [],
        HiddenToProtectOthers = 0,
    };

    public static string MonthLabel(string month) =>
        DateTime.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d.ToString("MMM yyyy", CultureInfo.InvariantCulture)
            : month;

    /// <summary>The counts of one line, registered with the suppression, and its answer times.</summary>
    private sealed class Line
    {
        public required string Key { get; init; }

        public required string Label { get; init; }

        /// <summary>Count indexes by column: each class, "declined" and "sent".</summary>
        public required Dictionary<string, int> Cells { get; init; }

        public required List<(int Minutes, int Count)> Answers { get; init; }

        public static Line Of(Suppression suppression, string key, string label, IEnumerable<ReferralOutcomeFact> facts, int cost = 1)
        {
            var list = facts.ToList();
            var cells = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var c in Classes)
            {
                cells[c.ToString()] = suppression.Count(list.Where(f => f.Class == c).Sum(f => f.Count), cost);
            }

            // A subtotal costs more to hide than a class, the referrals sent most.
            cells["Declined"] = suppression.Count(list.Where(f => Declines.Contains(f.Class)).Sum(f => f.Count), cost + 1);
            cells["Sent"] = suppression.Count(list.Sum(f => f.Count), cost + 2);
            suppression.Relation(cells["Sent"], Classes.Select(c => cells[c.ToString()]));
            suppression.Relation(cells["Declined"], Declines.Select(c => cells[c.ToString()]));
            suppression.Relation(cells["Sent"], [cells[nameof(ReferralOutcomeClass.Accepted)], cells["Declined"], cells[nameof(ReferralOutcomeClass.NotAnswered)]]);
            var answers = list.Where(f => f.AnswerMinutes is not null && f.Class != ReferralOutcomeClass.NotAnswered)
                .GroupBy(f => f.AnswerMinutes!.Value).Select(g => (g.Key, g.Sum(f => f.Count))).OrderBy(a => a.Key).ToList();
            return new Line { Key = key, Label = label, Cells = cells, Answers = answers };
        }

        public ReferralOutcomeRow Publish(Suppression s)
        {
            OutcomeCount Get(string column) => s.IsHidden(Cells[column]) ? OutcomeCount.Hidden : OutcomeCount.Shown(s.Value(Cells[column]));
            var accepted = Get(nameof(ReferralOutcomeClass.Accepted));
            var declined = Get("Declined");
            double? rate = accepted.Value is { } a && declined.Value is { } d && a + d > 0 ? Math.Round((double)a / (a + d), 3) : null;
            var answered = Answers.Sum(x => x.Count);
            return new ReferralOutcomeRow(
                Key,
                Label,
                Get("Sent"),
                accepted,
                declined,
                Get(nameof(ReferralOutcomeClass.DeclinedNoCapacity)),
                Get(nameof(ReferralOutcomeClass.DeclinedNotEligible)),
                Get(nameof(ReferralOutcomeClass.DeclinedOtherReason)),
                Get(nameof(ReferralOutcomeClass.NotAnswered)),
                rate,
                answered >= Suppression.Below ? Percentile(0.5) : null,
                answered >= Suppression.Below ? Percentile(0.9) : null);
        }

        /// <summary>The nearest-rank percentile of the minutes to answer, in hours with one decimal.</summary>
        private double Percentile(double p)
        {
            var total = Answers.Sum(a => a.Count);
            var rank = (int)Math.Ceiling(p * total);
            var seen = 0;
            foreach (var (minutes, count) in Answers)
            {
                seen += count;
                if (seen >= rank)
                {
                    return Math.Round(minutes / 60.0, 1);
                }
            }

            return Math.Round(Answers[^1].Minutes / 60.0, 1);
        }
    }
}
