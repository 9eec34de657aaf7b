using ConnectedCalifornia.Testing;
using static ConnectedCalifornia.Referrals.Tests.ReferralLifecycleTests;
using static ConnectedCalifornia.Referrals.Tests.ReferralParties;
using static ConnectedCalifornia.Testing.TestData;

namespace ConnectedCalifornia.Referrals.Tests;

[Collection(ClusterCollection.Name)]
public sealed class ReferralConsentAndAuditTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Client;

    [Fact]
    public async Task Identifying_details_reach_the_receiver_only_with_consent_and_disappear_when_it_is_revoked()
    {
        var p = await CreateAsync(_grains);
        var referral = New(_grains);
        Ok(await referral.Send(p.Draft(), p.Sender));

        Ok(await referral.RecordConsent(Consent(p, "Ana Canary"), p.Sender));
        Assert.Equal("Ana Canary", (await referral.Read(p.Receiver))!.Details!.Name);
        var consent = (await referral.Read(p.Receiver))!.Consent!;
        Assert.Equal((p.To, "Shelter intake and follow-up"), (consent.RecipientOrganizationId, consent.Purpose));
        Assert.Equal(["name", "contact"], consent.Scope.ToArray());

        // Nobody else sees them, nor the needs, safety notes or notes.
        var outsider = await referral.Read(p.Outsider);
        Assert.Equal(ReferralSide.None, outsider!.ReaderSide);
        Assert.Null(outsider.Details);
        Assert.Null(outsider.Consent);
        Assert.Null(outsider.Needs);
        Assert.Null(outsider.SafetyNotes);

        Ok(await referral.RevokeConsent(p.Receiver));
        var after = await referral.Read(p.Receiver);
        Assert.Null(after!.Details);
        Assert.NotNull(after.Consent!.RevokedAt);
        Assert.Null((await referral.Read(p.Sender))!.Details);

        // Revoking again changes nothing.
        var again = await referral.RevokeConsent(p.Sender);
        Assert.Equal(after.Version, again.Version);
    }

    [Fact]
    public async Task Consent_ends_by_itself_at_its_expiry()
    {
        var p = await CreateAsync(_grains);
        var referral = New(_grains);
        Ok(await referral.Send(p.Draft(), p.Sender));
        Ok(await referral.RecordConsent(Consent(p, "Ana Canary", TimeSpan.FromHours(1)), p.Sender));
        Assert.NotNull((await referral.Read(p.Receiver))!.Details);

        ClusterFixture.Clock.Advance(TimeSpan.FromHours(1));

        Assert.Null((await referral.Read(p.Receiver))!.Details);
        var audit = await referral.ReadAudit(p.Receiver);
        Assert.Contains(audit, e => e.Action == "consent-lapsed");
    }

    [Fact]
    public async Task Contradictory_or_incomplete_consent_is_refused_with_a_message()
    {
        var p = await CreateAsync(_grains);
        var referral = New(_grains);
        Ok(await referral.Send(p.Draft(), p.Sender));
        var now = ClusterFixture.Clock.GetUtcNow();

        AssertRefused(await referral.RecordConsent(Consent(p, "X") with { ExpiresAt = now - TimeSpan.FromMinutes(1) }, p.Sender), "expiresAt");
        AssertRefused(await referral.RecordConsent(Consent(p, "X") with { ExpiresAt = now + TimeSpan.FromDays(400) }, p.Sender), "expiresAt");
        AssertRefused(await referral.RecordConsent(Consent(p, "X") with { RecipientOrganizationId = p.From }, p.Sender), "recipientOrganizationId");
        AssertRefused(await referral.RecordConsent(Consent(p, "X") with { WrittenConsentConfirmed = false }, p.Sender), "writtenConsentConfirmed");
        AssertRefused(await referral.RecordConsent(Consent(p, "X") with { Details = new IdentifyingDetails(" ", null) }, p.Sender), "details");
        AssertRefused(await referral.RecordConsent(Consent(p, "X") with { Purpose = "" }, p.Sender), "purpose");
        AssertRefused(await referral.RecordConsent(Consent(p, "X"), p.Receiver), "consent");

        Assert.Null((await referral.Read(p.Sender))!.Consent);
    }

    [Fact]
    public async Task Every_read_and_change_is_in_a_hash_chained_audit_log_without_the_persons_details()
    {
        var p = await CreateAsync(_grains);
        var referral = New(_grains);
        var id = referral.GetPrimaryKeyString();
        Ok(await referral.Send(p.Draft(), p.Sender));
        await referral.Read(p.Receiver);
        Ok(await referral.RecordConsent(Consent(p, "Ana Canary"), p.Sender));
        await referral.Read(p.Receiver);
        Ok(await referral.AddNote("Kestrel note: she prefers mornings.", p.Receiver));
        Ok(await referral.Transition(new ReferralTransition(ReferralStatus.Accepted), p.Receiver));

        var audit = await referral.ReadAudit(p.Sender);

        // Reading the audit is recorded too, as its newest entry.
        Assert.Equal(["sent", "viewed", "consent-recorded", "read", "note-added", "status", "audit-read"], audit.Select(e => e.Action));
        Assert.Equal(["lucia", "marisol", "lucia", "marisol", "marisol", "marisol", "lucia"], audit.Select(e => e.ActorId));
        Assert.Contains("identifying details", audit[3].Detail, StringComparison.Ordinal);
        Assert.All(audit, e => Assert.DoesNotContain("Canary", e.Detail + e.ActorName, StringComparison.Ordinal));
        Assert.All(audit, e => Assert.DoesNotContain("Kestrel", e.Detail, StringComparison.Ordinal));
        Assert.All(audit, e => Assert.DoesNotContain("555-0142", e.Detail, StringComparison.Ordinal));
        Assert.Null(ReferralAuditChain.Verify(id, audit));

        var next = await referral.ReadAudit(p.Sender);
        Assert.Equal(audit.Length + 1, next.Length);
        Assert.Null(ReferralAuditChain.Verify(id, next));
    }

    [Fact]
    public async Task Changing_removing_or_reordering_an_audit_entry_breaks_the_chain()
    {
        var p = await CreateAsync(_grains);
        var referral = New(_grains);
        var id = referral.GetPrimaryKeyString();
        Ok(await referral.Send(p.Draft(), p.Sender));
        await referral.Read(p.Receiver);
        Ok(await referral.Transition(new ReferralTransition(ReferralStatus.Declined, DeclineReason.NoCapacity), p.Receiver));
        var audit = await referral.ReadAudit(p.Sender);
        Assert.Null(ReferralAuditChain.Verify(id, audit));

        var edited = audit.SetItem(1, audit[1] with { ActorName = "Someone else" });
        Assert.Equal(1, ReferralAuditChain.Verify(id, edited));

        var rehashed = audit.SetItem(1, audit[1] with { Detail = "tampered" } is var e ? e with { Hash = ReferralAuditChain.HashOf(e) } : null!);
        Assert.Equal(2, ReferralAuditChain.Verify(id, rehashed));

        Assert.Equal(1, ReferralAuditChain.Verify(id, audit.RemoveAt(1)));
        Assert.Equal(0, ReferralAuditChain.Verify(id, [audit[1], audit[0], .. audit[2..]]));
        Assert.Equal(0, ReferralAuditChain.Verify("rf-another", audit));
    }

    [Fact]
    public async Task Secure_notes_are_for_the_two_organizations_only()
    {
        var p = await CreateAsync(_grains);
        var referral = New(_grains);
        Ok(await referral.Send(p.Draft(), p.Sender));
        Ok(await referral.AddNote("Can you take her at 6 pm?", p.Sender));
        Ok(await referral.AddNote("Yes, intake is open until 9.", p.Receiver));
        AssertRefused(await referral.AddNote(new string('x', 2001), p.Sender), "text");
        AssertRefused(await referral.AddNote("   ", p.Sender), "text");

        var notes = (await referral.Read(p.Sender))!.Notes;
        Assert.Equal([(p.From, "Lucia Navarro"), (p.To, "Marisol Vega")], notes.Select(n => (n.OrganizationId, n.AuthorName)));
        Assert.Empty((await referral.Read(p.Outsider))!.Notes);
    }
}
