using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Web.Live;

namespace ConnectedCalifornia.Web.Directory;

/// <summary>
/// This node's copy of the curated vocabularies. Read from the taxonomy grain on first use, read
/// again on every <c>taxonomy.changed</c> announcement (statewide topic, through this node's
/// <see cref="LiveUpdateBridge"/>) and compared with the grain's version every
/// <see cref="ReconcileInterval"/> in case an announcement was missed.
/// </summary>
public sealed partial class TaxonomyCache(IGrainFactory grains, LiveUpdateBridge bridge, ILogger<TaxonomyCache> logger) : BackgroundService
{
    public static readonly TimeSpan ReconcileInterval = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile TaxonomyView? _current;

    /// <summary>Raised (on a pool thread) after this node took a newer version of the vocabularies.</summary>
    public event Action? Changed;

    /// <summary>The vocabularies last read; the seeded ones until the first read succeeded.</summary>
    public TaxonomyView Current => _current ?? TaxonomyView.Seed;

    /// <summary>The current vocabularies, reading them from the grain first if this node has not yet.</summary>
    public async ValueTask<TaxonomyView> GetAsync()
    {
        if (_current is { } current)
        {
            return current;
        }

        await RefreshAsync(onlyIfNoneHeld: true);
        return Current;
    }

    /// <summary>Reads the vocabularies from the grain and takes them if they are newer than the ones held.</summary>
    public Task RefreshAsync() => RefreshAsync(onlyIfNoneHeld: false);

    /// <param name="onlyIfNoneHeld">
    /// The first use: the many requests that wait here when a node starts take what the first of them
    /// read, rather than each reading the grain again in turn.
    /// </param>
    private async Task RefreshAsync(bool onlyIfNoneHeld)
    {
        await _refresh.WaitAsync();
        try
        {
            if (onlyIfNoneHeld && _current is not null)
            {
                return;
            }

            var vocabularies = await grains.GetGrain<ITaxonomyGrain>(GrainKeys.Taxonomy).GetVocabularies();
            if (_current is { } held && held.Version >= vocabularies.Version)
            {
                return;
            }

            _current = new TaxonomyView(vocabularies);
        }
        finally
        {
            _refresh.Release();
        }

        Changed?.Invoke();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = bridge.Subscribe([Topics.Statewide], OnAnnouncementAsync);
        using var timer = new PeriodicTimer(ReconcileInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (_current is null)
                {
                    continue; // Nobody needed it on this node yet: the first use reads it.
                }

                await TryRefreshAsync();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task OnAnnouncementAsync(AnnouncementMessage message)
    {
        // A gap (announcements lost) may have held a taxonomy change: read it again rather than wait for reconciliation.
        if ((message.Kind == AnnouncementKinds.TaxonomyChanged && (_current is null || message.Version > _current.Version))
            || (message.IsGap() && _current is not null))
        {
            await TryRefreshAsync();
        }
    }

    /// <summary><see cref="RefreshAsync"/>, logging a failure instead of throwing: the next announcement or reconciliation catches up.</summary>
    public async Task TryRefreshAsync()
    {
        try
        {
            await RefreshAsync();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRefreshFailed(ex);
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "The taxonomy could not be read; labels stay as they were until the next announcement or reconciliation.")]
    private partial void LogRefreshFailed(Exception exception);
}
