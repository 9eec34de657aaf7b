using ConnectedCalifornia.Calendars.Tests;
using ConnectedCalifornia.Notifications;
using ConnectedCalifornia.Testing;
using static ConnectedCalifornia.Referrals.Tests.ReferralLifecycleTests;
using static ConnectedCalifornia.Referrals.Tests.ReferralParties;

namespace ConnectedCalifornia.Referrals.Tests;

/// <summary>
/// A referral's notifications are in the outbox with the change that causes them (the grain's own state
/// writes them with it), once each, addressed to the right organization, and say nothing but the code,
/// the organizations, the urgency and the answer time.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ReferralNotificationOutboxTests(ClusterFixture fixture)
{
    private static readonly string[] AllowedFacts = ["answer", "answer-by", "expires-at", "from.name", "referral.code", "side", "to.name", "urgency"];

    private readonly IGrainFactory _grains = fixture.Client;

    private IReferralIndexGrain Registry => _grains.GetGrain<IReferralIndexGrain>(ReferralKeys.Registry);

    [Fact]
    public async Task Notification_urgent_referral_goes_to_the_receiver_and_its_answer_and_withdrawn_consent_to_the_organizations_with_no_survivor_data()
    {
        var p = await CreateAsync(_grains);
        var referral = New(_grains);
        var id = referral.GetPrimaryKeyString();
        var outbox = EventReminderTests.Outbox();
        Ok(await referral.Send(p.Draft(ReferralUrgency.Urgent), p.Sender));

        var sent = Assert.Single(await outbox.ReadWaitingAsync($"referral:{id}:"));
        Assert.Equal(NotificationKinds.ReferralUrgent, sent.Kind);
        Assert.Equal((NotificationAudience.OrganizationMembersKind, p.To), (sent.To.Single().Kind, sent.To.Single().Id));
        Assert.Equal($"/referrals/{id}", sent.Link);
        Assert.Equal((ReferralVocabulary.CodeOf(id), "Valley Compass", "Bright Orchard", "Urgent"), (sent.Fact("referral.code"), sent.Fact("from.name"), sent.Fact("to.name"), sent.Fact("urgency")));

        Ok(await referral.RecordConsent(Consent(p, "Ana Canary"), p.Sender));
        Ok(await referral.Transition(new ReferralTransition(ReferralStatus.Accepted), p.Receiver));
        Ok(await referral.Transition(new ReferralTransition(ReferralStatus.Accepted), p.Receiver));
        Ok(await referral.RevokeConsent(p.Receiver));
        Ok(await referral.AddNote("Intake set for the morning.", p.Receiver));

        var all = await outbox.ReadWaitingAsync($"referral:{id}:");
        Assert.Equal(
            [
                (NotificationKinds.ReferralUrgent, NotificationAudience.OrganizationMembers(p.To)),
                (NotificationKinds.ReferralAnswered, NotificationAudience.OrganizationMembers(p.From)),
                (NotificationKinds.ReferralConsentWithdrawn, NotificationAudience.OrganizationMembers(p.To)),
                (NotificationKinds.ReferralConsentWithdrawn, NotificationAudience.OrganizationMembers(p.From)),
            ],
            all.Select(n => (n.Kind, n.To.Single() with { Name = null })).OrderBy(x => x.Kind == NotificationKinds.ReferralUrgent ? 0 : x.Kind == NotificationKinds.ReferralAnswered ? 1 : 2));
        Assert.Equal("Accepted", all.Single(n => n.Kind == NotificationKinds.ReferralAnswered).Fact("answer"));

        // Nothing but the allowed facts, and none of the draft's or the consent's words.
        var draft = p.Draft();
        foreach (var n in all)
        {
            Assert.All(n.Facts.Keys, k => Assert.Contains(k, AllowedFacts));
            Assert.All(n.Facts.Values, v => Assert.DoesNotContain("Ana Canary", v, StringComparison.Ordinal));
            Assert.DoesNotContain(n.Facts.Values, v => v.Contains(draft.Needs!, StringComparison.Ordinal) || v.Contains(draft.SafetyNotes!, StringComparison.Ordinal) || v.Contains("555-0142", StringComparison.Ordinal));
        }

        // The grain handed them over and kept none in its state (a re-activation hands over nothing more).
        Assert.Equal(all.Count, (await outbox.ReadWaitingAsync($"referral:{id}:")).Count);
    }

    [Fact]
    public async Task Notification_routine_referral_left_unanswered_tells_both_sides_once_when_overdue_and_a_day_before_it_expires()
    {
        var p = await CreateAsync(_grains);
        var referral = New(_grains);
        var id = referral.GetPrimaryKeyString();
        var outbox = EventReminderTests.Outbox();
        Ok(await referral.Send(p.Draft(ReferralUrgency.Routine), p.Sender));
        Assert.Equal(NotificationKinds.ReferralNew, Assert.Single(await outbox.ReadWaitingAsync($"referral:{id}:")).Kind);
        var options = new ReferralOptions();

        // Past the answer time: escalated, both sides told (once, however often the sweep runs).
        ClusterFixture.Clock.Advance(TimeSpan.FromDays(5));
        await Registry.Sweep();
        await Registry.Sweep();
        var overdue = (await outbox.ReadWaitingAsync($"referral:{id}:")).Where(n => n.Kind == NotificationKinds.ReferralOverdue).ToList();
        Assert.Equal(
            [("receiver", NotificationAudience.OrganizationMembers(p.To)), ("sender", NotificationAudience.OrganizationMembers(p.From))],
            overdue.Select(n => (n.Fact("side")!, n.To.Single() with { Name = null })).OrderBy(x => x.Item1));

        // A day before it expires, both sides are told when it will.
        ClusterFixture.Clock.Advance(options.ExpireUnansweredAfter - options.ExpiryNoticeBefore - TimeSpan.FromDays(5) + TimeSpan.FromMinutes(1));
        var swept = await Registry.Sweep();
        Assert.True(swept.Checked >= 1);
        await Registry.Sweep();
        var expiring = (await outbox.ReadWaitingAsync($"referral:{id}:")).Where(n => n.Kind == NotificationKinds.ReferralExpiring).ToList();
        Assert.Equal(2, expiring.Count);
        Assert.All(expiring, n => Assert.NotNull(n.Fact("expires-at")));
        Assert.Equal(new[] { p.From, p.To }.Order(StringComparer.Ordinal), expiring.Select(n => n.To.Single().Id).Order(StringComparer.Ordinal));
        Assert.Equal(ReferralStatus.Sent, (await referral.Read(p.Sender))!.Status);
    }
}
