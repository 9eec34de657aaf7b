using System.Security.Claims;
using ConnectedCalifornia.Identity;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.TaskForces;
using ConnectedCalifornia.Web.Identity;

namespace ConnectedCalifornia.Web.Authorization;

/// <summary>Task forces and initiatives set up through the product: the rules that need a read of the task force or initiative.</summary>
public sealed partial class NetworkAuthorizer
{
    /// <summary>
    /// Admins of a member organization see their task force: the organization accepted (or a curator added
    /// it), and the admins are the ones who answer for its membership. Its staff see it once a lead adds
    /// them to the task force's people.
    /// </summary>
    private async Task<bool> AdministersMemberOrganizationAsync(UserMemberships access, string taskForceId)
    {
        if (!Identifiers.IsValidKey(taskForceId) || !access.Organizations.Values.Contains(ConnectedCalifornia.Directory.OrganizationRole.Admin))
        {
            return false;
        }

        return await Grains.GetGrain<ITaskForceGrain>(taskForceId).GetDetails() is { } details
            && details.Organizations.Any(o => access.IsAdminOf(o.OrganizationId));
    }

    /// <summary>
    /// Who follows a task force's topic live: its people and curators (and system admins). Admins of a
    /// member organization see the page but do not hear its topic, which also carries the task force's
    /// members-only events (see calendars.md): whoever may join a topic may read what it announces.
    /// </summary>
    private async Task<bool> MayFollowTaskForceAsync(ClaimsPrincipal user, string taskForceId) =>
        await IsAllowedAsync(user, NetworkAction.ViewTaskForce, taskForceId)
        && (user.IsSystemAdmin() || user.IsCurator() || (await GetAccessAsync(user)).IsInTaskForce(taskForceId));

    /// <summary>
    /// May this person record an initiative's progress for this organization? Curators (and system admins)
    /// for any participating organization; anyone else only for an organization they are a member of.
    /// The grain checks that the organization takes part.
    /// </summary>
    public async Task<bool> MayRecordProgressForAsync(ClaimsPrincipal user, string initiativeId, string organizationId)
    {
        if (!await IsAllowedAsync(user, NetworkAction.RecordInitiativeProgress, initiativeId))
        {
            return false;
        }

        return user.IsSystemAdmin() || user.IsCurator() || (await GetAccessAsync(user)).IsMemberOf(organizationId);
    }
}
