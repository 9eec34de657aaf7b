using System.Security.Claims;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Referrals;
using ConnectedCalifornia.Web.Authorization;

namespace ConnectedCalifornia.Web.Insights;

/// <summary>
/// This node's referral-outcome read model. Its source is the referral registry (every referral grain
/// sends it its summary after each change, and it keeps purged referrals as counts): one call returns the
/// registry's outcome facts only when its revision moved on, and the tables and their suppression are
/// computed again only then (or when a new month begins). No referral grain is read on a page load.
/// </summary>
public sealed class ReferralOutcomesIndex(IGrainFactory grains, TimeProvider clock)
{
    private volatile Computed? _computed;

    public async Task<ReferralOutcomesReport> StatewideAsync()
    {
        var computed = _computed;
        var fresh = await grains.GetGrain<IReferralIndexGrain>(ReferralKeys.Registry).GetOutcomeFacts(computed?.Revision ?? -1);
        var now = clock.GetUtcNow();
        var month = ReferralOutcomeFacts.MonthOf(now);
        if (computed is not null && (fresh is null || fresh.Revision <= computed.Revision) && computed.Month == month)
        {
            return computed.Report;
        }

        var facts = fresh ?? new ReferralOutcomeFactSet(computed!.Revision, computed.Facts);
        var taxonomy = await grains.GetGrain<ITaxonomyGrain>(GrainKeys.Taxonomy).GetVocabularies();
        var report = ReferralOutcomesModel.Build(facts.Facts, now, code => taxonomy.Find(Vocabulary.Services, code)?.Label ?? code);
        _computed = new Computed(facts.Revision, month, facts.Facts, report);
        return report;
    }

    private sealed record Computed(long Revision, string Month, System.Collections.Immutable.ImmutableArray<ReferralOutcomeFact> Facts, ReferralOutcomesReport Report);
}

/// <summary>What the referral-outcome page and API show one person: the statewide report, or a lead's counties of it.</summary>
public sealed class ReferralOutcomesService(ReferralOutcomesIndex index, NetworkAuthorizer authorizer)
{
    /// <summary>The report for this person; null when they may not see referral outcomes.</summary>
    public async Task<ReferralOutcomesReport?> ReportAsync(ClaimsPrincipal user)
    {
        if (await authorizer.InsightsScopeAsync(user, NetworkAction.ViewReferralOutcomes) is not { } scope)
        {
            return null;
        }

        var report = await index.StatewideAsync();
        return scope.Statewide ? report : ReferralOutcomesModel.Within(report, scope.Counties);
    }
}
