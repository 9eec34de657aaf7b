using ConnectedCalifornia.Testing;
using static ConnectedCalifornia.Referrals.Tests.ReferralLifecycleTests;
using static ConnectedCalifornia.Referrals.Tests.ReferralParties;

namespace ConnectedCalifornia.Referrals.Tests;

/// <summary>The registry's outcome facts (the source of the insights' referral outcomes): counted while open and kept as counts after the purge.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ReferralOutcomeFactsTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Client;

    private IReferralIndexGrain Registry => _grains.GetGrain<IReferralIndexGrain>(ReferralKeys.Registry);

    [Fact]
    public async Task Insights_outcome_facts_keep_a_purged_referral_counted_with_its_class_and_answer_time()
    {
        var p = await CreateAsync(_grains);
        const string Lassen = "06035";
        var referrals = new List<IReferralGrain>();
        for (var i = 0; i < 3; i++)
        {
            var referral = New(_grains);
            referrals.Add(referral);
            Ok(await referral.Send(p.Draft() with { County = Lassen, Services = ["legal-aid", "medical"] }, p.Sender));
            ClusterFixture.Clock.Advance(TimeSpan.FromMinutes(30));
            Ok(await referral.Transition(new ReferralTransition(ReferralStatus.Declined, DeclineReason.NoCapacity), p.Receiver));
        }

        var before = await Registry.GetOutcomeFacts(-1);
        Assert.NotNull(before);
        Assert.Null(await Registry.GetOutcomeFacts(before.Revision)); // nothing new since
        var lassen = before.Facts.Where(f => f.County == Lassen).ToList();
        Assert.Equal(3, lassen.Sum(f => f.Count));
        Assert.All(lassen, f => Assert.Equal(("legal-aid", ReferralOutcomeClass.DeclinedNoCapacity, 30), (f.Service, f.Class, f.AnswerMinutes)));

        ClusterFixture.Clock.Advance(TimeSpan.FromDays(91));
        await Registry.Sweep();
        var after = await Registry.GetOutcomeFacts(before.Revision);
        Assert.NotNull(after);
        Assert.Equal(3, after.Facts.Where(f => f.County == Lassen).Sum(f => f.Count));
    }
}
