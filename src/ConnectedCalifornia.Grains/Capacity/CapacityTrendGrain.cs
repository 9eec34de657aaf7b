using System.Collections.Immutable;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConnectedCalifornia.Capacity;

/// <summary>One category count of a site, as the trend grain keeps it.</summary>
[GenerateSerializer, Immutable, Alias("cc.CapacityTrendCount")]
public sealed record CapacityTrendCount(
    [property: Id(0)] string Category,
    [property: Id(1)] int Total,
    [property: Id(2)] int Available,
    [property: Id(3)] DateTimeOffset? AsOf);

/// <summary>A site's current bed counts (its version, to ignore rows that arrive late).</summary>
[GenerateSerializer, Immutable, Alias("cc.CapacityTrendSite")]
public sealed record CapacityTrendSite(
    [property: Id(0)] long Version,
    [property: Id(1)] ImmutableArray<CapacityTrendCount> Counts);

/// <summary>What a county's trend grain writes often: the sites' counts, how far it has counted, and the days not finished yet.</summary>
[GenerateSerializer, Alias("cc.CapacityTrendState")]
public sealed record CapacityTrendState
{
    [Id(0)]
    public ImmutableDictionary<string, CapacityTrendSite> Sites { get; init; } = ImmutableDictionary<string, CapacityTrendSite>.Empty;

    /// <summary>Everything before this time is counted in the days; null before the first site was recorded.</summary>
    [Id(1)]
    public DateTimeOffset? CountedThrough { get; init; }

    [Id(2)]
    public ImmutableArray<CapacityTrendDay> Open { get; init; } = [];
}

/// <summary>What a county's trend grain writes once a day: the finished days.</summary>
[GenerateSerializer, Alias("cc.CapacityTrendHistory")]
public sealed record CapacityTrendHistory
{
    [Id(0)]
    public ImmutableArray<CapacityTrendDay> Days { get; init; } = [];
}

/// <summary>
/// Capacity over time of one county (see <see cref="ICapacityTrendGrain"/>). Between two changes the county's
/// sums are constant except where a count turns stale; counting splits time at those moments and at midnight,
/// 8 am and 8 pm California time, so a day's row and its night are exact. Two states: the live one (counts
/// and open days, small, written behind every few seconds) and the finished days (written when a day ends, at
/// 8 am the next morning, once its night is over).
/// </summary>
public sealed class CapacityTrendGrain(
    [PersistentState("capacity-trend", StorageNames.Network)] IPersistentState<CapacityTrendState> state,
    [PersistentState("capacity-trend-history", StorageNames.Network)] IPersistentState<CapacityTrendHistory> history,
    [FromKeyedServices(NetworkClock.Key)] TimeProvider clock,
    IOptions<CapacityOptions> options,
    ILogger<CapacityTrendGrain> logger)
    : Grain, ICapacityTrendGrain
{
    /// <summary>The longest a counted change waits to be written (a crash loses at most this; the site's next post sends its whole row again).</summary>
    private static readonly TimeSpan WriteInterval = TimeSpan.FromSeconds(3);

    /// <summary>How many finished days are kept: a year and a month.</summary>
    private const int DaysKept = 400;

    private readonly TimeSpan _staleAfter = options.Value.StaleAfter;
    private bool _dirty;
    private IGrainTimer? _writer;

    private string County => this.GetPrimaryKeyString();

    public async Task Record(CapacitySiteRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        await CountUntilAsync(clock.GetUtcNow());
        var sites = state.State.Sites;
        if (sites.TryGetValue(row.SiteId, out var held) && held.Version >= row.Version)
        {
            return;
        }

        var counts = Normalize.Array(row.Categories)
            .Where(c => CapacityCategories.IsBed(c.Category))
            .Select(c => new CapacityTrendCount(c.Category, c.Total, c.Available, c.AsOf))
            .ToImmutableArray();
        state.State = state.State with { Sites = row.County == County ? sites.SetItem(row.SiteId, new CapacityTrendSite(row.Version, counts)) : sites.Remove(row.SiteId) };
        MarkDirty();
    }

    public async Task Remove(string siteId, long version)
    {
        await CountUntilAsync(clock.GetUtcNow());
        if (siteId is not null && state.State.Sites.TryGetValue(siteId, out var held) && held.Version <= version)
        {
            state.State = state.State with { Sites = state.State.Sites.Remove(siteId) };
            MarkDirty();
        }
    }

    public async Task<CapacityTrendSlice> Read(string category, DateOnly from, DateOnly to)
    {
        var now = clock.GetUtcNow();
        await CountUntilAsync(now);
        var days = Normalize.Array(history.State.Days).Concat(Normalize.Array(state.State.Open))
            .Where(d => d.Category == category && d.Date >= from && d.Date <= to)
            .GroupBy(d => d.Date)
            .Select(g => g.Aggregate((a, b) => a.Plus(b)))
            .OrderBy(d => d.Date)
            .ToImmutableArray();
        return new CapacityTrendSlice(County, category, days, NowOf(category, now));
    }

    public async Task<bool> SeedHistory(ImmutableArray<CapacityTrendDay> days)
    {
        if (!Normalize.Array(history.State.Days).IsEmpty || days.IsDefaultOrEmpty)
        {
            return false;
        }

        history.State = new CapacityTrendHistory { Days = [.. days.OrderBy(d => d.Date).ThenBy(d => d.Category, StringComparer.Ordinal)] };
        await history.WriteStateAsync();
        return true;
    }

    /// <summary>The category's sums at <paramref name="at"/>.</summary>
    private CapacityTrendNow NowOf(string category, DateTimeOffset at)
    {
        var sums = Sum(at);
        return sums.TryGetValue(category, out var s) ? new CapacityTrendNow(s.Sites, s.FreshSites, s.Beds, s.FreshBeds, s.Free) : new CapacityTrendNow(0, 0, 0, 0, 0);
    }

    private sealed class Sums
    {
        public int Sites;
        public int Pairs;
        public int FreshSites;
        public int FreshPairs;
        public int Beds;
        public int FreshBeds;
        public int Free;
    }

    /// <summary>Every category's sums (and all beds') with freshness judged at <paramref name="at"/>.</summary>
    private Dictionary<string, Sums> Sum(DateTimeOffset at)
    {
        var sums = new Dictionary<string, Sums>(StringComparer.Ordinal);
        foreach (var site in state.State.Sites.Values)
        {
            if (site.Counts.IsDefaultOrEmpty)
            {
                continue;
            }

            var all = Get(sums, CapacityTrendKeys.AllBeds);
            var allFresh = true;
            foreach (var count in site.Counts)
            {
                var fresh = count.AsOf is { } asOf && at - asOf <= _staleAfter;
                allFresh &= fresh;
                var s = Get(sums, count.Category);
                s.Sites++;
                s.Pairs++;
                s.Beds += count.Total;
                all.Pairs++;
                all.Beds += count.Total;
                if (fresh)
                {
                    s.FreshSites++;
                    s.FreshPairs++;
                    s.FreshBeds += count.Total;
                    s.Free += count.Available;
                    all.FreshPairs++;
                    all.FreshBeds += count.Total;
                    all.Free += count.Available;
                }
            }

            all.Sites++;
            all.FreshSites += allFresh ? 1 : 0;
        }

        return sums;

        static Sums Get(Dictionary<string, Sums> sums, string key) =>
            sums.TryGetValue(key, out var s) ? s : sums[key] = new Sums();
    }

    /// <summary>
    /// Counts the time from where the grain stopped to <paramref name="now"/> into the days, piece by piece (a
    /// piece ends at midnight, 8 am, 8 pm California time or where a count turns stale), then moves the days
    /// whose night is over into the history. A clock that went back counts nothing.
    /// </summary>
    private async Task CountUntilAsync(DateTimeOffset now)
    {
        // With no site there is nothing to count: counting starts when the first site is recorded (not saved until then).
        if (state.State.Sites.IsEmpty && Normalize.Array(state.State.Open).IsEmpty || state.State.CountedThrough is not { } from)
        {
            state.State = state.State with { CountedThrough = now };
            return;
        }

        if (now <= from)
        {
            return;
        }

        var cuts = new SortedSet<DateTimeOffset> { from, now };
        var local = TimeZoneInfo.ConvertTime(from, CaliforniaTime.Zone).Date;
        for (var day = local; day <= TimeZoneInfo.ConvertTime(now, CaliforniaTime.Zone).Date; day = day.AddDays(1))
        {
            foreach (var hour in (ReadOnlySpan<int>)[0, 8, 20])
            {
                var at = AtCalifornia(day.AddHours(hour));
                if (at > from && at < now)
                {
                    cuts.Add(at);
                }
            }
        }

        foreach (var count in state.State.Sites.Values.SelectMany(s => Normalize.Array(s.Counts)))
        {
            if (count.AsOf is { } asOf && asOf + _staleAfter is var staleAt && staleAt > from && staleAt < now)
            {
                cuts.Add(staleAt);
            }
        }

        var open = Normalize.Array(state.State.Open).ToDictionary(d => (d.Date, d.Category));
        DateTimeOffset? start = null;
        foreach (var end in cuts)
        {
            if (start is { } a)
            {
                Count(open, a, end);
            }

            start = end;
        }

        // A day is finished when its night is: at 8 am the next morning.
        var finished = open.Values.Where(d => now >= AtCalifornia(d.Date.AddDays(1).ToDateTime(new TimeOnly(8, 0)))).ToList();
        state.State = state.State with
        {
            CountedThrough = now,
            Open = [.. open.Values.Except(finished).OrderBy(d => d.Date).ThenBy(d => d.Category, StringComparer.Ordinal)],
        };
        MarkDirty();
        if (finished.Count > 0)
        {
            var merged = Normalize.Array(history.State.Days).Concat(finished)
                .GroupBy(d => (d.Date, d.Category))
                .Select(g => g.Aggregate((x, y) => x.Plus(y)))
                .OrderBy(d => d.Date).ThenBy(d => d.Category, StringComparer.Ordinal)
                .ToList();
            var oldest = merged.Count == 0 ? default : merged[^1].Date.AddDays(-DaysKept);
            history.State = new CapacityTrendHistory { Days = [.. merged.Where(d => d.Date >= oldest)] };
            try
            {
                await history.WriteStateAsync();
                await state.WriteStateAsync();
                _dirty = false;
            }
            catch (Exception exception)
            {
                CapacityTrendLog.WriteFailed(logger, exception, County);
            }
        }
    }

    /// <summary>Adds one piece of time, during which nothing changed, to its day and its night.</summary>
    private void Count(Dictionary<(DateOnly, string), CapacityTrendDay> open, DateTimeOffset start, DateTimeOffset end)
    {
        var seconds = (end - start).TotalSeconds;
        if (seconds <= 0)
        {
            return;
        }

        var middle = start + (end - start) / 2;
        var local = TimeZoneInfo.ConvertTime(middle, CaliforniaTime.Zone).DateTime;
        var date = DateOnly.FromDateTime(local);
        DateOnly? night = local.Hour >= 20 ? date : local.Hour < 8 ? date.AddDays(-1) : null;
        foreach (var (category, s) in Sum(middle))
        {
            if (s.Pairs == 0)
            {
                continue;
            }

            var sites = category == CapacityTrendKeys.AllBeds ? s.Pairs : s.Sites;
            var fresh = category == CapacityTrendKeys.AllBeds ? s.FreshPairs : s.FreshSites;
            var day = Row(open, date, category);
            open[(date, category)] = day with
            {
                ObservedSeconds = day.ObservedSeconds + seconds,
                SiteSeconds = day.SiteSeconds + sites * seconds,
                FreshSiteSeconds = day.FreshSiteSeconds + fresh * seconds,
                BedSeconds = day.BedSeconds + s.Beds * seconds,
                FreshBedSeconds = day.FreshBedSeconds + s.FreshBeds * seconds,
                FreeSeconds = day.FreeSeconds + s.Free * seconds,
            };
            if (night is { } n)
            {
                var row = Row(open, n, category);
                open[(n, category)] = row with
                {
                    NightSeconds = row.NightSeconds + seconds,
                    NightZeroSeconds = row.NightZeroSeconds + (s.Free == 0 ? seconds : 0),
                };
            }
        }

        static CapacityTrendDay Row(Dictionary<(DateOnly, string), CapacityTrendDay> open, DateOnly date, string category) =>
            open.TryGetValue((date, category), out var row) ? row : new CapacityTrendDay(date, category, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    private static DateTimeOffset AtCalifornia(DateTime local)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return new DateTimeOffset(unspecified, CaliforniaTime.Zone.GetUtcOffset(unspecified));
    }

    private void MarkDirty()
    {
        _dirty = true;
        _writer ??= this.RegisterGrainTimer(WriteAsync, WriteInterval, WriteInterval);
    }

    private async Task WriteAsync(CancellationToken cancellationToken)
    {
        if (!_dirty)
        {
            return;
        }

        _dirty = false;
        try
        {
            await state.WriteStateAsync(cancellationToken);
        }
        catch (Exception exception)
        {
            _dirty = true;
            CapacityTrendLog.WriteFailed(logger, exception, County);
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await WriteAsync(cancellationToken);
        await base.OnDeactivateAsync(reason, cancellationToken);
    }
}

internal static partial class CapacityTrendLog
{
    [LoggerMessage(320, LogLevel.Warning, "The capacity trend of county {County} could not be saved; it is retried in a few seconds.")]
    public static partial void WriteFailed(ILogger logger, Exception exception, string county);
}
