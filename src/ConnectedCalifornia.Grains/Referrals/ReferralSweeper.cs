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
    : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private readonly ReferralOptions _options = options.Value;
    private readonly CancellationTokenSource _stop = new();
    private int _disposed;
    private Task? _loop;

    /// <summary>Sweeps once now.</summary>
    public Task<ReferralSweepResult> SweepAsync() => grainFactory.GetGrain<IReferralIndexGrain>(ReferralKeys.Registry).Sweep();

    void ILifecycleParticipant<ISiloLifecycle>.Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(ReferralSweeper), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _stop.Cancel();
        _stop.Dispose();
    }

    private Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.SweepInterval > TimeSpan.Zero)
        {
            _loop ??= Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_disposed == 1 || _loop is null)
        {
            return;
        }

        await _stop.CancelAsync();
        try
        {
            await _loop.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task RunAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(_options.SweepInterval, timeProvider);
        do
        {
            try
            {
                await SweepAsync().WaitAsync(stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                ReferralLog.SweepFailed(logger, exception, _options.SweepInterval);
            }
        }
        while (await WaitAsync(timer, stop));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stop)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stop);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
