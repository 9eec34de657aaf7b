using ConnectedCalifornia.Testing;
using static ConnectedCalifornia.Referrals.Tests.ReferralLifecycleTests;
using static ConnectedCalifornia.Referrals.Tests.ReferralParties;

namespace ConnectedCalifornia.Referrals.Tests;

/// <summary>Escalation, expiry and retention, driven by the fake network clock and the durable sweep.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ReferralTimeTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Client;

    private IReferralIndexGrain Registry => _grains.GetGrain<IReferralIndexGrain>(ReferralKeys.Registry);

    [Fact]
    public async Task An_urgent_referral_unanswered_for_two_hours_escalates_through_the_sweep_and_shows_overdue_to_the_sender()
    {
        var p = await CreateAsync(_grains);
        var referral = New(_grains);
        var id = referral.GetPrimaryKeyString();
        Ok(await referral.Send(p.Draft(ReferralUrgency.Urgent), p.Sender));
        var sentAt = ClusterFixture.Clock.GetUtcNow();

        ClusterFixture.Clock.Advance(TimeSpan.FromHours(2) - TimeSpan.FromSeconds(1));
        await Registry.Sweep();
        Assert.DoesNotContain(await _grains.GetGrain<IReferralIndexGrain>(p.From).List(inbox: false), r => r.EscalatedAt is not null);

        ClusterFixture.Clock.Advance(TimeSpan.FromSeconds(1));
        var swept = await Registry.Sweep();

        Assert.True(swept.Escalated >= 1);
        var outbox = await _grains.GetGrain<IReferralIndexGrain>(p.From).List(inbox: false);
        var row = Assert.Single(outbox);
        Assert.Equal(sentAt + TimeSpan.FromHours(2), row.EscalatedAt);
        Assert.True(row.IsOverdueAt(ClusterFixture.Clock.GetUtcNow()));
        Assert.Single(await _grains.GetGrain<IReferralIndexGrain>(p.To).List(inbox: true), r => r.Id == id && r.EscalatedAt is not null);
        var overdue = await fixture.Node.WaitForAsync(id, 2);
        Assert.Equal(Network.AnnouncementKinds.ReferralOverdue, overdue[^1].Kind);

        // A second sweep escalates nothing twice.
        Assert.Equal(0, (await referral.Tick()).Escalated ? 1 : 0);
    }

    [Fact]
    public void A_routine_referral_is_due_after_two_business_days_skipping_the_weekend()
    {
        var options = new ReferralOptions();
        var friday = new DateTimeOffset(2026, 3, 6, 18, 0, 0, TimeSpan.Zero); // Friday 10:00 Pacific
        Assert.Equal(new DateTimeOffset(2026, 3, 10, 17, 0, 0, TimeSpan.Zero), AnswerDeadline.For(ReferralUrgency.Routine, friday, options)); // Tuesday 10:00 PDT
        var monday = new DateTimeOffset(2026, 3, 2, 18, 0, 0, TimeSpan.Zero);
        Assert.Equal(monday + TimeSpan.FromDays(2), AnswerDeadline.For(ReferralUrgency.Routine, monday, options));
        Assert.Equal(monday + TimeSpan.FromHours(2), AnswerDeadline.For(ReferralUrgency.Urgent, monday, options));
    }

    [Fact]
    public async Task Ninety_days_after_closing_the_sweep_purges_details_and_notes_and_keeps_a_de_identified_record()
    {
        var p = await CreateAsync(_grains);
        var referral = New(_grains);
        var id = referral.GetPrimaryKeyString();
        Ok(await referral.Send(p.Draft(), p.Sender));
        Ok(await referral.RecordConsent(Consent(p, "Ana Canary", TimeSpan.FromDays(300)), p.Sender));
        Ok(await referral.AddNote("Kestrel note", p.Receiver));
        Ok(await referral.Transition(new ReferralTransition(ReferralStatus.Accepted), p.Receiver));
        Ok(await referral.Transition(new ReferralTransition(ReferralStatus.Completed, Outcome: ReferralOutcome.ServicesProvided), p.Receiver));

        ClusterFixture.Clock.Advance(TimeSpan.FromDays(90) - TimeSpan.FromMinutes(1));
        await Registry.Sweep();
        Assert.False(Assert.Single(await _grains.GetGrain<IReferralIndexGrain>(p.To).List(inbox: true)).Purged);

        ClusterFixture.Clock.Advance(TimeSpan.FromMinutes(1));
        var swept = await Registry.Sweep();
        Assert.True(swept.Purged >= 1);

        Assert.True(Assert.Single(await _grains.GetGrain<IReferralIndexGrain>(p.To).List(inbox: true)).Purged);
        var record = await referral.Read(p.Sender);
        Assert.True(record!.Purged);
        Assert.Null(record.Details);
        Assert.Null(record.Needs);
        Assert.Null(record.SafetyNotes);
        Assert.Empty(record.Notes);
        Assert.Equal((ReferralStatus.Completed, ReferralOutcome.ServicesProvided, AgeBracket.Age12To17, "06019"), (record.Status, record.Outcome, record.AgeBracket, record.County));
        var audit = await referral.ReadAudit(p.Sender);
        Assert.Contains(audit, e => e.Action == "purged");
        Assert.Null(ReferralAuditChain.Verify(id, audit));
    }

    [Fact]
    public async Task An_unanswered_referral_expires_and_releases_its_hold()
    {
        var p = await CreateAsync(_grains, minorsAvailable: 1);
        var referral = New(_grains);
        Ok(await referral.Send(p.Draft(ReferralUrgency.Routine, Capacity.CapacityCategories.Minors), p.Sender));

        ClusterFixture.Clock.Advance(TimeSpan.FromDays(14));
        await Registry.Sweep();

        var record = await referral.Read(p.Sender);
        Assert.Equal(ReferralStatus.Expired, record!.Status);
        Assert.NotEqual("Active", record.Hold!.Status);
    }

    [Fact]
    public async Task Statistics_count_by_county_service_and_outcome_and_suppress_counts_below_five()
    {
        var p = await CreateAsync(_grains);
        const string Alpine = "06003";
        for (var i = 0; i < 6; i++)
        {
            var referral = New(_grains);
            Ok(await referral.Send(p.Draft() with { County = i < 5 ? Alpine : "06005", Services = ["legal-aid"] }, p.Sender));
            if (i < 5)
            {
                Ok(await referral.Transition(new ReferralTransition(ReferralStatus.Accepted), p.Receiver));
            }
        }

        var stats = await Registry.GetStatistics();

        var alpine = stats.ByCounty.Single(c => c.Key == Alpine);
        Assert.Equal(5, alpine.Count);
        Assert.Null(stats.ByCounty.Single(c => c.Key == "06005").Count);
        Assert.True(stats.ByService.Single(c => c.Key == "legal-aid").Count >= 6);
        Assert.All(stats.ByCounty.Concat(stats.ByService).Concat(stats.ByOutcome), c => Assert.True(c.Count is null or 0 or >= 5));
        Assert.NotNull(stats.MedianHoursToAnswer);
    }

    [Fact]
    public async Task A_purged_referral_leaves_the_registry_rows_but_stays_counted_once_in_the_statistics()
    {
        var p = await CreateAsync(_grains);
        const string Plumas = "06063";
        var referrals = new List<IReferralGrain>();
        for (var i = 0; i < 5; i++)
        {
            var referral = New(_grains);
            referrals.Add(referral);
            Ok(await referral.Send(p.Draft() with { County = Plumas }, p.Sender));
            Ok(await referral.RecordConsent(Consent(p, "Ana Canary", TimeSpan.FromDays(300)), p.Sender));
            Ok(await referral.Transition(new ReferralTransition(ReferralStatus.Accepted), p.Receiver));
            Ok(await referral.Transition(new ReferralTransition(ReferralStatus.Completed, Outcome: ReferralOutcome.ServicesProvided), p.Receiver));
        }

        var ids = referrals.Select(r => r.GetPrimaryKeyString()).ToHashSet();
        var before = await Registry.GetStatistics();
        Assert.Equal(5, before.ByCounty.Single(c => c.Key == Plumas).Count);

        ClusterFixture.Clock.Advance(TimeSpan.FromDays(90));
        await Registry.Sweep();

        // The registry no longer rewrites the purged rows with every change, and its numbers do not move.
        Assert.DoesNotContain(await Registry.List(inbox: true), r => ids.Contains(r.Id));
        var after = await Registry.GetStatistics();
        Assert.Equal(before.Total, after.Total);
        Assert.Equal(5, after.ByCounty.Single(c => c.Key == Plumas).Count);

        // A change after the purge (the person withdraws consent) is not counted a second time.
        Ok(await referrals[0].RevokeConsent(p.Sender));
        Assert.DoesNotContain(await Registry.List(inbox: true), r => ids.Contains(r.Id));
        Assert.Equal(before.Total, (await Registry.GetStatistics()).Total);

        // The organizations keep their de-identified rows.
        Assert.Equal(5, (await _grains.GetGrain<IReferralIndexGrain>(p.To).List(inbox: true)).Count(r => r.Purged));
    }

    [Fact]
    public void The_median_time_to_answer_is_the_middle_answer_or_the_mean_of_the_two_middle_ones()
    {
        var sent = new DateTimeOffset(2026, 3, 2, 16, 0, 0, TimeSpan.Zero);
        ReferralSummary Answered(int minutes) => new(
            ReferralKeys.NewId(), "a", "A", "b", "B", ["legal-aid"], "06019", AgeBracket.Age18To24, ReferralUrgency.Routine, ReferralStatus.Accepted,
            sent, sent.AddMinutes(minutes), sent.AddDays(2), null, null, null, false, null, null, null, false, 1, sent);

        var tally = new[] { 300, 60, 180, 60 }.Aggregate(new ReferralTally(), (t, m) => t.Add(Answered(m)));
        Assert.Null(tally.MedianMinutesToAnswer());

        tally = tally.Add(Answered(240));
        Assert.Equal(180, tally.MedianMinutesToAnswer());
        tally = tally.Add(Answered(360));
        Assert.Equal(210, tally.MedianMinutesToAnswer());
        Assert.Equal(6, tally.Total);
        Assert.Equal(6, tally.ByService["legal-aid"]);
    }
}
