using System.Collections.Immutable;

namespace ConnectedCalifornia.Calendars;

/// <summary>Who a reminder goes to: a member (with an account) or a public registrant (name and e-mail only).</summary>
[GenerateSerializer, Immutable, Alias("cc.ReminderRecipient")]
public sealed record ReminderRecipient(
    [property: Id(0)] string? UserId,
    [property: Id(1)] string Name,
    [property: Id(2)] string? Email);

/// <summary>
/// One reminder of one event to its recipients: <see cref="EventReminders"/>' day-before and
/// hour-before reminders to registrants with a seat, and the attendance prompt to the hosts' members.
/// </summary>
[GenerateSerializer, Immutable, Alias("cc.EventReminder")]
public sealed record EventReminder(
    [property: Id(0)] string Kind,
    [property: Id(1)] string EventId,
    [property: Id(2)] string Title,
    [property: Id(3)] DateTimeOffset Start,
    [property: Id(4)] DateTimeOffset End,
    [property: Id(5)] ImmutableArray<ReminderRecipient> Recipients);

/// <summary>
/// Delivers reminders. The default delivers in-app (into each member's <see cref="IReminderInboxGrain"/>);
/// an e-mail sender implements this interface too and is registered in the silo's services
/// (docs/calendars.md). Public registrants have no account, so only an e-mail sender reaches them.
/// </summary>
public interface IEventReminderSender
{
    Task SendAsync(EventReminder reminder, CancellationToken cancellationToken = default);
}

/// <summary>One in-app reminder as a member sees it.</summary>
[GenerateSerializer, Immutable, Alias("cc.InAppReminder")]
public sealed record InAppReminder(
    [property: Id(0)] string Kind,
    [property: Id(1)] string EventId,
    [property: Id(2)] string Title,
    [property: Id(3)] string Message,
    [property: Id(4)] DateTimeOffset At);

/// <summary>A member's in-app reminders (key: the user id), newest first, bounded.</summary>
[Alias("cc.IReminderInboxGrain")]
public interface IReminderInboxGrain : IGrainWithStringKey
{
    /// <summary>Adds a reminder; the same kind for the same event is kept once.</summary>
    [Alias("Add")]
    Task Add(InAppReminder reminder);

    [Alias("List")]
    Task<ImmutableArray<InAppReminder>> List();
}
