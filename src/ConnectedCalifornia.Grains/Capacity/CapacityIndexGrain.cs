using System.Collections.Immutable;
using System.Diagnostics;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConnectedCalifornia.Capacity;

/// <summary>What the capacity index stores: one row per site, by site id.</summary>
[GenerateSerializer, Immutable, Alias("cc.CapacityIndexState")]
public sealed record CapacityIndexState
{
    [Id(0)]
    public ImmutableDictionary<string, CapacitySiteRow> Sites { get; init; } = ImmutableDictionary<string, CapacitySiteRow>.Empty;
}

/// <summary>
/// The bed board's read model (key <see cref="GrainKeys.CapacityIndex"/>): one row per site,
/// written by the site grains after each change and persisted, so boards read one grain and the
/// index needs no rebuild after a restart. Staleness is evaluated at each read.
/// </summary>
public sealed class CapacityIndexGrain(
    [PersistentState("capacity-index", StorageNames.Network)] IPersistentState<CapacityIndexState> state,
    [FromKeyedServices(NetworkClock.Key)] TimeProvider clock,
    IOptions<CapacityOptions> options,
    AnnouncementPublisher publisher,
    ILogger<CapacityIndexGrain> logger)
    : Grain, ICapacityIndexGrain
{
    /// <summary>How many sites one sweep calls at the same time.</summary>
    private const int SweepParallelism = 16;

    private readonly CapacityOptions _options = options.Value;
    private Task? _flush;
    private bool _dirty;
    private bool _urgent;
    private TaskCompletionSource? _urgentArrived;
    private long _lastWrite;
    private readonly Dictionary<string, long> _countyVersions = new(StringComparer.Ordinal);

    private ImmutableDictionary<string, CapacitySiteRow> Sites => state.State.Sites ?? ImmutableDictionary<string, CapacitySiteRow>.Empty;

    /// <summary>
    /// Takes a site's new row. Readers see it as soon as this returns; the write to storage runs
    /// behind (write-behind). Rewriting the whole index once per site change made this one grain the
    /// bottleneck of every capacity update in the network, so rows that only change counts are saved
    /// together, at most once per <see cref="CapacityOptions.IndexWriteInterval"/>. A row that matters
    /// after a crash (a new site, a moved or re-classified site, a change of holds, which the hold
    /// sweep reads here) makes the next write happen at once. After a crash, counts posted in the
    /// last interval show their previous value and time here until those sites post again; each
    /// site's own grain stays the source of truth.
    /// </summary>
    public Task Upsert(CapacitySiteRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (!Identifiers.IsValidKey(row.SiteId))
        {
            throw new ArgumentException($"'{row.SiteId}' is not a valid site id.", nameof(row));
        }

        // Rows can arrive out of order (a failed update is followed by a newer one): never go back.
        if (Sites.TryGetValue(row.SiteId, out var held) && held.Version >= row.Version)
        {
            return Task.CompletedTask;
        }

        _urgent |= held is null || held.County != row.County || held.Confidential != row.Confidential
            || held.ActiveHolds != row.ActiveHolds || held.NextHoldExpiry != row.NextHoldExpiry;
        if (_urgent)
        {
            _urgentArrived?.TrySetResult();
        }

        state.State = state.State with { Sites = Sites.SetItem(row.SiteId, row with { Categories = Normalize.Array(row.Categories) }) };
        _dirty = true;
        AnnounceCounty(row.County);
        if (held is not null && held.County != row.County)
        {
            AnnounceCounty(held.County);
        }

        // A flush that finished without awaiting (a storage that completes at once) is already done: start another.
        if (_flush is null || _flush.IsCompleted)
        {
            _flush = FlushAsync();
        }

        return Task.CompletedTask;
    }

    public Task Remove(string siteId, long version)
    {
        if (siteId is null || !Sites.TryGetValue(siteId, out var held) || held.Version > version)
        {
            return Task.CompletedTask;
        }

        state.State = state.State with { Sites = Sites.Remove(siteId) };
        _dirty = true;
        _urgent = true;
        _urgentArrived?.TrySetResult();
        AnnounceCounty(held.County);
        if (_flush is null || _flush.IsCompleted)
        {
            _flush = FlushAsync();
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Tells the public county and statewide topics that a county's totals changed: named by the
    /// county, with no site, organization or person, so nothing there maps back to a shelter. The
    /// version is this index's own per county, never below the time in milliseconds, so it keeps
    /// growing across activations; a board re-reads the totals here, where the row already is.
    /// </summary>
    private void AnnounceCounty(string county)
    {
        if (!California.IsCounty(county))
        {
            return;
        }

        var now = clock.GetUtcNow();
        var version = Math.Max(_countyVersions.GetValueOrDefault(county) + 1, now.ToUnixTimeMilliseconds());
        _countyVersions[county] = version;
        var name = California.NameOf(county) + " County";
        // Not awaited on purpose: every site's update passes through this one grain, whose rows are written behind
        // anyway; a county announcement only says "read the totals again", and the next one supersedes it.
        _ = publisher.Publish(new NetworkAnnouncement(
            [Topics.County(county), Topics.Statewide], AnnouncementKinds.CapacityCounty, county, version, name, "Capacity changed in " + name, now, string.Empty));
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _urgent = true;
        _urgentArrived?.TrySetResult();
        if (_flush is { } running)
        {
            await running;
        }

        if (_dirty)
        {
            await FlushAsync();
        }

        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    /// <summary>
    /// Writes the index until nothing new came in meanwhile, waiting out the write interval unless a
    /// row that must survive a crash is waiting; a failed write is retried with the next row.
    /// </summary>
    private async Task FlushAsync()
    {
        try
        {
            while (_dirty)
            {
                var wait = _options.IndexWriteInterval - Stopwatch.GetElapsedTime(_lastWrite);
                if (!_urgent && _lastWrite != 0 && wait > TimeSpan.Zero)
                {
                    await WaitForUrgentOrAsync(wait);
                }

                _dirty = false;
                _urgent = false;
                _lastWrite = Stopwatch.GetTimestamp();
                await state.WriteStateAsync();
            }
        }
        catch (Exception exception)
        {
            _dirty = true;
            CapacityIndexLog.WriteFailed(logger, exception);
        }
        finally
        {
            _flush = null;
        }
    }

    /// <summary>Waits up to <paramref name="wait"/>, or until an urgent row comes in.</summary>
    private async Task WaitForUrgentOrAsync(TimeSpan wait)
    {
        _urgentArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await Task.WhenAny(_urgentArrived.Task, Task.Delay(wait));
        _urgentArrived = null;
    }

    public Task<CountyCapacitySummary> GetCountySummary(string county)
    {
        var now = clock.GetUtcNow();
        var rows = Sites.Values.Where(r => r.County == county).Select(r => Fresh(r, now)).ToList();
        return Task.FromResult(Summarize(county, rows, now));
    }

    public Task<StatewideCapacitySummary> GetStatewideSummary()
    {
        var now = clock.GetUtcNow();
        var rows = Sites.Values.Select(r => Fresh(r, now)).ToList();
        var counties = rows.GroupBy(r => r.County, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Summarize(g.Key, [.. g], now))
            .ToImmutableArray();
        return Task.FromResult(new StatewideCapacitySummary(counties, Totals(rows), rows.Count, now));
    }

    public Task<ImmutableArray<CapacitySiteRow>> GetSites(string? county = null) =>
        Task.FromResult(Ordered(Sites.Values.Where(r => county is null || r.County == county)));

    public Task<CapacitySiteRow?> GetSite(string siteId) =>
        Task.FromResult(siteId is not null && Sites.TryGetValue(siteId, out var row) ? Fresh(row, clock.GetUtcNow()) : null);

    public Task<ImmutableArray<CapacitySiteRow>> GetSitesOf(ImmutableArray<string> organizationIds)
    {
        var wanted = Normalize.Array(organizationIds).ToHashSet(StringComparer.Ordinal);
        return Task.FromResult(wanted.Count == 0 ? [] : Ordered(Sites.Values.Where(r => wanted.Contains(r.OrganizationId))));
    }

    private ImmutableArray<CapacitySiteRow> Ordered(IEnumerable<CapacitySiteRow> rows)
    {
        var now = clock.GetUtcNow();
        return rows
            .OrderBy(r => r.County, StringComparer.Ordinal)
            .ThenBy(r => r.Name, StringComparer.CurrentCultureIgnoreCase)
            .ThenBy(r => r.SiteId, StringComparer.Ordinal)
            .Select(r => Fresh(r, now))
            .ToImmutableArray();
    }

    public async Task<CapacitySweepResult> SweepExpiredHolds()
    {
        // Runs interleaved: it reads one immutable snapshot of the rows, and the sites it calls
        // report their new rows back through Upsert while it waits for them.
        var now = clock.GetUtcNow();
        var due = Sites.Values.Where(r => r.ActiveHolds > 0 && r.NextHoldExpiry <= now).Select(r => r.SiteId).ToList();
        var released = 0;
        var failures = 0;
        foreach (var chunk in due.Chunk(SweepParallelism))
        {
            var results = await Task.WhenAll(chunk.Select(async siteId =>
            {
                try
                {
                    return await GrainFactory.GetGrain<ISiteCapacityGrain>(siteId).ReleaseExpiredHolds();
                }
                catch (Exception exception)
                {
                    CapacityLog.SweepSiteFailed(logger, exception, siteId);
                    return -1;
                }
            }));
            released += results.Where(r => r > 0).Sum();
            failures += results.Count(r => r < 0);
        }

        if (due.Count > 0)
        {
            CapacityLog.Swept(logger, due.Count, released, failures);
        }

        return new CapacitySweepResult(due.Count, released, failures);
    }

    private CapacitySiteRow Fresh(CapacitySiteRow row, DateTimeOffset now) => row with
    {
        Categories = [.. row.Categories.Select(c => c with { IsStale = SiteCapacityRules.IsStale(c.AsOf, now, _options.StaleAfter) })],
    };

    private static CountyCapacitySummary Summarize(string county, IReadOnlyCollection<CapacitySiteRow> rows, DateTimeOffset now) => new(
        county,
        California.NameOf(county),
        rows.Count,
        rows.Count(r => r.Confidential),
        Totals(rows),
        now);

    private static ImmutableArray<CategoryTotals> Totals(IEnumerable<CapacitySiteRow> rows) =>
        [.. rows.SelectMany(r => r.Categories)
            .GroupBy(c => c.Category, StringComparer.Ordinal)
            .OrderBy(g => CapacityCategories.OrderOf(g.Key))
            .Select(g => new CategoryTotals(
                g.Key,
                g.Count(),
                g.Count(c => c.IsStale),
                g.Sum(c => c.Total),
                g.Sum(c => c.AvailableNow),
                g.Sum(c => c.Held),
                g.Max(c => c.AsOf)))];
}

internal static partial class CapacityIndexLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "The capacity index could not be saved; it is retried with the next change")]
    public static partial void WriteFailed(ILogger logger, Exception exception);
}
