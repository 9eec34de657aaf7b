using System.Collections.Immutable;
using System.Text.Json.Serialization;
using ConnectedCalifornia.Directory;

namespace ConnectedCalifornia.Calendars;

/// <summary>
/// What an event grain stores: the definition, the status and iCalendar sequence, the
/// registrations in arrival order, and which reminders went out. Plain JSON in the database.
/// </summary>
[GenerateSerializer, Immutable, Alias("cc.EventState")]
public sealed record EventState
{
    /// <summary>Null until the event is published.</summary>
    [Id(0)]
    public EventDefinition? Definition { get; init; }

    [Id(1)]
    public EventStatus Status { get; init; }

    [Id(2)]
    public int Sequence { get; init; }

    [Id(3)]
    public ImmutableArray<string> PromotedBy { get; init; } = [];

    /// <summary>Active and cancelled registrations, in arrival order (the waitlist's order).</summary>
    [Id(4)]
    public ImmutableArray<Registration> Registrations { get; init; } = [];

    /// <summary>Reminders already sent, such as <c>day-before</c> or <c>attendance-prompt</c>.</summary>
    [Id(5)]
    public ImmutableArray<string> RemindersSent { get; init; } = [];

    [Id(6)]
    public long Version { get; init; }

    [Id(7)]
    public DateTimeOffset CreatedAt { get; init; }

    [Id(8)]
    public DateTimeOffset UpdatedAt { get; init; }

    [Id(9)]
    public ImmutableArray<ChangeRecord> History { get; init; } = [];

    /// <summary>Set when the event is cancelled: the registrants to tell (see <see cref="EventCancellation"/>).</summary>
    [Id(10)]
    public EventCancellation? Cancellation { get; init; }

    /// <summary>Notifications of the last change not yet handed to the outbox (written with the change itself).</summary>
    [Id(11)]
    public ImmutableArray<ConnectedCalifornia.Notifications.Notification> Outbox { get; init; } = [];

    [JsonIgnore]
    public bool Exists => Definition is not null;

    public int Count(RegistrationStatus status) => Registrations.IsDefault ? 0 : Registrations.Count(r => r.Status == status);
}
