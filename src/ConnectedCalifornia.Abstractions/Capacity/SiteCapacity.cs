using System.Collections.Immutable;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;

namespace ConnectedCalifornia.Capacity;

/// <summary>One category a site offers, with its total (beds, advocates or slots).</summary>
[GenerateSerializer, Immutable, Alias("cc.CategoryDefinition")]
public sealed record CategoryDefinition(
    [property: Id(0)] string Category,
    [property: Id(1)] int Total);

/// <summary>
/// What an organization says about one of its sites: the part that staff define and edit. The
/// counts of available beds are posted apart (<see cref="ISiteCapacityGrain.PostCount"/>).
/// </summary>
/// <param name="OrganizationId">The owning organization; fixed once the site is defined.</param>
/// <param name="County">The one county (FIPS, 06001–06115) the site is in.</param>
/// <param name="Confidential">
/// A confidential shelter: its name, id and organization never appear in a public output; public
/// topics and boards only learn "a confidential shelter in X County" and its counts.
/// </param>
[GenerateSerializer, Immutable, Alias("cc.SiteDefinition")]
public sealed record SiteDefinition(
    [property: Id(0)] string OrganizationId,
    [property: Id(1)] string Name,
    [property: Id(2)] string County,
    [property: Id(3)] bool Confidential,
    [property: Id(4)] ImmutableArray<CategoryDefinition> Categories);

/// <summary>
/// The count of one category at the time of a read. <see cref="Available"/> does not include the
/// <see cref="Held"/> ones; <c>Available + Held &lt;= Total</c> always holds.
/// </summary>
/// <param name="AsOf">When the count was last posted; null if it never was.</param>
/// <param name="IsStale">
/// True when the count was never posted or is older than the stale threshold
/// (<c>CapacityOptions.StaleAfter</c>, 12 hours by default) at the time of the read. A stale count
/// is shown as such and is not counted as "available now".
/// </param>
[GenerateSerializer, Immutable, Alias("cc.CategoryCapacity")]
public sealed record CategoryCapacity(
    [property: Id(0)] string Category,
    [property: Id(1)] int Total,
    [property: Id(2)] int Available,
    [property: Id(3)] int Held,
    [property: Id(4)] DateTimeOffset? AsOf,
    [property: Id(5)] bool IsStale)
{
    /// <summary>What counts as available right now: the available count if it is fresh, else 0.</summary>
    public int AvailableNow => IsStale ? 0 : Available;
}

[Alias("cc.HoldStatus")]
public enum HoldStatus
{
    Active = 0,
    Released = 1,
    Converted = 2,
    Expired = 3,
}

/// <summary>
/// One bed (or slot) set aside for a receiving organization while a referral is arranged. While it
/// is active it counts as held, not available.
/// </summary>
/// <param name="ReferenceId">The referral (or other record) a converted hold became; null otherwise.</param>
[GenerateSerializer, Immutable, Alias("cc.CapacityHold")]
public sealed record CapacityHold(
    [property: Id(0)] string HoldId,
    [property: Id(1)] string Category,
    [property: Id(2)] string HolderOrganizationId,
    [property: Id(3)] DateTimeOffset PlacedAt,
    [property: Id(4)] DateTimeOffset ExpiresAt,
    [property: Id(5)] string PlacedById,
    [property: Id(6)] string PlacedByName,
    [property: Id(7)] HoldStatus Status = HoldStatus.Active,
    [property: Id(8)] DateTimeOffset? ClosedAt = null,
    [property: Id(9)] string? ReferenceId = null,
    [property: Id(10)] string? Purpose = null,
    [property: Id(11)] HoldBasis Basis = HoldBasis.Direct,
    [property: Id(12)] string? BasisReference = null);

/// <summary>What justifies a hold: a person's own request, or a referral or a task-force operation that placed it.</summary>
[Alias("cc.HoldBasis")]
public enum HoldBasis
{
    /// <summary>Placed by a person from the bed board or the API: the holder must serve the site's county or share a task force with the site's organization.</summary>
    Direct = 0,

    /// <summary>Placed by a referral to the site's organization (the referral grain places it).</summary>
    Referral = 1,

    /// <summary>Placed by a task-force operation (the operation grain places it).</summary>
    Operation = 2,
}

/// <summary>
/// Why a bed is held. <see cref="Reason"/> is short free text shown to the site's organization and the
/// holder ("Family of three arriving from Bakersfield tonight"); it must not identify a survivor.
/// <see cref="Basis"/> and <see cref="Reference"/> are set only by the referral and operation grains,
/// never taken from a person's request.
/// </summary>
[GenerateSerializer, Immutable, Alias("cc.HoldPurpose")]
public sealed record HoldPurpose(
    [property: Id(0)] string Reason,
    [property: Id(1)] HoldBasis Basis = HoldBasis.Direct,
    [property: Id(2)] string? Reference = null)
{
    /// <summary>The longest reason a hold can carry.</summary>
    public const int MaxReasonLength = 300;
}

/// <summary>The answer to <see cref="ISiteCapacityGrain.PlaceHold"/>: the hold's id and expiry when it succeeded.</summary>
[GenerateSerializer, Immutable, Alias("cc.HoldResult")]
public sealed record HoldResult(
    [property: Id(0)] CommandResult Result,
    [property: Id(1)] string? HoldId = null,
    [property: Id(2)] DateTimeOffset? ExpiresAt = null)
{
    public bool Succeeded => Result.Succeeded && HoldId is not null;
}

/// <summary>
/// Everything a site grain knows, for the caller to filter by authorization: the name and holds of
/// a confidential site are for its own organization only.
/// </summary>
/// <param name="PublicId">
/// An opaque id used instead of <paramref name="SiteId"/> wherever a confidential site appears in
/// public (county and statewide announcements, public board rows).
/// </param>
/// <param name="ReadAt">The network clock's time at which staleness was evaluated.</param>
[GenerateSerializer, Immutable, Alias("cc.SiteCapacitySnapshot")]
public sealed record SiteCapacitySnapshot(
    [property: Id(0)] string SiteId,
    [property: Id(1)] string OrganizationId,
    [property: Id(2)] string Name,
    [property: Id(3)] string County,
    [property: Id(4)] bool Confidential,
    [property: Id(5)] string PublicId,
    [property: Id(6)] ImmutableArray<CategoryCapacity> Categories,
    [property: Id(7)] ImmutableArray<CapacityHold> ActiveHolds,
    [property: Id(8)] long Version,
    [property: Id(9)] DateTimeOffset UpdatedAt,
    [property: Id(10)] DateTimeOffset ReadAt,
    [property: Id(11)] bool Retired = false);

/// <summary>
/// The live capacity of one site of an organization (key: the site id, a valid key such as
/// <c>fresno-harbor-house--main</c>). It owns the counts, enforces <c>available + held &lt;= total</c>
/// for every category, and is single-threaded, so two people taking the last bed at the same
/// moment get one hold and one clear refusal.
/// </summary>
/// <remarks>
/// <para>
/// Every command validates the whole request first and changes nothing when it is refused; every
/// change is recorded with who and when (bounded history), written, reported to
/// <see cref="ICapacityIndexGrain"/> and announced on <c>site:&lt;id&gt;</c> only (joined by those who
/// may see the site). Announcements carry counts and category names only. The index then tells the
/// public <c>county:&lt;fips&gt;</c> and <c>statewide</c> topics that the county's totals changed, with
/// no site, organization or person (<see cref="AnnouncementKinds.CapacityCounty"/>).
/// </para>
/// <para>
/// Holds expire by themselves: the expiry is stored with the hold, expired holds are released
/// first on activation and before every command and read, a grain timer releases them at the next
/// expiry while the grain is active, and <see cref="ICapacityIndexGrain.SweepExpiredHolds"/> reaches
/// sites that nobody reads after a restart.
/// </para>
/// </remarks>
[Alias("cc.ISiteCapacityGrain")]
public interface ISiteCapacityGrain : IGrainWithStringKey
{
    /// <summary>The site with its counts and active holds; null until it is defined.</summary>
    [Alias("GetSnapshot")]
    Task<SiteCapacitySnapshot?> GetSnapshot();

    /// <summary>
    /// Defines the site, or updates it: name, county, confidential flag, categories and totals.
    /// A new category starts with 0 available and no count posted (stale). A total cannot go below
    /// the category's available plus held; a category with active holds cannot be removed.
    /// </summary>
    [Alias("Define")]
    Task<CommandResult> Define(SiteDefinition definition, Actor actor);

    /// <summary>
    /// Posts the count of available beds (or slots) of one category, not counting held ones. It
    /// stamps the count "as of" now, even when the number did not change (a confirmation).
    /// </summary>
    [Alias("PostCount")]
    Task<CommandResult> PostCount(string category, int available, Actor actor);

    /// <summary>
    /// Holds one available bed of <paramref name="category"/> for <paramref name="holderOrganizationId"/>:
    /// available goes down by one and held up by one at once. The hold expires after
    /// <paramref name="duration"/> (default <c>CapacityOptions.DefaultHoldDuration</c>, 2 hours).
    /// Refused when nothing is available.
    /// </summary>
    /// <remarks>
    /// Every hold says what it is for (<paramref name="purpose"/>, required). A hold placed directly
    /// (<see cref="HoldBasis.Direct"/>) is refused unless the holder is the site's own organization,
    /// serves the site's county, or shares a task force with the site's organization; a hold placed by
    /// a referral or a task-force operation is justified by it.
    /// </remarks>
    [Alias("PlaceHold")]
    Task<HoldResult> PlaceHold(string category, string holderOrganizationId, Actor actor, TimeSpan? duration = null, HoldPurpose? purpose = null);

    /// <summary>
    /// Retires the site: it leaves every board and takes no counts or holds. Refused while a hold is
    /// active. Defining the site again brings it back with its categories as defined then.
    /// </summary>
    [Alias("Retire")]
    Task<CommandResult> Retire(Actor actor);

    /// <summary>Gives a held bed back (held −1, available +1). Releasing a hold that is already released or expired succeeds and changes nothing.</summary>
    [Alias("ReleaseHold")]
    Task<CommandResult> ReleaseHold(string holdId, Actor actor);

    /// <summary>
    /// Turns a hold into an occupied bed, linked to <paramref name="referenceId"/> (a referral): held −1,
    /// available stays reduced. Converting again with the same reference succeeds and changes nothing.
    /// </summary>
    [Alias("ConvertHold")]
    Task<CommandResult> ConvertHold(string holdId, string referenceId, Actor actor);

    /// <summary>A hold by id, active or closed (closed ones are kept for a while); null if unknown.</summary>
    [Alias("GetHold")]
    Task<CapacityHold?> GetHold(string holdId);

    /// <summary>Releases every hold whose time is up; returns how many. Called by the index's sweep.</summary>
    [Alias("ReleaseExpiredHolds")]
    Task<int> ReleaseExpiredHolds();

    /// <summary>The newest recorded changes, newest first.</summary>
    [Alias("GetHistory")]
    Task<ImmutableArray<ChangeRecord>> GetHistory(int max);
}
