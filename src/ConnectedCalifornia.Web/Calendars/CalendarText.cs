using ConnectedCalifornia.Calendars;
using ConnectedCalifornia.Web.Components.Shared;

namespace ConnectedCalifornia.Web.Calendars;

/// <summary>How the calendar pages say things: times in Pacific time, kinds, audiences and seats in words.</summary>
public static class CalendarText
{

    /// <summary>"Tue, Mar 10, 6:00 – 8:00 PM PT", or with both dates when it spans days.</summary>
    public static string When(CalendarEventRow row) => Pacific.Span(row.Start, row.End);

    public static string Time(DateTimeOffset at) => Pacific.Time(at);

    public static string Kind(EventKind kind) => kind switch
    {
        EventKind.Training => "Training",
        EventKind.CampaignAction => "Campaign action",
        EventKind.Meeting => "Meeting",
        _ => "Event",
    };

    public static string Audience(EventAudience audience) => audience switch
    {
        EventAudience.NetworkMembers => "Network members",
        EventAudience.LawEnforcement => "Law enforcement only",
        EventAudience.TaskForceMembers => "Task-force members only",
        _ => "Open to the public",
    };

    /// <summary>The seats in words; each part goes through <paramref name="say"/> (a page's localizer) when given.</summary>
    public static string Seats(CalendarEventRow row, Func<string, string>? say = null)
    {
        say ??= static text => text;
        var seats = say(row.Capacity == 0
            ? $"{row.Registered} registered, no seat limit"
            : row.SeatsLeft == 0 ? $"Full: {row.Registered} of {row.Capacity} seats taken" : $"{row.SeatsLeft} of {row.Capacity} seats left");
        // Seats of public registrations not confirmed by e-mail yet are held, not taken for good: say so.
        if (row.Held > 0)
        {
            seats += " " + say($"({row.Registered - row.Held} confirmed, {row.Held} held awaiting e-mail confirmation)");
        }

        return row.Waitlisted > 0 ? $"{seats} · {say($"{row.Waitlisted} on the waitlist")}" : seats;
    }


    public static string Status(RegistrationStatus status, int? position) => status switch
    {
        RegistrationStatus.Registered => "You are registered: your seat is confirmed.",
        RegistrationStatus.Waitlisted => position is { } p ? $"You are on the waitlist (number {p}). If a seat frees up, you get it automatically." : "You are on the waitlist.",
        _ => "Your registration is cancelled.",
    };
}
