using System.Collections.Immutable;
using System.Text.Json.Serialization;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;

namespace ConnectedCalifornia.TaskForces;

/// <summary>What a task-force grain stores. Immutable, changed with <c>with</c>; plain JSON in the database.</summary>
[GenerateSerializer, Immutable, Alias("cc.TaskForceState")]
public sealed record TaskForceState : IParticipantState<TaskForceState>, ConnectedCalifornia.Notifications.INotifyingState<TaskForceState>
{
    /// <summary>Null until the task force is created.</summary>
    [Id(0)]
    public TaskForceProfile? Profile { get; init; }

    [Id(1)]
    public ImmutableArray<TaskForceOrganization> Organizations { get; init; } = [];

    [Id(2)]
    public ImmutableArray<TaskForcePerson> People { get; init; } = [];

    [Id(3)]
    public long Version { get; init; }

    [Id(4)]
    public DateTimeOffset CreatedAt { get; init; }

    [Id(5)]
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The newest change records, oldest first.</summary>
    [Id(6)]
    public ImmutableArray<ChangeRecord> History { get; init; } = [];

    /// <summary>Organizations invited and not answered yet, with the role they are invited to.</summary>
    [Id(7)]
    public ImmutableArray<TaskForceOrganization> Invitations { get; init; } = [];

    [JsonIgnore]
    public bool Exists => Profile is not null;

    public TaskForceState Stamped(long version, DateTimeOffset at, ImmutableArray<ChangeRecord> history) =>
        this with { Version = version, UpdatedAt = at, History = history };

    /// <summary>The newest notices, oldest first, at most <c>TaskForceGrain.MaxNotices</c>.</summary>
    [Id(8)]
    public ImmutableArray<TaskForceNotice> Notices { get; init; } = [];

    /// <summary>Archived by a curator: kept with its history, changes nothing until restored (absent in older stored JSON: false).</summary>
    [Id(9)]
    public bool Archived { get; init; }

    /// <summary>Notifications written with the change that caused them, not yet handed to the outbox.</summary>
    [Id(10)]
    public ImmutableArray<ConnectedCalifornia.Notifications.Notification> Outbox { get; init; } = [];

    public TaskForceState WithOutbox(ImmutableArray<ConnectedCalifornia.Notifications.Notification> outbox) => this with { Outbox = outbox };
}
