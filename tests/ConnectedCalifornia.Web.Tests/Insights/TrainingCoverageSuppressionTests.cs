using ConnectedCalifornia.Calendars;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Web.Insights;

namespace ConnectedCalifornia.Web.Tests.Insights;

/// <summary>
/// The training-coverage tables on made-up records: counts of 1–4 never shown, and no hidden count can be worked out by
/// subtracting the visible agencies from their county or the counties from the state (the same suppression as the
/// referral outcomes: <see cref="Suppression"/>).
/// </summary>
public sealed class TrainingCoverageSuppressionTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    private static CatalogEntry Agency(string id, string county, OrganizationKind kind = OrganizationKind.LawEnforcement) =>
        new(id, id, [county], kind.ToString(), 1);

    private static TrainingCompletion Completion(string agency, int person, bool prop35 = true, decimal hours = 2) =>
        new($"CC-{Guid.NewGuid():N}"[..12], "event", prop35 ? "Prop 35 session" : "Advocacy", prop35 ? Prop35.TrainingType : "Advocacy", hours, agency, Now, $"{agency}/{person}", null);

    [Fact]
    public void Suppression_an_agency_with_three_trained_is_hidden_and_so_is_another_so_the_county_total_gives_nothing_away()
    {
        // Fresno: 12 trained at one department, 3 at the other. County 15 − 12 would be the 3.
        var agencies = new[] { Agency("big-pd", "06019"), Agency("small-pd", "06019"), Agency("la-pd", "06037") };
        var completions = Enumerable.Range(0, 12).Select(i => Completion("big-pd", i))
            .Concat(Enumerable.Range(0, 3).Select(i => Completion("small-pd", i)))
            .Concat(Enumerable.Range(0, 30).Select(i => Completion("la-pd", i)))
            .ToList();

        var report = TrainingCoverageModel.Build(completions, agencies, Now);

        var small = report.ByAgency.Single(a => a.Key == "small-pd");
        var big = report.ByAgency.Single(a => a.Key == "big-pd");
        Assert.True(small.Completions.Suppressed && small.CreditHours is null);
        Assert.True(big.Completions.Suppressed || report.ByCounty.Single(c => c.County == "06019").Completions.Suppressed,
            "the department with 12, or the county, is hidden too, or 15 − 12 gives the 3");
        Assert.Equal(45, report.State.Completions.Value);
        Assert.True(report.HiddenToProtectOthers > 0);
        Assert.Empty(Attack(report));
    }

    [Fact]
    public void Suppression_credit_hours_of_a_hidden_agency_cannot_be_worked_out_from_the_county_and_the_visible_agencies()
    {
        // Two departments with hidden counts (3 and 4) in a county of 20: the counts protect each other, but their hours
        // (3 × 4 h and 4 × 2 h) would be the county's hours minus the visible department's if only the counts were protected.
        var agencies = new[] { Agency("big-pd", "06019"), Agency("small-pd", "06019"), Agency("tiny-pd", "06019"), Agency("la-pd", "06037") };
        var completions = Enumerable.Range(0, 13).Select(i => Completion("big-pd", i))
            .Concat(Enumerable.Range(0, 3).Select(i => Completion("small-pd", i, hours: 4)))
            .Concat(Enumerable.Range(0, 4).Select(i => Completion("tiny-pd", i)))
            .Concat(Enumerable.Range(0, 30).Select(i => Completion("la-pd", i)))
            .ToList();

        var report = TrainingCoverageModel.Build(completions, agencies, Now);

        Assert.All(report.ByAgency.Where(a => a.Key is "small-pd" or "tiny-pd"), a => Assert.True(a.Completions.Suppressed && a.CreditHours is null));
        Assert.Empty(Attack(report));
    }

    [Fact]
    public void Suppression_one_person_with_two_trainings_counts_once_as_trained_and_untrained_agencies_are_listed()
    {
        var agencies = new[] { Agency("pd", "06019"), Agency("da", "06019", OrganizationKind.Prosecution), Agency("shelter", "06019", OrganizationKind.Nonprofit), Agency("clinic", "06019", OrganizationKind.HealthClinic) };
        var completions = Enumerable.Range(0, 6).SelectMany(i => new[] { Completion("pd", i), Completion("pd", i, prop35: false, hours: 4) })
            .Concat(Enumerable.Range(0, 7).Select(i => Completion("da", i, prop35: false)))
            .Concat(Enumerable.Range(0, 5).Select(i => Completion("shelter", i, prop35: false)))
            .ToList();

        var report = TrainingCoverageModel.Build(completions, agencies, Now);

        var pd = report.ByAgency.Single(a => a.Key == "pd");
        Assert.Equal((12, 6, 6, 36m), (pd.Completions.Value, pd.PeopleTrained.Value, pd.Prop35Trained.Value, pd.CreditHours));

        // The prosecutor's office trained people, but none in Proposition 35: it is listed, before the clinic with no training at all.
        Assert.Equal(["da", "clinic"], report.NoOneTrained.Select(a => a.OrganizationId));
        Assert.True(report.NoOneTrained[0] is { LawEnforcement: true, AnyTraining: true });
        Assert.Empty(Attack(report));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void Suppression_random_networks_give_nothing_away_by_subtraction(int seed)
    {
        var random = new Random(seed);
        string[] counties = ["06003", "06019", "06037", "06039", "06073"];
        var agencies = Enumerable.Range(0, 6 + random.Next(14))
            .Select(i => Agency($"agency-{i}", counties[random.Next(counties.Length)], random.Next(3) == 0 ? OrganizationKind.Nonprofit : OrganizationKind.LawEnforcement))
            .ToList();
        var completions = agencies.SelectMany(a => Enumerable.Range(0, random.Next(3) == 0 ? random.Next(5) : random.Next(25))
            .Select(i => Completion(a.Id, random.Next(i + 1), prop35: random.Next(4) > 0))).ToList();
        completions.AddRange(Enumerable.Range(0, random.Next(4)).Select(i => Completion("not-in-the-catalog", i)));

        var report = TrainingCoverageModel.Build(completions, agencies, Now);

        Assert.Equal(completions.Count, report.State.Completions.Value ?? completions.Count);
        foreach (var line in report.ByCounty.Concat(report.ByAgency).Append(report.State))
        {
            foreach (var count in new[] { line.Completions, line.PeopleTrained, line.Prop35Trained })
            {
                Assert.True(count.Suppressed ? count.Value is null : count.Value is 0 or >= Suppression.Below, $"{line.Key}: {count}");
            }
        }

        Assert.Empty(Attack(report));
    }

    /// <summary>
    /// What someone with the published tables can do: in every relation (a county is its agencies, the state its counties,
    /// column by column) with one hidden count left, subtract; repeat with what was learnt; and look for relations whose
    /// hidden counts add up to 1–4. Returns what was given away.
    /// </summary>
    private static List<string> Attack(TrainingCoverageReport report)
    {
        var revealed = new List<string>();
        // Credit hours too (in quarter hours): a hidden agency's hours worked out by subtraction would tell its count by division.
        var hoursColumn = new Func<TrainingLine, OutcomeCount>(l => l.CreditHours is { } h ? OutcomeCount.Shown((int)(h * 4)) : OutcomeCount.Hidden);
        foreach (var column in new[] { l => l.Completions, l => l.PeopleTrained, l => l.Prop35Trained, hoursColumn })
        {
            var known = new Dictionary<string, int>(StringComparer.Ordinal);
            var hidden = new HashSet<string>(StringComparer.Ordinal);
            void Add(string key, OutcomeCount count)
            {
                if (count.Value is { } v)
                {
                    known[key] = v;
                }
                else
                {
                    hidden.Add(key);
                }
            }

            Add("state", column(report.State));
            var relations = new List<(string Total, string[] Parts)>();
            foreach (var county in report.ByCounty)
            {
                Add("county:" + county.Key, column(county));
            }

            relations.Add(("state", [.. report.ByCounty.Select(c => "county:" + c.Key)]));
            var allAgencies = report.ByAgency.ToList();
            foreach (var agency in allAgencies)
            {
                Add("agency:" + agency.Key, column(agency));
            }

            // Agencies left out of the table (no completion, not law enforcement) are known zeros.
            foreach (var county in report.ByCounty)
            {
                relations.Add(("county:" + county.Key, [.. allAgencies.Where(a => a.County == county.County).Select(a => "agency:" + a.Key)]));
            }

            bool progress;
            do
            {
                progress = false;
                foreach (var (total, parts) in relations)
                {
                    var unknown = parts.Prepend(total).Where(k => !known.ContainsKey(k)).ToList();
                    if (unknown.Count == 1)
                    {
                        var value = unknown[0] == total ? parts.Sum(p => known[p]) : known[total] - parts.Where(p => p != unknown[0]).Sum(p => known[p]);
                        known[unknown[0]] = value;
                        revealed.Add($"{unknown[0]} = {value}");
                        progress = true;
                    }
                    else if (column != hoursColumn && known.ContainsKey(total) && unknown.Count > 0)
                    {
                        var rest = known[total] - parts.Where(known.ContainsKey).Sum(p => known[p]);
                        if (rest is > 0 and < Suppression.Below)
                        {
                            revealed.Add($"{string.Join(" + ", unknown)} = {rest}");
                        }
                    }
                }
            }
            while (progress);
        }

        return revealed;
    }
}
