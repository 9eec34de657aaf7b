using Microsoft.Extensions.Hosting;
using Orleans;
using Orleans.Runtime;

namespace ConnectedCalifornia.Hosting.Schema;

/// <summary>
/// Applies the schema when the host starts. Registered before Orleans' own hosted service, so it finishes
/// before the silo or client starts (hosts start their services one after the other, in registration order).
/// </summary>
internal sealed class NetworkSchemaHostedService(NetworkSchema schema) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => schema.ApplyAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// The silo's own guarantee: applies the schema at the very first stage of the silo lifecycle, before the
/// storage providers and the membership table initialise, even if the host starts its services concurrently.
/// A no-op when <see cref="NetworkSchemaHostedService"/> already did it.
/// </summary>
internal sealed class NetworkSchemaSiloParticipant(NetworkSchema schema) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(NetworkSchemaSiloParticipant), ServiceLifecycleStage.First, cancellationToken => schema.ApplyAsync(cancellationToken));
}
