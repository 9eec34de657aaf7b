using System.Collections.Immutable;
using System.Security.Claims;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Web.Authorization;
using ConnectedCalifornia.Web.Identity;

namespace ConnectedCalifornia.Web.Directory.Curation;

/// <summary>
/// Change requests of verified listings: the curators' queue, one organization's request and its
/// decisions. Reads and commands are authorized here through the <see cref="NetworkAuthorizer"/>, as
/// well as by the endpoints' and pages' policies.
/// </summary>
public sealed class CurationService(IGrainFactory grains, NetworkAuthorizer authorizer, TaxonomyCache taxonomy)
{
    public const int MaxPageSize = 100;

    /// <summary>How many decided fields an organization's page and API show.</summary>
    public const int MaxDecisionsShown = 20;

    /// <summary>The organizations with changes waiting, most recently changed first; null for someone who may not review.</summary>
    public async Task<Page<CurationQueueItem>?> QueueAsync(ClaimsPrincipal user, int page, int pageSize)
    {
        if (!await authorizer.IsAllowedAsync(user, NetworkAction.ReviewChanges))
        {
            return null;
        }

        var all = await grains.GetGrain<ICurationQueueGrain>(GrainKeys.CurationQueue).List();
        return new Page<CurationQueueItem>([.. all.Skip((page - 1) * pageSize).Take(pageSize).Select(e => e.ToItem())], page, pageSize, all.Length);
    }

    /// <summary>An organization's open request and newest decisions: for its admins and curators; null for anyone else or an unknown organization.</summary>
    public async Task<ChangeReviewView?> ReviewAsync(ClaimsPrincipal user, string organizationId)
    {
        if (!Identifiers.IsValidKey(organizationId) || !await authorizer.IsAllowedAsync(user, NetworkAction.EditOrganization, organizationId))
        {
            return null;
        }

        return await grains.GetGrain<IOrganizationGrain>(organizationId).GetChangeReview() is { } review
            ? review.ToView(MaxDecisionsShown, await taxonomy.GetAsync())
            : null;
    }

    /// <summary>The profile an edit form starts from: the listing with the open request's fields applied (editors only).</summary>
    public async Task<OrganizationProfile?> RequestedProfileAsync(ClaimsPrincipal user, string organizationId) =>
        Identifiers.IsValidKey(organizationId) && await authorizer.IsAllowedAsync(user, NetworkAction.EditOrganization, organizationId)
            ? await grains.GetGrain<IOrganizationGrain>(organizationId).GetRequestedProfile()
            : null;

    /// <summary>A curator accepts or rejects fields of the request they loaded (<paramref name="revision"/>).</summary>
    public Task<CommandResult> DecideAsync(ClaimsPrincipal user, string organizationId, long revision, ImmutableArray<ChangeDecision> decisions) =>
        authorizer.WhenAllowedAsync(user, NetworkAction.ReviewChanges, null, () =>
            Identifiers.IsValidKey(organizationId)
                ? grains.GetGrain<IOrganizationGrain>(organizationId).DecideChanges(revision, decisions, user.ToActor())
                : Task.FromResult(CommandResult.Missing("Organization")));
}
