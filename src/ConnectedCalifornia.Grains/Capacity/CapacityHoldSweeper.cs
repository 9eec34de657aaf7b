using ConnectedCalifornia.Network;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConnectedCalifornia.Capacity;

/// <summary>
/// Makes hold expiry durable without reminders (SQLite has none): when the silo becomes active and
/// then every <see cref="CapacityOptions.SweepInterval"/>, it asks the capacity index to release
/// the expired holds of sites nobody calls. Every silo runs one; a sweep is idempotent.
/// </summary>
public sealed class CapacityHoldSweeper(IGrainFactory grainFactory, TimeProvider timeProvider, IOptions<CapacityOptions> options, ILogger<CapacityHoldSweeper> logger)
    : PeriodicSiloSweep(timeProvider, logger)
{
    protected override TimeSpan Interval => options.Value.SweepInterval;

    /// <summary>Sweeps once now.</summary>
    public Task<CapacitySweepResult> SweepAsync() =>
        grainFactory.GetGrain<ICapacityIndexGrain>(GrainKeys.CapacityIndex).SweepExpiredHolds();

    protected override Task SweepOnceAsync() => SweepAsync();
}
