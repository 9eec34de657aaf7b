using System.Collections.Immutable;
using System.Globalization;
using ConnectedCalifornia.Notifications;

namespace ConnectedCalifornia.Calendars;

/// <summary>
/// What an event's change tells people, derived from the state before and after it (so no command can
/// forget to notify): a new registration is confirmed to its registrant, a seat given from the waitlist
/// is announced to its new holder, a moved or cancelled event is told to everyone registered, a
/// certificate to its holder; reminders and the hosts' attendance prompt when the sweep sends them.
/// </summary>
internal static class EventNotifications
{
    public static ImmutableArray<Notification> Between(string eventId, EventState before, EventState after, IReadOnlyCollection<string> reminders)
    {
        var d = after.Definition;
        if (d is null)
        {
            return [];
        }

        var notes = ImmutableArray.CreateBuilder<Notification>();
        var old = (before.Registrations.IsDefault ? [] : before.Registrations).ToDictionary(r => r.RegistrationId, StringComparer.Ordinal);
        var active = after.Registrations.Where(r => r.Status != RegistrationStatus.Cancelled).ToList();
        foreach (var registration in active)
        {
            old.TryGetValue(registration.RegistrationId, out var was);
            if (was is null)
            {
                notes.Add(ToRegistrant(eventId, after, NotificationKinds.EventRegistered, registration));
            }
            else if (was.Status == RegistrationStatus.Waitlisted && registration.Status == RegistrationStatus.Registered)
            {
                notes.Add(ToRegistrant(eventId, after, NotificationKinds.EventWaitlistPromoted, registration));
            }
            else if (was.ConfirmBy is not null && registration.ConfirmBy is null)
            {
                // Confirmed through the e-mailed link: now the registration is told as done (with the event attached).
                notes.Add(ToRegistrant(eventId, after, NotificationKinds.EventRegistered, registration));
            }

            if (registration.CertificateCode is { } code && was?.CertificateCode != code)
            {
                notes.Add(ToRegistrant(eventId, after, NotificationKinds.EventCertificate, registration, ("certificate.code", code)));
            }
        }

        var existing = active.Where(r => old.ContainsKey(r.RegistrationId)).ToList();
        if (before.Definition is not null && after.Status == EventStatus.Cancelled && before.Status != EventStatus.Cancelled)
        {
            notes.AddRange(existing.Select(r => ToRegistrant(eventId, after, NotificationKinds.EventCancelled, r)));
        }
        else if (before.Definition is { } previous && after.Status != EventStatus.Cancelled
            && (previous.Start != d.Start || previous.End != d.End || previous.Online != d.Online || previous.Address != d.Address || previous.OnlineLink != d.OnlineLink))
        {
            notes.AddRange(existing.Select(r => ToRegistrant(eventId, after, NotificationKinds.EventChanged, r,
                ("previous.start", Time(previous.Start)), ("previous.end", Time(previous.End)))));
        }

        foreach (var reminder in reminders)
        {
            if (reminder == EventReminders.AttendancePrompt)
            {
                notes.Add(new Notification(
                    Id(eventId, after.Version, NotificationKinds.EventAttendancePrompt, "hosts"),
                    NotificationKinds.EventAttendancePrompt,
                    after.UpdatedAt,
                    [.. d.HostOrganizationIds.Select(NotificationAudience.OrganizationMembers)],
                    EventFacts(eventId, after, null),
                    $"/calendar/events/{eventId}"));
            }
            else
            {
                notes.AddRange(active.Where(r => r.Status == RegistrationStatus.Registered)
                    .Select(r => ToRegistrant(eventId, after, NotificationKinds.EventReminder, r, ("reminder", reminder))));
            }
        }

        return notes.ToImmutable();
    }

    /// <summary>
    /// An existing registration's link, sent again to its own address because it registered again (the
    /// page only says "check your e-mail", so nobody learns from it whether the address had registered).
    /// </summary>
    public static Notification LinkAgain(string eventId, EventState s, Registration r, DateTimeOffset at)
    {
        var note = ToRegistrant(eventId, s, NotificationKinds.EventRegistered, r, ("registration.again", "true"));
        return note with { Id = $"event:{eventId}:again:{r.RegistrationId}:{at.UtcTicks.ToString(CultureInfo.InvariantCulture)}", At = at };
    }

    private static Notification ToRegistrant(string eventId, EventState s, string kind, Registration r, params (string Key, string Value)[] extra)
    {
        var facts = EventFacts(eventId, s, r).ToBuilder();
        foreach (var (key, value) in extra)
        {
            facts[key] = value;
        }

        var audience = r.UserId is { } userId ? NotificationAudience.Person(userId) : NotificationAudience.Address(r.Email, r.Name, r.Language);

        // A public registrant's link carries their registration (it is their ticket to see or cancel it);
        // while it awaits confirmation, opening the link confirms it.
        var link = r.UserId is null ? $"/calendar/events/{eventId}?registration={r.RegistrationId}" : $"/calendar/events/{eventId}";
        if (r.UserId is null && r.ConfirmBy is { } confirmBy)
        {
            link += "&confirm=true";
            facts["registration.confirm-by"] = Time(confirmBy);
        }

        return new Notification(Id(eventId, s.Version, kind, r.RegistrationId), kind, s.UpdatedAt, [audience], facts.ToImmutable(), link);
    }

    private static ImmutableSortedDictionary<string, string> EventFacts(string eventId, EventState s, Registration? r)
    {
        var d = s.Definition!;
        var facts = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        facts["event.id"] = eventId;
        facts["event.title"] = d.Title;
        facts["event.start"] = Time(d.Start);
        facts["event.end"] = Time(d.End);
        facts["event.sequence"] = s.Sequence.ToString(CultureInfo.InvariantCulture);
        facts["event.status"] = s.Status.ToString();
        facts["event.online"] = d.Online ? "true" : "false";

        // Where it is: only to someone with a seat when the hosts hide the address until registration.
        if (r is null || r.Status == RegistrationStatus.Registered || !d.HideAddressUntilRegistered)
        {
            if (!d.Online && d.Address is { } address)
            {
                facts["event.address"] = address;
            }

            if (d.Online && d.OnlineLink is { } onlineLink && r?.Status == RegistrationStatus.Registered)
            {
                facts["event.online-link"] = onlineLink;
            }
        }

        if (r is not null)
        {
            facts["registration.id"] = r.RegistrationId;
            facts["registration.status"] = r.Status.ToString();
            facts["recipient.name"] = r.Name;
        }

        return facts.ToImmutable();
    }

    private static string Id(string eventId, long version, string kind, string suffix) => $"event:{eventId}:v{version}:{kind}:{suffix}";

    private static string Time(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);
}
