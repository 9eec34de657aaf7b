using ConnectedCalifornia.Hosting;
using ConnectedCalifornia.Network;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ConnectedCalifornia.Web.Health;

/// <summary>
/// Ready when a silo answers within two seconds: this node's own silo, or for an Orleans client the gateway it
/// talks to. The probe is a stateless worker activated where the call lands, so readiness does not depend on the
/// silo that holds any one grain (a silo-only node that dies does not make web nodes unready).
/// </summary>
public sealed class ClusterHealthCheck(IGrainFactory grains) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await grains.GetGrain<IHealthProbeGrain>(0).Ping().WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
            return HealthCheckResult.Healthy("A silo answers.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("No silo answers.");
        }
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
