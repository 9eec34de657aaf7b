using System.Collections.Immutable;
using System.Security.Claims;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Web.Authorization;
using ConnectedCalifornia.Web.Identity;

namespace ConnectedCalifornia.Web.Directory;

/// <summary>An application or claim submitted: its id, to follow it.</summary>
public sealed record SubmittedJoinRequest(string Id, CommandResult Result);

/// <summary>
/// What pages and the API do with applications to join, claims of listings and re-verification.
/// Every command is authorized here through <see cref="NetworkAuthorizer"/>; the grains hold the rules.
/// </summary>
public sealed class JoiningService(IGrainFactory grains, NetworkAuthorizer authorizer, JoinStatusLinks statusLinks, AccountLinks accounts)
{
    private IJoinRequestQueueGrain Queue => grains.GetGrain<IJoinRequestQueueGrain>(JoinRequestKeys.Queue);

    private IReverificationGrain Reverification => grains.GetGrain<IReverificationGrain>(IReverificationGrain.Key);

    /// <summary>Applies for a new organization; without an id, the id is made from the name.</summary>
    public async Task<SubmittedJoinRequest> ApplyAsync(ClaimsPrincipal user, string? organizationId, OrganizationProfile profile, string? note)
    {
        var id = JoinRequestKeys.NewApplication();
        var result = await authorizer.WhenAllowedAsync(user, NetworkAction.SubmitJoinRequest, null, () =>
        {
            var normalized = OrganizationService.Normalize(profile);
            var key = string.IsNullOrWhiteSpace(organizationId) ? Identifiers.Slugify(normalized.Name) : organizationId.Trim();
            if (key.Length == 0)
            {
                return Task.FromResult(CommandResult.Invalid("name", "The organization's name is required (with letters or digits: it also makes the listing's address)."));
            }

            return grains.GetGrain<IJoinRequestGrain>(id).SubmitApplication(key, normalized, note ?? string.Empty, user.ToActor());
        });
        return new SubmittedJoinRequest(id, result);
    }

    /// <summary>
    /// Applies without an account: the organization's profile and the applicant's own name and e-mail address.
    /// The application waits until the applicant confirms the address from the message sent to it (with the
    /// private link to follow it); the answer is the same whether or not the address has an account.
    /// </summary>
    public async Task<SubmittedJoinRequest> ApplyWithoutAccountAsync(OrganizationProfile profile, string? note, string? applicantName, string? applicantEmail)
    {
        var id = JoinRequestKeys.NewApplication();
        var normalized = OrganizationService.Normalize(profile);
        var key = Identifiers.Slugify(normalized.Name);
        var result = key.Length == 0
            ? CommandResult.Invalid("name", "The organization's name is required (with letters or digits: it also makes the listing's address).")
            : await grains.GetGrain<IJoinRequestGrain>(id).SubmitPublicApplication(key, normalized, note ?? string.Empty, applicantName ?? string.Empty, applicantEmail ?? string.Empty,
                System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "es" ? "es" : null);
        return new SubmittedJoinRequest(id, result);
    }

    /// <summary>An application made without an account, by its private link; null for a link that is not one.</summary>
    public async Task<JoinRequestDetails?> GetByLinkAsync(string? token) =>
        statusLinks.RequestIdOf(token) is { } id && await grains.GetGrain<IJoinRequestGrain>(id).GetDetails() is { IsPublic: true } details ? details : null;

    /// <summary>The applicant opened their private link and confirms their address: the application goes to the curators.</summary>
    public async Task<CommandResult> ConfirmByLinkAsync(string? token) =>
        await GetByLinkAsync(token) is { } details
            ? await grains.GetGrain<IJoinRequestGrain>(details.Id).ConfirmApplicantEmail()
            : CommandResult.Missing("The application");

    /// <summary>The applicant without an account answers the curators' request for changes from their private link.</summary>
    public async Task<CommandResult> ResubmitByLinkAsync(string? token, OrganizationProfile? profile, string? note) =>
        await GetByLinkAsync(token) is { } details
            ? await grains.GetGrain<IJoinRequestGrain>(details.Id).ResubmitPublic(profile is null ? null : OrganizationService.Normalize(profile), note ?? string.Empty)
            : CommandResult.Missing("The application");

    /// <summary>The applicant without an account withdraws the application from their private link; the link then only shows it.</summary>
    public async Task<CommandResult> WithdrawByLinkAsync(string? token) =>
        await GetByLinkAsync(token) is { } details
            ? await grains.GetGrain<IJoinRequestGrain>(details.Id).WithdrawPublic()
            : CommandResult.Missing("The application");

    public async Task<SubmittedJoinRequest> ClaimAsync(ClaimsPrincipal user, string organizationId, string? note)
    {
        if (user.UserId() is not { } userId || !Identifiers.IsValidKey(organizationId))
        {
            return new SubmittedJoinRequest(string.Empty, user.UserId() is null ? CommandResult.Forbidden() : CommandResult.Missing("The listing"));
        }

        var id = JoinRequestKeys.Claim(organizationId, userId);
        var result = await authorizer.WhenAllowedAsync(user, NetworkAction.ClaimOrganization, organizationId, () =>
            grains.GetGrain<IJoinRequestGrain>(id).SubmitClaim(organizationId, note ?? string.Empty, user.ToActor()));
        return new SubmittedJoinRequest(id, result);
    }

    public Task<CommandResult> ResubmitAsync(ClaimsPrincipal user, string requestId, OrganizationProfile? profile, string? note) =>
        authorizer.WhenAllowedAsync(user, NetworkAction.SubmitJoinRequest, null, () =>
            JoinRequestKeys.IsValid(requestId)
                ? grains.GetGrain<IJoinRequestGrain>(requestId).Resubmit(profile is null ? null : OrganizationService.Normalize(profile), note ?? string.Empty, user.ToActor())
                : Task.FromResult(CommandResult.Missing("The request")));

    /// <summary>The person's own applications and claims, newest first.</summary>
    public async Task<ImmutableArray<JoinRequestSummary>> MineAsync(ClaimsPrincipal user) =>
        user.UserId() is { } userId && await authorizer.IsAllowedAsync(user, NetworkAction.SubmitJoinRequest)
            ? await Queue.ListByApplicant(userId)
            : [];

    /// <summary>One request, whole: for its applicant and for curators; null for anyone else.</summary>
    public async Task<JoinRequestDetails?> GetAsync(ClaimsPrincipal user, string requestId)
    {
        if (!JoinRequestKeys.IsValid(requestId) || user.UserId() is not { } userId)
        {
            return null;
        }

        var details = await grains.GetGrain<IJoinRequestGrain>(requestId).GetDetails();
        return details is not null && (details.ApplicantId == userId || await authorizer.IsAllowedAsync(user, NetworkAction.ReviewJoinRequests))
            ? details
            : null;
    }

    /// <summary>Open requests for curators, oldest first (empty for anyone else).</summary>
    public async Task<ImmutableArray<JoinRequestSummary>> OpenAsync(ClaimsPrincipal user) =>
        await authorizer.IsAllowedAsync(user, NetworkAction.ReviewJoinRequests) ? await Queue.ListOpen() : [];

    public async Task<ImmutableArray<ChangeRecord>> HistoryAsync(ClaimsPrincipal user, string requestId, int max) =>
        await GetAsync(user, requestId) is not null ? await grains.GetGrain<IJoinRequestGrain>(requestId).GetHistory(max) : [];

    /// <summary>
    /// A curator decides. Approving an application made without an account first finds the account of the
    /// applicant's address, or creates it (unconfirmed, without a password: the approval message carries the
    /// one-time link to set it up), so an address never gets a second account.
    /// </summary>
    public Task<CommandResult> DecideAsync(ClaimsPrincipal user, string requestId, JoinDecision decision, string? reason) =>
        authorizer.WhenAllowedAsync(user, NetworkAction.ReviewJoinRequests, null, async () =>
        {
            if (!JoinRequestKeys.IsValid(requestId))
            {
                return CommandResult.Missing("The request");
            }

            var request = grains.GetGrain<IJoinRequestGrain>(requestId);
            string? accountId = null;
            if (await request.GetDetails() is { IsOpen: true, IsPublic: true, ApplicantId.Length: 0, ApplicantEmail: { } email } details && user.UserId() != null)
            {
                // Any decision needs the address's account to see whether it is the curator's own (a curator never
                // decides their own application); only approving creates one.
                accountId = decision == JoinDecision.Approve
                    ? (await accounts.EnsureAccountAsync(email, details.ApplicantName)).Id
                    : await accounts.AccountIdOfAsync(email);
            }

            return await request.DecideWithAccount(decision, reason, user.ToActor(), accountId);
        });

    /// <summary>Listings due for re-verification, for curators (empty for anyone else).</summary>
    public async Task<ImmutableArray<StaleListing>> StaleAsync(ClaimsPrincipal user) =>
        await authorizer.IsAllowedAsync(user, NetworkAction.ReverifyListings) ? await Reverification.List() : [];

    /// <summary>The re-verification flag of one listing, for its admins and curators; null when not due (or not theirs to see).</summary>
    public async Task<StaleListing?> StaleFlagAsync(ClaimsPrincipal user, string organizationId) =>
        Identifiers.IsValidKey(organizationId)
            && (await authorizer.IsAllowedAsync(user, NetworkAction.RequestReverification, organizationId) || await authorizer.IsAllowedAsync(user, NetworkAction.ReverifyListings))
            ? await Reverification.Get(organizationId)
            : null;

    public Task<CommandResult> RequestReverificationAsync(ClaimsPrincipal user, string organizationId) =>
        authorizer.WhenAllowedAsync(user, NetworkAction.RequestReverification, organizationId, () =>
            Reverification.RequestReverification(organizationId, user.ToActor()));

    public Task<CommandResult> ReverifyAsync(ClaimsPrincipal user, string organizationId) =>
        authorizer.WhenAllowedAsync(user, NetworkAction.ReverifyListings, null, () =>
            Reverification.Reverify(organizationId, user.ToActor()));

    /// <summary>Whether the listing can be claimed: it exists and has no admin.</summary>
    public async Task<bool> IsClaimableAsync(string organizationId) =>
        Identifiers.IsValidKey(organizationId)
        && await grains.GetGrain<IOrganizationGrain>(organizationId).GetDetails() is { } details
        && !details.Members.Any(m => m.Role == OrganizationRole.Admin);
}
