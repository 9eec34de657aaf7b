using System.Collections.Immutable;
using System.Text.Json.Serialization;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;

namespace ConnectedCalifornia.Initiatives;

/// <summary>What an initiative grain stores. Immutable, changed with <c>with</c>; plain JSON in the database.</summary>
[GenerateSerializer, Immutable, Alias("cc.InitiativeState")]
public sealed record InitiativeState : IParticipantState<InitiativeState>
{
    /// <summary>Null until the initiative is created.</summary>
    [Id(0)]
    public InitiativeProfile? Profile { get; init; }

    [Id(1)]
    public ImmutableArray<string> Organizations { get; init; } = [];

    [Id(2)]
    public ImmutableArray<InitiativeGoal> Goals { get; init; } = [];

    [Id(3)]
    public long Version { get; init; }

    [Id(4)]
    public DateTimeOffset CreatedAt { get; init; }

    [Id(5)]
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The newest change records, oldest first.</summary>
    [Id(6)]
    public ImmutableArray<ChangeRecord> History { get; init; } = [];

    /// <summary>Organizations' open requests to join or leave (absent in older stored JSON: none).</summary>
    [Id(7)]
    public ImmutableArray<InitiativeMembershipRequest> Requests { get; init; } = [];

    [JsonIgnore]
    public bool Exists => Profile is not null;

    public InitiativeState Stamped(long version, DateTimeOffset at, ImmutableArray<ChangeRecord> history) =>
        this with { Version = version, UpdatedAt = at, History = history };
}
