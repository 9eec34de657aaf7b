using System.Collections.Immutable;
using ConnectedCalifornia.Directory;
using Orleans.Concurrency;

namespace ConnectedCalifornia.Capacity;

/// <summary>
/// One site as the capacity index keeps it, fed by the site grain after every change. It holds
/// the name and ids of confidential sites too: a public output must use <see cref="ForPublic"/>.
/// </summary>
/// <param name="ActiveHolds">How many holds are active.</param>
/// <param name="NextHoldExpiry">When the first active hold expires; null without holds.</param>
[GenerateSerializer, Immutable, Alias("cc.CapacitySiteRow")]
public sealed record CapacitySiteRow(
    [property: Id(0)] string SiteId,
    [property: Id(1)] string OrganizationId,
    [property: Id(2)] string Name,
    [property: Id(3)] string County,
    [property: Id(4)] bool Confidential,
    [property: Id(5)] string PublicId,
    [property: Id(6)] ImmutableArray<CategoryCapacity> Categories,
    [property: Id(7)] int ActiveHolds,
    [property: Id(8)] DateTimeOffset? NextHoldExpiry,
    [property: Id(9)] long Version,
    [property: Id(10)] DateTimeOffset UpdatedAt)
{
    /// <summary>What anyone may see of this row: a confidential site loses its id, organization and name.</summary>
    public CapacitySiteRow ForPublic() => Confidential
        ? this with
        {
            SiteId = PublicId,
            OrganizationId = string.Empty,
            Name = ConfidentialName(County),
            ActiveHolds = 0,
            NextHoldExpiry = null,
        }
        : this;

    /// <summary>How a confidential site is named in public: "A confidential shelter in Fresno County".</summary>
    public static string ConfidentialName(string county) => $"A confidential shelter in {California.NameOf(county)} County";
}

/// <summary>
/// The sum of one category over several sites. Only fresh counts are "available now"; a stale
/// count still adds to <see cref="Total"/> and <see cref="Held"/> and is flagged by <see cref="StaleSites"/>.
/// </summary>
/// <param name="Sites">Sites that list the category.</param>
/// <param name="StaleSites">Sites whose count of this category is stale or was never posted.</param>
/// <param name="AvailableNow">Available, summed over fresh counts only.</param>
/// <param name="LatestAsOf">The newest count among the sites; null if none was ever posted.</param>
[GenerateSerializer, Immutable, Alias("cc.CategoryTotals")]
public sealed record CategoryTotals(
    [property: Id(0)] string Category,
    [property: Id(1)] int Sites,
    [property: Id(2)] int StaleSites,
    [property: Id(3)] int Total,
    [property: Id(4)] int AvailableNow,
    [property: Id(5)] int Held,
    [property: Id(6)] DateTimeOffset? LatestAsOf)
{
    public bool HasStale => StaleSites > 0;
}

/// <summary>The capacity of one county, per category (in <see cref="CapacityCategories.All"/> order). Safe for public output.</summary>
[GenerateSerializer, Immutable, Alias("cc.CountyCapacitySummary")]
public sealed record CountyCapacitySummary(
    [property: Id(0)] string County,
    [property: Id(1)] string CountyName,
    [property: Id(2)] int Sites,
    [property: Id(3)] int ConfidentialSites,
    [property: Id(4)] ImmutableArray<CategoryTotals> Categories,
    [property: Id(5)] DateTimeOffset ComputedAt);

/// <summary>The capacity of the state: one summary per county that has sites (by FIPS), and statewide totals. Safe for public output.</summary>
[GenerateSerializer, Immutable, Alias("cc.StatewideCapacitySummary")]
public sealed record StatewideCapacitySummary(
    [property: Id(0)] ImmutableArray<CountyCapacitySummary> Counties,
    [property: Id(1)] ImmutableArray<CategoryTotals> Categories,
    [property: Id(2)] int Sites,
    [property: Id(3)] DateTimeOffset ComputedAt);

/// <summary>What one sweep did.</summary>
[GenerateSerializer, Immutable, Alias("cc.CapacitySweepResult")]
public sealed record CapacitySweepResult(
    [property: Id(0)] int SitesChecked,
    [property: Id(1)] int HoldsReleased,
    [property: Id(2)] int Failures);

/// <summary>
/// The read model of the bed board (key <c>GrainKeys.CapacityIndex</c>): one compact row per site,
/// fed by each <see cref="ISiteCapacityGrain"/> after every change, persisted in the network store,
/// so that it needs no rebuild after a restart.
/// </summary>
/// <remarks>
/// <para>
/// Staleness is evaluated at the time of each read with the network clock and
/// <c>CapacityOptions.StaleAfter</c>: a count that was fresh when it was posted turns stale in the
/// summaries without any further change.
/// </para>
/// <para>
/// <b>Hold expiry after a restart.</b> A site grain releases its expired holds whenever it is
/// active (on activation, before every call, and with a grain timer at the next expiry), but a
/// site that nobody calls after a restart stays inactive. <see cref="SweepExpiredHolds"/> closes
/// that gap: it calls <see cref="ISiteCapacityGrain.ReleaseExpiredHolds"/> on every site whose row
/// has a hold due, which activates it and releases the holds from their stored expiry. Each silo
/// runs it at start and then every <c>CapacityOptions.SweepInterval</c> (5 minutes by default; a
/// host can call it too, it is idempotent and cheap when nothing is due).
/// </para>
/// </remarks>
[Alias("cc.ICapacityIndexGrain")]
public interface ICapacityIndexGrain : IGrainWithStringKey
{
    /// <summary>Takes a site's newest row; an older version than the one held is ignored.</summary>
    [Alias("Upsert")]
    Task Upsert(CapacitySiteRow row);

    /// <summary>Drops a retired site's row (unless the index holds a newer version of it).</summary>
    [Alias("Remove")]
    Task Remove(string siteId, long version);

    /// <summary>Per category totals of one county (FIPS); an empty summary for a county without sites.</summary>
    [ReadOnly, Alias("GetCountySummary")]
    Task<CountyCapacitySummary> GetCountySummary(string county);

    /// <summary>Per county and per category totals of the whole state.</summary>
    [ReadOnly, Alias("GetStatewideSummary")]
    Task<StatewideCapacitySummary> GetStatewideSummary();

    /// <summary>
    /// Site-level rows, of one county or of all (null), with staleness evaluated now. They include
    /// confidential sites with their names: the caller filters by authorization, and uses
    /// <see cref="CapacitySiteRow.ForPublic"/> for anyone who is not of the owning organization.
    /// </summary>
    [ReadOnly, Alias("GetSites")]
    Task<ImmutableArray<CapacitySiteRow>> GetSites(string? county = null);

    /// <summary>One site's row (null if the index has none), like <see cref="GetSites"/>: the caller filters by authorization.</summary>
    [ReadOnly, Alias("GetSite")]
    Task<CapacitySiteRow?> GetSite(string siteId);

    /// <summary>The rows of the sites of these organizations, like <see cref="GetSites"/>, without sending every other site along.</summary>
    [ReadOnly, Alias("GetSitesOf")]
    Task<ImmutableArray<CapacitySiteRow>> GetSitesOf(ImmutableArray<string> organizationIds);

    /// <summary>
    /// Asks every site with a hold that is due to release its expired holds. Interleaves with
    /// <see cref="Upsert"/> (the sites it calls report back here while it waits for them).
    /// </summary>
    [AlwaysInterleave, Alias("SweepExpiredHolds")]
    Task<CapacitySweepResult> SweepExpiredHolds();
}
