using System.Collections.Immutable;
using System.Security.Claims;
using ConnectedCalifornia.Capacity;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Initiatives;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.TaskForces;
using ConnectedCalifornia.Web.Authorization;
using ConnectedCalifornia.Web.Live;

namespace ConnectedCalifornia.Web.Network;

public sealed record NetworkLink(string Id, string Name, string Role, string Topic);

/// <summary>A person's network: what they belong to, the topics that carry its changes, and the recent ones.</summary>
public sealed record MyNetwork(
    ImmutableArray<NetworkLink> Organizations,
    ImmutableArray<NetworkLink> TaskForces,
    ImmutableArray<NetworkLink> Initiatives,
    ImmutableArray<string> AwaitingTwoFactor,
    ImmutableArray<AnnouncementMessage> RecentChanges)
{
    /// <summary>The bed-board sites of the person's organizations: their activity is announced on their site topics only.</summary>
    public ImmutableArray<string> SiteTopics { get; init; } = [];

    public ImmutableArray<string> Topics => [.. Organizations.Concat(TaskForces).Concat(Initiatives).Select(l => l.Topic), .. SiteTopics];
}

public sealed class MyNetworkService(IGrainFactory grains, NetworkAuthorizer authorizer, LiveUpdateBridge bridge)
{
    public async Task<MyNetwork> GetAsync(ClaimsPrincipal user)
    {
        var access = await authorizer.GetAccessAsync(user);
        var organizations = ImmutableArray.CreateBuilder<NetworkLink>();
        foreach (var (id, role) in access.Organizations.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var details = await grains.GetGrain<IOrganizationGrain>(id).GetDetails();
            if (details is not null)
            {
                organizations.Add(new NetworkLink(id, details.Profile.Name, role == OrganizationRole.Admin ? "Organization admin" : "Staff", Topics.Organization(id)));
            }
        }

        var taskForces = ImmutableArray.CreateBuilder<NetworkLink>();
        foreach (var (id, role) in access.TaskForces.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var details = await grains.GetGrain<ITaskForceGrain>(id).GetDetails();
            if (details is not null)
            {
                taskForces.Add(new NetworkLink(id, details.Profile.Name, role == TaskForceRole.Lead ? "Task-force lead" : "Task-force member", Topics.TaskForce(id)));
            }
        }

        var initiatives = ImmutableArray.CreateBuilder<NetworkLink>();
        foreach (var entry in await grains.GetGrain<ICatalogGrain>(GrainKeys.InitiativeCatalog).List())
        {
            var details = await grains.GetGrain<IInitiativeGrain>(entry.Id).GetDetails();
            if (details is not null && details.Organizations.Any(access.IsMemberOf))
            {
                initiatives.Add(new NetworkLink(entry.Id, details.Profile.Name, "Participating organization", Topics.Initiative(entry.Id)));
            }
        }

        var sites = await grains.GetGrain<ICapacityIndexGrain>(GrainKeys.CapacityIndex).GetSitesOf([.. access.Organizations.Keys]);
        var network = new MyNetwork(organizations.ToImmutable(), taskForces.ToImmutable(), initiatives.ToImmutable(),
            await authorizer.OrganizationsAwaitingTwoFactorAsync(user), [])
        {
            SiteTopics = [.. sites.Select(s => Topics.Site(s.SiteId))],
        };
        // What came live carries its text; what the node caught up from the journal names nothing to list.
        var recent = network.Topics.SelectMany(topic => bridge.Recent(topic)).Where(m => m.CarriesText())
            .GroupBy(m => (m.EntityId, m.Version)).Select(g => g.First())
            .OrderByDescending(m => m.At).Take(20);
        return network with { RecentChanges = [.. recent] };
    }
}

/// <summary>Public figures of the whole network for the home page.</summary>
public sealed record NetworkOverview(int Organizations, int Counties, int TaskForces, int Initiatives);

public sealed class NetworkOverviewService(IGrainFactory grains)
{
    public async Task<NetworkOverview> GetAsync()
    {
        var organizations = await grains.GetGrain<ICatalogGrain>(GrainKeys.OrganizationCatalog).List();
        var counties = organizations.SelectMany(o => o.Counties.IsDefault ? [] : o.Counties).Distinct().Count();
        return new NetworkOverview(
            organizations.Length,
            counties,
            await grains.GetGrain<ICatalogGrain>(GrainKeys.TaskForceCatalog).Count(),
            await grains.GetGrain<ICatalogGrain>(GrainKeys.InitiativeCatalog).Count());
    }
}
