using ConnectedCalifornia.Network;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConnectedCalifornia.Capacity;

/// <summary>
/// Makes hold expiry durable without reminders (SQLite has none): when the silo becomes active and
/// then every <see cref="CapacityOptions.SweepInterval"/>, it asks the capacity index to release
/// the expired holds of sites nobody calls. Every silo runs one; a sweep is idempotent.
/// </summary>
public sealed class CapacityHoldSweeper : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private readonly IGrainFactory _grainFactory;
    private readonly TimeProvider _timeProvider;
    private readonly CapacityOptions _options;
    private readonly ILogger<CapacityHoldSweeper> _logger;
    private readonly CancellationTokenSource _stop = new();
    private int _disposed;
    private Task? _loop;

    public CapacityHoldSweeper(IGrainFactory grainFactory, TimeProvider timeProvider, IOptions<CapacityOptions> options, ILogger<CapacityHoldSweeper> logger)
    {
        _grainFactory = grainFactory;
        _timeProvider = timeProvider;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>Sweeps once now.</summary>
    public Task<CapacitySweepResult> SweepAsync() =>
        _grainFactory.GetGrain<ICapacityIndexGrain>(GrainKeys.CapacityIndex).SweepExpiredHolds();

    void ILifecycleParticipant<ISiloLifecycle>.Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(CapacityHoldSweeper), ServiceLifecycleStage.Active, StartAsync, StopAsync);

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
        using var timer = new PeriodicTimer(_options.SweepInterval, _timeProvider);
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
                CapacityLog.SweepFailed(_logger, exception, _options.SweepInterval);
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
