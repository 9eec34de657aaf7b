using System.Collections.Immutable;
using System.Security.Claims;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Initiatives;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Web.Authorization;
using ConnectedCalifornia.Web.Identity;

namespace ConnectedCalifornia.Web.Initiatives;

/// <summary>What a curator or participant fills in for an initiative's profile.</summary>
public sealed record InitiativeForm(string? Name, string? Description, ImmutableArray<string> Counties, string? HowToHelp);

/// <summary>A goal as its form gives it: the id is made from the title for a new goal.</summary>
public sealed record GoalForm(string? Title, GoalMeasure? Measure, string? Unit, long Target, DateOnly? Deadline, bool TracksVerified);

public sealed class InitiativeService(IGrainFactory grains, NetworkAuthorizer authorizer)
{
    public Task<InitiativeDetails?> GetAsync(string initiativeId) =>
        Identifiers.IsValidKey(initiativeId) ? grains.GetGrain<IInitiativeGrain>(initiativeId).GetDetails() : Task.FromResult<InitiativeDetails?>(null);

    public async Task<IReadOnlyList<CatalogEntry>> ListAsync() =>
        [.. (await grains.GetGrain<ICatalogGrain>(GrainKeys.InitiativeCatalog).List()).OrderBy(e => e.Name, StringComparer.OrdinalIgnoreCase)];

    /// <summary>Curators create an initiative; its id is made from its name.</summary>
    public async Task<(CommandResult Result, string? Id)> CreateAsync(ClaimsPrincipal user, InitiativeForm form)
    {
        if (!await authorizer.IsAllowedAsync(user, NetworkAction.CreateInitiative))
        {
            return (CommandResult.Forbidden(), null);
        }

        var id = Identifiers.Slugify(form.Name ?? string.Empty);
        if (id.Length == 0)
        {
            return (CommandResult.Invalid("name", "Name is required (letters or digits)."), null);
        }

        var result = await grains.GetGrain<IInitiativeGrain>(id).Create(ToProfile(form), user.ToActor());
        if (!result.Succeeded && result.Errors.Any(e => e.Field == "id"))
        {
            return (CommandResult.Invalid("name", "An initiative with this name already exists: choose another name."), null);
        }

        return (result, result.Succeeded ? id : null);
    }

    /// <summary>Curators and the admins of participating organizations edit the profile.</summary>
    public Task<CommandResult> UpdateProfileAsync(ClaimsPrincipal user, string initiativeId, InitiativeForm form) =>
        authorizer.WhenAllowedAsync(user, NetworkAction.ManageInitiative, initiativeId, () =>
            grains.GetGrain<IInitiativeGrain>(initiativeId).UpdateProfile(ToProfile(form), user.ToActor()));

    public Task<CommandResult> RecordProgressAsync(ClaimsPrincipal user, string initiativeId, string goalId, long amount) =>
        RecordAsync(user, initiativeId, new GoalContribution(goalId, amount, 0, null, null));

    /// <summary>
    /// Records raw and verified progress; for an organization only by its members (curators for any),
    /// in a county of the initiative. The grain checks the goal, the amounts and that the organization takes part.
    /// </summary>
    public async Task<CommandResult> RecordAsync(ClaimsPrincipal user, string initiativeId, GoalContribution contribution)
    {
        var organizationId = string.IsNullOrWhiteSpace(contribution.OrganizationId) ? null : contribution.OrganizationId.Trim();
        var allowed = organizationId is null
            ? await authorizer.IsAllowedAsync(user, NetworkAction.RecordInitiativeProgress, initiativeId)
            : await authorizer.MayRecordProgressForAsync(user, initiativeId, organizationId);
        return allowed
            ? await grains.GetGrain<IInitiativeGrain>(initiativeId).RecordContribution(contribution with { OrganizationId = organizationId }, user.ToActor())
            : CommandResult.Forbidden();
    }

    public Task<CommandResult> SetGoalAsync(ClaimsPrincipal user, string initiativeId, InitiativeGoal goal) =>
        authorizer.WhenAllowedAsync(user, NetworkAction.ManageInitiative, initiativeId, () =>
            grains.GetGrain<IInitiativeGrain>(initiativeId).SetGoal(goal, user.ToActor()));

    /// <summary>Adds a goal (id from its title) or, with <paramref name="goalId"/>, changes one; progress is kept.</summary>
    public async Task<CommandResult> SaveGoalAsync(ClaimsPrincipal user, string initiativeId, string? goalId, GoalForm form)
    {
        var id = goalId ?? Identifiers.Slugify(form.Title ?? string.Empty);
        if (id.Length == 0)
        {
            return CommandResult.Invalid("goal.title", "The goal's title is required.");
        }

        if (form.Measure is not { } measure)
        {
            return CommandResult.Invalid("goal.measure", "Choose what the goal counts: a number or money.");
        }

        if (goalId is null && await GetAsync(initiativeId) is { } details && details.Goals.Any(g => g.Id == id))
        {
            return CommandResult.Invalid("goal.title", "This initiative already has a goal with this title.");
        }

        return await SetGoalAsync(user, initiativeId, new InitiativeGoal(id, form.Title ?? string.Empty, form.Target, 0, form.Unit ?? string.Empty)
        {
            Measure = measure,
            Deadline = form.Deadline,
            TracksVerified = form.TracksVerified,
        });
    }

    /// <summary>An organization's admins ask to join or leave; a curator decides.</summary>
    public Task<CommandResult> RequestMembershipAsync(ClaimsPrincipal user, string organizationId, string initiativeId, bool join) =>
        authorizer.WhenAllowedAsync(user, NetworkAction.RequestInitiativeMembership, organizationId, () =>
            Identifiers.IsValidKey(initiativeId)
                ? grains.GetGrain<IInitiativeGrain>(initiativeId).RequestMembership(organizationId, join, user.ToActor())
                : Task.FromResult(CommandResult.Missing("Initiative")));

    /// <summary>Curators approve or decline an organization's request.</summary>
    public Task<CommandResult> DecideRequestAsync(ClaimsPrincipal user, string initiativeId, string organizationId, bool approve) =>
        authorizer.WhenAllowedAsync(user, NetworkAction.DecideInitiativeRequests, initiativeId, () =>
            grains.GetGrain<IInitiativeGrain>(initiativeId).DecideRequest(organizationId, approve, user.ToActor()));

    /// <summary>The organizations this person administers (they may ask for them to join or leave), by id and name.</summary>
    public async Task<IReadOnlyList<(string Id, string Name)>> AdministeredOrganizationsAsync(ClaimsPrincipal user) =>
        await OrganizationsAsync(user, adminOnly: true);

    /// <summary>The organizations this person may record progress for: their own (any for curators), by id and name.</summary>
    public async Task<IReadOnlyList<(string Id, string Name)>> OrganizationsAsync(ClaimsPrincipal user, bool adminOnly = false)
    {
        if (user.UserId() is null)
        {
            return [];
        }

        var access = await authorizer.GetAccessAsync(user);
        var everyone = !adminOnly && (user.IsCurator() || user.IsSystemAdmin());
        var names = await grains.GetGrain<ICatalogGrain>(GrainKeys.OrganizationCatalog).List();
        return [.. names.Where(e => everyone || (adminOnly ? access.IsAdminOf(e.Id) : access.IsMemberOf(e.Id)))
            .OrderBy(e => e.Name, StringComparer.OrdinalIgnoreCase).Select(e => (e.Id, e.Name))];
    }

    private static InitiativeProfile ToProfile(InitiativeForm form) =>
        new(form.Name ?? string.Empty, form.Description ?? string.Empty, form.Counties.IsDefault ? [] : form.Counties) { HowToHelp = form.HowToHelp ?? string.Empty };
}
