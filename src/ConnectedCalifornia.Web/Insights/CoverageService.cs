using System.Security.Claims;
using ConnectedCalifornia.Web.Authorization;

namespace ConnectedCalifornia.Web.Insights;

/// <summary>What the coverage page and API show to one person: the statewide model reduced to the counties <see cref="NetworkAuthorizer.CoverageScopeAsync"/> allows.</summary>
public sealed class CoverageService(CoverageIndex index, NetworkAuthorizer authorizer)
{
    /// <summary>The counties this person may see (null when they may not see coverage at all).</summary>
    public Task<CoverageScope?> ScopeAsync(ClaimsPrincipal user) => authorizer.CoverageScopeAsync(user);

    /// <summary>The coverage of the person's counties; null when they may not see it.</summary>
    public async Task<CoverageReport?> CoverageAsync(ClaimsPrincipal user)
    {
        if (await ScopeAsync(user) is not { } scope)
        {
            return null;
        }

        var report = await index.StatewideAsync();
        return scope.Statewide ? report : CoverageModel.Within(report, scope.Counties);
    }

    /// <summary>The gap rows of the person's counties; null when they may not see them.</summary>
    public async Task<GapReport?> GapsAsync(ClaimsPrincipal user) =>
        await CoverageAsync(user) is { } report ? CoverageModel.Gaps(report) : null;
}
