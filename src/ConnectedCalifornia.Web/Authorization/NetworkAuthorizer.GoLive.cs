using System.Security.Claims;
using ConnectedCalifornia.Web.Identity;

namespace ConnectedCalifornia.Web.Authorization;

// Live lists of the go-live work (issue 15).
public sealed partial class NetworkAuthorizer
{
    /// <summary>
    /// The <c>operations:&lt;organization&gt;</c> topic (the organization's operations list): its members only,
    /// and system admins; never another organization's members.
    /// </summary>
    private async Task<bool> MayFollowOperationsOfAsync(ClaimsPrincipal user, string organizationId)
    {
        if (user.UserId() is null || await AwaitsSecondFactorAsync(user))
        {
            return false;
        }

        return user.IsSystemAdmin() || (await GetAccessAsync(user)).IsMemberOf(organizationId);
    }

    /// <summary>
    /// The <c>task-force-invitations:&lt;organization&gt;</c> topic: those who answer the organization's invitations
    /// (its admins, and system admins), exactly as for reading its list of task forces; never its staff.
    /// </summary>
    private Task<bool> MayFollowTaskForceInvitationsOfAsync(ClaimsPrincipal user, string organizationId) =>
        IsAllowedAsync(user, NetworkAction.ManageOrganizationTaskForces, organizationId);
}
