using ConnectedCalifornia.Network;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConnectedCalifornia.Referrals;

/// <summary>
/// The durable timer of referrals (escalation, expiry, consent lapse, purge), without reminders
/// (SQLite has none): at silo start and then every <see cref="ReferralOptions.SweepInterval"/> it
/// asks the registry index to tick every referral with something due. Idempotent; every silo runs one.
/// </summary>
public sealed class ReferralSweeper(IGrainFactory grainFactory, TimeProvider timeProvider, IOptions<ReferralOptions> options, ILogger<ReferralSweeper> logger)
    : PeriodicSiloSweep(timeProvider, logger)
{
    protected override TimeSpan Interval => options.Value.SweepInterval;

    /// <summary>Sweeps once now.</summary>
    public Task<ReferralSweepResult> SweepAsync() => grainFactory.GetGrain<IReferralIndexGrain>(ReferralKeys.Registry).Sweep();

    protected override Task SweepOnceAsync() => SweepAsync();
}
