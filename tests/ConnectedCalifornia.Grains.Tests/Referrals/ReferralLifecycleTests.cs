using ConnectedCalifornia.Capacity;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Testing;
using static ConnectedCalifornia.Referrals.Tests.ReferralParties;
using static ConnectedCalifornia.Testing.TestData;

namespace ConnectedCalifornia.Referrals.Tests;

[Collection(ClusterCollection.Name)]
public sealed class ReferralLifecycleTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Client;

    [Fact]
    public async Task A_referral_without_a_name_goes_sent_viewed_accepted_in_progress_completed_each_step_stamped_with_who()
    {
        var p = await CreateAsync(_grains);
        var referral = New(_grains);

        Ok(await referral.Send(p.Draft(), p.Sender));
        var sent = await referral.Read(p.Sender);
        Assert.Equal(ReferralStatus.Sent, sent!.Status);
        Assert.Null(sent.Details);
        Assert.Equal((AgeBracket.Age12To17, "es", Fresno), (sent.AgeBracket, sent.Language, sent.County));

        var viewed = await referral.Read(p.Receiver);
        Assert.Equal(ReferralStatus.Viewed, viewed!.Status);
        Assert.Null(viewed.Details);
        Assert.Equal("Needs a safe bed tonight and a Spanish-speaking advocate.", viewed.Needs);

        var accepted = await referral.Transition(new ReferralTransition(ReferralStatus.Accepted), p.Receiver);
        Ok(accepted);
        var again = await referral.Transition(new ReferralTransition(ReferralStatus.Accepted), p.Receiver);
        Assert.Equal((true, accepted.Version), (again.Succeeded, again.Version));

        Ok(await referral.Transition(new ReferralTransition(ReferralStatus.InProgress), p.Receiver));
        Ok(await referral.Transition(new ReferralTransition(ReferralStatus.Completed, Outcome: ReferralOutcome.Placed), p.Receiver));

        var done = await referral.Read(p.Sender);
        Assert.Equal(
            [ReferralStatus.Sent, ReferralStatus.Viewed, ReferralStatus.Accepted, ReferralStatus.InProgress, ReferralStatus.Completed],
            done!.Timeline.Select(e => e.Status));
        Assert.Equal(["lucia", "marisol", "marisol", "marisol", "marisol"], done.Timeline.Select(e => e.ActorId));
        Assert.Equal([p.From, p.To, p.To, p.To, p.To], done.Timeline.Select(e => e.OrganizationId));
        Assert.Equal(ReferralOutcome.Placed, done.Outcome);
        Assert.NotNull(done.ClosedAt);
        Assert.Equal(done.ClosedAt + TimeSpan.FromDays(90), done.PurgeAt);
    }

    [Fact]
    public async Task Each_step_belongs_to_one_side_and_nothing_changes_when_refused()
    {
        var p = await CreateAsync(_grains);
        var referral = New(_grains);
        Ok(await referral.Send(p.Draft(), p.Sender));
        var version = (await referral.Read(p.Sender))!.Version;

        AssertRefused(await referral.Transition(new ReferralTransition(ReferralStatus.Accepted), p.Sender), "to");
        AssertRefused(await referral.Transition(new ReferralTransition(ReferralStatus.Withdrawn), p.Receiver), "to");
        AssertRefused(await referral.Transition(new ReferralTransition(ReferralStatus.Expired), p.Sender), "to");
        AssertRefused(await referral.Transition(new ReferralTransition(ReferralStatus.Completed, Outcome: ReferralOutcome.Placed), p.Receiver), "to");
        AssertRefused(await referral.Transition(new ReferralTransition(ReferralStatus.Declined), p.Receiver), "reason");
        AssertRefused(await referral.Transition(new ReferralTransition(ReferralStatus.Declined, DeclineReason.Other), p.Receiver), "text");
        AssertRefused(await referral.Transition(new ReferralTransition(ReferralStatus.Accepted, Outcome: ReferralOutcome.Placed), p.Receiver), "outcome");
        AssertRefused(await referral.Transition(new ReferralTransition((ReferralStatus)42), p.Receiver), "to");
        var outsider = await referral.Transition(new ReferralTransition(ReferralStatus.Accepted), p.Outsider);
        Assert.True(outsider.Denied);
        AssertRefused(await referral.AddNote("hello", p.Outsider), "organizationId");

        var after = await referral.Read(p.Sender);
        Assert.Equal((ReferralStatus.Sent, version), (after!.Status, after.Version));

        Ok(await referral.Transition(new ReferralTransition(ReferralStatus.Declined, DeclineReason.NotEligible, "Ages 18+ only at this site."), p.Receiver));
        var declined = await referral.Read(p.Sender);
        Ok(await referral.Transition(new ReferralTransition(ReferralStatus.Declined, DeclineReason.NotEligible, "Ages 18+ only at this site."), p.Receiver));
        AssertRefused(await referral.Transition(new ReferralTransition(ReferralStatus.Declined, DeclineReason.NoCapacity), p.Receiver), "to");
        AssertRefused(await referral.Transition(new ReferralTransition(ReferralStatus.Withdrawn), p.Sender), "to");
        Assert.Equal(declined!.Version, (await referral.Read(p.Sender))!.Version);
        Assert.Equal((DeclineReason.NotEligible, "Ages 18+ only at this site."), (declined.DeclineReason, declined.DeclineText));
    }

    [Fact]
    public async Task Bad_input_gets_a_clear_message_and_sends_nothing()
    {
        var p = await CreateAsync(_grains);
        var referral = New(_grains);

        AssertRefused(await referral.Send(p.Draft() with { Services = ["no-such-service"] }, p.Sender), "services");
        AssertRefused(await referral.Send(p.Draft() with { Services = [] }, p.Sender), "services");
        AssertRefused(await referral.Send(p.Draft() with { County = "06999" }, p.Sender), "county");
        AssertRefused(await referral.Send(p.Draft() with { Language = "" }, p.Sender), "language");
        AssertRefused(await referral.Send(p.Draft() with { Gender = "unknown-value" }, p.Sender), "gender");
        AssertRefused(await referral.Send(p.Draft() with { Needs = new string('x', 1001) }, p.Sender), "needs");
        AssertRefused(await referral.Send(p.Draft() with { ToOrganizationId = p.From }, p.Sender), "toOrganizationId");
        AssertRefused(await referral.Send(p.Draft() with { ToOrganizationId = "no-such-org" }, p.Sender), "toOrganizationId");
        AssertRefused(await referral.Send(p.Draft() with { HoldCategory = "penthouse" }, p.Sender), "holdCategory");
        AssertRefused(await referral.Send(p.Draft(), p.Receiver), "fromOrganizationId");

        Assert.Null(await referral.GetParties());
        Assert.Null(await referral.Read(p.Sender));
    }

    [Fact]
    public async Task A_bed_hold_travels_with_the_referral_and_becomes_the_placement_on_accept()
    {
        var p = await CreateAsync(_grains, minorsAvailable: 2);
        var site = _grains.GetGrain<ISiteCapacityGrain>($"{p.To}--main");
        var referral = New(_grains);

        Ok(await referral.Send(p.Draft(hold: CapacityCategories.Minors), p.Sender));
        var held = (await site.GetSnapshot())!.Categories.Single();
        Assert.Equal((1, 1), (held.Available, held.Held));
        var record = await referral.Read(p.Receiver);
        Assert.Equal(("Active", CapacityCategories.Minors), (record!.Hold!.Status, record.Hold.Category));

        Ok(await referral.Transition(new ReferralTransition(ReferralStatus.Accepted), p.Receiver));
        var placed = (await site.GetSnapshot())!.Categories.Single();
        Assert.Equal((1, 0), (placed.Available, placed.Held));
        var hold = await site.GetHold(record.Hold.HoldId);
        Assert.Equal((HoldStatus.Converted, referral.GetPrimaryKeyString()), (hold!.Status, hold.ReferenceId));
    }

    [Fact]
    public async Task Only_the_receiver_learns_which_of_its_sites_holds_the_bed()
    {
        // The site may be a confidential shelter, and its id carries its name.
        var p = await CreateAsync(_grains, minorsAvailable: 1);
        var referral = New(_grains);
        Ok(await referral.Send(p.Draft(hold: CapacityCategories.Minors), p.Sender));

        Assert.Equal($"{p.To}--main", (await referral.Read(p.Receiver))!.Hold!.SiteId);
        var sender = (await referral.Read(p.Sender))!.Hold!;
        Assert.Equal((string.Empty, "Active"), (sender.SiteId, sender.Status));
        Assert.Equal(string.Empty, (await referral.Read(p.Outsider))!.Hold!.SiteId);
    }

    [Fact]
    public async Task A_declined_or_withdrawn_referral_gives_its_held_bed_back_and_no_bed_means_no_hold()
    {
        var p = await CreateAsync(_grains, minorsAvailable: 1);
        var site = _grains.GetGrain<ISiteCapacityGrain>($"{p.To}--main");
        var first = New(_grains);
        Ok(await first.Send(p.Draft(hold: CapacityCategories.Minors), p.Sender));

        // The one bed is held: a second referral asking for a hold is refused and changes nothing.
        var second = New(_grains);
        AssertRefused(await second.Send(p.Draft(hold: CapacityCategories.Minors), p.Sender), "holdCategory");
        Assert.Null(await second.GetParties());

        Ok(await first.Transition(new ReferralTransition(ReferralStatus.Declined, DeclineReason.NoCapacity), p.Receiver));
        Assert.Equal((1, 0), ((await site.GetSnapshot())!.Categories.Single().Available, (await site.GetSnapshot())!.Categories.Single().Held));
        Assert.Equal("Released", (await first.Read(p.Sender))!.Hold!.Status);

        Ok(await second.Send(p.Draft(hold: CapacityCategories.Minors), p.Sender));
        Ok(await second.Transition(new ReferralTransition(ReferralStatus.Withdrawn), p.Sender));
        Assert.Equal(1, (await site.GetSnapshot())!.Categories.Single().Available);
    }

    [Fact]
    public async Task Announcements_say_that_something_changed_and_never_what_the_person_said()
    {
        var p = await CreateAsync(_grains);
        var referral = New(_grains);
        var id = referral.GetPrimaryKeyString();
        Ok(await referral.Send(p.Draft(), p.Sender));
        Ok(await referral.RecordConsent(Consent(p, "Canary-Name-Announce"), p.Sender));
        Ok(await referral.AddNote("Canary-Note-Announce", p.Receiver));

        var received = await fixture.Node.WaitForAsync(id, 3);
        Assert.All(received, a => Assert.Equal([Topics.Referrals(p.From), Topics.Referrals(p.To), Topics.Referral(id)], a.Topics.ToArray()));
        var text = string.Join("|", received.Select(a => a.Title + a.Summary + a.ActorName));
        Assert.DoesNotContain("Canary", text, StringComparison.Ordinal);
        Assert.DoesNotContain("safe bed", text, StringComparison.Ordinal);
        Assert.DoesNotContain("family phone", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_service_the_curators_added_can_be_referred_and_one_they_retired_no_longer()
    {
        var p = await CreateAsync(_grains);
        var taxonomy = _grains.GetGrain<Directory.ITaxonomyGrain>(GrainKeys.Taxonomy);
        var code = $"peer-{Guid.NewGuid():N}"[..30];
        Ok(await taxonomy.AddTerm(Directory.Vocabulary.Services, code, "Peer mentoring " + code, Curator));

        var referral = New(_grains);
        Ok(await referral.Send(p.Draft() with { Services = [code] }, p.Sender));
        Assert.Equal([code], (await referral.Read(p.Sender))!.Services.AsEnumerable());
        var stats = await _grains.GetGrain<IReferralIndexGrain>(ReferralKeys.Registry).GetStatistics();
        Assert.Equal("Peer mentoring " + code, stats.ByService.Single(c => c.Key == code).Label);

        Ok(await taxonomy.SetRetired(Directory.Vocabulary.Services, code, true, Curator));
        var refused = New(_grains);
        AssertRefused(await refused.Send(p.Draft() with { Services = [code] }, p.Sender), "services");
        Assert.Null(await refused.GetParties());
    }

    internal static ConsentDraft Consent(ReferralParties p, string name, TimeSpan? lasts = null) => new(
        p.To, "Shelter intake and follow-up", ClusterFixture.Clock.GetUtcNow() + (lasts ?? TimeSpan.FromDays(30)), true, new IdentifyingDetails(name, "(559) 555-0142"));
}
