using System.Net;
using System.Net.Http.Json;
using ConnectedCalifornia.Calendars;
using ConnectedCalifornia.Web.Calendars;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using Ical.Net.DataTypes;
using IcalCalendar = Ical.Net.Calendar;
using RecurrenceRule = ConnectedCalifornia.Calendars.RecurrenceRule;

namespace ConnectedCalifornia.Web.Tests.Calendars;

/// <summary>
/// Recurring series through the real pipeline (issue 21): created, listed, one occurrence cancelled and one moved
/// through the API, registration per occurrence, and the series' .ics and the statewide feed parsed and expanded by
/// Ical.Net, whose dates must be exactly the occurrences stored (across the spring daylight-saving change).
/// </summary>
public sealed partial class CalendarApiTests
{
    private static readonly TimeZoneInfo PacificZone = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");

    /// <summary>Tuesdays and Thursdays at 6 pm from Tuesday 5 March 2030 (clocks go forward on 10 March), eight times.</summary>
    private static object NewSeries(string title, int count = 8, int capacity = 5) => new
    {
        @event = NewEvent(title, capacity, RecurrenceRule.FromPacific(new DateTime(2030, 3, 5, 18, 0, 0)), hideAddress: false),
        recurrence = new { frequency = "Weekly", interval = 1, weekdays = new[] { "Tuesday", "Thursday" }, count },
    };

    private async Task<(HttpClient Host, SeriesView Series)> CreateSeriesAsync(string title)
    {
        var (host, _) = await app.ClientForAsync(MatrixRole.ShelterAdmin.Email());
        var response = await host.PostAsJsonAsync("/api/calendar/series", NewSeries(title), Json);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var created = (await response.Content.ReadFromJsonAsync<SeriesCreated>(Json))!;
        Assert.Equal($"/api/calendar/series/{created.SeriesId}", response.Headers.Location?.OriginalString);
        return (host, await SeriesAsync(host, created.SeriesId));
    }

    private static async Task<SeriesView> SeriesAsync(HttpClient client, string seriesId) =>
        (await client.GetFromJsonAsync<SeriesView>($"/api/calendar/series/{seriesId}", Json))!;

    [Fact]
    public async Task Recurring_a_date_narrowed_on_its_own_is_kept_from_readers_of_the_series_and_a_date_opened_on_its_own_carries_none_of_the_series_text()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var (host, series) = await CreateSeriesAsync($"Recurring audience training {tag}");
        var (curator, _) = await app.ClientForAsync(MatrixRole.Curator.Email());
        using var anonymous = app.Factory.CreateBrowserLikeClient();
        var narrowed = series.Occurrences[3];

        // One date of the public series is narrowed to network members, with its own description.
        var members = With(With(NewEvent($"Recurring audience training {tag}", 5, narrowed.Start, hideAddress: false), "audience", "NetworkMembers"), "description", $"Members-only briefing {tag}");
        var changed = await host.PutAsJsonAsync($"/api/calendar/events/{narrowed.EventId}", members, Json);
        Assert.True(changed.IsSuccessStatusCode, await changed.Content.ReadAsStringAsync());

        // The public reads the series without that date: not in its list, not in its .ics or the statewide feed.
        var seen = (await anonymous.GetFromJsonAsync<SeriesView>($"/api/calendar/series/{series.SeriesId}", Json))!;
        Assert.DoesNotContain(seen.Occurrences, o => o.EventId == narrowed.EventId);
        Assert.Equal(series.Occurrences.Length - 1, seen.Occurrences.Length);
        foreach (var path in new[] { $"/calendars/series/{series.SeriesId}.ics", "/calendars/statewide.ics" })
        {
            var text = await anonymous.GetStringAsync(path);
            Assert.DoesNotContain($"Members-only briefing {tag}", text, StringComparison.Ordinal);
            var main = Assert.Single(IcalCalendar.Load(text)!.Events, e => e.Uid == CalendarFeeds.SeriesUid(series.SeriesId) && e.RecurrenceIdentifier is null);
            Assert.Contains(main.ExceptionDates.GetAllDates(), d => d.AsUtc == narrowed.RecurrenceId.UtcDateTime);
        }

        // A member sees it, as its own dated entry.
        var (member, _) = await app.ClientForAsync(MatrixRole.ShelterStaff.Email());
        Assert.Contains((await member.GetFromJsonAsync<SeriesView>($"/api/calendar/series/{series.SeriesId}", Json))!.Occurrences, o => o.EventId == narrowed.EventId);

        // The other way round: a members-only series with one date opened to the public. The public feed carries that
        // date on its own, never the series' one VEVENT with the series' text and rule.
        var (_, closed) = await CreateSeriesAsync($"Recurring closed training {tag}");
        var closedSeries = With(With(NewEvent($"Recurring closed training {tag}", 5, closed.Occurrences[0].Start, hideAddress: false), "audience", "NetworkMembers"), "description", $"Members-only series text {tag}");
        var closing = await host.PutAsJsonAsync($"/api/calendar/series/{closed.SeriesId}", closedSeries, Json);
        Assert.True(closing.IsSuccessStatusCode, await closing.Content.ReadAsStringAsync());
        var opened = closed.Occurrences[2];
        var open = With(With(NewEvent($"Recurring closed training {tag}", 5, opened.Start, hideAddress: false), "audience", "Public"), "description", $"Open evening {tag}");
        Assert.True((await host.PutAsJsonAsync($"/api/calendar/events/{opened.EventId}", open, Json)).IsSuccessStatusCode);
        var statewide = await anonymous.GetStringAsync("/calendars/statewide.ics");
        Assert.Contains($"Open evening {tag}", statewide, StringComparison.Ordinal);
        Assert.DoesNotContain($"Members-only series text {tag}", statewide, StringComparison.Ordinal);
        Assert.DoesNotContain(IcalCalendar.Load(statewide)!.Events, e => e.Uid == CalendarFeeds.SeriesUid(closed.SeriesId));

        // A date re-hosted (by a curator) to another organization is no longer the series' hosts' to cancel or move.
        var rehosted = series.Occurrences[5];
        var otherHost = NewEvent($"Recurring audience training {tag}", 5, rehosted.Start, host: "juniper-gate-womens-shelter", hideAddress: false);
        var rehosting = await curator.PutAsJsonAsync($"/api/calendar/events/{rehosted.EventId}", otherHost, Json);
        Assert.True(rehosting.IsSuccessStatusCode, await rehosting.Content.ReadAsStringAsync());
        var refused = await host.PostAsJsonAsync($"/api/calendar/series/{series.SeriesId}/occurrences/{rehosted.EventId}/cancel", new { confirm = true }, Json);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(EventStatus.Scheduled, (await SeriesAsync(curator, series.SeriesId)).Occurrences.Single(o => o.EventId == rehosted.EventId).Status);
        var own = await host.PostAsJsonAsync($"/api/calendar/series/{series.SeriesId}/occurrences/{series.Occurrences[6].EventId}/cancel", new { confirm = true }, Json);
        Assert.True(own.IsSuccessStatusCode, await own.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Recurring_only_trainings_and_campaign_actions_repeat_and_a_meeting_series_is_refused_with_nothing_published()
    {
        var (host, _) = await app.ClientForAsync(MatrixRole.ShelterAdmin.Email());
        var tag = Guid.NewGuid().ToString("N")[..8];
        var meeting = new
        {
            @event = NewEvent($"Recurring meeting {tag}", 5, RecurrenceRule.FromPacific(new DateTime(2030, 3, 5, 18, 0, 0)), hideAddress: false, kind: "Meeting"),
            recurrence = new { frequency = "Weekly", interval = 1, weekdays = new[] { "Tuesday" }, count = 4 },
        };

        var response = await host.PostAsJsonAsync("/api/calendar/series", meeting, Json);

        await AssertProblemAsync(response, "kind");
        Assert.DoesNotContain($"Recurring meeting {tag}", await host.GetStringAsync("/calendars/statewide.ics"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recurring_series_feed_and_ics_expand_in_Ical_Net_to_exactly_the_stored_occurrences_with_cancelled_and_moved_ones()
    {
        var (host, series) = await CreateSeriesAsync("Recurring feed training");
        var ids = series.Occurrences.Select(o => o.EventId).ToArray();
        Assert.Equal(8, ids.Length);
        Assert.Equal([-8, -8, -7, -7, -7, -7, -7, -7], series.Occurrences.Select(o => (int)PacificZone.GetUtcOffset(o.Start).TotalHours));
        Assert.All(series.Occurrences, o => Assert.Equal(18, TimeZoneInfo.ConvertTime(o.Start, PacificZone).Hour));

        // One occurrence cancelled (after someone registered for it), one moved to the next day at 7 pm.
        using var anonymous = app.Factory.CreateBrowserLikeClient();
        await PublicRegistration.RegisterAsync(app.Factory.Services, anonymous, ids[1], "Series Volunteer", "series.volunteer@example.org");
        var cancel = await host.PostAsJsonAsync($"/api/calendar/series/{series.SeriesId}/occurrences/{ids[1]}/cancel", new { confirm = true }, Json);
        Assert.True(cancel.IsSuccessStatusCode, await cancel.Content.ReadAsStringAsync());
        var movedTo = RecurrenceRule.FromPacific(new DateTime(2030, 3, 13, 19, 0, 0));
        var move = await host.PostAsJsonAsync($"/api/calendar/series/{series.SeriesId}/occurrences/{ids[2]}/move", new { start = movedTo, end = movedTo.AddHours(2) }, Json);
        Assert.True(move.IsSuccessStatusCode, await move.Content.ReadAsStringAsync());

        var stored = await SeriesAsync(host, series.SeriesId);
        Assert.Equal(EventStatus.Cancelled, stored.Occurrences[1].Status);
        Assert.True(stored.Occurrences[2].Moved);
        var expected = stored.Occurrences.Where(o => o.Status != EventStatus.Cancelled).Select(o => o.Start.UtcDateTime).Order().ToArray();

        foreach (var path in new[] { $"/calendars/series/{series.SeriesId}.ics", "/calendars/statewide.ics", "/calendars/counties/06019.ics" })
        {
            var text = await anonymous.GetStringAsync(path);
            var calendar = IcalCalendar.Load(text)!;
            var uid = CalendarFeeds.SeriesUid(series.SeriesId);
            var events = calendar.Events.Where(e => e.Uid == uid).ToList();
            Assert.Equal(2, events.Count);
            var main = Assert.Single(events, e => e.RecurrenceIdentifier is null);
            Assert.Equal(CalendarFeeds.TimeZoneId, main.DtStart!.TzId);
            Assert.Equal(series.Occurrences[0].RecurrenceId.UtcDateTime, main.DtStart.AsUtc);
            Assert.NotNull(main.RecurrenceRule);
            var exdate = Assert.Single(main.ExceptionDates.GetAllDates());
            Assert.Equal(series.Occurrences[1].RecurrenceId.UtcDateTime, exdate.AsUtc);
            var moved = Assert.Single(events, e => e.RecurrenceIdentifier is not null);
            Assert.Equal(series.Occurrences[2].RecurrenceId.UtcDateTime, moved.RecurrenceIdentifier!.StartTime.AsUtc);
            Assert.Equal(movedTo.UtcDateTime, moved.DtStart!.AsUtc);
            Assert.Contains("RRULE:FREQ=WEEKLY", text, StringComparison.Ordinal);
            Assert.Contains("EXDATE;TZID=America/Los_Angeles", text, StringComparison.Ordinal);
            Assert.Contains("RECURRENCE-ID;TZID=America/Los_Angeles", text, StringComparison.Ordinal);

            // The independent expansion: every date the parser finds is a stored occurrence, and none is missing.
            var expanded = calendar.GetOccurrences(new CalDateTime(2030, 1, 1))
                .TakeWhile(o => o.Period.StartTime.AsUtc < new DateTime(2031, 1, 1, 0, 0, 0, DateTimeKind.Utc))
                .Where(o => o.Source is Ical.Net.CalendarComponents.CalendarEvent e && e.Uid == uid)
                .Select(o => o.Period.StartTime.AsUtc)
                .Order()
                .ToArray();
            Assert.Equal(expected, expanded);

            // No occurrence of the series appears again as a VEVENT of its own.
            Assert.DoesNotContain(calendar.Events, e => ids.Any(id => e.Uid == CalendarFeeds.Uid(id)));
        }

        // A single occurrence's .ics still works: its own VEVENT at its own time.
        var single = IcalCalendar.Load(await anonymous.GetStringAsync($"/calendars/events/{ids[3]}.ics"))!;
        var one = Assert.Single(single.Events);
        Assert.Equal(stored.Occurrences[3].Start.UtcDateTime, one.DtStart!.AsUtc);
    }

    [Fact]
    public async Task Recurring_series_API_registers_per_occurrence_edits_upcoming_occurrences_and_refuses_bad_rules_and_other_organizations()
    {
        var (host, series) = await CreateSeriesAsync("Recurring API training");
        var ids = series.Occurrences.Select(o => o.EventId).ToArray();

        // Seats are each occurrence's own.
        using var anonymous = app.Factory.CreateBrowserLikeClient();
        await PublicRegistration.RegisterAsync(app.Factory.Services, anonymous, ids[1], "Second Date", "second.date@example.org");
        var listed = await SeriesAsync(anonymous, series.SeriesId);
        Assert.Equal([0, 1, 0, 0, 0, 0, 0, 0], listed.Occurrences.Select(o => o.Registered));
        Assert.False(listed.CanManage);

        // Editing the whole series reaches every upcoming occurrence.
        var edit = await host.PutAsJsonAsync($"/api/calendar/series/{series.SeriesId}", NewEvent("Recurring API training (room 2)", 5, series.Occurrences[0].RecurrenceId, hideAddress: false), Json);
        Assert.True(edit.IsSuccessStatusCode, await edit.Content.ReadAsStringAsync());
        foreach (var id in ids)
        {
            Assert.Equal("Recurring API training (room 2)", (await anonymous.GetFromJsonAsync<EventView>($"/api/calendar/events/{id}", Json))!.Event.Title);
        }

        // Another organization's admin neither edits, cancels nor moves it.
        var (other, _) = await app.ClientForAsync(MatrixRole.OtherOrganizationAdmin.Email());
        Assert.Equal(HttpStatusCode.Forbidden, (await other.PostAsJsonAsync($"/api/calendar/series/{series.SeriesId}/occurrences/{ids[0]}/cancel", new { confirm = true }, Json)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.PutAsJsonAsync($"/api/calendar/series/{series.SeriesId}", NewEvent("Taken over", 5, series.Occurrences[0].RecurrenceId), Json)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync($"/api/calendar/series/{series.SeriesId}/occurrences/{ids[0]}/move", new { start = DateTimeOffset.UtcNow, end = DateTimeOffset.UtcNow.AddHours(1) }, Json)).StatusCode);
        Assert.Equal(EventStatus.Scheduled, (await SeriesAsync(host, series.SeriesId)).Occurrences[0].Status);

        // Rules beyond the limits are refused with the field and nothing is published.
        var tooMany = await host.PostAsJsonAsync("/api/calendar/series", NewSeries("Recurring too many", count: 60), Json);
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Contains("recurrence.count", await tooMany.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var noRule = await host.PostAsJsonAsync("/api/calendar/series", new { @event = NewEvent("Recurring without a rule", 5) }, Json);
        Assert.Equal(HttpStatusCode.BadRequest, noRule.StatusCode);
        var events = await anonymous.GetFromJsonAsync<CalendarEventRow[]>("/api/calendar/events", Json);
        Assert.DoesNotContain(events!, e => e.Title is "Recurring too many" or "Recurring without a rule");
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/api/calendar/series/no-such-series")).StatusCode);
    }
}
