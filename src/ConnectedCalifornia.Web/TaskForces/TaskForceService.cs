using System.Security.Claims;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.TaskForces;
using ConnectedCalifornia.Web.Identity;

namespace ConnectedCalifornia.Web.TaskForces;

public sealed class TaskForceService(IGrainFactory grains, ConnectedCalifornia.Web.Authorization.NetworkAuthorizer authorizer)
{
    public Task<TaskForceDetails?> GetAsync(string taskForceId) =>
        Identifiers.IsValidKey(taskForceId) ? grains.GetGrain<ITaskForceGrain>(taskForceId).GetDetails() : Task.FromResult<TaskForceDetails?>(null);

    public async Task<IReadOnlyList<CatalogEntry>> ListAsync() =>
        [.. (await grains.GetGrain<ICatalogGrain>(GrainKeys.TaskForceCatalog).List()).OrderBy(e => e.Name, StringComparer.OrdinalIgnoreCase)];

    public Task<CommandResult> SetOrganizationAsync(ClaimsPrincipal user, string taskForceId, TaskForceOrganization organization) =>
        Manage(user, taskForceId, () => grains.GetGrain<ITaskForceGrain>(taskForceId).SetOrganization(organization, user.ToActor()));

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
