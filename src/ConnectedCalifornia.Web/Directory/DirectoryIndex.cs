using System.Collections.Concurrent;
using System.Collections.Immutable;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Web.Live;

namespace ConnectedCalifornia.Web.Directory;

/// <summary>
/// This node's search read model of the public directory. It is built from the organization catalog
/// and the organizations' grains on first use (so after every restart), kept current by the
/// organizations' announcements (statewide topic, through this node's <see cref="LiveUpdateBridge"/>),
/// and reconciled with the catalog's versions every <see cref="ReconcileInterval"/> in case an
/// announcement was missed (announcements can be dropped under load). A reconciliation first asks
/// the catalog for its small <see cref="CatalogStamp"/> and reads the whole list only when that
/// changed since the last one. Only public data enters it.
/// </summary>
public sealed partial class DirectoryIndex(IGrainFactory grains, LiveUpdateBridge bridge, TaxonomyCache taxonomy, ILogger<DirectoryIndex> logger) : BackgroundService
{
    public static readonly TimeSpan ReconcileInterval = TimeSpan.FromSeconds(30);
    private const int Parallelism = 32;

    private readonly ConcurrentDictionary<string, DirectoryDocument> _documents = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _reconcile = new(1, 1);
    private volatile Built? _built;
    private CatalogStamp? _reconciled;
    private long _generation;
    private Task? _loaded;

    /// <summary>Raised (on a pool thread) after the index took a change.</summary>
    public event Action? Changed;

    /// <summary>The current snapshot, loading the index first if this node has not yet.</summary>
    public async ValueTask<DirectorySnapshot> SnapshotAsync()
    {
        await EnsureLoadedAsync();
        var vocabularies = await taxonomy.GetAsync();
        var generation = Interlocked.Read(ref _generation);
        if (_built is { } built && built.Generation == generation && built.Snapshot.Taxonomy == vocabularies)
        {
            return built.Snapshot;
        }

        // The generation is read before the documents: a change during the build makes the next query build again.
        // A new taxonomy (a renamed label) builds a new snapshot too, so cards, facets and text search use the new label.
        var snapshot = new DirectorySnapshot(_documents.Values, vocabularies) { Generation = generation };
        _built = new Built(snapshot, generation);
        return snapshot;
    }

    /// <summary>How many organizations this node's index holds (without loading it).</summary>
    public int Count => _documents.Count;

    public async ValueTask<DirectoryResults> SearchAsync(DirectoryQuery query) => (await SnapshotAsync()).Search(query);

    /// <summary>One document by id, or null.</summary>
    public async ValueTask<DirectoryDocument?> FindAsync(string id)
    {
        await EnsureLoadedAsync();
        return _documents.TryGetValue(id, out var d) ? d : null;
    }

    public Task EnsureLoadedAsync()
    {
        var loading = LazyInitializer.EnsureInitialized(ref _loaded, () => ReconcileAsync(CancellationToken.None));
        if (loading.IsFaulted || loading.IsCanceled)
        {
            // A load that failed (a silo not ready yet) is tried again by the next caller, not kept.
            Interlocked.CompareExchange(ref _loaded, null, loading);
        }

        return loading;
    }

    /// <summary>Reads every catalog line and refreshes the documents whose version this node does not hold.</summary>
    public async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        await _reconcile.WaitAsync(cancellationToken);
        try
        {
            var catalog = grains.GetGrain<ICatalogGrain>(GrainKeys.OrganizationCatalog);
            var stamp = await catalog.Stamp();
            if (stamp == _reconciled)
            {
                return; // No line was added or took a newer version since every line was last compared.
            }

            var lines = await catalog.List();
            var stale = lines.Where(l => !_documents.TryGetValue(l.Id, out var held) || held.Version < l.Version).Select(l => l.Id).ToList();
            await Parallel.ForEachAsync(stale, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (id, _) => await RefreshAsync(id));
            _reconciled = stamp; // Only once every stale line was refreshed; a failure compares them all again next time.
        }
        finally
        {
            _reconcile.Release();
        }
    }

    /// <summary>Reads one organization from its grain and takes its public document if it is newer.</summary>
    public async Task RefreshAsync(string organizationId)
    {
        var details = await grains.GetGrain<IOrganizationGrain>(organizationId).GetDetails();
        if (details is null)
        {
            return;
        }

        Apply(DirectoryDocument.From(details));
    }

    /// <summary>Takes a document unless this node holds a newer one (also how the benchmark fills a node with generated listings).</summary>
    public void Apply(DirectoryDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var taken = false;
        _documents.AddOrUpdate(
            document.Id,
            _ =>
            {
                taken = true;
                return document;
            },
            (_, held) =>
            {
                taken = held.Version < document.Version;
                return taken ? document : held;
            });
        if (taken)
        {
            Interlocked.Increment(ref _generation);
            Changed?.Invoke();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = bridge.Subscribe([Topics.Statewide], OnAnnouncementAsync);
        taxonomy.Changed += OnTaxonomyChanged;
        try
        {
            using var timer = new PeriodicTimer(ReconcileInterval);
            while (await WaitAsync(timer, stoppingToken))
            {
                if (_loaded is not { IsCompletedSuccessfully: true })
                {
                    continue; // Not loaded yet (nobody searched on this node): the first use loads it whole.
                }

                try
                {
                    await ReconcileAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogReconcileFailed(ex);
                }
            }
        }
        finally
        {
            taxonomy.Changed -= OnTaxonomyChanged;
        }
    }

    private async Task OnAnnouncementAsync(AnnouncementMessage message)
    {
        if (message.IsGap() && _loaded is { IsCompletedSuccessfully: true })
        {
            // Announcements were lost: reconcile with the catalog now rather than at the next interval.
            try
            {
                await ReconcileAsync(CancellationToken.None);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogReconcileFailed(ex);
            }

            return;
        }

        if (!message.Kind.StartsWith("organization.", StringComparison.Ordinal) || !Identifiers.IsValidKey(message.EntityId))
        {
            return;
        }

        try
        {
            if (_loaded is not null)
            {
                await RefreshAsync(message.EntityId);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The next reconciliation takes the change.
            LogRefreshFailed(ex, message.EntityId);
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken token)
    {
        try
        {
            return await timer.WaitForNextTickAsync(token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Open search pages re-query when a label changed (the next snapshot is built with the new vocabularies).</summary>
    private void OnTaxonomyChanged() => Changed?.Invoke();

    private sealed record Built(DirectorySnapshot Snapshot, long Generation);

    [LoggerMessage(1, LogLevel.Warning, "The directory index could not reconcile with the organization catalog; it retries at the next interval.")]
    private partial void LogReconcileFailed(Exception exception);

    [LoggerMessage(2, LogLevel.Warning, "The directory index could not refresh organization {OrganizationId}; the next reconciliation takes the change.")]
    private partial void LogRefreshFailed(Exception exception, string organizationId);
}
