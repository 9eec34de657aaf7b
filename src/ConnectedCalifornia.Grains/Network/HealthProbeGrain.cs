using Orleans.Concurrency;
using Orleans.Runtime;

namespace ConnectedCalifornia.Network;

/// <summary>
/// The readiness probe (<see cref="IHealthProbeGrain"/>): a stateless worker, so each silo answers with its own
/// activation; no single grain's placement, and no other silo's health, decides a node's readiness.
/// </summary>
[StatelessWorker(1)]
public sealed class HealthProbeGrain(ILocalSiloDetails silo) : Grain, IHealthProbeGrain
{
    public Task<string> Ping() => Task.FromResult(silo.SiloAddress.ToString());
}
