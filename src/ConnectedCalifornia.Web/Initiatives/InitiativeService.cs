using System.Security.Claims;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Initiatives;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Web.Identity;

namespace ConnectedCalifornia.Web.Initiatives;

public sealed class InitiativeService(IGrainFactory grains, ConnectedCalifornia.Web.Authorization.NetworkAuthorizer authorizer)
{
    public Task<InitiativeDetails?> GetAsync(string initiativeId) =>
        Identifiers.IsValidKey(initiativeId) ? grains.GetGrain<IInitiativeGrain>(initiativeId).GetDetails() : Task.FromResult<InitiativeDetails?>(null);

    public async Task<IReadOnlyList<CatalogEntry>> ListAsync() =>
        [.. (await grains.GetGrain<ICatalogGrain>(GrainKeys.InitiativeCatalog).List()).OrderBy(e => e.Name, StringComparer.OrdinalIgnoreCase)];

    public Task<CommandResult> RecordProgressAsync(ClaimsPrincipal user, string initiativeId, string goalId, long amount) =>
        authorizer.WhenAllowedAsync(user, ConnectedCalifornia.Web.Authorization.NetworkAction.RecordInitiativeProgress, initiativeId, () =>
            grains.GetGrain<IInitiativeGrain>(initiativeId).RecordProgress(goalId, amount, user.ToActor()));

    public Task<CommandResult> SetGoalAsync(ClaimsPrincipal user, string initiativeId, InitiativeGoal goal) =>
        authorizer.WhenAllowedAsync(user, ConnectedCalifornia.Web.Authorization.NetworkAction.ManageInitiative, initiativeId, () =>
            grains.GetGrain<IInitiativeGrain>(initiativeId).SetGoal(goal, user.ToActor()));
}
