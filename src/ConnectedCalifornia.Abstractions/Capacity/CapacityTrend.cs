using System.Collections.Immutable;
using Orleans.Concurrency;

namespace ConnectedCalifornia.Capacity;

/// <summary>
/// One California day of one bed category (or of all beds, <see cref="CapacityTrendKeys.AllBeds"/>) in one county:
/// how long the bed board showed what, as time integrals in seconds. Dividing by <see cref="ObservedSeconds"/>
/// gives the day's means; no site, organization or person is in it.
/// </summary>
/// <param name="ObservedSeconds">Seconds of the day during which at least one site of the county listed the category and the network was counting.</param>
/// <param name="SiteSeconds">Sites listing the category × seconds (for all beds: site-category counts × seconds).</param>
/// <param name="FreshSiteSeconds">The same, for counts posted within the bed board's freshness limit (12 hours by default).</param>
/// <param name="BedSeconds">Beds (totals) × seconds.</param>
/// <param name="FreshBedSeconds">Beds of fresh counts × seconds.</param>
/// <param name="FreeSeconds">Free beds of fresh counts × seconds (a stale count shows no free bed, as on the bed board).</param>
/// <param name="NightSeconds">Seconds of the night that begins on this day (8 pm to 8 am California time) the category was listed and counted.</param>
/// <param name="NightZeroSeconds">Of them, the seconds with no free bed of the category in the county.</param>
[GenerateSerializer, Immutable, Alias("cc.CapacityTrendDay")]
public sealed record CapacityTrendDay(
    [property: Id(0)] DateOnly Date,
    [property: Id(1)] string Category,
    [property: Id(2)] double ObservedSeconds,
    [property: Id(3)] double SiteSeconds,
    [property: Id(4)] double FreshSiteSeconds,
    [property: Id(5)] double BedSeconds,
    [property: Id(6)] double FreshBedSeconds,
    [property: Id(7)] double FreeSeconds,
    [property: Id(8)] double NightSeconds,
    [property: Id(9)] double NightZeroSeconds)
{
    /// <summary>The two rows of one day and category added up (a day seeded as history and counted live at its edge).</summary>
    public CapacityTrendDay Plus(CapacityTrendDay other) => this with
    {
        ObservedSeconds = ObservedSeconds + other.ObservedSeconds,
        SiteSeconds = SiteSeconds + other.SiteSeconds,
        FreshSiteSeconds = FreshSiteSeconds + other.FreshSiteSeconds,
        BedSeconds = BedSeconds + other.BedSeconds,
        FreshBedSeconds = FreshBedSeconds + other.FreshBedSeconds,
        FreeSeconds = FreeSeconds + other.FreeSeconds,
        NightSeconds = NightSeconds + other.NightSeconds,
        NightZeroSeconds = NightZeroSeconds + other.NightZeroSeconds,
    };
}

/// <summary>A county's bed board of one category right now, as the trend grain counts it.</summary>
/// <param name="Sites">Sites listing the category (for all beds: sites listing any bed category).</param>
/// <param name="FreshSites">Of them, those whose count (for all beds: every bed count) was posted within the freshness limit.</param>
/// <param name="Beds">Beds, all counts.</param>
/// <param name="FreshBeds">Beds of fresh counts.</param>
/// <param name="Free">Free beds of fresh counts.</param>
[GenerateSerializer, Immutable, Alias("cc.CapacityTrendNow")]
public sealed record CapacityTrendNow(
    [property: Id(0)] int Sites,
    [property: Id(1)] int FreshSites,
    [property: Id(2)] int Beds,
    [property: Id(3)] int FreshBeds,
    [property: Id(4)] int Free);

/// <summary>What a county's trend grain answers: its days in a range for one category, and the category now.</summary>
[GenerateSerializer, Immutable, Alias("cc.CapacityTrendSlice")]
public sealed record CapacityTrendSlice(
    [property: Id(0)] string County,
    [property: Id(1)] string Category,
    [property: Id(2)] ImmutableArray<CapacityTrendDay> Days,
    [property: Id(3)] CapacityTrendNow Now);

public static class CapacityTrendKeys
{
    /// <summary>The pseudo-category of all bed categories together.</summary>
    public const string AllBeds = "all-beds";

    /// <summary>The categories the trend counts: each bed category, and all beds together.</summary>
    public static ImmutableArray<string> Categories { get; } = [.. CapacityCategories.Beds, AllBeds];
}

/// <summary>
/// Capacity over time of one county (key: the county's FIPS code): a daily aggregate per bed category, fed by
/// every site of the county after each change (<see cref="Record"/>) and persisted, so a year of history is
/// one grain call away and no site grain is read to draw it. It keeps each site's current counts (never
/// shown: only county sums leave it), integrates what the bed board showed over time (counts turning stale
/// after the freshness limit included), and moves each finished day into a history written once a day.
/// </summary>
[Alias("cc.ICapacityTrendGrain")]
public interface ICapacityTrendGrain : IGrainWithStringKey
{
    /// <summary>Takes a site's newest row (an older version than the one held is ignored).</summary>
    [Alias("Record")]
    Task Record(CapacitySiteRow row);

    /// <summary>Drops a site that was retired or moved to another county, from now on.</summary>
    [Alias("Remove")]
    Task Remove(string siteId, long version);

    /// <summary>The days from <paramref name="from"/> to <paramref name="to"/> (California dates) of one category (or <see cref="CapacityTrendKeys.AllBeds"/>), counted up to now.</summary>
    [Alias("Read")]
    Task<CapacityTrendSlice> Read(string category, DateOnly from, DateOnly to);

    /// <summary>Adds past days (the demo's history) unless the county has history already; true when added.</summary>
    [Alias("SeedHistory")]
    Task<bool> SeedHistory(ImmutableArray<CapacityTrendDay> days);
}
