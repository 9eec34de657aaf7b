using System.Security.Claims;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.TaskForces;
using ConnectedCalifornia.Web.Identity;

namespace ConnectedCalifornia.Web.TaskForces;

public sealed class TaskForceService(IGrainFactory grains)
{
    public Task<TaskForceDetails?> GetAsync(string taskForceId) =>
        Identifiers.IsValidKey(taskForceId) ? grains.GetGrain<ITaskForceGrain>(taskForceId).GetDetails() : Task.FromResult<TaskForceDetails?>(null);

    public async Task<IReadOnlyList<CatalogEntry>> ListAsync() =>
        [.. (await grains.GetGrain<ICatalogGrain>(GrainKeys.TaskForceCatalog).List()).OrderBy(e => e.Name, StringComparer.OrdinalIgnoreCase)];

    public Task<CommandResult> SetOrganizationAsync(ClaimsPrincipal user, string taskForceId, TaskForceOrganization organization) =>
        grains.GetGrain<ITaskForceGrain>(taskForceId).SetOrganization(organization, user.ToActor());

    public Task<CommandResult> RemoveOrganizationAsync(ClaimsPrincipal user, string taskForceId, string organizationId) =>
        grains.GetGrain<ITaskForceGrain>(taskForceId).RemoveOrganization(organizationId, user.ToActor());

    public Task<CommandResult> SetPersonAsync(ClaimsPrincipal user, string taskForceId, TaskForcePerson person) =>
        grains.GetGrain<ITaskForceGrain>(taskForceId).SetPerson(person, user.ToActor());

    public Task<CommandResult> RemovePersonAsync(ClaimsPrincipal user, string taskForceId, string userId) =>
        grains.GetGrain<ITaskForceGrain>(taskForceId).RemovePerson(userId, user.ToActor());
}
