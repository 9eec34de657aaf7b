using System.Collections.Immutable;
using System.Security.Claims;
using ConnectedCalifornia.Capacity;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Web.Authorization;

namespace ConnectedCalifornia.Web.Insights;

/// <summary>
/// A line of capacity over time (a county, or the counties in view together) over the period. Every figure
/// is null when <see cref="TooFew"/>: fewer than 3 sites list the category there (see docs/insights.md).
/// </summary>
/// <param name="Sites">Sites listing the category now (all beds: listing any bed category).</param>
/// <param name="MeanBeds">Beds on the board, on average over the time counted.</param>
/// <param name="MeanFree">Free beds of fresh counts, on average.</param>
/// <param name="Occupancy">Occupied share of the beds of fresh counts: 1 − free ÷ beds of fresh counts.</param>
/// <param name="FreshShare">Share of sites' counts posted within the last 12 hours, over the time.</param>
/// <param name="NightsWithNoFreeBed">Nights (8 pm–8 am) with at least an hour without a free bed (for several counties: county-nights).</param>
/// <param name="Nights">Nights counted (for several counties: county-nights).</param>
/// <param name="FreeNow">Free beds of fresh counts now.</param>
/// <param name="BedsNow">Beds now.</param>
/// <param name="FreshSitesNow">Sites whose counts are fresh now.</param>
public sealed record CapacityTrendLine(
    string Key,
    string Label,
    int Sites,
    bool TooFew,
    double? MeanBeds,
    double? MeanFree,
    double? Occupancy,
    double? FreshShare,
    int? NightsWithNoFreeBed,
    int? Nights,
    int? FreeNow,
    int? BedsNow,
    int? FreshSitesNow);

/// <summary>One point of the chart: a day (7 and 30 days) or a week (90 and 365 days, starting on <see cref="From"/>).</summary>
/// <param name="NightsWithNoFreeBed">County-nights without a free bed for at least an hour in the point's days.</param>
public sealed record CapacityTrendPoint(
    DateOnly From,
    DateOnly To,
    double? MeanBeds,
    double? MeanFree,
    double? Occupancy,
    double? FreshShare,
    int NightsWithNoFreeBed,
    int Nights);

/// <summary>
/// Capacity over time for one person: the line drawn (<see cref="Line"/>: the county asked for, else the counties in
/// view together), its points, and every county in view with its own figures.
/// </summary>
public sealed record CapacityTrendReport(
    bool Statewide,
    string Category,
    int Days,
    DateOnly From,
    DateOnly To,
    CapacityTrendLine Line,
    ImmutableArray<CapacityTrendPoint> Points,
    ImmutableArray<CapacityTrendLine> Counties,
    DateTimeOffset ComputedAt);

/// <summary>The arithmetic of capacity over time: days into lines and points, and the small-number rule. No I/O.</summary>
public static class CapacityTrendModel
{
    /// <summary>The periods offered, in days.</summary>
    public static ImmutableArray<int> Periods { get; } = [7, 30, 90, 365];

    /// <summary>A county line is shown from this many sites listing the category.</summary>
    public const int MinimumSites = 3;

    /// <summary>A night counts as one without a free bed when there was none for at least this long.</summary>
    public static readonly TimeSpan NightWithoutFreeBed = TimeSpan.FromHours(1);

    /// <summary>
    /// Which counties are too few: those with data whose sites listing the category are 0–2, and then, while the
    /// counties marked so are exactly one or list 1–2 sites together, the visible county with the fewest sites too,
    /// so the state's line minus the visible counties never gives one small county.
    /// </summary>
    public static ImmutableHashSet<string> TooFew(IReadOnlyCollection<CapacityTrendSlice> slices)
    {
        var withData = slices.Where(s => s.Now.Sites > 0 || !s.Days.IsDefaultOrEmpty).ToList();
        var hidden = withData.Where(s => s.Now.Sites < MinimumSites).Select(s => s.County).ToHashSet(StringComparer.Ordinal);
        while (hidden.Count > 0)
        {
            var sites = withData.Where(s => hidden.Contains(s.County)).Sum(s => s.Now.Sites);
            if (hidden.Count >= 2 && sites >= MinimumSites)
            {
                break;
            }

            var next = withData.Where(s => !hidden.Contains(s.County)).OrderBy(s => s.Now.Sites).ThenBy(s => s.County, StringComparer.Ordinal).FirstOrDefault();
            if (next is null)
            {
                break;
            }

            hidden.Add(next.County);
        }

        return [.. hidden];
    }

    /// <summary>A line from the slices of the counties it covers (their figures add up: means of counties add).</summary>
    public static CapacityTrendLine Line(string key, string label, IReadOnlyCollection<CapacityTrendSlice> slices, bool tooFew)
    {
        var sites = slices.Sum(s => s.Now.Sites);
        if (tooFew)
        {
            return new CapacityTrendLine(key, label, sites, true, null, null, null, null, null, null, null, null, null);
        }

        var days = slices.Select(s => Totals(s.Days)).ToList();
        var observed = days.Any(d => d.ObservedSeconds > 0);
        double? meanBeds = observed ? days.Sum(d => d.ObservedSeconds > 0 ? d.BedSeconds / d.ObservedSeconds : 0) : null;
        double? meanFree = observed ? days.Sum(d => d.ObservedSeconds > 0 ? d.FreeSeconds / d.ObservedSeconds : 0) : null;
        var meanFreshBeds = days.Sum(d => d.ObservedSeconds > 0 ? d.FreshBedSeconds / d.ObservedSeconds : 0);
        var siteSeconds = days.Sum(d => d.SiteSeconds);
        return new CapacityTrendLine(
            key,
            label,
            sites,
            false,
            meanBeds,
            meanFree,
            meanFreshBeds > 0 ? 1 - meanFree / meanFreshBeds : null,
            siteSeconds > 0 ? days.Sum(d => d.FreshSiteSeconds) / siteSeconds : null,
            slices.Sum(s => s.Days.Count(IsNightWithoutFreeBed)),
            slices.Sum(s => s.Days.Count(d => d.NightSeconds > 0)),
            slices.Sum(s => s.Now.Free),
            slices.Sum(s => s.Now.Beds),
            slices.Sum(s => s.Now.FreshSites));
    }

    public static bool IsNightWithoutFreeBed(CapacityTrendDay day) => day.NightZeroSeconds >= NightWithoutFreeBed.TotalSeconds;

    /// <summary>The points of a line: one per day for 7 and 30 days, one per week (seven days back from the last) for longer periods.</summary>
    public static ImmutableArray<CapacityTrendPoint> Points(IReadOnlyCollection<CapacityTrendSlice> slices, DateOnly from, DateOnly to)
    {
        var step = to.DayNumber - from.DayNumber + 1 > 31 ? 7 : 1;
        var byDate = slices.SelectMany(s => s.Days.Select(d => (s.County, Day: d))).ToLookup(x => x.Day.Date);
        var points = new List<CapacityTrendPoint>();
        for (var end = to; end >= from; end = end.AddDays(-step))
        {
            var start = end.AddDays(1 - step) < from ? from : end.AddDays(1 - step);
            var days = Enumerable.Range(0, end.DayNumber - start.DayNumber + 1).SelectMany(i => byDate[start.AddDays(i)]).ToList();
            var perCounty = days.GroupBy(x => x.County).Select(g => Totals(g.Select(x => x.Day))).Where(t => t.ObservedSeconds > 0).ToList();
            if (perCounty.Count == 0)
            {
                points.Add(new CapacityTrendPoint(start, end, null, null, null, null, 0, days.Count(x => x.Day.NightSeconds > 0)));
                continue;
            }

            var beds = perCounty.Sum(t => t.BedSeconds / t.ObservedSeconds);
            var free = perCounty.Sum(t => t.FreeSeconds / t.ObservedSeconds);
            var freshBeds = perCounty.Sum(t => t.FreshBedSeconds / t.ObservedSeconds);
            var siteSeconds = perCounty.Sum(t => t.SiteSeconds);
            points.Add(new CapacityTrendPoint(
                start,
                end,
                beds,
                free,
                freshBeds > 0 ? 1 - free / freshBeds : null,
                siteSeconds > 0 ? perCounty.Sum(t => t.FreshSiteSeconds) / siteSeconds : null,
                days.Count(x => IsNightWithoutFreeBed(x.Day)),
                days.Count(x => x.Day.NightSeconds > 0)));
        }

        points.Reverse();
        return [.. points];
    }

    private static CapacityTrendDay Totals(IEnumerable<CapacityTrendDay> days) =>
        days.Aggregate(new CapacityTrendDay(default, string.Empty, 0, 0, 0, 0, 0, 0, 0, 0), (a, b) => a.Plus(b));

    /// <summary>
    /// The report of <paramref name="slices"/> (every county in view, each with its days of the period): the county
    /// lines with the small-number rule, and the drawn line: <paramref name="county"/>'s, or the counties in view
    /// together (the state for curators; for a lead, the counties of theirs that are shown).
    /// </summary>
    public static CapacityTrendReport Build(
        IReadOnlyCollection<CapacityTrendSlice> slices, ImmutableHashSet<string> tooFew, bool statewide, string? county, string category, int days, DateOnly from, DateOnly to, DateTimeOffset now)
    {
        var counties = slices
            .Where(s => s.Now.Sites > 0 || !s.Days.IsDefaultOrEmpty)
            .Select(s => Line(s.County, California.NameOf(s.County), [s], tooFew.Contains(s.County) || s.Now.Sites < MinimumSites))
            .OrderBy(l => l.Label, StringComparer.Ordinal)
            .ToImmutableArray();
        CapacityTrendLine line;
        ImmutableArray<CapacityTrendPoint> points;
        if (county is not null)
        {
            var one = slices.Where(s => s.County == county).ToList();
            line = Line(county, California.NameOf(county), one, tooFew.Contains(county) || one.Sum(s => s.Now.Sites) < MinimumSites);
            points = line.TooFew ? [] : Points(one, from, to);
        }
        else
        {
            var shown = statewide ? slices.ToList() : slices.Where(s => !tooFew.Contains(s.County)).ToList();
            line = Line("CA", statewide ? "California" : "Your counties", shown, shown.Sum(s => s.Now.Sites) < MinimumSites && shown.All(s => s.Days.IsDefaultOrEmpty));
            points = line.TooFew ? [] : Points(shown, from, to);
        }

        return new CapacityTrendReport(statewide, category, days, from, to, line, points, counties, now);
    }
}

/// <summary>What the capacity-over-time page and API show one person: reads the counties' trend grains (one call each).</summary>
public sealed class CapacityTrendService(IGrainFactory grains, NetworkAuthorizer authorizer, [FromKeyedServices(NetworkClock.Key)] TimeProvider clock)
{
    /// <summary>The scope of this person (null: not allowed).</summary>
    public Task<CoverageScope?> ScopeAsync(ClaimsPrincipal user) => authorizer.InsightsScopeAsync(user, NetworkAction.ViewCapacityTrend);

    /// <summary>
    /// The report for a scope: <paramref name="county"/> must be in it (or null), <paramref name="category"/> a bed
    /// category or <see cref="CapacityTrendKeys.AllBeds"/>, <paramref name="days"/> one of <see cref="CapacityTrendModel.Periods"/>.
    /// </summary>
    public async Task<CapacityTrendReport> ReportAsync(CoverageScope scope, string? county, string category, int days)
    {
        var now = clock.GetUtcNow();
        var to = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, CaliforniaTime.Zone).DateTime);
        var from = to.AddDays(1 - days);

        // The small-number rule is decided over the whole state, so a lead's subset shows nothing the state's view would hide.
        var all = await Task.WhenAll(California.Counties.Select(c => grains.GetGrain<ICapacityTrendGrain>(c.Fips).Read(category, from, to)));
        var tooFew = CapacityTrendModel.TooFew(all);
        var inScope = all.Where(s => scope.Counties.Contains(s.County)).ToList();
        return CapacityTrendModel.Build(inScope, tooFew, scope.Statewide, county, category, days, from, to, now);
    }
}

/// <summary>The question asked of capacity over time, checked: the API and the page read it the same way.</summary>
public sealed record CapacityTrendQuery(string? County, string Category, int Days)
{
    /// <summary>Reads <c>county</c>, <c>category</c> and <c>days</c>; the errors name each wrong field (empty when all is well).</summary>
    public static (CapacityTrendQuery Query, Dictionary<string, string[]> Errors) Parse(string? county, string? category, string? days)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        county = string.IsNullOrWhiteSpace(county) ? null : county.Trim();
        if (county is not null && !California.IsCounty(county))
        {
            errors["county"] = ["County is a California county's five-digit FIPS code, such as 06019 for Fresno."];
        }

        category = string.IsNullOrWhiteSpace(category) ? CapacityTrendKeys.AllBeds : category.Trim();
        if (!CapacityTrendKeys.Categories.Contains(category))
        {
            errors["category"] = [$"Category is a bed category ({string.Join(", ", CapacityCategories.Beds)}) or {CapacityTrendKeys.AllBeds}."];
        }

        var period = 30;
        if (!string.IsNullOrWhiteSpace(days) && (!int.TryParse(days.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out period) || !CapacityTrendModel.Periods.Contains(period)))
        {
            errors["days"] = ["Days is 7, 30, 90 or 365."];
            period = 30;
        }

        return (new CapacityTrendQuery(county, category, period), errors);
    }
}
