using ConnectedCalifornia.Hosting;
using ConnectedCalifornia.Network;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ConnectedCalifornia.Web.Health;

/// <summary>
/// Ready when a silo answers within two seconds: this node's own silo, or for an Orleans client the gateway it
/// talks to. The probe is a stateless worker activated where the call lands, so readiness does not depend on the
/// silo that holds any one grain (a silo-only node that dies does not make web nodes unready).
/// </summary>
/// <remarks>
/// An Orleans client sends each grain's calls through one of its gateways, chosen by the grain's id, and keeps trying a
/// gateway that just died until the cluster declares it dead. So the check asks up to <see cref="ProbeKeys"/> probes
/// (different ids, so usually different gateways) and is ready when any answers: a <c>Client</c> node that lost one
/// silo stays ready while another answers. On a node with its own silo the first probe answers locally.
/// </remarks>
public sealed class ClusterHealthCheck(IGrainFactory grains) : IHealthCheck
{
    public const int ProbeKeys = 4;

    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var deadline = DateTimeOffset.UtcNow + Budget;
        for (var key = 0; key < ProbeKeys; key++)
        {
            var left = deadline - DateTimeOffset.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                break;
            }

            try
            {
                await grains.GetGrain<IHealthProbeGrain>(key).Ping().WaitAsync(left, cancellationToken);
                return HealthCheckResult.Healthy("A silo answers.");
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // This probe's gateway did not answer: try another.
            }
        }

        return HealthCheckResult.Unhealthy("No silo answers.");
    }
}

/// <summary>Ready when the database (SQLite file or PostgreSQL) accepts a connection.</summary>
public sealed class DatabaseHealthCheck(NetworkDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy("The database answers.")
            : HealthCheckResult.Unhealthy("The database does not answer.");
}

public static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    public static IServiceCollection AddNetworkHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<ClusterHealthCheck>("cluster", tags: [ReadyTag])
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapNetworkHealthChecks(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false }).AllowAnonymous().WithName("HealthLive");
        app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains(ReadyTag) }).AllowAnonymous().WithName("HealthReady");
        return app;
    }
}
