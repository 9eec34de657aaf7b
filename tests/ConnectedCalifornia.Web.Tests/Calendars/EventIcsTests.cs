using System.Net;
using ConnectedCalifornia.Calendars;
using ConnectedCalifornia.Web.Calendars;
using ConnectedCalifornia.Web.Seeding;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using IcalCalendar = Ical.Net.Calendar;

namespace ConnectedCalifornia.Web.Tests.Calendars;

/// <summary>
/// One event's .ics ("Add to calendar", issue 21): parsed back with Ical.Net, its UID, its start in Pacific time (the
/// instant stored for the event) and its time zone; a private event only for those who may see it; and the page's
/// Google Calendar and Outlook links carry the same instants and no hidden address.
/// </summary>
public sealed class EventIcsTests(SeededAppFixture app) : IClassFixture<SeededAppFixture>
{
    [Fact]
    public async Task Event_ics_of_a_public_event_parses_with_its_uid_start_and_time_zone()
    {
        var stored = await RowAsync(DemoCalendarData.VolunteerTraining);
        Assert.Equal(EventAudience.Public, stored.Audience);
        using var anonymous = app.Factory.CreateBrowserLikeClient();
        var response = await anonymous.GetAsync($"/calendars/events/{DemoCalendarData.VolunteerTraining}.ics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);

        var calendar = IcalCalendar.Load(await response.Content.ReadAsStringAsync())!;
        var e = Assert.Single(calendar.Events);
        Assert.Equal($"{DemoCalendarData.VolunteerTraining}@connected-california", e.Uid);
        Assert.Equal(CalendarFeeds.TimeZoneId, e.DtStart!.TzId);
        Assert.Equal(stored.Start.UtcDateTime, e.DtStart.AsUtc);
        Assert.Equal(stored.End.UtcDateTime, e.DtEnd!.AsUtc);
        Assert.Contains(calendar.TimeZones, z => z.TzId == CalendarFeeds.TimeZoneId);
        Assert.Equal(stored.Title, e.Summary);
    }

    [Fact]
    public async Task Event_ics_of_a_law_enforcement_event_is_refused_to_others_and_given_to_its_audience()
    {
        using var anonymous = app.Factory.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/calendars/events/{DemoCalendarData.Prop35Training}.ics")).StatusCode);
        var (shelter, _) = await app.ClientForAsync(MatrixRole.ShelterAdmin.Email());
        Assert.Equal(HttpStatusCode.Forbidden, (await shelter.GetAsync($"/calendars/events/{DemoCalendarData.Prop35Training}.ics")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/calendars/events/no-such-event.ics")).StatusCode);

        var (officer, _) = await app.ClientForAsync(MatrixRole.LawEnforcementStaff.Email());
        var text = await officer.GetStringAsync($"/calendars/events/{DemoCalendarData.Prop35Training}.ics");
        Assert.Equal($"{DemoCalendarData.Prop35Training}@connected-california", Assert.Single(IcalCalendar.Load(text)!.Events).Uid);
    }

    [Fact]
    public async Task Event_add_to_calendar_links_carry_the_stored_instants_and_no_hidden_address()
    {
        var row = await RowAsync(DemoCalendarData.VolunteerTraining);
        var google = AddToCalendarLinks.Google(row, "https://cc.example.org/");
        var outlook = AddToCalendarLinks.Outlook(row, "https://cc.example.org/");
        var utc = row.Start.UtcDateTime;
        Assert.StartsWith("https://calendar.google.com/calendar/render?action=TEMPLATE", google, StringComparison.Ordinal);
        Assert.Contains($"&dates={utc:yyyyMMdd'T'HHmmss'Z'}/{row.End.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}", google, StringComparison.Ordinal);
        Assert.Contains(Uri.EscapeDataString($"https://cc.example.org/calendar/events/{row.EventId}"), google, StringComparison.Ordinal);
        Assert.StartsWith("https://outlook.live.com/calendar/0/action/compose?", outlook, StringComparison.Ordinal);
        Assert.Contains("&startdt=" + Uri.EscapeDataString($"{utc:yyyy-MM-dd'T'HH:mm:ss'Z'}"), outlook, StringComparison.Ordinal);

        var hidden = row with { PublicAddress = null, Online = false };
        Assert.Contains(Uri.EscapeDataString("Fresno County, California"), AddToCalendarLinks.Google(hidden with { County = "06019" }, "https://cc.example.org"), StringComparison.Ordinal);
    }

    private async Task<CalendarEventRow> RowAsync(string eventId) =>
        (await app.Factory.Services.GetRequiredService<IGrainFactory>().GetGrain<ICalendarIndexGrain>(ConnectedCalifornia.Network.GrainKeys.CalendarIndex).GetEvent(eventId))!;
}
