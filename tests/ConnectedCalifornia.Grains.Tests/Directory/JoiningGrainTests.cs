using ConnectedCalifornia.Identity;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Testing;
using static ConnectedCalifornia.Testing.TestData;

namespace ConnectedCalifornia.Directory.Tests;

[Collection(ClusterCollection.Name)]
public sealed class JoiningGrainTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Client;

    private static Actor NewApplicant() => new(NewKey("user"), "Alex Applicant");

    private IJoinRequestGrain NewApplication() => _grains.GetGrain<IJoinRequestGrain>(JoinRequestKeys.NewApplication());

    private static void Ok(CommandResult result) =>
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => $"{e.Field}: {e.Message}")));

    private async Task<(IJoinRequestGrain Request, string OrganizationId, Actor Applicant)> SubmitAsync()
    {
        var applicant = NewApplicant();
        var organizationId = NewKey("org");
        var request = NewApplication();
        Ok(await request.SubmitApplication(organizationId, Organization("Sierra Foothills Outreach"), "We run a drop-in center.", applicant));
        return (request, organizationId, applicant);
    }

    [Fact]
    public async Task Approving_an_application_creates_the_organization_verified_with_the_applicant_as_admin()
    {
        var (request, organizationId, applicant) = await SubmitAsync();
        var open = await _grains.GetGrain<IJoinRequestQueueGrain>(JoinRequestKeys.Queue).ListOpen();
        Assert.Contains(open, r => r.Id == request.GetPrimaryKeyString() && r.Status == JoinRequestStatus.Submitted);
        Assert.Null(await _grains.GetGrain<IOrganizationGrain>(organizationId).GetDetails());

        Ok(await request.Decide(JoinDecision.Approve, null, Curator));

        var details = await _grains.GetGrain<IOrganizationGrain>(organizationId).GetDetails();
        Assert.NotNull(details);
        Assert.Equal("Sierra Foothills Outreach", details.Profile.Name);
        Assert.Equal(VerificationStatus.Verified, details.Verification);
        Assert.Equal(ClusterFixture.Clock.GetUtcNow(), details.VerifiedAt);
        var admin = Assert.Single(details.Members);
        Assert.Equal((applicant.UserId, OrganizationRole.Admin), (admin.UserId, admin.Role));
        var access = await _grains.GetGrain<IUserAccessGrain>(applicant.UserId).Get();
        Assert.Equal(OrganizationRole.Admin, access.Organizations[organizationId]);

        Assert.Equal(JoinRequestStatus.Approved, (await request.GetDetails())!.Status);
        Assert.DoesNotContain(await _grains.GetGrain<IJoinRequestQueueGrain>(JoinRequestKeys.Queue).ListOpen(), r => r.Id == request.GetPrimaryKeyString());
        var mine = Assert.Single(await _grains.GetGrain<IJoinRequestQueueGrain>(JoinRequestKeys.Queue).ListByApplicant(applicant.UserId));
        Assert.Equal(JoinRequestStatus.Approved, mine.Status);
        var history = await request.GetHistory(10);
        Assert.Contains(history, h => h.Field == "status" && h.OldValue == "Submitted" && h.NewValue == "Approved" && h.ActorId == Curator.UserId);
    }

    [Fact]
    public async Task Asking_for_changes_needs_a_reason_and_the_applicant_resubmits_a_corrected_profile()
    {
        var (request, organizationId, applicant) = await SubmitAsync();
        var before = await request.GetDetails();

        AssertRefused(await request.Decide(JoinDecision.RequestChanges, "  ", Curator), "reason");
        Assert.Equal((before!.Version, JoinRequestStatus.Submitted), ((await request.GetDetails())!.Version, (await request.GetDetails())!.Status));

        Ok(await request.Decide(JoinDecision.RequestChanges, "Please add a public phone line.", Curator));
        var sent = (await request.GetDetails())!;
        Assert.Equal((JoinRequestStatus.ChangesRequested, "Please add a public phone line."), (sent.Status, sent.Reason));

        // Someone else cannot answer for the applicant; a broken profile changes nothing.
        Assert.True((await request.Resubmit(Organization("Sierra Foothills Outreach"), "", NewApplicant())).Denied);
        AssertRefused(await request.Resubmit(Organization(""), "", applicant), "name");
        Assert.Equal((sent.Version, "Sierra Foothills Outreach"), ((await request.GetDetails())!.Version, (await request.GetDetails())!.OrganizationName));

        Ok(await request.Resubmit(Organization("Sierra Foothills Outreach Center"), "Added the line.", applicant));
        var resubmitted = (await request.GetDetails())!;
        Assert.Equal((JoinRequestStatus.Submitted, "Sierra Foothills Outreach Center"), (resubmitted.Status, resubmitted.OrganizationName));
        Assert.Contains(await request.GetHistory(20), h => h.Field == "name" && h.OldValue == "Sierra Foothills Outreach" && h.NewValue == "Sierra Foothills Outreach Center" && h.ActorId == applicant.UserId);

        Ok(await request.Decide(JoinDecision.Approve, null, Curator));
        Assert.Equal("Sierra Foothills Outreach Center", (await _grains.GetGrain<IOrganizationGrain>(organizationId).GetDetails())!.Profile.Name);
    }

    [Fact]
    public async Task Rejecting_needs_a_reason_creates_nothing_and_a_decided_request_cannot_be_decided_again()
    {
        var (request, organizationId, _) = await SubmitAsync();
        AssertRefused(await request.Decide(JoinDecision.Reject, null, Curator), "reason");
        Ok(await request.Decide(JoinDecision.Reject, "Not an organization of the anti-trafficking field.", Curator));

        Assert.Null(await _grains.GetGrain<IOrganizationGrain>(organizationId).GetDetails());
        var details = (await request.GetDetails())!;
        Assert.Equal((JoinRequestStatus.Rejected, "Not an organization of the anti-trafficking field."), (details.Status, details.Reason));
        AssertRefused(await request.Decide(JoinDecision.Approve, null, Curator), "decision");
        Assert.Null(await _grains.GetGrain<IOrganizationGrain>(organizationId).GetDetails());
    }

    [Fact]
    public async Task An_application_is_checked_with_the_organization_rules_and_a_taken_id_is_refused()
    {
        var applicant = NewApplicant();
        var request = NewApplication();
        AssertRefused(await request.SubmitApplication(NewKey("org"), Organization() with { Counties = [] }, "", applicant), "counties");
        AssertRefused(await request.SubmitApplication("Not A Slug", Organization(), "", applicant), "organizationId");
        AssertRefused(await request.SubmitApplication(NewKey("org"), Organization(), new string('n', 1001), applicant), "note");
        var existing = await CreateOrganizationAsync(_grains);
        AssertRefused(await request.SubmitApplication(existing, Organization(), "", applicant), "organizationId");
        Assert.Null(await request.GetDetails());
        Assert.Empty(await _grains.GetGrain<IJoinRequestQueueGrain>(JoinRequestKeys.Queue).ListByApplicant(applicant.UserId));
    }

    [Fact]
    public async Task A_curator_does_not_decide_their_own_application()
    {
        var request = NewApplication();
        Ok(await request.SubmitApplication(NewKey("org"), Organization(), "", Curator));
        AssertRefused(await request.Decide(JoinDecision.Approve, null, Curator), "decision");
        Assert.Equal(JoinRequestStatus.Submitted, (await request.GetDetails())!.Status);
    }

    [Fact]
    public async Task Approving_a_claim_makes_the_claimant_admin_and_verifies_the_listing_today()
    {
        var organizationId = await CreateOrganizationAsync(_grains);
        var claimant = NewApplicant();
        var claim = _grains.GetGrain<IJoinRequestGrain>(JoinRequestKeys.Claim(organizationId, claimant.UserId));
        Ok(await claim.SubmitClaim(organizationId, "I am the director.", claimant));

        // One open claim per person per listing.
        AssertRefused(await claim.SubmitClaim(organizationId, "Again.", claimant), "organizationId");
        Assert.Equal("I am the director.", (await claim.GetDetails())!.Note);

        ClusterFixture.Clock.Advance(TimeSpan.FromMinutes(3));
        Ok(await claim.Decide(JoinDecision.Approve, null, Curator));
        var details = (await _grains.GetGrain<IOrganizationGrain>(organizationId).GetDetails())!;
        Assert.Equal((VerificationStatus.Verified, ClusterFixture.Clock.GetUtcNow()), (details.Verification, details.VerifiedAt!.Value));
        Assert.Contains(details.Members, m => m.UserId == claimant.UserId && m.Role == OrganizationRole.Admin);
        var history = await _grains.GetGrain<IOrganizationGrain>(organizationId).GetHistory(10);
        Assert.Contains(history, h => h.Field == "verifiedAt" && h.OldValue is null && h.NewValue is not null && h.ActorId == Curator.UserId);

        // The listing has an admin now: nobody else can claim it.
        var other = NewApplicant();
        AssertRefused(await _grains.GetGrain<IJoinRequestGrain>(JoinRequestKeys.Claim(organizationId, other.UserId)).SubmitClaim(organizationId, "", other), "organizationId");
    }

    [Fact]
    public async Task A_rejected_claim_gives_no_access_and_a_claim_must_use_its_own_key()
    {
        var organizationId = await CreateOrganizationAsync(_grains);
        var claimant = NewApplicant();
        AssertRefused(await NewApplication().SubmitClaim(organizationId, "", claimant), "id");
        var claim = _grains.GetGrain<IJoinRequestGrain>(JoinRequestKeys.Claim(organizationId, claimant.UserId));
        Assert.True((await claim.SubmitClaim(NewKey("org"), "", claimant)).Errors.Any());
        Ok(await claim.SubmitClaim(organizationId, "", claimant));
        AssertRefused(await claim.Decide(JoinDecision.Reject, "", Curator), "reason");
        Ok(await claim.Decide(JoinDecision.Reject, "We could not confirm you work there.", Curator));

        Assert.Empty((await _grains.GetGrain<IOrganizationGrain>(organizationId).GetDetails())!.Members);
        Assert.False((await _grains.GetGrain<IUserAccessGrain>(claimant.UserId).Get()).Organizations.ContainsKey(organizationId));
    }

    [Fact]
    public async Task The_sweep_flags_listings_verified_more_than_a_year_ago_and_a_curator_reverifies_after_the_admin_confirms()
    {
        var organizationId = await CreateOrganizationAsync(_grains);
        var organization = _grains.GetGrain<IOrganizationGrain>(organizationId);
        Ok(await organization.SetVerification(VerificationStatus.Verified, Curator));
        var verifiedAt = (await organization.GetDetails())!.VerifiedAt;
        var unverified = await CreateOrganizationAsync(_grains);
        var list = _grains.GetGrain<IReverificationGrain>(IReverificationGrain.Key);

        ClusterFixture.Clock.Advance(TimeSpan.FromDays(365) - TimeSpan.FromMinutes(1));
        await list.Sweep();
        Assert.Null(await list.Get(organizationId));

        ClusterFixture.Clock.Advance(TimeSpan.FromMinutes(1));
        var swept = await list.Sweep();
        Assert.True(swept.Flagged >= 1);
        var flag = await list.Get(organizationId);
        Assert.NotNull(flag);
        Assert.Equal(verifiedAt, flag.VerifiedAt);
        Assert.Null(await list.Get(unverified));
        Assert.Contains(await list.List(), f => f.OrganizationId == organizationId);

        // A sweep again flags nothing new; the admin's confirmation is recorded for a curator.
        await list.Sweep();
        var admin = new Actor(NewKey("user"), "Avery Admin");
        AssertRefused(await list.RequestReverification(unverified, admin), "organizationId");
        Ok(await list.RequestReverification(organizationId, admin));
        var confirmed = (await list.Get(organizationId))!;
        Assert.Equal((admin.UserId, ClusterFixture.Clock.GetUtcNow()), (confirmed.ConfirmedById, confirmed.ConfirmedAt!.Value));

        Ok(await list.Reverify(organizationId, Curator));
        Assert.Null(await list.Get(organizationId));
        var details = (await organization.GetDetails())!;
        Assert.Equal(ClusterFixture.Clock.GetUtcNow(), details.VerifiedAt);
        Assert.Contains(await organization.GetHistory(5), h => h.Field == "verifiedAt" && h.NewValue != h.OldValue && h.ActorId == Curator.UserId);
        await list.Sweep();
        Assert.Null(await list.Get(organizationId));
    }

    [Fact]
    public async Task A_listing_verified_again_elsewhere_leaves_the_list_at_the_next_sweep()
    {
        var organizationId = await CreateOrganizationAsync(_grains);
        var organization = _grains.GetGrain<IOrganizationGrain>(organizationId);
        Ok(await organization.SetVerification(VerificationStatus.Verified, Curator));
        var list = _grains.GetGrain<IReverificationGrain>(IReverificationGrain.Key);
        ClusterFixture.Clock.Advance(TimeSpan.FromDays(366));
        await list.Sweep();
        Assert.NotNull(await list.Get(organizationId));

        Ok(await organization.SetVerification(VerificationStatus.Suspended, Curator));
        var swept = await list.Sweep();
        Assert.True(swept.Cleared >= 1);
        Assert.Null(await list.Get(organizationId));
    }
}
