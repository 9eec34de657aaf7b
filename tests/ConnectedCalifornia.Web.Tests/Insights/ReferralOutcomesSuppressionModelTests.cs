using ConnectedCalifornia.Referrals;
using ConnectedCalifornia.Web.Insights;

namespace ConnectedCalifornia.Web.Tests.Insights;

/// <summary>The suppression of the referral-outcome tables on made-up facts: many small networks, none gives a count away.</summary>
public sealed class ReferralOutcomesSuppressionModelTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.FromHours(-8));

    [Fact]
    public void Suppression_hiding_only_the_small_counts_would_give_one_away_and_the_rule_hides_more()
    {
        // Alpine: six accepted and one declined for capacity. Sent − accepted would be the one.
        var facts = new List<ReferralOutcomeFact>
        {
            new("06003", "shelter-housing", "2026-12", ReferralOutcomeClass.Accepted, 30, 6),
            new("06003", "shelter-housing", "2026-12", ReferralOutcomeClass.DeclinedNoCapacity, 60, 1),
        };
        facts.AddRange(Busy("06037", "2026-11", 40));

        var report = ReferralOutcomesModel.Build(facts, Now, s => s);

        var alpine = report.ByCounty.Single(c => c.Key == "06003");
        Assert.True(alpine.DeclinedNoCapacity.Suppressed);
        Assert.True(alpine.Accepted.Suppressed, "accepted (6) is hidden too, or 7 − 6 gives the decline");
        Assert.Equal(7, alpine.Sent.Value);
        Assert.True(report.HiddenToProtectOthers > 0);
        Assert.Empty(SubtractionAttack.Run(report));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void Suppression_random_small_networks_give_nothing_away_by_subtraction_or_by_solving_the_tables(int seed)
    {
        var random = new Random(seed);
        var months = ReferralOutcomesModel.MonthsEnding(Now);
        string[] counties = ["06003", "06019", "06037", "06039", "06091", "06049"];
        string[] services = ["shelter-housing", "legal-aid", "medical", "hotline"];
        var facts = Enumerable.Range(0, 30 + random.Next(60)).Select(_ => new ReferralOutcomeFact(
            counties[random.Next(counties.Length)],
            services[random.Next(services.Length)],
            months[random.Next(months.Length)],
            (ReferralOutcomeClass)random.Next(5),
            random.Next(10, 3000),
            1 + random.Next(random.Next(2) == 0 ? 3 : 12))).ToList();

        var report = ReferralOutcomesModel.Build(facts, Now, s => s);

        Assert.Empty(SubtractionAttack.Run(report));
        Assert.Equal(facts.Sum(f => f.Count), report.State.Sent.Value ?? facts.Sum(f => f.Count));
        foreach (var row in report.ByCounty.Concat(report.ByService).Concat(report.ByMonth).Append(report.State))
        {
            foreach (var count in new[] { row.Sent, row.Accepted, row.Declined, row.DeclinedNoCapacity, row.DeclinedNotEligible, row.DeclinedOtherReason, row.NotAnswered })
            {
                Assert.True(count.Suppressed ? count.Value is null : count.Value is 0 or >= Suppression.Below, $"{row.Key}: {count}");
            }
        }
    }

    [Fact]
    public void Suppression_finds_a_hidden_count_that_only_solving_several_relations_gives()
    {
        // a + b = 10, a + c = 10, b + c = 10 (all visible totals): a, b and c are 5, though each relation has two unknowns.
        var s = new Suppression();
        var a = s.Count(5);
        var b = s.Count(5);
        var c = s.Count(5);
        var t1 = s.Count(10);
        var t2 = s.Count(10);
        var t3 = s.Count(10);
        s.Relation(t1, [a, b]);
        s.Relation(t2, [a, c]);
        s.Relation(t3, [b, c]);
        s.Solve();
        Assert.False(s.IsHidden(a));

        var hidden = new Suppression();
        var x = hidden.Count(3);
        var y = hidden.Count(6);
        var z = hidden.Count(7);
        var u1 = hidden.Count(9);
        var u2 = hidden.Count(10);
        var u3 = hidden.Count(13);
        hidden.Relation(u1, [x, y]);
        hidden.Relation(u2, [x, z]);
        hidden.Relation(u3, [y, z]);
        hidden.Solve();

        // x is 1–4; hiding y and z as well still leaves three equations in three unknowns, so a total goes too.
        Assert.True(hidden.IsHidden(x));
        Assert.Empty(hidden.Determined());
    }

    private static IEnumerable<ReferralOutcomeFact> Busy(string county, string month, int each) =>
        Enum.GetValues<ReferralOutcomeClass>().Select(c => new ReferralOutcomeFact(county, "legal-aid", month, c, c == ReferralOutcomeClass.NotAnswered ? null : 120, each));
}
