using System.Security.Claims;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.TaskForces;
using ConnectedCalifornia.Web.Identity;

namespace ConnectedCalifornia.Web.TaskForces;

/// <summary>What a lead's "put this organization in" did: changed a member's role, or recorded an invitation.</summary>
public sealed record OrganizationSet(CommandResult Result, bool Invited);

public sealed class TaskForceService(IGrainFactory grains, ConnectedCalifornia.Web.Authorization.NetworkAuthorizer authorizer)
{
    public Task<TaskForceDetails?> GetAsync(string taskForceId) =>
        Identifiers.IsValidKey(taskForceId) ? grains.GetGrain<ITaskForceGrain>(taskForceId).GetDetails() : Task.FromResult<TaskForceDetails?>(null);

    public async Task<IReadOnlyList<CatalogEntry>> ListAsync() =>
        [.. (await grains.GetGrain<ICatalogGrain>(GrainKeys.TaskForceCatalog).List()).OrderBy(e => e.Name, StringComparer.OrdinalIgnoreCase)];

    /// <summary>
    /// A lead's "put this organization in the task force": the role of an organization that is a member
    /// changes; any other organization is invited instead (<see cref="OrganizationSet.Invited"/>), because an
    /// organization joins only when one of its own admins accepts.
    /// </summary>
    public async Task<OrganizationSet> SetOrganizationAsync(ClaimsPrincipal user, string taskForceId, TaskForceOrganization organization)
    {
        if (!await authorizer.IsAllowedAsync(user, ConnectedCalifornia.Web.Authorization.NetworkAction.ManageTaskForce, taskForceId))
        {
            return new OrganizationSet(CommandResult.Forbidden(), Invited: false);
        }

        if (await GetAsync(taskForceId) is not { } details)
        {
            return new OrganizationSet(CommandResult.Missing("Task force"), Invited: false);
        }

        var grain = grains.GetGrain<ITaskForceGrain>(taskForceId);
        return details.Organizations.Any(o => o.OrganizationId == organization.OrganizationId)
            ? new OrganizationSet(await grain.SetOrganization(organization, user.ToActor()), Invited: false)
            : new OrganizationSet(await grain.InviteOrganization(organization, user.ToActor()), Invited: true);
    }

    /// <summary>A curator adds an organization without its acceptance; the reason is required and recorded on both histories.</summary>
    public Task<CommandResult> AddOrganizationAsync(ClaimsPrincipal user, string taskForceId, TaskForceOrganization organization, string? reason) =>
        authorizer.WhenAllowedAsync(user, ConnectedCalifornia.Web.Authorization.NetworkAction.AddTaskForceOrganization, taskForceId, () =>
            Identifiers.IsValidKey(taskForceId)
                ? grains.GetGrain<ITaskForceGrain>(taskForceId).AddOrganization(organization, reason ?? string.Empty, user.ToActor())
                : Task.FromResult(CommandResult.Missing("Task force")));

    public Task<CommandResult> RemoveOrganizationAsync(ClaimsPrincipal user, string taskForceId, string organizationId) =>
        Manage(user, taskForceId, () => grains.GetGrain<ITaskForceGrain>(taskForceId).RemoveOrganization(organizationId, user.ToActor()));

    public Task<CommandResult> SetPersonAsync(ClaimsPrincipal user, string taskForceId, TaskForcePerson person) =>
        Manage(user, taskForceId, () => grains.GetGrain<ITaskForceGrain>(taskForceId).SetPerson(person, user.ToActor()));

    public Task<CommandResult> RemovePersonAsync(ClaimsPrincipal user, string taskForceId, string userId) =>
        Manage(user, taskForceId, () => grains.GetGrain<ITaskForceGrain>(taskForceId).RemovePerson(userId, user.ToActor()));

    /// <summary>Shares a notice with the task force: anyone who may see it asks; the grain lets only its people post.</summary>
    public Task<CommandResult> PostNoticeAsync(ClaimsPrincipal user, string taskForceId, string? text) =>
        authorizer.WhenAllowedAsync(user, ConnectedCalifornia.Web.Authorization.NetworkAction.ViewTaskForce, taskForceId,
            () => grains.GetGrain<ITaskForceGrain>(taskForceId).PostNotice(text ?? string.Empty, user.ToActor()));

    private Task<CommandResult> Manage(ClaimsPrincipal user, string taskForceId, Func<Task<CommandResult>> command) =>
        authorizer.WhenAllowedAsync(user, ConnectedCalifornia.Web.Authorization.NetworkAction.ManageTaskForce, taskForceId, command);
}
