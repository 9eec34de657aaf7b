using System.Collections.Immutable;
using System.Text.Json.Serialization;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;

namespace ConnectedCalifornia.Capacity;

/// <summary>The stored count of one category. Held is not stored: it is the number of active holds of the category.</summary>
[GenerateSerializer, Immutable, Alias("cc.CategoryCount")]
public sealed record CategoryCount(
    [property: Id(0)] string Category,
    [property: Id(1)] int Total,
    [property: Id(2)] int Available,
    [property: Id(3)] DateTimeOffset? AsOf);

/// <summary>
/// What a site capacity grain stores. Immutable, changed with <c>with</c>; plain JSON in the
/// database (System.Text.Json) and [Alias]-stable in Orleans' own serializer. Hold expiries are
/// stored with the holds, so they survive a restart.
/// </summary>
[GenerateSerializer, Immutable, Alias("cc.SiteCapacityState")]
public sealed record SiteCapacityState : IParticipantState<SiteCapacityState>
{
    /// <summary>Null until the site is defined; fixed afterwards.</summary>
    [Id(0)]
    public string? OrganizationId { get; init; }

    [Id(1)]
    public string Name { get; init; } = string.Empty;

    [Id(2)]
    public string County { get; init; } = string.Empty;

    [Id(3)]
    public bool Confidential { get; init; }

    /// <summary>The opaque id a confidential site goes by in public.</summary>
    [Id(4)]
    public string PublicId { get; init; } = string.Empty;

    /// <summary>In <see cref="CapacityCategories.All"/> order.</summary>
    [Id(5)]
    public ImmutableArray<CategoryCount> Categories { get; init; } = [];

    /// <summary>The active holds, oldest first.</summary>
    [Id(6)]
    public ImmutableArray<CapacityHold> Holds { get; init; } = [];

    /// <summary>The newest closed holds, oldest first, bounded by <see cref="CapacityOptions.ClosedHoldsKept"/>.</summary>
    [Id(7)]
    public ImmutableArray<CapacityHold> ClosedHolds { get; init; } = [];

    [Id(8)]
    public long Version { get; init; }

    [Id(9)]
    public DateTimeOffset CreatedAt { get; init; }

    [Id(10)]
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>
    /// Change records of an earlier layout of this state (kept in the state itself); moved into
    /// <see cref="PendingHistory"/> on activation, so that they reach the change archive.
    /// </summary>
    [Id(11)]
    public ImmutableArray<ChangeRecord> History { get; init; } = [];

    /// <summary>
    /// The change records not known to be in the change archive yet, by version, oldest first. The
    /// full history is in the archive (<see cref="IChangeArchive"/>); keeping it out of the state
    /// keeps each write of a count a few hundred bytes.
    /// </summary>
    [Id(12)]
    public ImmutableArray<VersionedChange> PendingHistory { get; init; } = [];

    /// <summary>A retired site is off every board and takes no counts or holds until it is defined again.</summary>
    [Id(13)]
    public bool Retired { get; init; }

    [JsonIgnore]
    public bool Exists => OrganizationId is not null;

    public SiteCapacityState Stamped(long version, DateTimeOffset at, ImmutableArray<ChangeRecord> history) =>
        this with { Version = version, UpdatedAt = at, History = history };

    public int HeldOf(string category) => Normalize.Array(Holds).Count(h => h.Category == category);

    public CategoryCount? Find(string category) => Normalize.Array(Categories).FirstOrDefault(c => c.Category == category);
}
