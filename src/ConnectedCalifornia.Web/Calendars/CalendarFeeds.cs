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
using RecurrenceRule = ConnectedCalifornia.Calendars.RecurrenceRule;

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
        await WriteAsync("Connected California: statewide calendar", await Index.GetEvents(new CalendarFilter(Audience: EventAudience.Public)), baseUrl);

    /// <summary>Null for a code that is not a California county.</summary>
    public async Task<string?> CountyAsync(string fips, string baseUrl) =>
        California.IsCounty(fips)
            ? await WriteAsync($"Connected California: {California.NameOf(fips)} County", await Index.GetEvents(new CalendarFilter(Audience: EventAudience.Public, County: fips)), baseUrl)
            : null;

    /// <summary>Null for an unknown organization. Its hosted and promoted public events.</summary>
    public async Task<string?> OrganizationAsync(string organizationId, string baseUrl)
    {
        if (!Identifiers.IsValidKey(organizationId) || await grains.GetGrain<IOrganizationGrain>(organizationId).GetDetails() is not { } details)
        {
            return null;
        }

        return await WriteAsync(details.Profile.Name, await Index.GetEvents(new CalendarFilter(Audience: EventAudience.Public, OrganizationId: organizationId)), baseUrl);
    }

    /// <summary>Null for an unknown initiative. The initiative's public events (its campaign calendar).</summary>
    public async Task<string?> InitiativeAsync(string initiativeId, string baseUrl)
    {
        if (!Identifiers.IsValidKey(initiativeId) || await grains.GetGrain<IInitiativeGrain>(initiativeId).GetDetails() is not { } details)
        {
            return null;
        }

        return await WriteAsync(details.Profile.Name, await Index.GetEvents(new CalendarFilter(Audience: EventAudience.Public, InitiativeId: initiativeId)), baseUrl);
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
        return await WriteAsync(taskForce.Profile.Name, rows, baseUrl);
    }

    /// <summary>One recurring series as an .ics file (its VEVENT with RRULE, EXDATE and moved occurrences), its occurrences as <paramref name="rows"/> give them.</summary>
    public static string WriteSeries(EventSeriesSnapshot series, IEnumerable<CalendarEventRow> rows, string baseUrl) =>
        Write(series.Definition.Title, rows, new Dictionary<string, EventSeriesSnapshot>(StringComparer.Ordinal) { [series.SeriesId] = series }, baseUrl);

    /// <summary>Writes the rows as a feed: the occurrences of a series as the series' one VEVENT (see <see cref="Write(string, IEnumerable{CalendarEventRow}, IReadOnlyDictionary{string, EventSeriesSnapshot}, string)"/>).</summary>
    private async Task<string> WriteAsync(string name, IEnumerable<CalendarEventRow> rows, string baseUrl)
    {
        var list = rows.ToList();
        var series = new Dictionary<string, EventSeriesSnapshot>(StringComparer.Ordinal);
        foreach (var seriesId in list.Select(r => r.SeriesId).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            if (await grains.GetGrain<IEventSeriesGrain>(seriesId).GetSnapshot() is { } snapshot)
            {
                series[seriesId] = snapshot;
            }
        }

        return Write(name, list, series, baseUrl);
    }

    /// <summary>Writes the events as one VCALENDAR, each as its own VEVENT (a single event's .ics), times in Pacific time with its VTIMEZONE.</summary>
    public static string Write(string name, IEnumerable<CalendarEventRow> rows, string baseUrl) =>
        Write(name, rows, new Dictionary<string, EventSeriesSnapshot>(), baseUrl);

    /// <summary>
    /// Writes the events as one VCALENDAR, times in Pacific time with its VTIMEZONE. The occurrences of a series in
    /// <paramref name="series"/> become the series' one VEVENT: DTSTART its first date, an RRULE, an EXDATE for every
    /// occurrence cancelled (or not on this calendar), and a VEVENT with the same UID and a RECURRENCE-ID for every
    /// occurrence that differs from the rule (moved, or changed on its own).
    /// </summary>
    public static string Write(string name, IEnumerable<CalendarEventRow> rows, IReadOnlyDictionary<string, EventSeriesSnapshot> series, string baseUrl)
    {
        var calendar = new IcalCalendar { ProductId = "-//Connected California//Calendars//EN", Method = "PUBLISH" };
        calendar.AddProperty("X-WR-CALNAME", name);
        calendar.AddProperty("X-WR-TIMEZONE", TimeZoneId);
        calendar.AddTimeZone(TimeZoneId);
        var written = new HashSet<string>(StringComparer.Ordinal);
        var list = rows.ToList();
        foreach (var row in list)
        {
            if (row.SeriesId is { } seriesId && series.TryGetValue(seriesId, out var s) && SeriesAudienceFits(s, row))
            {
                if (written.Add(seriesId))
                {
                    foreach (var e in SeriesEvents(s, list.Where(r => r.SeriesId == seriesId && SeriesAudienceFits(s, r)).ToList(), baseUrl))
                    {
                        calendar.Events.Add(e);
                    }
                }

                continue;
            }

            calendar.Events.Add(ToEvent(row, baseUrl));
        }

        return new CalendarSerializer().SerializeToString(calendar) ?? string.Empty;
    }

    /// <summary>
    /// Whether a date may be written as part of its series' one VEVENT, whose title, description and place are the
    /// series' own: only when the date has the series' audience. A date whose audience was changed on its own (and the
    /// calendar it is on, filtered by the date's audience) gets its own VEVENT, so no calendar ever carries the series'
    /// text to readers the series is not for; the series' VEVENT leaves that date out (an EXDATE).
    /// </summary>
    private static bool SeriesAudienceFits(EventSeriesSnapshot series, CalendarEventRow row) => row.Audience == series.Definition.Audience;

    /// <summary>The stable UID of an event in every feed.</summary>
    public static string Uid(string eventId) => $"{eventId}@connected-california";

    /// <summary>The stable UID of a series' VEVENT (and of its moved occurrences' VEVENTs).</summary>
    public static string SeriesUid(string seriesId) => $"series.{seriesId}@connected-california";

    /// <summary>The rule as an RRULE (weeks start on Monday; an end date is the end of that day in California, in UTC).</summary>
    public static RecurrencePattern ToPattern(RecurrenceRule rule)
    {
        var pattern = new RecurrencePattern(rule.Frequency == RecurrenceFrequency.Monthly ? Ical.Net.FrequencyType.Monthly : Ical.Net.FrequencyType.Weekly, rule.Interval)
        {
            FirstDayOfWeek = DayOfWeek.Monday,
        };
        if (rule.Frequency == RecurrenceFrequency.Weekly)
        {
            pattern.ByDay = [.. rule.Weekdays.OrderBy(d => ((int)d + 6) % 7).Select(d => new WeekDay(d))];
        }

        if (rule.Count is { } count)
        {
            pattern.Count = count;
        }
        else if (rule.Until is { } until)
        {
            pattern.Until = Utc(RecurrenceRule.FromPacific(until.ToDateTime(new TimeOnly(23, 59, 59))));
        }

        return pattern;
    }

    private static IEnumerable<CalendarEvent> SeriesEvents(EventSeriesSnapshot series, List<CalendarEventRow> rows, string baseUrl)
    {
        var master = series.ToRow();
        var firstPage = series.Occurrences.FirstOrDefault()?.EventId ?? series.SeriesId;
        var main = ToEvent(master with { EventId = firstPage }, baseUrl);
        main.Uid = SeriesUid(series.SeriesId);
        main.RecurrenceRule = ToPattern(series.Rule);
        var shown = rows.Where(r => r.Status != EventStatus.Cancelled && r.RecurrenceId is not null).ToDictionary(r => r.RecurrenceId!.Value);
        foreach (var occurrence in series.Occurrences.Where(o => !shown.ContainsKey(o.RecurrenceId)))
        {
            main.ExceptionDates.Add(Pacific(occurrence.RecurrenceId));
        }

        yield return main;
        var length = master.End - master.Start;
        foreach (var row in shown.Values.OrderBy(r => r.RecurrenceId))
        {
            if (row.Start == row.RecurrenceId && row.End - row.Start == length && row.Title == master.Title
                && row.Description == master.Description && row.PublicAddress == master.PublicAddress && row.Online == master.Online)
            {
                continue;
            }

            var moved = ToEvent(row, baseUrl);
            moved.Uid = main.Uid;
            moved.RecurrenceIdentifier = new RecurrenceIdentifier(Pacific(row.RecurrenceId!.Value));
            moved.Sequence = Math.Max(row.Sequence, series.Sequence);
            yield return moved;
        }
    }

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
