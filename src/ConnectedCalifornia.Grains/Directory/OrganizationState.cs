using System.Collections.Immutable;
using System.Text.Json.Serialization;
using ConnectedCalifornia.Network;

namespace ConnectedCalifornia.Directory;

/// <summary>
/// What an organization grain stores. Immutable, changed with <c>with</c>; plain JSON in the
/// database (System.Text.Json) and [Alias]-stable in Orleans' own serializer.
/// </summary>
[GenerateSerializer, Immutable, Alias("cc.OrganizationState")]
public sealed record OrganizationState : IParticipantState<OrganizationState>, ConnectedCalifornia.Notifications.INotifyingState<OrganizationState>
{
    /// <summary>Null until the organization is created.</summary>
    [Id(0)]
    public OrganizationProfile? Profile { get; init; }

    [Id(1)]
    public VerificationStatus Verification { get; init; }

    [Id(2)]
    public DateTimeOffset? VerifiedAt { get; init; }

    [Id(3)]
    public ImmutableArray<OrganizationMember> Members { get; init; } = [];

    [Id(4)]
    public bool RequireTwoFactor { get; init; }

    [Id(5)]
    public long Version { get; init; }

    [Id(6)]
    public DateTimeOffset CreatedAt { get; init; }

    [Id(7)]
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The newest change records, oldest first.</summary>
    [Id(8)]
    public ImmutableArray<ChangeRecord> History { get; init; } = [];

    /// <summary>The open change request: verified fields an admin changed that wait for a curator. Null when none.</summary>
    [Id(9)]
    public PendingChanges? ChangeRequest { get; init; }

    /// <summary>The newest curator decisions on change requests, oldest first (at most <see cref="ChangeRequests.MaxDecisions"/>).</summary>
    [Id(10)]
    public ImmutableArray<DecidedChange> Decisions { get; init; } = [];

    /// <summary>People invited to become members who have not answered yet, oldest first.</summary>
    [Id(11)]
    public ImmutableArray<MemberInvitation> MemberInvitations { get; init; } = [];

    /// <summary>Notifications written with the change that caused them, not yet handed to the outbox.</summary>
    [Id(12)]
    public ImmutableArray<ConnectedCalifornia.Notifications.Notification> Outbox { get; init; } = [];

    public OrganizationState WithOutbox(ImmutableArray<ConnectedCalifornia.Notifications.Notification> outbox) => this with { Outbox = outbox };

    [JsonIgnore]
    public bool Exists => Profile is not null;

    public OrganizationState Stamped(long version, DateTimeOffset at, ImmutableArray<ChangeRecord> history) =>
        this with { Version = version, UpdatedAt = at, History = history };
}

/// <summary>
/// An organization's open change request as stored: the requested values of the verified fields
/// (<see cref="Proposed"/> holds public contacts only, so no confidential value is ever kept in a
/// request) and one <see cref="FieldChange"/> per field that differs from the listing.
/// </summary>
[GenerateSerializer, Immutable, Alias("cc.PendingChanges")]
public sealed record PendingChanges
{
    /// <summary>The organization's version when the request last changed; decisions name it.</summary>
    [Id(0)]
    public long Revision { get; init; }

    [Id(1)]
    public DateTimeOffset OpenedAt { get; init; }

    [Id(2)]
    public DateTimeOffset UpdatedAt { get; init; }

    [Id(3)]
    public OrganizationProfile Proposed { get; init; } = null!;

    [Id(4)]
    public ImmutableArray<FieldChange> Fields { get; init; } = [];
}
