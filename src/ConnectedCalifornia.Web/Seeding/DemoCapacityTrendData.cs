using System.Collections.Immutable;
using ConnectedCalifornia.Capacity;
using ConnectedCalifornia.Network;

namespace ConnectedCalifornia.Web.Seeding;

/// <summary>
/// The demo's past year of capacity over time: for each county of the demo bed board and each bed category its
/// sites list, 365 finished days before today as daily aggregates (the form the trend grain keeps), with the
/// demo sites' beds. Fuller in winter and at weekends, a county's own level of pressure, and now and then a night
/// without a free bed where a category is small. No site, count or person is created; a fixed seed gives the same
/// days for the same start date, and nothing is announced or logged.
/// </summary>
public static class DemoCapacityTrendData
{
    private const double Day = 86_400;
    private const double Night = 43_200;

    /// <summary>The days of one county, from the demo sites of that county (site count and beds per category).</summary>
    public static ImmutableArray<CapacityTrendDay> Days(string county, IReadOnlyList<SiteDefinition> sites, DateOnly today)
    {
        var random = new Random(StableSeed(county));
        var pressure = 0.55 + random.NextDouble() * 0.3; // how full the county runs
        var categories = CapacityCategories.Beds
            .Select(c => (Category: c, Sites: sites.Count(s => s.Categories.Any(d => d.Category == c)), Beds: sites.Sum(s => s.Categories.Where(d => d.Category == c).Sum(d => d.Total))))
            .Where(c => c.Sites > 0)
            .ToList();
        var days = ImmutableArray.CreateBuilder<CapacityTrendDay>();
        for (var back = 365; back >= 1; back--)
        {
            var date = today.AddDays(-back);
            var winter = Math.Cos(2 * Math.PI * (date.DayOfYear - 15) / 365.0); // 1 in mid-January, -1 in mid-July
            var weekend = date.DayOfWeek is DayOfWeek.Friday or DayOfWeek.Saturday ? 0.05 : 0;
            var fresh = Math.Clamp(0.82 + (random.NextDouble() - 0.5) * 0.25, 0.5, 1);
            var all = new CapacityTrendDay(date, CapacityTrendKeys.AllBeds, Day, 0, 0, 0, 0, 0, Night, Night);
            foreach (var (category, count, beds) in categories)
            {
                var occupancy = Math.Clamp(pressure + 0.1 * winter + weekend + (random.NextDouble() - 0.5) * 0.2, 0.2, 1);
                var freshBeds = beds * fresh;
                var free = Math.Round(freshBeds * (1 - occupancy), 2);
                var noFreeBed = free < 0.6 ? Math.Round(Night * (0.2 + random.NextDouble() * 0.8)) : 0;
                var row = new CapacityTrendDay(date, category, Day, count * Day, count * fresh * Day, beds * Day, freshBeds * Day, free * Day, Night, noFreeBed);
                days.Add(row);
                all = all with
                {
                    SiteSeconds = all.SiteSeconds + row.SiteSeconds,
                    FreshSiteSeconds = all.FreshSiteSeconds + row.FreshSiteSeconds,
                    BedSeconds = all.BedSeconds + row.BedSeconds,
                    FreshBedSeconds = all.FreshBedSeconds + row.FreshBedSeconds,
                    FreeSeconds = all.FreeSeconds + row.FreeSeconds,
                    NightZeroSeconds = Math.Min(all.NightZeroSeconds, noFreeBed), // no bed of any category free: at most the shortest
                };
            }

            if (categories.Count > 0)
            {
                days.Add(all);
            }
        }

        return days.ToImmutable();
    }

    /// <summary>Adds the year to every county of the demo bed board that has no history yet; the number of counties seeded.</summary>
    public static async Task<int> SeedAsync(IGrainFactory grains, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, CaliforniaTime.Zone).DateTime);
        var seeded = 0;
        foreach (var county in DemoCapacityData.Sites.GroupBy(s => s.Definition.County, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var days = Days(county.Key, [.. county.Select(s => s.Definition)], today);
            if (!days.IsEmpty && await grains.GetGrain<ICapacityTrendGrain>(county.Key).SeedHistory(days))
            {
                seeded++;
            }
        }

        return seeded;
    }

    private static int StableSeed(string text)
    {
        var hash = 17;
        foreach (var c in text)
        {
            hash = unchecked(hash * 31 + c);
        }

        return hash;
    }
}
