using System.Text;
using ConnectedCalifornia.Calendars;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Notifications;
using ConnectedCalifornia.Web.Notifications;
using Microsoft.Extensions.Options;

namespace ConnectedCalifornia.Web.Calendars;

/// <summary>
/// The calendars' messages: registration confirmations (with a link to see or cancel, and the event as
/// an <c>.ics</c> attachment), a seat from the waitlist, reminders, changes, cancellations, certificates,
/// and the hosts' attendance prompt. The address goes only to someone with a seat when the hosts hide
/// it until registration (the event grain leaves it out of the facts otherwise).
/// </summary>
public sealed class CalendarNotifications(IGrainFactory grains, IOptions<MailOptions> mail) : INotificationTemplates
{
    public IReadOnlyCollection<string> Kinds { get; } =
    [
        NotificationKinds.EventRegistered, NotificationKinds.EventWaitlistPromoted, NotificationKinds.EventReminder, NotificationKinds.EventChanged,
        NotificationKinds.EventCancelled, NotificationKinds.EventCertificate, NotificationKinds.EventAttendancePrompt,
    ];

    public async Task<NotificationContent?> RenderAsync(Notification n, NotificationRecipient to, CancellationToken cancellationToken)
    {
        var title = n.Fact("event.title") ?? "An event";
        var when = $"{NotificationText.Time(n, "event.start")} to {NotificationText.Time(n, "event.end")}";
        var hello = NotificationText.Greeting(to);
        var waitlisted = n.Fact("registration.status") == nameof(RegistrationStatus.Waitlisted);
        var again = n.Fact("registration.again") == "true" ? "Someone (probably you) registered this address again; here is your registration's link. " : string.Empty;
        var confirmBy = n.Fact("registration.confirm-by") is not null ? NotificationText.Time(n, "registration.confirm-by") : null;
        return n.Kind switch
        {
            NotificationKinds.EventRegistered or NotificationKinds.EventWaitlistPromoted when confirmBy is not null => new(
                $"Confirm your registration: {title}",
                $"Confirm your {(waitlisted ? "place on the waitlist" : "seat")} at {title} by {confirmBy}.",
                [hello, again + $"We are holding your {(waitlisted ? "place on the waitlist" : "seat")} at {title} ({when}) until {confirmBy}.",
                    "Open the link below to confirm it. Without confirmation the registration ends then and the seat goes to someone else. If you did not register, ignore this message."],
                "Confirm your registration"),
            NotificationKinds.EventRegistered when waitlisted => new(
                $"You are on the waitlist: {title}",
                $"On the waitlist for {title}, {when}.",
                [hello, again + $"{title} ({when}) is full, so you are on its waitlist. If a seat comes free it is yours, and we will e-mail you.", "Use the link below to check your place or cancel."],
                "See or cancel your registration"),
            NotificationKinds.EventRegistered => new(
                $"You are registered: {title}",
                $"Registered for {title}, {when}.",
                [hello, again + $"Your seat at {title} is confirmed.", When(n, when), .. Where(n), "The event is attached to add it to your calendar. Use the link below to see or cancel your registration."],
                "See or cancel your registration",
                await AttachmentAsync(n)),
            NotificationKinds.EventWaitlistPromoted => new(
                $"A seat came free: {title}",
                $"You now have a seat at {title}, {when}.",
                [hello, $"A seat at {title} came free and it is yours.", When(n, when), .. Where(n), "If you can no longer come, please cancel so the next person on the waitlist gets the seat."],
                "See or cancel your registration",
                await AttachmentAsync(n)),
            NotificationKinds.EventReminder => new(
                n.Fact("reminder") == EventReminders.DayBefore ? $"Tomorrow: {title}" : $"In two hours: {title}",
                $"Reminder: {title}, {when}.",
                [hello, $"A reminder: {title} is {(n.Fact("reminder") == EventReminders.DayBefore ? "tomorrow" : "in two hours")}.", When(n, when), .. Where(n), "If you cannot come, please cancel so someone on the waitlist gets your seat."],
                "See or cancel your registration"),
            NotificationKinds.EventChanged => new(
                $"Changed: {title}",
                $"{title} changed: now {when}.",
                [hello, $"The hosts changed the time or place of {title}.", $"Now: {when}.", $"Before: {NotificationText.Time(n, "previous.start")} to {NotificationText.Time(n, "previous.end")}.", .. Where(n), "The updated event is attached. If you can no longer come, please cancel."],
                "See the event",
                await AttachmentAsync(n)),
            NotificationKinds.EventCancelled => new(
                $"Cancelled: {title}",
                $"{title} ({when}) was cancelled.",
                [hello, $"The hosts cancelled {title}, planned for {when}. Your registration ends with it; there is nothing you need to do."],
                "See the event",
                await AttachmentAsync(n)),
            NotificationKinds.EventCertificate => new(
                $"Your certificate: {title}",
                $"Certificate {n.Fact("certificate.code")} for {title}.",
                [hello, $"You completed {title}. Your certificate's code is {n.Fact("certificate.code")}; anyone can check it on the network's certificate page."],
                "See your certificate"),
            NotificationKinds.EventAttendancePrompt => new(
                $"{title} has ended: mark who attended",
                $"Mark who attended {title}.",
                [hello, $"{title}, which your organization hosted, has ended. Please mark who attended: trainings issue certificates to those marked."],
                "Mark attendance"),
            _ => null,
        };
    }

    private static string When(Notification n, string when) => $"When: {when} (Pacific time).";

    private static IEnumerable<string> Where(Notification n)
    {
        if (n.Fact("event.online") == "true")
        {
            yield return n.Fact("event.online-link") is { } link ? $"Online: {link}" : "Online; the hosts share the link with registrants.";
        }
        else if (n.Fact("event.address") is { } address)
        {
            yield return $"Where: {address}";
        }
    }

    /// <summary>The event as an iCalendar attachment (same UID and sequence as the feeds, so calendars update it).</summary>
    private async Task<IReadOnlyList<MailAttachment>?> AttachmentAsync(Notification n)
    {
        if (n.Fact("event.id") is not { } eventId || !Identifiers.IsValidKey(eventId)
            || await grains.GetGrain<ICalendarIndexGrain>(GrainKeys.CalendarIndex).GetEvent(eventId) is not { } row)
        {
            return null;
        }

        // Like the message itself: no free text of the hosts (description, training type) goes into a mailbox.
        var shown = row with { PublicAddress = n.Fact("event.address") ?? row.PublicAddress, Description = string.Empty, TrainingType = null };
        var ics = CalendarFeeds.Write(row.Title, [shown], mail.Value.PublicBaseUrl);
        return [new MailAttachment("event.ics", "text/calendar; charset=utf-8; method=PUBLISH", Encoding.UTF8.GetBytes(ics))];
    }
}
