using System.Collections.Immutable;
using System.Security.Claims;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Identity;
using ConnectedCalifornia.TaskForces;
using ConnectedCalifornia.Web.Identity;

namespace ConnectedCalifornia.Web.Authorization;

/// <summary>The counties whose coverage a person may see: the whole state, or a task-force lead's counties.</summary>
public sealed record CoverageScope(bool Statewide, ImmutableHashSet<string> Counties)
{
    public static CoverageScope State { get; } = new(true, [.. California.Counties.Select(c => c.Fips)]);
}

/// <summary>Network intelligence (issue 20): who sees which counties' coverage and gaps.</summary>
public sealed partial class NetworkAuthorizer
{
    /// <summary>Leads of any task force see coverage (of their task forces' counties).</summary>
    private static bool LeadsATaskForce(UserMemberships access) => access.TaskForces.Values.Any(r => r == TaskForceRole.Lead);

    /// <summary>
    /// The counties of coverage and gaps this person sees: curators and system admins the whole state; a
    /// task-force lead the counties of the task forces they lead (their profiles' counties); null for anyone else.
    /// </summary>
    public Task<CoverageScope?> CoverageScopeAsync(ClaimsPrincipal user) => InsightsScopeAsync(user, NetworkAction.ViewCoverage);

    /// <summary>
    /// The counties of an insights view (<paramref name="action"/>: coverage, referral outcomes) this person sees:
    /// curators and system admins the whole state; a task-force lead the counties of the task forces they lead;
    /// null for anyone the action is not allowed.
    /// </summary>
    public async Task<CoverageScope?> InsightsScopeAsync(ClaimsPrincipal user, NetworkAction action)
    {
        if (!await IsAllowedAsync(user, action))
        {
            return null;
        }

        if (user.IsSystemAdmin() || user.IsCurator())
        {
            return CoverageScope.State;
        }

        var led = (await GetAccessAsync(user)).TaskForces.Where(t => t.Value == TaskForceRole.Lead).Select(t => t.Key);
        var details = await Task.WhenAll(led.Select(id => Grains.GetGrain<ITaskForceGrain>(id).GetDetails()));
        var counties = details.OfType<TaskForceDetails>().SelectMany(d => d.Profile.Counties).Where(California.IsCounty);
        return new CoverageScope(false, [.. counties]);
    }
}
