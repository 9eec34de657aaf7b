using System.Globalization;
using ConnectedCalifornia.Calendars;
using ConnectedCalifornia.Directory;

namespace ConnectedCalifornia.Web.Calendars;

/// <summary>
/// The "Add to calendar" links of an event page: the event's own .ics file, and prefilled "new event" pages of Google
/// Calendar and Outlook on the web. The two outside links carry only the title, the times, the public place (or the
/// county) and the event page's address: never a hidden address, an online link or the description. They are
/// given for public events only: the title and place of a members', law-enforcement or task-force event must not
/// go to Google or Microsoft, so for those the two return null and only the .ics file (served to whoever may see the
/// event) is offered.
/// </summary>
public static class AddToCalendarLinks
{
    public static string IcsPath(string eventId) => $"/calendars/events/{Uri.EscapeDataString(eventId)}.ics";

    /// <summary>Whether the outside links may be given for this event: only when anyone may see it.</summary>
    public static bool MayLeaveTheNetwork(CalendarEventRow e) => e.Audience == EventAudience.Public;

    /// <summary>Google Calendar's prefilled "new event" page; null for an event that is not public.</summary>
    public static string? Google(CalendarEventRow e, string baseUrl) => !MayLeaveTheNetwork(e) ? null :
        "https://calendar.google.com/calendar/render?action=TEMPLATE"
        + $"&text={Escape(e.Title)}"
        + $"&dates={Utc(e.Start)}/{Utc(e.End)}"
        + $"&ctz={Escape(CalendarFeeds.TimeZoneId)}"
        + $"&details={Escape(PageUrl(e, baseUrl))}"
        + $"&location={Escape(Place(e))}";

    /// <summary>Outlook on the web's prefilled "new event" page; null for an event that is not public.</summary>
    public static string? Outlook(CalendarEventRow e, string baseUrl) => !MayLeaveTheNetwork(e) ? null :
        "https://outlook.live.com/calendar/0/action/compose?rru=addevent"
        + $"&subject={Escape(e.Title)}"
        + $"&startdt={Escape(e.Start.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))}"
        + $"&enddt={Escape(e.End.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))}"
        + $"&body={Escape(PageUrl(e, baseUrl))}"
        + $"&location={Escape(Place(e))}";

    private static string PageUrl(CalendarEventRow e, string baseUrl) => $"{baseUrl.TrimEnd('/')}/calendar/events/{e.EventId}";

    private static string Place(CalendarEventRow e) =>
        e.PublicAddress ?? (e.Online ? "Online" : $"{California.NameOf(e.County)} County, California");

    private static string Utc(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    private static string Escape(string text) => Uri.EscapeDataString(text);
}
