using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using ConnectedCalifornia.Calendars;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Identity;
using ConnectedCalifornia.Initiatives;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.TaskForces;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using IcalCalendar = Ical.Net.Calendar;

namespace ConnectedCalifornia.Web.Calendars;

/// <summary>
/// The RFC 5545 feeds (written with Ical.Net). Public feeds carry public events only; the
/// task-force feed, opened with a person's revocable token, adds the task force's own and its
/// members' network events, never law-enforcement-only ones. No feed carries a hidden address, an
/// online link or a registrant. Every event keeps its UID; a change bumps SEQUENCE; a cancelled
/// event stays with STATUS:CANCELLED.
/// </summary>
public sealed class CalendarFeeds(IGrainFactory grains)
{
    public const string TimeZoneId = "America/Los_Angeles";
    public const string ContentType = "text/calendar; charset=utf-8";

    private ICalendarIndexGrain Index => grains.GetGrain<ICalendarIndexGrain>(GrainKeys.CalendarIndex);

    public async Task<string> StatewideAsync(string baseUrl) =>
        Write("Connected California: statewide calendar", await Index.GetEvents(new CalendarFilter(Audience: EventAudience.Public)), baseUrl);

    /// <summary>Null for a code that is not a California county.</summary>
    public async Task<string?> CountyAsync(string fips, string baseUrl) =>
        California.IsCounty(fips)
            ? Write($"Connected California: {California.NameOf(fips)} County", await Index.GetEvents(new CalendarFilter(Audience: EventAudience.Public, County: fips)), baseUrl)
            : null;

    /// <summary>Null for an unknown organization. Its hosted and promoted public events.</summary>
    public async Task<string?> OrganizationAsync(string organizationId, string baseUrl)
    {
        if (!Identifiers.IsValidKey(organizationId) || await grains.GetGrain<IOrganizationGrain>(organizationId).GetDetails() is not { } details)
        {
            return null;
        }

        return Write(details.Profile.Name, await Index.GetEvents(new CalendarFilter(Audience: EventAudience.Public, OrganizationId: organizationId)), baseUrl);
    }

    /// <summary>Null for an unknown initiative. The initiative's public events (its campaign calendar).</summary>
    public async Task<string?> InitiativeAsync(string initiativeId, string baseUrl)
    {
        if (!Identifiers.IsValidKey(initiativeId) || await grains.GetGrain<IInitiativeGrain>(initiativeId).GetDetails() is not { } details)
        {
            return null;
        }

        return Write(details.Profile.Name, await Index.GetEvents(new CalendarFilter(Audience: EventAudience.Public, InitiativeId: initiativeId)), baseUrl);
    }

    /// <summary>
    /// Null unless the token is a current token of a person who is still in the task force. The
    /// task force's own events and the public and network events of its member organizations.
    /// </summary>
    public async Task<string?> TaskForceAsync(string taskForceId, string? token, string baseUrl)
    {
        if (!Identifiers.IsValidKey(taskForceId) || string.IsNullOrWhiteSpace(token)
            || await grains.GetGrain<ITaskForceFeedGrain>(taskForceId).Validate(token) is not { } userId
            || !(await grains.GetGrain<IUserAccessGrain>(userId).Get()).IsInTaskForce(taskForceId)
            || await grains.GetGrain<ITaskForceGrain>(taskForceId).GetDetails() is not { } taskForce)
        {
            return null;
        }

        var own = await Index.GetEvents(new CalendarFilter(TaskForceId: taskForceId));
        var members = await Index.GetEvents(new CalendarFilter(HostedByAny: taskForce.Organizations.Select(o => o.OrganizationId).ToImmutableArray()));
        var rows = own.Concat(members.Where(r => r.Audience is EventAudience.Public or EventAudience.NetworkMembers && r.TaskForceId != taskForceId))
            .Where(r => r.Audience != EventAudience.LawEnforcement)
            .OrderBy(r => r.Start).ThenBy(r => r.EventId, StringComparer.Ordinal);
        return Write(taskForce.Profile.Name, rows, baseUrl);
    }

    /// <summary>Writes the events as one VCALENDAR, times in Pacific time with its VTIMEZONE.</summary>
    public static string Write(string name, IEnumerable<CalendarEventRow> rows, string baseUrl)
    {
        var calendar = new IcalCalendar { ProductId = "-//Connected California//Calendars//EN", Method = "PUBLISH" };
        calendar.AddProperty("X-WR-CALNAME", name);
        calendar.AddProperty("X-WR-TIMEZONE", TimeZoneId);
        calendar.AddTimeZone(TimeZoneId);
        foreach (var row in rows)
        {
            calendar.Events.Add(ToEvent(row, baseUrl));
        }

        return new CalendarSerializer().SerializeToString(calendar) ?? string.Empty;
    }

    /// <summary>The stable UID of an event in every feed.</summary>
    public static string Uid(string eventId) => $"{eventId}@connected-california";

    private static CalendarEvent ToEvent(CalendarEventRow row, string baseUrl)
    {
        var url = $"{baseUrl.TrimEnd('/')}/calendar/events/{row.EventId}";
        var description = new StringBuilder(row.Description);
        if (row.Fee is not null)
        {
            description.Append(CultureInfo.InvariantCulture, $"\n\nFee: {row.Fee} (paid at the event; no payment online).");
        }

        if (row.CreditHours > 0)
        {
            description.Append(CultureInfo.InvariantCulture, $"\n\n{row.TrainingType}: {row.CreditHours:0.##} credit hours.");
        }

        description.Append(CultureInfo.InvariantCulture, $"\n\nDetails and registration: {url}");
        var location = row.PublicAddress ?? (row.Online ? "Online (the link is sent to registrants)" : "Address shared with registrants");
        var e = new CalendarEvent
        {
            Uid = Uid(row.EventId),
            Summary = row.Title,
            Description = description.ToString(),
            Location = location,
            DtStart = Pacific(row.Start),
            DtEnd = Pacific(row.End),
            DtStamp = Utc(row.UpdatedAt),
            Created = Utc(row.CreatedAt),
            LastModified = Utc(row.UpdatedAt),
            Sequence = row.Sequence,
            Status = row.Status == EventStatus.Cancelled ? Ical.Net.EventStatus.Cancelled : Ical.Net.EventStatus.Confirmed,
            Url = new Uri(url),
        };
        e.Categories.Add(row.Kind.ToString());
        return e;
    }

    private static CalDateTime Pacific(DateTimeOffset at)
    {
        var local = Components.Shared.Pacific.ToPacific(at);
        return new CalDateTime(DateTime.SpecifyKind(local.DateTime, DateTimeKind.Unspecified), TimeZoneId, true);
    }

    private static CalDateTime Utc(DateTimeOffset at) => new(at.UtcDateTime, CalDateTime.UtcTzId, true);
}
