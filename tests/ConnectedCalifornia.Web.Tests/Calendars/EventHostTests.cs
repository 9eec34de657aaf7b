using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ConnectedCalifornia.Calendars;
using ConnectedCalifornia.Web.Calendars;
using ConnectedCalifornia.Web.Seeding;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;

namespace ConnectedCalifornia.Web.Tests.Calendars;

/// <summary>
/// Who manages an event (issue 13, finding 2): its hosts and curators, never the other organizations
/// of its initiative; the roster goes to the hosts only; the host list changes only by the host itself
/// or a curator. Every refusal is read back: nothing stored changed.
/// </summary>
public sealed class EventHostTests(SeededAppFixture app) : IClassFixture<SeededAppFixture>
{
    /// <summary>The Fresno foster-youth working group: Valley Compass (the task-force member's organization) and Bright Orchard (the shelter admin's) both take part.</summary>
    private const string WorkingGroup = AuthorizationMatrix.Initiative;

    private const string ValleyCompass = "valley-compass-survivor-services";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private static JsonObject NewEvent(string title, params string[] hosts)
    {
        var start = DateTimeOffset.UtcNow.AddDays(12);
        return JsonSerializer.SerializeToNode(new
        {
            title,
            description = "Caregiver training of the working group.",
            kind = "Training",
            hostOrganizationIds = hosts,
            initiativeId = WorkingGroup,
            county = "06019",
            start,
            end = start.AddHours(2),
            online = false,
            address = "12 Example Road, Fresno, CA",
            hideAddressUntilRegistered = true,
            capacity = 20,
            audience = "Public",
        }, Json)!.AsObject();
    }

    private static JsonObject With(JsonObject body, string property, JsonNode? value)
    {
        var copy = body.DeepClone().AsObject();
        copy[property] = value;
        return copy;
    }

    private async Task<HttpClient> ClientAsync(MatrixRole role) => (await app.ClientForAsync(role.Email())).Client;

    private async Task<string> CreateAsync(MatrixRole role, JsonObject body)
    {
        var response = await (await ClientAsync(role)).PostAsJsonAsync("/api/calendar/events", body, Json);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<CalendarApi.EventCreated>(Json))!.EventId;
    }

    private async Task<MyRegistration> RegisterPubliclyAsync(string eventId, string name, string email)
    {
        using var anonymous = app.Factory.CreateBrowserLikeClient();
        return await PublicRegistration.RegisterAsync(app.Factory.Services, anonymous, eventId, name, email);
    }

    private async Task<EventView> ReadAsync(string eventId)
    {
        using var anonymous = app.Factory.CreateBrowserLikeClient();
        return (await anonymous.GetFromJsonAsync<EventView>($"/api/calendar/events/{eventId}", Json))!;
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
        using var document = JsonDocument.Parse(body);
        Assert.True(document.RootElement.GetProperty("errors").TryGetProperty(field, out var messages) && messages[0].GetString()!.Length > 10, body);
    }

    [Fact]
    public async Task Initiative_participant_cannot_manage_an_event_another_organization_hosts()
    {
        // Valley Compass hosts an event of the working group; Bright Orchard's admin is an admin of another organization of it.
        var created = NewEvent("Working group caregiver training (hosts test)", ValleyCompass);
        var eventId = await CreateAsync(MatrixRole.TaskForceMember, created);
        var registrant = await RegisterPubliclyAsync(eventId, "Rosa Roster Canary", "roster.canary@example.org");
        var before = await ReadAsync(eventId);
        var participant = await ClientAsync(MatrixRole.ShelterAdmin);

        // The roster, in the API, the event and its page: nothing of the registrant.
        Assert.Equal(HttpStatusCode.Forbidden, (await participant.GetAsync($"/api/calendar/events/{eventId}/roster")).StatusCode);
        var seen = await participant.GetStringAsync($"/api/calendar/events/{eventId}");
        var page = await participant.GetStringAsync($"/calendar/events/{eventId}");
        foreach (var text in new[] { seen, page })
        {
            Assert.DoesNotContain("roster.canary@example.org", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Rosa Roster Canary", text, StringComparison.Ordinal);
            Assert.DoesNotContain(registrant.RegistrationId, text, StringComparison.Ordinal);
        }

        Assert.False(JsonSerializer.Deserialize<EventView>(seen, Json)!.CanManage);

        // Cancelling the registration (even with its id), editing, cancelling the event, replacing its hosts, the edit page: all refused.
        Assert.Equal(HttpStatusCode.Forbidden, (await participant.DeleteAsync($"/api/calendar/events/{eventId}/registrations/{registrant.RegistrationId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await participant.PutAsJsonAsync($"/api/calendar/events/{eventId}", With(created, "title", "Taken over"), Json)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await participant.PostAsJsonAsync($"/api/calendar/events/{eventId}/cancel", new { confirm = true })).StatusCode);
        Assert.Equal(
            HttpStatusCode.Forbidden,
            (await participant.PutAsJsonAsync($"/api/calendar/events/{eventId}", With(created, "hostOrganizationIds", new JsonArray(AuthorizationMatrix.Org)), Json)).StatusCode);
        var edit = await participant.GetAsync($"/calendar/events/{eventId}/edit");
        Assert.Contains("/Account/AccessDenied", edit.Headers.Location?.ToString() ?? string.Empty, StringComparison.Ordinal);

        // Nothing stored changed: the event, its hosts, its status and the registration read back as before.
        var after = await ReadAsync(eventId);
        Assert.Equal(
            (before.Event.Version, before.Event.Title, EventStatus.Scheduled, 1),
            (after.Event.Version, after.Event.Title, after.Event.Status, after.Event.Registered));
        Assert.Equal([ValleyCompass], after.Event.HostOrganizationIds.AsEnumerable());
        using var anonymous = app.Factory.CreateBrowserLikeClient();
        var stored = await anonymous.GetFromJsonAsync<MyRegistration>($"/api/calendar/events/{eventId}/registrations/{registrant.RegistrationId}", Json);
        Assert.Equal(RegistrationStatus.Registered, stored!.Status);

        // The host still manages it and sees the registrant.
        var host = await ClientAsync(MatrixRole.TaskForceMember);
        var roster = await host.GetFromJsonAsync<RosterEntry[]>($"/api/calendar/events/{eventId}/roster", Json);
        Assert.Equal("roster.canary@example.org", Assert.Single(roster!).Email);
    }

    [Fact]
    public async Task Curator_sees_roster_counts_not_registrants_unless_hosting()
    {
        var eventId = await CreateAsync(MatrixRole.TaskForceMember, NewEvent("Working group training (curator test)", ValleyCompass));
        await RegisterPubliclyAsync(eventId, "Carla Count Canary", "count.canary@example.org");
        var curator = await ClientAsync(MatrixRole.Curator);

        var view = (await curator.GetFromJsonAsync<EventView>($"/api/calendar/events/{eventId}", Json))!;
        Assert.Equal((true, false, 0, 1), (view.CanManage, view.SeesRoster, view.Roster.Length, view.Event.Registered));
        var roster = await curator.GetAsync($"/api/calendar/events/{eventId}/roster");
        Assert.Equal(HttpStatusCode.Forbidden, roster.StatusCode);
        Assert.DoesNotContain("count.canary@example.org", await roster.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        var page = await curator.GetStringAsync($"/calendar/events/{eventId}");
        Assert.Contains("1 registered, 0 on the waitlist", page, StringComparison.Ordinal);
        Assert.DoesNotContain("count.canary@example.org", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Carla Count Canary", page, StringComparison.Ordinal);

        // When the curator's own organization hosts, the curator is a host and sees the roster.
        var hosted = NewEvent("Curation desk office hours (curator test)", DemoNetworkData.CurationDeskKey);
        hosted["initiativeId"] = null;
        var ownId = await CreateAsync(MatrixRole.Curator, hosted);
        await RegisterPubliclyAsync(ownId, "Hana Host Canary", "host.canary@example.org");
        var own = await curator.GetFromJsonAsync<RosterEntry[]>($"/api/calendar/events/{ownId}/roster", Json);
        Assert.Equal("host.canary@example.org", Assert.Single(own!).Email);
    }

    [Fact]
    public async Task Co_host_cannot_remove_a_host_without_a_curator()
    {
        // A curator sets up a co-hosted event: Valley Compass (the task-force member's organization) and Cedar Lantern Ministries.
        var created = NewEvent("Co-hosted training (hosts test)", ValleyCompass, "cedar-lantern-ministries");
        var eventId = await CreateAsync(MatrixRole.Curator, created);
        var before = await ReadAsync(eventId);
        var coHost = await ClientAsync(MatrixRole.TaskForceMember);

        // The co-host may not remove the other host, nor replace it with an organization of its choice.
        await AssertProblemAsync(await coHost.PutAsJsonAsync($"/api/calendar/events/{eventId}", With(created, "hostOrganizationIds", new JsonArray(ValleyCompass)), Json), "hostOrganizationIds");
        await AssertProblemAsync(
            await coHost.PutAsJsonAsync($"/api/calendar/events/{eventId}", With(created, "hostOrganizationIds", new JsonArray(ValleyCompass, AuthorizationMatrix.Org)), Json),
            "hostOrganizationIds");
        var after = await ReadAsync(eventId);
        Assert.Equal(before.Event.Version, after.Event.Version);
        Assert.Equal(["cedar-lantern-ministries", ValleyCompass], after.Event.HostOrganizationIds.Order(StringComparer.Ordinal));

        // The co-host still edits the rest of the event.
        Assert.Equal(HttpStatusCode.OK, (await coHost.PutAsJsonAsync($"/api/calendar/events/{eventId}", With(created, "capacity", 25), Json)).StatusCode);

        // A curator removes a host.
        var curator = await ClientAsync(MatrixRole.Curator);
        Assert.Equal(HttpStatusCode.OK, (await curator.PutAsJsonAsync($"/api/calendar/events/{eventId}", With(With(created, "capacity", 25), "hostOrganizationIds", new JsonArray(ValleyCompass)), Json)).StatusCode);
        Assert.Equal([ValleyCompass], (await ReadAsync(eventId)).Event.HostOrganizationIds.AsEnumerable());
    }
}
