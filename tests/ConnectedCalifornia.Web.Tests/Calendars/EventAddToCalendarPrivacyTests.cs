using System.Net;
using ConnectedCalifornia.Calendars;
using ConnectedCalifornia.Web.Calendars;
using ConnectedCalifornia.Web.Seeding;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ConnectedCalifornia.Web.Tests.Calendars;

/// <summary>
/// "Add to calendar" keeps a private event inside the network: the Google Calendar and Outlook links (which put the
/// title, the times and the place into a Google or Microsoft address) are on public events' pages only; an event of
/// law enforcement, a task force or the network's members offers its .ics file alone, to those who may see it.
/// </summary>
public sealed class EventAddToCalendarPrivacyTests(SeededAppFixture app) : IClassFixture<SeededAppFixture>
{
    [Fact]
    public async Task Event_page_of_a_law_enforcement_event_offers_the_ics_file_but_no_google_or_outlook_link()
    {
        var (officer, _) = await app.ClientForAsync(MatrixRole.LawEnforcementStaff.Email());
        var response = await officer.GetAsync($"/calendar/events/{DemoCalendarData.Prop35Training}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Contains("data-testid=\"add-to-calendar\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/calendars/events/{DemoCalendarData.Prop35Training}.ics\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("calendar.google.com", html, StringComparison.OrdinalIgnoreCase); // (the quick-exit button goes to www.google.com)
        Assert.DoesNotContain("outlook.live.com", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Outlook on the web", html, StringComparison.Ordinal);

        // The .ics link is the officer's to use.
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync($"/calendars/events/{DemoCalendarData.Prop35Training}.ics")).StatusCode);
    }

    [Fact]
    public async Task Event_page_of_a_public_event_keeps_the_ics_google_and_outlook_links()
    {
        using var anonymous = app.Factory.CreateBrowserLikeClient();
        var html = await anonymous.GetStringAsync($"/calendar/events/{DemoCalendarData.VolunteerTraining}");

        Assert.Contains($"href=\"/calendars/events/{DemoCalendarData.VolunteerTraining}.ics\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://calendar.google.com/calendar/render?action=TEMPLATE", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://outlook.live.com/calendar/0/action/compose?", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DemoCalendarData.Prop35Training, EventAudience.LawEnforcement)]
    [InlineData(DemoCalendarData.TaskForceMeeting, EventAudience.TaskForceMembers)]
    [InlineData(DemoCalendarData.WorkingGroupMeeting, EventAudience.NetworkMembers)]
    public async Task Event_add_to_calendar_links_refuse_an_event_that_is_not_public(string eventId, EventAudience audience)
    {
        var row = (await app.Factory.Services.GetRequiredService<IGrainFactory>().GetGrain<ICalendarIndexGrain>(ConnectedCalifornia.Network.GrainKeys.CalendarIndex).GetEvent(eventId))!;
        Assert.Equal(audience, row.Audience);
        Assert.Null(AddToCalendarLinks.Google(row, "https://cc.example.org/"));
        Assert.Null(AddToCalendarLinks.Outlook(row, "https://cc.example.org/"));

        // The same event made public would get both: the refusal is the audience's, nothing else.
        Assert.NotNull(AddToCalendarLinks.Google(row with { Audience = EventAudience.Public }, "https://cc.example.org/"));
        Assert.NotNull(AddToCalendarLinks.Outlook(row with { Audience = EventAudience.Public }, "https://cc.example.org/"));
    }
}
