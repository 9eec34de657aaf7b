using System.Collections.Immutable;
using System.Security.Claims;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Identity;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Operations;
using ConnectedCalifornia.TaskForces;
using ConnectedCalifornia.Web.Authorization;
using ConnectedCalifornia.Web.Directory;
using ConnectedCalifornia.Web.Identity;

namespace ConnectedCalifornia.Web.Operations;

/// <summary>
/// What the operation pages and API do. Every read and command decides with the
/// <see cref="NetworkAuthorizer"/>'s rule (<see cref="NetworkAuthorizer.OperationAccessOf"/>) on one
/// reading of the operation: a person who neither takes part in an operation nor leads its task
/// force gets nothing (null, an empty list or Forbidden), never a hint that it exists.
/// </summary>
public sealed class OperationService(IGrainFactory grains, NetworkAuthorizer authorizer, TaxonomyCache taxonomy)
{
    private IOperationGrain Grain(string operationId) => grains.GetGrain<IOperationGrain>(operationId);

    /// <summary>The operations this person may see, soonest first; of one task force when <paramref name="taskForceId"/> is given.</summary>
    public async Task<ImmutableArray<OperationListItem>> ListAsync(ClaimsPrincipal user, string? taskForceId = null)
    {
        if (user.UserId() is null)
        {
            return [];
        }

        var access = await authorizer.GetAccessAsync(user);
        var admin = user.IsSystemAdmin();
        var rows = await grains.GetGrain<IOperationIndexGrain>(OperationKeys.Index).List();
        return [.. rows
            .Where(r => taskForceId is null || r.TaskForceId == taskForceId)
            .Where(r => admin || NetworkAuthorizer.OperationAccessOf(access, r.TaskForceId, r.LeadAgencyId, r.ParticipantIds) != OperationAccess.None)
            .OrderBy(r => r.Status == OperationStatus.Closed).ThenBy(r => r.Start)
            .Select(r => new OperationListItem(r.Id, r.TaskForceId, r.Title, r.Status, r.Start, r.End, [.. r.Counties.Select(California.NameOf)], r.LeadAgencyId))];
    }

    /// <summary>The operation as this person may see it; null when it does not exist or they may not see it.</summary>
    public async Task<OperationView?> GetAsync(ClaimsPrincipal user, string operationId)
    {
        if (await ReadAsync(user, operationId) is not { } reading)
        {
            return null;
        }

        var (details, standing, mine, seesLocation, _, _) = reading;

        var names = await OrganizationNamesAsync();
        string Name(string id) => names.TryGetValue(id, out var n) ? n : id;
        var taskForce = await grains.GetGrain<ITaskForceGrain>(details.Plan.TaskForceId).GetDetails();
        var manage = standing == OperationAccess.Lead;
        return new OperationView(
            details.Id,
            details.Plan.TaskForceId,
            taskForce?.Profile.Name ?? details.Plan.TaskForceId,
            details.Plan.Title,
            details.Plan.Type,
            details.Status,
            details.Plan.Start,
            details.Plan.End,
            details.Plan.Counties,
            [.. details.Plan.Counties.Select(California.NameOf)],
            details.Plan.GeneralArea,
            seesLocation ? details.Plan.ExactLocation : null,
            details.Plan.ShareLocation,
            details.Plan.LeadAgencyId,
            Name(details.Plan.LeadAgencyId),
            [.. details.Participants.Select(p => new ParticipantView(p.OrganizationId, Name(p.OrganizationId), p.Role))],
            details.Assignments,
            [.. details.Standby.Reverse().Select(s => new StandbyView(
                s.Id,
                s.Request,
                [.. s.Request.OrganizationIds.Select(Name)],
                s.Start,
                s.End,
                s.SentAt,
                s.SentByName,
                [.. s.Replies.Select(r => new StandbyReplyView(r.OrganizationId, Name(r.OrganizationId), r.Answer.Response, r.Answer.Advocates, r.Answer.Note, r.At, r.ByName))],
                [.. s.Request.OrganizationIds.Where(o => s.Replies.All(r => r.OrganizationId != o)).Select(Name)]))],
            details.Holds,
            details.Timeline,
            details.ReferralIds.Length,
            details.ReviewItems,
            Summarize(details, await taxonomy.GetAsync()),
            manage ? details.Warnings : [],
            details.Version,
            details.UpdatedAt,
            new OperationPermissions(manage, mine, seesLocation));
    }

    /// <summary>The after-action summary with the services' current labels (<paramref name="labels"/>); counts of 1–4 are suppressed.</summary>
    public static OperationSummaryView Summarize(OperationDetails details, TaxonomyView labels)
    {
        var outcome = details.Outcome;
        return new OperationSummaryView(
            Count("People assisted", outcome?.PeopleAssisted ?? 0),
            Count("Referrals linked", details.ReferralIds.Length),
            [.. (outcome?.ServicesUsed ?? ImmutableDictionary<string, int>.Empty).OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => Count(labels.ServiceLabel(s.Key), s.Value))],
            outcome is not null);

        static SummaryCount Count(string label, int value) => new(label, SmallCounts.Shown(value), SmallCounts.Display(value));
    }

    public async Task<OperationSummaryView?> GetSummaryAsync(ClaimsPrincipal user, string operationId) =>
        await ReadAsync(user, operationId) is { } reading ? Summarize(reading.Details, await taxonomy.GetAsync()) : null;

    /// <summary>The audit history, for the people who run the operation; the exact location's values only for those who may see it.</summary>
    public async Task<ImmutableArray<ChangeRecord>?> GetHistoryAsync(ClaimsPrincipal user, string operationId, int max)
    {
        if (await ReadAsync(user, operationId) is not { Standing: OperationAccess.Lead } reading)
        {
            return null;
        }

        var history = await Grain(operationId).GetHistory(Math.Clamp(max, 1, 200));
        return reading.SeesLocation
            ? history
            : [.. history.Select(c => c.Field == ExactLocationField ? c with { OldValue = Hidden(c.OldValue), NewValue = Hidden(c.NewValue) } : c)];

        static string? Hidden(string? value) => value is null ? null : "(law-enforcement participants only)";
    }

    /// <summary>Plans a new operation of a task force; its id is made from the title.</summary>
    public async Task<(CommandResult Result, string? OperationId)> CreateAsync(ClaimsPrincipal user, string taskForceId, OperationPlanRequest request)
    {
        if (!await IsAllowed(user, NetworkAction.CreateOperation, taskForceId))
        {
            return (CommandResult.Forbidden(), null);
        }

        var slug = Identifiers.Slugify(request.Title ?? string.Empty);
        slug = slug.Length > 60 ? slug[..60].TrimEnd('-') : slug;
        var id = (slug.Length == 0 ? "operation" : slug) + "-" + Guid.NewGuid().ToString("N")[..6];
        var result = await Grain(id).Create(ToPlan(taskForceId, request), user.ToActor());
        return (result, result.Succeeded ? id : null);
    }

    /// <summary>
    /// Curators set the counties a task force plans operations in (its profile's counties): operations
    /// are planned there only, so deconfliction warns neighbours and tells no one who works elsewhere.
    /// </summary>
    public async Task<CommandResult> SetTaskForceCountiesAsync(ClaimsPrincipal user, string taskForceId, ImmutableArray<string> counties)
    {
        if (!await IsAllowed(user, NetworkAction.SetTaskForceCounties, taskForceId))
        {
            return CommandResult.Forbidden();
        }

        var grain = grains.GetGrain<ITaskForceGrain>(taskForceId);
        return await grain.GetDetails() is { } details
            ? await grain.UpdateProfile(details.Profile with { Counties = counties }, user.ToActor())
            : CommandResult.Missing("Task force");
    }

    /// <summary>
    /// Changes the plan (the people who run the operation). Someone who may not see the exact location
    /// can neither change it nor share it: the stored location and its sharing are kept.
    /// </summary>
    public async Task<CommandResult> UpdatePlanAsync(ClaimsPrincipal user, string operationId, OperationPlanRequest request)
    {
        if (await ReadAsync(user, operationId) is not { Standing: OperationAccess.Lead } reading)
        {
            return CommandResult.Forbidden();
        }

        var plan = ToPlan(reading.Details.Plan.TaskForceId, request);
        if (!reading.SeesLocation)
        {
            plan = plan with { ExactLocation = reading.Details.Plan.ExactLocation, ShareLocation = reading.Details.Plan.ShareLocation };
        }

        return await Grain(operationId).UpdatePlan(plan, user.ToActor());
    }

    public Task<CommandResult> SetStatusAsync(ClaimsPrincipal user, string operationId, OperationStatus status) =>
        WhenAsync(user, operationId, Runs, grain => grain.SetStatus(status, user.ToActor()));

    public Task<CommandResult> SetParticipantAsync(ClaimsPrincipal user, string operationId, OperationParticipant participant) =>
        WhenAsync(user, operationId, Runs, grain => grain.SetParticipant(participant, user.ToActor()));

    public Task<CommandResult> RemoveParticipantAsync(ClaimsPrincipal user, string operationId, string organizationId) =>
        WhenAsync(user, operationId, Runs, grain => grain.RemoveParticipant(organizationId, user.ToActor()));

    public Task<CommandResult> SetAssignmentAsync(ClaimsPrincipal user, string operationId, OperationAssignment assignment) =>
        WhenAsync(user, operationId, Runs, grain => grain.SetAssignment(assignment, user.ToActor()));

    public Task<CommandResult> SendStandbyAsync(ClaimsPrincipal user, string operationId, StandbyRequestBody body) =>
        WhenAsync(user, operationId, Runs, grain => grain.SendStandby(
            "standby-" + Guid.NewGuid().ToString("N")[..8],
            new StandbyRequest(body.OrganizationIds ?? [], body.ExpectedPeople, body.Ages, body.Languages ?? [], body.SafetyRisks ?? string.Empty, body.HousingNeeds ?? string.Empty),
            user.ToActor()));

    /// <summary>An organization's answer: for the members of that organization.</summary>
    public Task<CommandResult> AnswerStandbyAsync(ClaimsPrincipal user, string operationId, string requestId, string organizationId, StandbyAnswer answer) =>
        WhenAsync(user, operationId, reading => reading.ActsFor(organizationId), grain => grain.AnswerStandby(requestId, organizationId, answer, user.ToActor()));

    /// <summary>A timeline entry, posted for a participating organization the person belongs to.</summary>
    public Task<CommandResult> PostTimelineAsync(ClaimsPrincipal user, string operationId, string organizationId, string text) =>
        WhenAsync(user, operationId, reading => reading.ActsFor(organizationId), grain => grain.PostTimeline(organizationId, text, user.ToActor()));

    /// <summary>
    /// Holds a bed for the operation: the person must be allowed to hold beds of the site, and hold
    /// for an organization they belong to or, running the operation, for any participant.
    /// </summary>
    public async Task<HoldOutcome> PlaceHoldAsync(ClaimsPrincipal user, string operationId, string siteId, string category, string holderOrganizationId)
    {
        if (await ReadAsync(user, operationId) is not { } reading
            || !(Runs(reading) || reading.ActsFor(holderOrganizationId))
            || !await authorizer.IsAllowedAsync(user, NetworkAction.HoldCapacity, siteId))
        {
            return new HoldOutcome(CommandResult.Forbidden());
        }

        return await Grain(operationId).PlaceHold(siteId, category ?? string.Empty, holderOrganizationId, user.ToActor());
    }

    /// <summary>
    /// Links a referral made during the operation: for anyone who takes part, and only a referral that one
    /// of their participating organizations sent or received (the grain checks). (The referrals feature calls the grain directly.)
    /// </summary>
    public async Task<CommandResult> LinkReferralAsync(ClaimsPrincipal user, string operationId, string referralId) =>
        await ReadAsync(user, operationId) is { } reading
            ? await Grain(operationId).LinkReferral(referralId, reading.Mine, user.ToActor())
            : CommandResult.Forbidden();

    public Task<CommandResult> SetReviewItemAsync(ClaimsPrincipal user, string operationId, ReviewItem item) =>
        WhenAsync(user, operationId, Runs, grain => grain.SetReviewItem(item, user.ToActor()));

    public Task<CommandResult> RecordOutcomeAsync(ClaimsPrincipal user, string operationId, OperationOutcome outcome) =>
        WhenAsync(user, operationId, Runs, grain => grain.RecordOutcome(outcome, user.ToActor()));

    /// <summary>Names of all organizations by id (for the pickers and the page).</summary>
    /// <summary>The organizations of a task force a standby request may go to: victim services by their category (<see cref="VictimServiceKinds"/>).</summary>
    public async Task<ImmutableArray<(string Id, string Name)>> VictimServiceOrganizationsAsync(TaskForceDetails taskForce)
    {
        var catalog = (await grains.GetGrain<ICatalogGrain>(GrainKeys.OrganizationCatalog).List()).ToDictionary(e => e.Id);
        return [.. taskForce.Organizations
            .Select(o => catalog.GetValueOrDefault(o.OrganizationId))
            .OfType<CatalogEntry>()
            .Where(e => VictimServiceKinds.Includes(e.Category))
            .OrderBy(e => e.Name, StringComparer.OrdinalIgnoreCase)
            .Select(e => (e.Id, e.Name))];
    }

    public async Task<ImmutableDictionary<string, string>> OrganizationNamesAsync() =>
        (await grains.GetGrain<ICatalogGrain>(GrainKeys.OrganizationCatalog).List()).ToImmutableDictionary(e => e.Id, e => e.Name);

    /// <summary>
    /// Reads the operation once and decides how this person stands to it (the authorizer's own rule,
    /// <see cref="NetworkAuthorizer.OperationAccessOf"/>); null when it is missing or they have no standing.
    /// </summary>
    private async Task<Reading?> ReadAsync(ClaimsPrincipal user, string operationId)
    {
        if (!Identifiers.IsValidKey(operationId) || user.UserId() is null || await Grain(operationId).GetDetails() is not { } details)
        {
            return null;
        }

        var access = await authorizer.GetAccessAsync(user);
        var admin = user.IsSystemAdmin();
        var standing = admin ? OperationAccess.Lead : NetworkAuthorizer.OperationAccessOf(access, details.Plan.TaskForceId, details.Plan.LeadAgencyId, details.Participants.Select(p => p.OrganizationId));
        if (standing == OperationAccess.None)
        {
            return null;
        }

        var mine = details.Participants.Select(p => p.OrganizationId).Where(o => admin || access.IsMemberOf(o)).ToImmutableArray();
        return new Reading(details, standing, mine, details.Plan.ShareLocation || admin || mine.Any(details.IsLawEnforcement), access, admin);
    }

    /// <summary>
    /// Runs a command of the operation when the person's standing allows it (<paramref name="allowed"/>);
    /// the operation is read once for the decision, and nothing changes when it is refused.
    /// </summary>
    private async Task<CommandResult> WhenAsync(ClaimsPrincipal user, string operationId, Func<Reading, bool> allowed, Func<IOperationGrain, Task<CommandResult>> command) =>
        await ReadAsync(user, operationId) is { } reading && allowed(reading)
            ? await command(Grain(operationId))
            : CommandResult.Forbidden();

    /// <summary>The people who run the operation: its lead agency's members and its task force's leads (and system admins).</summary>
    private static bool Runs(Reading reading) => reading.Standing == OperationAccess.Lead;

    private Task<bool> IsAllowed(ClaimsPrincipal user, NetworkAction action, string id) =>
        Identifiers.IsValidKey(id) ? authorizer.IsAllowedAsync(user, action, id) : Task.FromResult(false);

    private const string ExactLocationField = "exactLocation";

    /// <param name="Mine">The participating organizations the person belongs to.</param>
    /// <param name="SeesLocation">Whether the person may see the exact location (law enforcement in it, shared, or a system admin).</param>
    private sealed record Reading(OperationDetails Details, OperationAccess Standing, ImmutableArray<string> Mine, bool SeesLocation, UserMemberships Access, bool Admin)
    {
        /// <summary>Acts for an organization: a member of it (a system admin for any). The grain checks that it takes part.</summary>
        public bool ActsFor(string? organizationId) => Admin || Access.IsMemberOf(organizationId ?? string.Empty);
    }

    private static OperationPlan ToPlan(string taskForceId, OperationPlanRequest request) => new(
        taskForceId,
        request.Title ?? string.Empty,
        request.Type,
        request.Start,
        request.End,
        request.Counties ?? [],
        request.GeneralArea ?? string.Empty,
        request.ExactLocation,
        request.ShareLocation,
        request.LeadAgencyId ?? string.Empty);
}
