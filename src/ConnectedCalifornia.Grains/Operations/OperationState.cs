using System.Collections.Immutable;
using System.Text.Json.Serialization;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;

namespace ConnectedCalifornia.Operations;

/// <summary>What an operation grain stores. Immutable, changed with <c>with</c>; plain JSON in the database.</summary>
[GenerateSerializer, Immutable, Alias("cc.OperationState")]
public sealed record OperationState : IParticipantState<OperationState>, ConnectedCalifornia.Notifications.INotifyingState<OperationState>
{
    /// <summary>Null until the operation is planned.</summary>
    [Id(0)]
    public OperationPlan? Plan { get; init; }

    [Id(1)]
    public OperationStatus Status { get; init; }

    [Id(2)]
    public ImmutableArray<OperationParticipant> Participants { get; init; } = [];

    [Id(3)]
    public ImmutableArray<OperationAssignment> Assignments { get; init; } = [];

    [Id(4)]
    public ImmutableArray<StandbyRecord> Standby { get; init; } = [];

    [Id(5)]
    public ImmutableArray<OperationHold> Holds { get; init; } = [];

    [Id(6)]
    public ImmutableArray<TimelineEntry> Timeline { get; init; } = [];

    [Id(7)]
    public ImmutableArray<string> ReferralIds { get; init; } = [];

    [Id(8)]
    public ImmutableArray<ReviewItem> ReviewItems { get; init; } = [];

    [Id(9)]
    public OperationOutcome? Outcome { get; init; }

    /// <summary>Warnings by the other operation's id (the id is never shown to this operation's participants).</summary>
    [Id(10)]
    public ImmutableDictionary<string, DeconflictionWarning> Warnings { get; init; } = ImmutableDictionary<string, DeconflictionWarning>.Empty;

    [Id(11)]
    public long Version { get; init; }

    [Id(12)]
    public DateTimeOffset CreatedAt { get; init; }

    [Id(13)]
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The newest change records, oldest first.</summary>
    [Id(14)]
    public ImmutableArray<ChangeRecord> History { get; init; } = [];

    /// <summary>Notifications written with the change that caused them, not yet handed to the outbox.</summary>
    [Id(15)]
    public ImmutableArray<ConnectedCalifornia.Notifications.Notification> Outbox { get; init; } = [];

    /// <summary>The after-action items whose organization was told they are due, with the due time it was told of (a new due time is told again).</summary>
    [Id(16)]
    public ImmutableDictionary<string, DateTimeOffset> ItemDueNoticesSent { get; init; } = ImmutableDictionary<string, DateTimeOffset>.Empty;

    [JsonIgnore]
    public bool Exists => Plan is not null;

    public OperationState WithOutbox(ImmutableArray<ConnectedCalifornia.Notifications.Notification> outbox) => this with { Outbox = outbox };

    public OperationState Stamped(long version, DateTimeOffset at, ImmutableArray<ChangeRecord> history) =>
        this with { Version = version, UpdatedAt = at, History = history };
}

/// <summary>What the operation index stores: one row per operation, by id.</summary>
[GenerateSerializer, Immutable, Alias("cc.OperationIndexState")]
public sealed record OperationIndexState
{
    [Id(0)]
    public ImmutableDictionary<string, OperationIndexRow> Rows { get; init; } = ImmutableDictionary<string, OperationIndexRow>.Empty;

    /// <summary>When each operation's next after-action item reminder is due, by operation id.</summary>
    [Id(1)]
    public ImmutableDictionary<string, DateTimeOffset> ItemsDue { get; init; } = ImmutableDictionary<string, DateTimeOffset>.Empty;
}
