using System.Collections.Immutable;
using System.Security.Claims;
using ConnectedCalifornia.Capacity;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Identity;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Referrals;
using ConnectedCalifornia.Web.Authorization;
using ConnectedCalifornia.Web.Capacity;
using ConnectedCalifornia.Web.Identity;

namespace ConnectedCalifornia.Web.Referrals;

/// <summary>
/// What the referral pages and API do. Every call is authorized here by the one
/// <see cref="NetworkAuthorizer"/> (pages call this service directly), and every command names the
/// organization the person acts for, which the grain checks against the side that owns the step.
/// </summary>
public sealed class ReferralService(IGrainFactory grains, NetworkAuthorizer authorizer)
{
    private ICapacityIndexGrain Capacity => grains.GetGrain<ICapacityIndexGrain>(GrainKeys.CapacityIndex);

    /// <summary>The organizations this person belongs to (their inboxes and outboxes).</summary>
    public async Task<ImmutableArray<OrganizationChoice>> MyOrganizationsAsync(ClaimsPrincipal user)
    {
        var access = await authorizer.GetAccessAsync(user);
        if (access.Organizations.IsEmpty)
        {
            return [];
        }

        var entries = await grains.GetGrain<ICatalogGrain>(GrainKeys.OrganizationCatalog).List();
        return [.. entries.Where(e => access.IsMemberOf(e.Id)).Select(e => new OrganizationChoice(e.Id, e.Name)).OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>Organizations a referral can go to: everyone else in the network (the capacity check and the grain tell whether one accepts referrals now).</summary>
    public async Task<ImmutableArray<OrganizationChoice>> RecipientsAsync(string fromOrganizationId)
    {
        var entries = await grains.GetGrain<ICatalogGrain>(GrainKeys.OrganizationCatalog).List();
        return [.. entries.Where(e => e.Id != fromOrganizationId).Select(e => new OrganizationChoice(e.Id, e.Name)).OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>The organization's inbox (received) or outbox (sent), newest first; null when the person may not see it.</summary>
    public async Task<ImmutableArray<ReferralSummary>?> ListAsync(ClaimsPrincipal user, string organizationId, bool inbox)
    {
        if (!Identifiers.IsValidKey(organizationId) || !await authorizer.IsAllowedAsync(user, NetworkAction.ViewReferrals, organizationId))
        {
            return null;
        }

        return await grains.GetGrain<IReferralIndexGrain>(organizationId).List(inbox);
    }

    /// <summary>
    /// Whether the receiver has capacity, per category, from the live bed board: yes (available
    /// now), waitlist (it offers the category but none is free, or the count is stale) or no (it
    /// does not offer it). Site names are not shown: a confidential shelter stays confidential.
    /// </summary>
    public async Task<CapacityCheck?> CheckCapacityAsync(ClaimsPrincipal user, string fromOrganizationId, string toOrganizationId)
    {
        if (!await authorizer.IsAllowedAsync(user, NetworkAction.SendReferral, fromOrganizationId)
            || !Identifiers.IsValidKey(toOrganizationId)
            || await grains.GetGrain<IOrganizationGrain>(toOrganizationId).GetDetails() is not { } to)
        {
            return null;
        }

        var rows = (await Capacity.GetSitesOf([toOrganizationId])).ToList();
        var categories = CapacityCategories.All.Select(category =>
        {
            var counts = rows.SelectMany(r => r.Categories).Where(c => c.Category == category).ToList();
            var available = counts.Sum(c => c.AvailableNow);
            var answer = counts.Count == 0 ? CapacityAnswer.No : available > 0 ? CapacityAnswer.Yes : CapacityAnswer.Waitlist;
            return new CategoryCheck(category, CapacityCategories.LabelOf(category), answer, available, counts.Any(c => c.IsStale));
        });
        return new CapacityCheck(toOrganizationId, to.Profile.Name, to.Profile.AcceptingReferrals, [.. categories]);
    }

    /// <summary>Sends a referral from <paramref name="fromOrganizationId"/>, which the person must belong to.</summary>
    public async Task<SendResult> SendAsync(ClaimsPrincipal user, string fromOrganizationId, SendReferralRequest request)
    {
        var access = await authorizer.GetAccessAsync(user);
        if (!access.IsMemberOf(fromOrganizationId ?? string.Empty))
        {
            return new SendResult(CommandResult.Forbidden(), null);
        }

        var draft = new ReferralDraft(
            fromOrganizationId!,
            request.ToOrganizationId ?? string.Empty,
            [.. request.Services ?? []],
            request.AgeBracket,
            request.Gender,
            request.Language ?? string.Empty,
            request.County ?? string.Empty,
            request.Needs,
            request.Urgency,
            request.SafetyNotes,
            request.HoldCategory);
        // A referral made during a task-force operation is linked to it; only an operation the sender takes part in.
        var operationId = string.IsNullOrWhiteSpace(request.OperationId) ? null : request.OperationId.Trim();
        if (operationId is not null && !await authorizer.IsAllowedAsync(user, NetworkAction.ViewOperation, operationId))
        {
            return new SendResult(CommandResult.Invalid("operationId", "No operation you take part in has this id."), null);
        }

        var id = ReferralKeys.NewId();
        var result = await grains.GetGrain<IReferralGrain>(id).Send(draft, new ReferralActor(user.ToActor(), fromOrganizationId!));
        if (result.Succeeded && operationId is not null)
        {
            await grains.GetGrain<ConnectedCalifornia.Operations.IOperationGrain>(operationId).LinkReferral(id, [fromOrganizationId!], user.ToActor());
        }

        return new SendResult(result, result.Succeeded ? id : null);
    }

    /// <summary>The referral as the person's side sees it (the read is audited); null when unknown or not theirs to see.</summary>
    public async Task<ReferralRecord?> GetAsync(ClaimsPrincipal user, string referralId)
    {
        if (await ReaderAsync(user, referralId, NetworkAction.ViewReferral, preferred: ReferralSide.Sender) is not { } reader)
        {
            return null;
        }

        return await grains.GetGrain<IReferralGrain>(referralId).Read(reader);
    }

    public async Task<CommandResult> TransitionAsync(ClaimsPrincipal user, string referralId, ReferralTransition transition)
    {
        var preferred = ReferralVocabulary.Owner(transition.To) == ReferralSide.Sender ? ReferralSide.Sender : ReferralSide.Receiver;
        return await ActAsync(user, referralId, preferred, (grain, actor) => grain.Transition(transition, actor));
    }

    public Task<CommandResult> RecordConsentAsync(ClaimsPrincipal user, string referralId, ConsentDraft consent) =>
        ActAsync(user, referralId, ReferralSide.Sender, (grain, actor) => grain.RecordConsent(consent, actor));

    public Task<CommandResult> RevokeConsentAsync(ClaimsPrincipal user, string referralId) =>
        ActAsync(user, referralId, ReferralSide.Receiver, (grain, actor) => grain.RevokeConsent(actor));

    public Task<CommandResult> AddNoteAsync(ClaimsPrincipal user, string referralId, string text) =>
        ActAsync(user, referralId, ReferralSide.Sender, (grain, actor) => grain.AddNote(text ?? string.Empty, actor));

    /// <summary>The audit log with the result of verifying its hash chain; null unless the person is an admin of either organization.</summary>
    public async Task<AuditView?> GetAuditAsync(ClaimsPrincipal user, string referralId)
    {
        if (await ReaderAsync(user, referralId, NetworkAction.ViewReferralAudit, preferred: ReferralSide.Sender) is not { } reader)
        {
            return null;
        }

        var entries = await grains.GetGrain<IReferralGrain>(referralId).ReadAudit(reader);
        var broken = ReferralAuditChain.Verify(referralId, entries);
        return new AuditView(entries, broken is null, broken);
    }

    public async Task<ReferralStatistics?> GetStatisticsAsync(ClaimsPrincipal user) =>
        await authorizer.IsAllowedAsync(user, NetworkAction.ViewReferralStatistics)
            ? await grains.GetGrain<IReferralIndexGrain>(ReferralKeys.Registry).GetStatistics()
            : null;

    /// <summary>May this person send referrals from the organization (a member of it)?</summary>
    public async Task<bool> MaySendAsync(ClaimsPrincipal user, string fromOrganizationId) =>
        (await authorizer.GetAccessAsync(user)).IsMemberOf(fromOrganizationId ?? string.Empty);

    /// <summary>May this person act on the referral (a member of one of its organizations)?</summary>
    public async Task<bool> MayActAsync(ClaimsPrincipal user, string referralId) =>
        Identifiers.IsValidKey(referralId)
        && await authorizer.IsAllowedAsync(user, NetworkAction.ActOnReferral, referralId)
        && await SideOrgAsync(user, referralId, ReferralSide.Sender) is not null;

    /// <summary>
    /// What this person may do on the referral page, given the record they just read: they act when
    /// they read it for one of its organizations (the same membership <see cref="ActAsync"/> requires,
    /// so the parties are not read again); the audit takes its own decision.
    /// </summary>
    public async Task<ReferralPermissions> PermissionsAsync(ClaimsPrincipal user, ReferralRecord record) => new(
        record.ReaderSide != ReferralSide.None,
        await authorizer.IsAllowedAsync(user, NetworkAction.ViewReferralAudit, record.Id));

    private async Task<CommandResult> ActAsync(ClaimsPrincipal user, string referralId, ReferralSide preferred, Func<IReferralGrain, ReferralActor, Task<CommandResult>> command)
    {
        if (!Identifiers.IsValidKey(referralId))
        {
            return CommandResult.Missing("Referral");
        }

        if (!await authorizer.IsAllowedAsync(user, NetworkAction.ActOnReferral, referralId))
        {
            return await grains.GetGrain<IReferralGrain>(referralId).GetParties() is null ? CommandResult.Missing("Referral") : CommandResult.Forbidden();
        }

        // Only members act: a system admin who belongs to neither organization is refused by the grain's side check too.
        if (await SideOrgAsync(user, referralId, preferred) is not { } organizationId)
        {
            return CommandResult.Forbidden();
        }

        return await command(grains.GetGrain<IReferralGrain>(referralId), new ReferralActor(user.ToActor(), organizationId));
    }

    private async Task<ReferralActor?> ReaderAsync(ClaimsPrincipal user, string referralId, NetworkAction action, ReferralSide preferred)
    {
        if (!Identifiers.IsValidKey(referralId) || !await authorizer.IsAllowedAsync(user, action, referralId))
        {
            return null;
        }

        // A reader who belongs to neither side (a system admin) reads as nobody's: the record without the person's details.
        return new ReferralActor(user.ToActor(), await SideOrgAsync(user, referralId, preferred) ?? string.Empty);
    }

    /// <summary>The organization the person acts for on this referral: the preferred side's when they belong to it, else the other's; null for neither.</summary>
    private async Task<string?> SideOrgAsync(ClaimsPrincipal user, string referralId, ReferralSide preferred)
    {
        if (await grains.GetGrain<IReferralGrain>(referralId).GetParties() is not { } parties)
        {
            return null;
        }

        var access = await authorizer.GetAccessAsync(user);
        var (first, second) = preferred == ReferralSide.Receiver
            ? (parties.ToOrganizationId, parties.FromOrganizationId)
            : (parties.FromOrganizationId, parties.ToOrganizationId);
        return access.IsMemberOf(first) ? first : access.IsMemberOf(second) ? second : null;
    }
}

public enum CapacityAnswer
{
    Yes,
    Waitlist,
    No,
}

public sealed record CategoryCheck(string Category, string Label, CapacityAnswer Answer, int AvailableNow, bool Stale);

public sealed record CapacityCheck(string OrganizationId, string OrganizationName, bool AcceptingReferrals, ImmutableArray<CategoryCheck> Categories);

/// <summary>A referral as the API and the form take it: no name, no contact.</summary>
public sealed record SendReferralRequest(
    string? ToOrganizationId,
    IReadOnlyList<string>? Services,
    AgeBracket AgeBracket,
    string? Gender,
    string? Language,
    string? County,
    string? Needs,
    ReferralUrgency Urgency,
    string? SafetyNotes,
    string? HoldCategory,
    string? OperationId = null);

public sealed record SendResult(CommandResult Result, string? ReferralId);

public sealed record AuditView(ImmutableArray<ReferralAuditEntry> Entries, bool Intact, int? FirstBrokenIndex);

public sealed record ReferralPermissions(bool Act, bool ViewAudit);
