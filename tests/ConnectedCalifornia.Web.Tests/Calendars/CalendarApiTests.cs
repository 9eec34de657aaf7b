using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using ConnectedCalifornia.Calendars;
using ConnectedCalifornia.Web.Calendars;
using ConnectedCalifornia.Web.Seeding;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using IcalCalendar = Ical.Net.Calendar;

namespace ConnectedCalifornia.Web.Tests.Calendars;

/// <summary>
/// The calendars through the real pipeline: many clients filling a 40-seat training at once, the
/// waitlist promoting on a cancellation, feeds parsed back with Ical.Net, audiences enforced in the
/// API and feeds, bad input refused, certificates verified, and task-force feed tokens revoked.
/// </summary>
public sealed partial class CalendarApiTests(SeededAppFixture app) : IClassFixture<SeededAppFixture>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private static object NewEvent(string title, int capacity, DateTimeOffset? start = null, string host = AuthorizationMatrix.Org, bool hideAddress = true, string kind = "Training", decimal creditHours = 0)
    {
        var s = start ?? DateTimeOffset.UtcNow.AddDays(10);
        return new
        {
            title,
            description = "A test event.",
            kind,
            hostOrganizationIds = new[] { host },
            county = "06019",
            start = s,
            end = s.AddHours(2),
            online = false,
            address = "99 Hidden Lane, Fresno, CA",
            hideAddressUntilRegistered = hideAddress,
            capacity,
            fee = "$10, includes T-shirt and campaign materials",
            audience = "Public",
            trainingType = creditHours > 0 ? "Proposition 35 two-hour human trafficking training for law enforcement" : null,
            creditHours,
        };
    }

    private async Task<string> CreateAsync(MatrixRole role, object body)
    {
        var (client, _) = await app.ClientForAsync(role.Email());
        var response = await client.PostAsJsonAsync("/api/calendar/events", body, Json);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<CalendarApi.EventCreated>(Json))!.EventId;
    }

    private Task<MyRegistration> RegisterAnonymousAsync(HttpClient client, string eventId, int i) =>
        PublicRegistration.RegisterAsync(app.Factory.Services, client, eventId, $"Phone Volunteer {i}", $"phone{i}@example.org");

    [Fact]
    public async Task Sixty_clients_at_once_fill_forty_seats_exactly_and_a_cancellation_promotes_the_first_waiting()
    {
        var eventId = await CreateAsync(MatrixRole.ShelterAdmin, NewEvent("Volunteer training (race)", 40));
        var clients = Enumerable.Range(0, 60).Select(_ => app.Factory.CreateBrowserLikeClient()).ToList();

        var registrations = await Task.WhenAll(clients.Select((c, i) => RegisterAnonymousAsync(c, eventId, i)));

        Assert.Equal(40, registrations.Count(r => r.Status == RegistrationStatus.Registered));
        Assert.Equal(20, registrations.Count(r => r.Status == RegistrationStatus.Waitlisted));
        var anonymous = clients[0];
        var view = await anonymous.GetFromJsonAsync<EventView>($"/api/calendar/events/{eventId}", Json);
        Assert.Equal((40, 20, 0), (view!.Event.Registered, view.Event.Waitlisted, view.Event.SeatsLeft));

        var firstWaiting = await FirstWaitingAsync(anonymous, eventId, registrations);
        var seated = registrations.First(r => r.Status == RegistrationStatus.Registered);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.DeleteAsync($"/api/calendar/events/{eventId}/registrations/{seated.RegistrationId}")).StatusCode);

        var promoted = await anonymous.GetFromJsonAsync<MyRegistration>($"/api/calendar/events/{eventId}/registrations/{firstWaiting.RegistrationId}", Json);
        Assert.Equal(RegistrationStatus.Registered, promoted!.Status);
        view = await anonymous.GetFromJsonAsync<EventView>($"/api/calendar/events/{eventId}", Json);
        Assert.Equal((40, 19), (view!.Event.Registered, view.Event.Waitlisted));
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    private static async Task<MyRegistration> FirstWaitingAsync(HttpClient client, string eventId, MyRegistration[] registrations)
    {
        foreach (var r in registrations.Where(r => r.Status == RegistrationStatus.Waitlisted))
        {
            var current = await client.GetFromJsonAsync<MyRegistration>($"/api/calendar/events/{eventId}/registrations/{r.RegistrationId}", Json);
            if (current!.WaitlistPosition == 1)
            {
                return current;
            }
        }

        throw new InvalidOperationException("Nobody is first on the waitlist.");
    }

    [Fact]
    public async Task The_statewide_feed_parses_back_with_stable_uids_bumped_sequence_cancelled_status_and_no_hidden_address_or_restricted_event()
    {
        var (admin, _) = await app.ClientForAsync(MatrixRole.ShelterAdmin.Email());
        var changed = await CreateAsync(MatrixRole.ShelterAdmin, NewEvent("Feed test: moved training", 20));
        var cancelled = await CreateAsync(MatrixRole.ShelterAdmin, NewEvent("Feed test: cancelled training", 20));
        var moved = NewEvent("Feed test: moved training", 20, DateTimeOffset.UtcNow.AddDays(11));
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/calendar/events/{changed}", moved, Json)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/calendar/events/{cancelled}/cancel", new { confirm = true })).StatusCode);

        using var anonymous = app.Factory.CreateBrowserLikeClient();
        var response = await anonymous.GetAsync("/calendars/statewide.ics");
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        var calendar = IcalCalendar.Load(text)!;

        var movedEvent = calendar.Events.Single(e => e.Uid == CalendarFeeds.Uid(changed));
        Assert.Equal(1, movedEvent.Sequence);
        Assert.Equal("CONFIRMED", movedEvent.Status);
        Assert.NotNull(movedEvent.DtStamp);
        Assert.Equal("America/Los_Angeles", movedEvent.DtStart!.TzId);
        var cancelledEvent = calendar.Events.Single(e => e.Uid == CalendarFeeds.Uid(cancelled));
        Assert.Equal(("CANCELLED", 1), (cancelledEvent.Status, cancelledEvent.Sequence));
        Assert.DoesNotContain("99 Hidden Lane", text, StringComparison.Ordinal);
        Assert.Equal("Address shared with registrants", movedEvent.Location);
        Assert.DoesNotContain(calendar.Events, e => e.Uid == CalendarFeeds.Uid(DemoCalendarData.Prop35Training) || e.Uid == CalendarFeeds.Uid(DemoCalendarData.TaskForceMeeting));
        Assert.Contains(calendar.Events, e => e.Uid == CalendarFeeds.Uid(DemoCalendarData.VolunteerTraining));

        // The same event keeps its UID in the second fetch, with the same DTSTAMP.
        var again = IcalCalendar.Load(await anonymous.GetStringAsync("/calendars/statewide.ics"))!;
        Assert.Equal(movedEvent.DtStamp, again.Events.Single(e => e.Uid == movedEvent.Uid).DtStamp);
    }

    [Fact]
    public async Task The_campaign_feed_carries_the_initiatives_public_events_and_law_enforcement_events_stay_out_of_every_public_feed()
    {
        using var anonymous = app.Factory.CreateBrowserLikeClient();
        var campaign = IcalCalendar.Load(await anonymous.GetStringAsync("/calendars/initiatives/statewide-petition-drive.ics"))!;
        Assert.Contains(campaign.Events, e => e.Uid == CalendarFeeds.Uid(DemoCalendarData.VolunteerTraining) && e.Description!.Contains("$10, includes T-shirt", StringComparison.Ordinal));
        Assert.Contains(campaign.Events, e => e.Uid == CalendarFeeds.Uid(DemoCalendarData.SignatureGathering));

        foreach (var feed in new[] { "/calendars/statewide.ics", "/calendars/counties/06019.ics", "/calendars/organizations/sierra-mirador-police-department.ics" })
        {
            var text = await anonymous.GetStringAsync(feed);
            Assert.NotNull(IcalCalendar.Load(text));
            Assert.DoesNotContain("Proposition 35 human trafficking training", text, StringComparison.Ordinal);
            Assert.DoesNotContain("meet.example.org", text, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/calendars/counties/99999.ics")).StatusCode);
    }

    [Fact]
    public async Task A_law_enforcement_training_is_invisible_to_others_in_the_list_and_the_api_but_seen_by_officers()
    {
        using var anonymous = app.Factory.CreateBrowserLikeClient();
        var (staff, _) = await app.ClientForAsync(MatrixRole.ShelterStaff.Email());
        var (officer, _) = await app.ClientForAsync(MatrixRole.LawEnforcementStaff.Email());

        Assert.DoesNotContain((await anonymous.GetFromJsonAsync<CalendarEventRow[]>("/api/calendar/events", Json))!, r => r.EventId == DemoCalendarData.Prop35Training);
        Assert.DoesNotContain((await staff.GetFromJsonAsync<CalendarEventRow[]>("/api/calendar/events", Json))!, r => r.EventId == DemoCalendarData.Prop35Training);
        Assert.Contains((await officer.GetFromJsonAsync<CalendarEventRow[]>("/api/calendar/events", Json))!, r => r.EventId == DemoCalendarData.Prop35Training);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync($"/api/calendar/events/{DemoCalendarData.Prop35Training}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync($"/api/calendar/events/{DemoCalendarData.Prop35Training}/registrations", new { name = "Ana", email = "ana@example.org" })).StatusCode);
    }

    [Fact]
    public async Task A_hidden_address_is_shown_only_after_registering()
    {
        var eventId = await CreateAsync(MatrixRole.ShelterAdmin, NewEvent("Hidden address training", 10));
        using var anonymous = app.Factory.CreateBrowserLikeClient();
        Assert.Null((await anonymous.GetFromJsonAsync<EventView>($"/api/calendar/events/{eventId}", Json))!.Address);

        var mine = await RegisterAnonymousAsync(anonymous, eventId, 1);

        var view = await anonymous.GetFromJsonAsync<EventView>($"/api/calendar/events/{eventId}?registration={mine.RegistrationId}", Json);
        Assert.Equal("99 Hidden Lane, Fresno, CA", view!.Address);
        Assert.Equal(RegistrationStatus.Registered, view.Mine!.Status);
        Assert.Empty(view.Roster);
    }

    [Fact]
    public async Task End_before_start_capacity_below_registrations_and_a_malformed_email_are_clear_validation_problems_that_change_nothing()
    {
        var (admin, _) = await app.ClientForAsync(MatrixRole.ShelterAdmin.Email());
        var start = DateTimeOffset.UtcNow.AddDays(5);
        var backwards = await admin.PostAsJsonAsync("/api/calendar/events", new { title = "Backwards", kind = "Event", hostOrganizationIds = new[] { AuthorizationMatrix.Org }, county = "06019", start, end = start.AddHours(-1), address = "1 Main St", capacity = 5, audience = "Public" }, Json);
        await AssertProblemAsync(backwards, "end");

        var eventId = await CreateAsync(MatrixRole.ShelterAdmin, NewEvent("Capacity test", 5));
        using var anonymous = app.Factory.CreateBrowserLikeClient();
        await RegisterAnonymousAsync(anonymous, eventId, 1);
        await RegisterAnonymousAsync(anonymous, eventId, 2);
        var before = await anonymous.GetFromJsonAsync<EventView>($"/api/calendar/events/{eventId}", Json);

        await AssertProblemAsync(await admin.PutAsJsonAsync($"/api/calendar/events/{eventId}", NewEvent("Capacity test", 1), Json), "capacity");
        await AssertProblemAsync(await anonymous.PostAsJsonAsync($"/api/calendar/events/{eventId}/registrations", new { name = "Ana", email = "ana@@example" }), "email");
        await AssertProblemAsync(await anonymous.PostAsync($"/api/calendar/events/{eventId}/registrations", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json")), "registration");

        var after = await anonymous.GetFromJsonAsync<EventView>($"/api/calendar/events/{eventId}", Json);
        Assert.Equal((before!.Event.Version, 5, 2), (after!.Event.Version, after.Event.Capacity, after.Event.Registered));
    }

    [Fact]
    public async Task Registering_again_with_someone_elses_email_does_not_hand_out_their_registration_id()
    {
        var eventId = await CreateAsync(MatrixRole.ShelterAdmin, NewEvent("Ticket test", 10));
        using var first = app.Factory.CreateBrowserLikeClient();
        var theirs = await RegisterAnonymousAsync(first, eventId, 7);

        using var other = app.Factory.CreateBrowserLikeClient();
        var again = await other.PostAsJsonAsync($"/api/calendar/events/{eventId}/registrations", new { name = "Someone Else", email = "PHONE7@example.org" });
        var fresh = await other.PostAsJsonAsync($"/api/calendar/events/{eventId}/registrations", new { name = "Someone Else", email = "phone8@example.org" });
        var againBody = await again.Content.ReadAsStringAsync();
        Assert.DoesNotContain(theirs.RegistrationId, againBody, StringComparison.Ordinal);

        // Enumeration: a known and a new address get the same answer (202, "check your e-mail"), apart from the address itself.
        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted), (again.StatusCode, fresh.StatusCode));
        Assert.Equal(againBody.Replace("PHONE7@example.org", "X", StringComparison.Ordinal), (await fresh.Content.ReadAsStringAsync()).Replace("phone8@example.org", "X", StringComparison.Ordinal));
        Assert.Contains("Check your e-mail", againBody, StringComparison.Ordinal);

        // A member registering twice with their account gets their own registration back.
        var (staff, _) = await app.ClientForAsync(MatrixRole.ShelterStaff.Email());
        var mine = await (await staff.PostAsJsonAsync($"/api/calendar/events/{eventId}/registrations", new { })).Content.ReadFromJsonAsync<MyRegistration>(Json);
        var mineAgain = await (await staff.PostAsJsonAsync($"/api/calendar/events/{eventId}/registrations", new { })).Content.ReadFromJsonAsync<MyRegistration>(Json);
        Assert.Equal(mine!.RegistrationId, mineAgain!.RegistrationId);
        Assert.Equal(3, (await other.GetFromJsonAsync<EventView>($"/api/calendar/events/{eventId}", Json))!.Event.Registered);
    }

    [Fact]
    public async Task The_publics_view_shows_a_public_address_and_seats_but_never_the_roster()
    {
        var eventId = await CreateAsync(MatrixRole.ShelterAdmin, NewEvent("Open address training", 10, hideAddress: false));
        using var anonymous = app.Factory.CreateBrowserLikeClient();
        await RegisterAnonymousAsync(anonymous, eventId, 3);

        var view = (await anonymous.GetFromJsonAsync<EventView>($"/api/calendar/events/{eventId}", Json))!;

        Assert.Equal(("99 Hidden Lane, Fresno, CA", (string?)null, 1), (view.Address, view.OnlineLink, view.Event.Registered));
        Assert.Equal((false, 0, (MyRegistration?)null), (view.CanManage, view.Roster.Length, view.Mine));
        Assert.Equal("Bright Orchard Youth Shelter", view.HostNames[AuthorizationMatrix.Org]);
    }

    [Fact]
    public async Task A_host_cannot_move_their_event_onto_an_initiative_or_a_task_force_that_is_not_theirs_and_nothing_changes()
    {
        // The shelter's admin hosts the event; the shelter is not in the petition drive, and the admin is in no task force.
        var (admin, _) = await app.ClientForAsync(MatrixRole.ShelterAdmin.Email());
        var created = NewEvent("Host edits test", 10);
        var eventId = await CreateAsync(MatrixRole.ShelterAdmin, created);
        using var anonymous = app.Factory.CreateBrowserLikeClient();
        var before = (await anonymous.GetFromJsonAsync<EventView>($"/api/calendar/events/{eventId}", Json))!.Event;

        await AssertProblemAsync(await admin.PutAsJsonAsync($"/api/calendar/events/{eventId}", With(created, "initiativeId", "statewide-petition-drive"), Json), "initiativeId");
        await AssertProblemAsync(await admin.PutAsJsonAsync($"/api/calendar/events/{eventId}", With(With(created, "taskForceId", AuthorizationMatrix.TaskForce), "audience", "TaskForceMembers"), Json), "taskForceId");

        var after = (await anonymous.GetFromJsonAsync<EventView>($"/api/calendar/events/{eventId}", Json))!.Event;
        Assert.Equal((before.Version, (string?)null, (string?)null), (after.Version, after.InitiativeId, after.TaskForceId));
        Assert.DoesNotContain(
            IcalCalendar.Load(await anonymous.GetStringAsync("/calendars/initiatives/statewide-petition-drive.ics"))!.Events,
            e => e.Uid == CalendarFeeds.Uid(eventId));

        // An initiative the shelter takes part in is fine, and so is an edit that keeps it.
        var joined = With(created, "initiativeId", "awareness-month-january");
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/calendar/events/{eventId}", joined, Json)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/calendar/events/{eventId}", With(joined, "capacity", 12), Json)).StatusCode);
    }

    private static System.Text.Json.Nodes.JsonObject With(object body, string property, System.Text.Json.Nodes.JsonNode value)
    {
        var json = JsonSerializer.SerializeToNode(body, Json)!.AsObject();
        json[property] = value;
        return json;
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
        using var document = JsonDocument.Parse(body);
        var errors = document.RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages) && messages[0].GetString()!.Length > 10, body);
    }

    [Fact]
    public async Task Attendance_issues_a_certificate_anyone_can_verify_and_it_counts_for_the_agency_in_the_task_force_report()
    {
        // The task-force lead works at Sierra Mirador PD, the Fresno task force's lead agency.
        var eventId = await CreateAsync(MatrixRole.TaskForceLead, NewEvent("Prop 35 session (test)", 10, DateTimeOffset.UtcNow.AddMinutes(10), "sierra-mirador-police-department", creditHours: 2));
        var (lead, _) = await app.ClientForAsync(MatrixRole.TaskForceLead.Email());
        var mine = await (await lead.PostAsJsonAsync($"/api/calendar/events/{eventId}/registrations", new { })).Content.ReadFromJsonAsync<MyRegistration>(Json);
        var before = (await lead.GetFromJsonAsync<CompletionsReport>($"/api/calendar/task-forces/{AuthorizationMatrix.TaskForce}/completions", Json))!
            .Agencies.Single(a => a.OrganizationId == "sierra-mirador-police-department");

        var marked = await lead.PutAsJsonAsync($"/api/calendar/events/{eventId}/registrations/{mine!.RegistrationId}/attendance", new { attended = true });
        Assert.Equal(HttpStatusCode.OK, marked.StatusCode);

        var code = (await lead.GetFromJsonAsync<EventView>($"/api/calendar/events/{eventId}", Json))!.Mine!.CertificateCode;
        using var anonymous = app.Factory.CreateBrowserLikeClient();
        var certificate = await anonymous.GetFromJsonAsync<CertificateView>($"/api/certificates/{code!.ToLowerInvariant()}", Json);
        Assert.True(certificate!.Valid);
        Assert.Equal((2m, "Sierra Mirador Police Department"), (certificate.CreditHours, certificate.OrganizationName));
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/api/certificates/CC-2222-3333")).StatusCode);
        var page = await anonymous.GetStringAsync($"/certificates/{code}");
        Assert.Contains("Valid: certificate", page, StringComparison.Ordinal);

        var after = (await lead.GetFromJsonAsync<CompletionsReport>($"/api/calendar/task-forces/{AuthorizationMatrix.TaskForce}/completions", Json))!
            .Agencies.Single(a => a.OrganizationId == "sierra-mirador-police-department");
        Assert.Equal((before.Completions + 1, before.CreditHours + 2), (after.Completions, after.CreditHours));
    }

    [Fact]
    public async Task The_seeded_training_under_way_has_a_certificate_for_the_officer()
    {
        var (officer, _) = await app.ClientForAsync(MatrixRole.LawEnforcementStaff.Email());
        var view = await officer.GetFromJsonAsync<EventView>($"/api/calendar/events/{DemoCalendarData.TrainingUnderWay}", Json);
        Assert.True(view!.Mine!.Attended);
        using var anonymous = app.Factory.CreateBrowserLikeClient();
        Assert.True((await anonymous.GetFromJsonAsync<CertificateView>($"/api/certificates/{view.Mine.CertificateCode}", Json))!.Valid);
    }

    [Fact]
    public async Task A_task_force_feed_token_opens_the_members_feed_until_it_is_revoked()
    {
        var (member, _) = await app.ClientForAsync(MatrixRole.TaskForceMember.Email());
        var issued = await member.PostAsJsonAsync($"/api/calendar/task-forces/{AuthorizationMatrix.TaskForce}/feed-token", new { issue = true });
        var token = await issued.Content.ReadFromJsonAsync<CalendarApi.FeedToken>(Json);
        using var anonymous = app.Factory.CreateBrowserLikeClient();
        var feedPath = new Uri(token!.FeedUrl).PathAndQuery;

        var feed = IcalCalendar.Load(await anonymous.GetStringAsync(feedPath))!;
        Assert.Contains(feed.Events, e => e.Uid == CalendarFeeds.Uid(DemoCalendarData.TaskForceMeeting) && e.Location == "Address shared with registrants");
        Assert.DoesNotContain(feed.Events, e => e.Uid == CalendarFeeds.Uid(DemoCalendarData.Prop35Training));

        Assert.Equal(HttpStatusCode.OK, (await member.DeleteAsync($"/api/calendar/task-forces/{AuthorizationMatrix.TaskForce}/feed-token")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(feedPath)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/calendars/task-forces/{AuthorizationMatrix.TaskForce}.ics?token=guess")).StatusCode);
    }

    [Fact]
    public async Task The_task_force_page_lists_its_upcoming_events_for_its_members()
    {
        var (member, _) = await app.ClientForAsync(MatrixRole.TaskForceMember.Email());

        var page = await member.GetStringAsync($"/task-forces/{DemoNetworkData.FresnoTaskForceKey}");

        Assert.Contains("Upcoming events", page, StringComparison.Ordinal);
        Assert.Contains("Fresno Valley Task Force monthly meeting", page, StringComparison.Ordinal);
    }
}
