using ConnectedCalifornia.Hosting;
using ConnectedCalifornia.Web.Authorization;
using ConnectedCalifornia.Web.Live;
using ConnectedCalifornia.Web.Notifications;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace ConnectedCalifornia.Web.Observability;

/// <summary>What the cluster page (<c>/admin/cluster</c>) and <c>GET /api/admin/cluster</c> show: the silos and this web node's figures.</summary>
public sealed record ClusterOverview(DateTimeOffset At, IReadOnlyList<ClusterSilo> Silos, ClusterWebNode ThisNode);

/// <summary>One silo of the cluster as its membership table and the management grain see it.</summary>
/// <param name="Role">"web" (a web node's co-hosted silo), "silo-only", or "unknown" for a silo this app did not name.</param>
/// <param name="Status">Orleans' status of the silo: Active, Joining, ShuttingDown, Stopping, Dead...</param>
/// <param name="ThisNode">The silo of the web node that answered.</param>
public sealed record ClusterSilo(
    string Address,
    string Name,
    string Role,
    string Status,
    DateTimeOffset StartedAt,
    DateTimeOffset LastAliveAt,
    bool ThisNode,
    int Activations,
    IReadOnlyList<GrainTypeActivations> Grains);

public sealed record GrainTypeActivations(string GrainType, int Activations);

/// <summary>
/// The figures of the web node that answered (the ones its metrics export too): its role, its live bridge (last
/// journal cursor fanned out, the last announcement's lag, what it caught up from the journal) and the outbox
/// (notifications and e-mails waiting, read from the database by its delivery loop every 30 s).
/// </summary>
public sealed record ClusterWebNode(
    string Role,
    long BridgeDeliveredThrough,
    double? BridgeLagSeconds,
    long BridgeCaughtUpFromJournal,
    long BridgeGapsFannedOut,
    long NotificationsWaiting,
    long MailWaiting,
    long MailRetrying);

/// <summary>Reads the cluster's silos through Orleans' management grain, and this node's own figures.</summary>
public sealed class ClusterOverviewService(
    IGrainFactory grains,
    LiveUpdateBridge bridge,
    NotificationDelivery delivery,
    IOptions<NetworkHostingOptions> hosting,
    IServiceProvider services,
    TimeProvider time)
{
    /// <summary>Dead silos stay in the membership table; the page shows those that died this recently.</summary>
    public static readonly TimeSpan ShowDeadFor = TimeSpan.FromMinutes(15);

    public async Task<ClusterOverview> ReadAsync()
    {
        var now = time.GetUtcNow();
        var management = grains.GetGrain<IManagementGrain>(0);
        var members = (await management.GetDetailedHosts(onlyActive: false))
            .Where(m => m.Status != SiloStatus.Dead || now - new DateTimeOffset(DateTime.SpecifyKind(m.IAmAliveTime, DateTimeKind.Utc)) <= ShowDeadFor)
            .ToList();
        var active = members.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress).ToArray();
        var statistics = active.Length == 0 ? [] : await management.GetSimpleGrainStatistics(active);
        var local = services.GetService<ILocalSiloDetails>()?.SiloAddress;
        var silos = members
            .OrderBy(m => m.Status == SiloStatus.Dead)
            .ThenBy(m => m.SiloAddress.ToString(), StringComparer.Ordinal)
            .Select(m =>
            {
                var grainsOfSilo = statistics.Where(s => s.SiloAddress.Equals(m.SiloAddress))
                    .GroupBy(s => ShortName(s.GrainType))
                    .Select(g => new GrainTypeActivations(g.Key, g.Sum(s => s.ActivationCount)))
                    .OrderByDescending(g => g.Activations)
                    .ThenBy(g => g.GrainType, StringComparer.Ordinal)
                    .ToList();
                return new ClusterSilo(
                    m.SiloAddress.ToParsableString(),
                    m.SiloName ?? string.Empty,
                    RoleName(ClusterNodeNames.RoleOf(m.SiloName)),
                    m.Status.ToString(),
                    Utc(m.StartTime),
                    Utc(m.IAmAliveTime),
                    m.SiloAddress.Equals(local),
                    grainsOfSilo.Sum(g => g.Activations),
                    grainsOfSilo);
            })
            .ToList();
        var depth = delivery.Depth;
        var role = hosting.Value.Topology == NetworkTopology.Embedded ? "web (embedded, co-hosted silo)"
            : hosting.Value.Role == NetworkNodeRole.Client ? "web (Orleans client)" : "web (co-hosted silo)";
        return new ClusterOverview(
            now,
            silos,
            new ClusterWebNode(role, bridge.DeliveredThrough, bridge.LastLag?.TotalSeconds, bridge.CaughtUpFromJournal, bridge.GapsFannedOut, depth.NotificationsWaiting, depth.MailWaiting, depth.MailRetrying));
    }

    private static string RoleName(NetworkNodeRole? role) => role switch
    {
        NetworkNodeRole.Silo => "silo-only",
        NetworkNodeRole.CoHostedSilo => "web",
        _ => "unknown",
    };

    /// <summary>The grain class without its namespace (<c>ConnectedCalifornia.Capacity.SiteCapacityGrain</c> → <c>SiteCapacityGrain</c>).</summary>
    private static string ShortName(string grainType)
    {
        var name = grainType.Split(',')[0];
        var dot = name.LastIndexOf('.');
        return dot >= 0 ? name[(dot + 1)..] : name;
    }

    private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));
}

/// <summary><c>GET /api/admin/cluster</c>: the cluster page's figures as JSON, for system admins (<see cref="NetworkAction.ViewCluster"/>).</summary>
public static class ClusterApi
{
    public static IEndpointRouteBuilder MapClusterApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/admin/cluster", async (ClusterOverviewService cluster) => TypedResults.Ok(await cluster.ReadAsync()))
            .WithTags("Cluster")
            .WithName("GetCluster")
            .WithSummary("The cluster's silos (status, role, address, start, activations per grain type) and the answering web node's live-bridge lag and outbox depth (system admins).")
            .RequireNetwork(NetworkAction.ViewCluster);
        return app;
    }
}
