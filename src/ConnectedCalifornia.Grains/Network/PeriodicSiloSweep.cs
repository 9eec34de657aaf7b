using Microsoft.Extensions.Logging;

namespace ConnectedCalifornia.Network;

/// <summary>
/// The durable timer of the network without Orleans reminders (SQLite has none): one per silo, it
/// sweeps when the silo becomes active and then every <see cref="Interval"/> (zero: never), each sweep
/// asking an index grain for what is due. Sweeps are idempotent, so every silo may run one. A failed
/// sweep is logged and the next one runs on time; stopping the silo ends the loop.
/// </summary>
public abstract class PeriodicSiloSweep : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    protected PeriodicSiloSweep(TimeProvider timeProvider, ILogger logger)
    {
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>Time between sweeps; <see cref="TimeSpan.Zero"/> turns the silo's own sweep off.</summary>
    protected abstract TimeSpan Interval { get; }

    /// <summary>One sweep.</summary>
    protected abstract Task SweepOnceAsync();

    void ILifecycleParticipant<ISiloLifecycle>.Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(GetType().Name, ServiceLifecycleStage.Active, StartAsync, StopAsync);

    /// <summary>Ends the loop. The token source is only cancelled (it has no timer), so a late stop of the silo is safe.</summary>
    public void Dispose()
    {
        _stop.Cancel();
        GC.SuppressFinalize(this);
    }

    private Task StartAsync(CancellationToken cancellationToken)
    {
        if (Interval > TimeSpan.Zero)
        {
            _loop ??= Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_loop is null)
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
        using var timer = new PeriodicTimer(Interval, _timeProvider);
        do
        {
            try
            {
                await SweepOnceAsync().WaitAsync(stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                SweepLog.Failed(_logger, exception, GetType().Name, Interval);
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

internal static partial class SweepLog
{
    [LoggerMessage(EventId = 901, Level = LogLevel.Warning, Message = "{Sweep} failed; it runs again in {Interval}")]
    public static partial void Failed(ILogger logger, Exception exception, string sweep, TimeSpan interval);
}
