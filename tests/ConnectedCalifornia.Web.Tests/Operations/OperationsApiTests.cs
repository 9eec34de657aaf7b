using System.Collections.Immutable;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using ConnectedCalifornia.Capacity;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Operations;
using ConnectedCalifornia.Web.Live;
using ConnectedCalifornia.Web.Operations;
using ConnectedCalifornia.Web.Seeding;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace ConnectedCalifornia.Web.Tests.Operations;

/// <summary>
/// Operations through the real pipeline: a lead plans and asks for standby, a shelter answers and
/// the lead's live connection hears it; people outside the operation find no trace of it through
/// the API, the pages or the hub; bad input is a ValidationProblem and changes nothing.
/// </summary>
public sealed class OperationsApiTests(SeededAppFixture app) : IClassFixture<SeededAppFixture>
{
    private const string TaskForce = AuthorizationMatrix.TaskForce;
    private const string Shelter = AuthorizationMatrix.Org;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public static TheoryData<MatrixRole> Outsiders => [MatrixRole.TaskForceMember, MatrixRole.LawEnforcementStaff, MatrixRole.OtherOrganizationAdmin, MatrixRole.Curator];

    private static object Plan(string title, DateTimeOffset? start = null)
    {
        var s = start ?? DateTimeOffset.UtcNow.AddDays(40);
        return new
        {
            title,
            type = "Enforcement",
            start = s,
            end = s.AddHours(6),
            counties = new[] { "06019" },
            generalArea = "North Fresno motels",
            exactLocation = "Room 12, Example Motel",
            shareLocation = false,
            leadAgencyId = DemoOperationsData.LeadAgencyKey,
        };
    }

    private async Task<string> PlanAsync(string title)
    {
        var (lead, _) = await app.ClientForAsync(MatrixRole.TaskForceLead.Email());
        var response = await lead.PostAsJsonAsync($"/api/task-forces/{TaskForce}/operations", Plan(title));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<OperationsApi.Created>(Json))!.Id;
    }

    [Fact]
    public async Task A_shelters_standby_answer_reaches_the_leads_live_connection_and_the_operation()
    {
        var id = await PlanAsync("Standby flow " + Guid.NewGuid().ToString("N")[..6]);
        var (lead, leadCookie) = await app.ClientForAsync(MatrixRole.TaskForceLead.Email());
        var (shelter, _) = await app.ClientForAsync(MatrixRole.ShelterStaff.Email());
        await using var connection = app.Factory.CreateHubConnection(leadCookie);
        var received = Channel.CreateUnbounded<AnnouncementMessage>();
        connection.On<AnnouncementMessage>(nameof(INetworkClient.Announcement), m => received.Writer.TryWrite(m));
        await connection.StartAsync();
        Assert.True((await connection.InvokeAsync<JoinResult>(nameof(NetworkHub.Join), Topics.Operation(id))).Joined);

        (await lead.PostAsJsonAsync($"/api/operations/{id}/standby", new
        {
            organizationIds = new[] { Shelter },
            expectedPeople = 6,
            ages = "MinorsInvolved",
            languages = new[] { "en", "es" },
            safetyRisks = "Third parties may be present",
            housingNeeds = "Two emergency beds for minors",
        })).EnsureSuccessStatusCode();
        var requestId = (await GetAsync(lead, id)).Standby.Single().Id;

        var answer = await shelter.PutAsJsonAsync($"/api/operations/{id}/standby/{requestId}/answers/{Shelter}", new { response = "Yes", advocates = 2, note = "Spanish-speaking advocate" });

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        AnnouncementMessage message;
        do
        {
            message = await received.Reader.ReadAsync(timeout.Token);
        }
        while (!message.Summary.Contains("answered", StringComparison.Ordinal));
        Assert.Equal(OperationKinds.Standby, message.Kind);
        Assert.Contains("2 advocates", message.Summary, StringComparison.Ordinal);
        var view = await GetAsync(lead, id);
        var reply = view.Standby.Single().Replies.Single();
        Assert.Equal((Shelter, StandbyResponse.Yes, 2), (reply.OrganizationId, reply.Response, reply.Advocates));
        Assert.Equal("Room 12, Example Motel", view.ExactLocation);
        var shelterView = await GetAsync(shelter, id);
        Assert.Null(shelterView.ExactLocation);
        Assert.False(shelterView.Permissions.Manage);
        Assert.Equal([Shelter], shelterView.Permissions.MyOrganizations.AsEnumerable());

        // Someone else's organization cannot answer for the shelter.
        var forged = await lead.PutAsJsonAsync($"/api/operations/{id}/standby/{requestId}/answers/{Shelter}", new { response = "No", advocates = 0 });
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Outsiders))]
    public async Task Someone_outside_the_operation_finds_no_trace_of_it(MatrixRole outsider)
    {
        var title = "Secret corridor " + Guid.NewGuid().ToString("N")[..6];
        var id = await PlanAsync(title);
        var (client, cookie) = await app.ClientForAsync(outsider.Email());

        var list = await client.GetStringAsync("/api/operations/");
        Assert.DoesNotContain(id, list, StringComparison.Ordinal);
        Assert.DoesNotContain(DemoOperationsData.OperationKey, list, StringComparison.Ordinal);
        var direct = await client.GetAsync($"/api/operations/{id}");
        var missing = await client.GetAsync($"/api/operations/no-such-operation-{Guid.NewGuid():N}");
        Assert.Equal(HttpStatusCode.Forbidden, direct.StatusCode);
        Assert.Equal(missing.StatusCode, direct.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/operations/{id}/summary")).StatusCode);
        foreach (var page in new[] { "/operations", $"/task-forces/{TaskForce}", $"/operations/{id}" })
        {
            var html = await (await client.GetAsync(page)).Content.ReadAsStringAsync();
            Assert.DoesNotContain(title, html, StringComparison.Ordinal);
            Assert.DoesNotContain(id, html, StringComparison.Ordinal);
        }

        // The hub: the operation's topic is refused, and what the outsider may follow carries nothing of it.
        await using var connection = app.Factory.CreateHubConnection(cookie);
        var heard = Channel.CreateUnbounded<AnnouncementMessage>();
        connection.On<AnnouncementMessage>(nameof(INetworkClient.Announcement), m => heard.Writer.TryWrite(m));
        await connection.StartAsync();
        Assert.False((await connection.InvokeAsync<JoinResult>(nameof(NetworkHub.Join), Topics.Operation(id))).Joined);
        foreach (var topic in new[] { Topics.Statewide, Topics.County("06019"), Topics.TaskForce(TaskForce), Topics.Organization(DemoOperationsData.LeadAgencyKey), Topics.Organization(Shelter) })
        {
            var join = await connection.InvokeAsync<JoinResult>(nameof(NetworkHub.Join), topic);
            Assert.DoesNotContain(join.Recent, m => m.EntityId == id || m.Title.Contains(title, StringComparison.Ordinal));
        }

        var (lead, _) = await app.ClientForAsync(MatrixRole.TaskForceLead.Email());
        (await lead.PostAsJsonAsync($"/api/operations/{id}/standby", new { organizationIds = new[] { Shelter }, expectedPeople = 3, ages = "AdultsOnly" })).EnsureSuccessStatusCode();
        (await lead.PutAsJsonAsync($"/api/operations/{id}/status", new { status = "Active" })).EnsureSuccessStatusCode();

        // A public change after those: once it arrives, anything of the operation would have arrived before it.
        var (staff, _) = await app.ClientForAsync(MatrixRole.ShelterStaff.Email());
        var site = await staff.GetFromJsonAsync<JsonElement>($"/api/capacity/sites/{AuthorizationMatrix.Site}", Json);
        var minors = site.GetProperty("categories").EnumerateArray().Single(c => c.GetProperty("category").GetString() == CapacityCategories.Minors);
        (await staff.PostAsJsonAsync($"/api/capacity/sites/{AuthorizationMatrix.Site}/counts/{CapacityCategories.Minors}", new { available = minors.GetProperty("available").GetInt32() })).EnsureSuccessStatusCode();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var all = new List<AnnouncementMessage>();
        do
        {
            all.Add(await heard.Reader.ReadAsync(timeout.Token));
        }
        while (!(all[^1].Topic == Topics.County("06019") && all[^1].Kind == AnnouncementKinds.CapacityCounty));
        Assert.DoesNotContain(all, m => m.EntityId == id || m.Title.Contains(title, StringComparison.Ordinal) || m.Topic.StartsWith(Topics.OperationPrefix, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("end")]
    [InlineData("leadAgencyId")]
    [InlineData("title")]
    [InlineData("counties")]
    public async Task A_bad_plan_is_a_validation_problem_and_creates_nothing(string field)
    {
        var (lead, _) = await app.ClientForAsync(MatrixRole.TaskForceLead.Email());
        var start = DateTimeOffset.UtcNow.AddDays(10);
        var body = field switch
        {
            "end" => (object)new { title = "Backwards", type = "Outreach", start, end = start.AddHours(-2), counties = new[] { "06019" }, generalArea = "Fresno", leadAgencyId = DemoOperationsData.LeadAgencyKey },
            "leadAgencyId" => new { title = "Unknown agency", type = "Outreach", start, end = start.AddHours(2), counties = new[] { "06019" }, generalArea = "Fresno", leadAgencyId = "no-such-agency" },
            "title" => new { title = new string('t', 5000), type = "Outreach", start, end = start.AddHours(2), counties = new[] { "06019" }, generalArea = "Fresno", leadAgencyId = DemoOperationsData.LeadAgencyKey },
            _ => new { title = "Nowhere", type = "Outreach", start, end = start.AddHours(2), counties = new[] { "99999" }, generalArea = "Fresno", leadAgencyId = DemoOperationsData.LeadAgencyKey },
        };
        var before = await lead.GetStringAsync("/api/operations/");

        var response = await lead.PostAsJsonAsync($"/api/task-forces/{TaskForce}/operations", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), await response.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrWhiteSpace(messages[0].GetString()));
        Assert.Equal(before, await lead.GetStringAsync("/api/operations/"));
    }

    [Fact]
    public async Task The_summary_suppresses_small_counts()
    {
        var id = await PlanAsync("Summary " + Guid.NewGuid().ToString("N")[..6]);
        var (lead, _) = await app.ClientForAsync(MatrixRole.TaskForceLead.Email());
        foreach (var status in new[] { "Active", "Debrief" })
        {
            (await lead.PutAsJsonAsync($"/api/operations/{id}/status", new { status })).EnsureSuccessStatusCode();
        }

        // A referral the lead agency itself sent (only a real referral of a participating organization is linked).
        var sent = await lead.PostAsJsonAsync($"/api/organizations/{DemoOperationsData.LeadAgencyKey}/referrals/", new
        {
            toOrganizationId = Shelter,
            services = new[] { "shelter-housing" },
            ageBracket = "Age18To24",
            language = "en",
            county = "06019",
            urgency = "Routine",
        });
        Assert.True(sent.StatusCode == HttpStatusCode.Created, await sent.Content.ReadAsStringAsync());
        var referralId = (await sent.Content.ReadFromJsonAsync<ConnectedCalifornia.Web.Referrals.ReferralApi.Sent>(Json))!.Id;
        (await lead.PostAsJsonAsync($"/api/operations/{id}/referrals", new { referralId })).EnsureSuccessStatusCode();
        (await lead.PutAsJsonAsync($"/api/operations/{id}/outcome", new { peopleAssisted = 9, servicesUsed = new Dictionary<string, int> { ["shelter-housing"] = 2, ["legal-aid"] = 6 } })).EnsureSuccessStatusCode();

        var summary = (await lead.GetFromJsonAsync<OperationSummaryView>($"/api/operations/{id}/summary", Json))!;
        Assert.Equal(9, summary.PeopleAssisted.Value);
        Assert.Null(summary.Referrals.Value);
        Assert.Equal("fewer than 5", summary.Referrals.Display);
        Assert.Equal([("Legal aid", 6, "6"), ("Shelter and housing", null, "fewer than 5")], summary.ServicesUsed.OrderBy(s => s.Label).Select(s => (s.Label, s.Value, s.Display)));
    }

    [Fact]
    public async Task A_lead_who_may_not_see_the_exact_location_finds_it_neither_in_the_history_nor_can_change_or_share_it()
    {
        // The task force's lead (Sierra Mirador PD) plans an operation led by Cottonleaf PD: Sierra Mirador does not take part.
        var (lead, _) = await app.ClientForAsync(MatrixRole.TaskForceLead.Email());
        var (admin, _) = await app.ClientForAsync(MatrixRole.SystemAdmin.Email());
        const string location = "Room 12, Example Motel";
        var start = DateTimeOffset.UtcNow.AddDays(50);
        object Body(string title, string? exactLocation, bool share) => new
        {
            title, type = "Enforcement", start, end = start.AddHours(6), counties = new[] { "06019" }, generalArea = "North Fresno motels",
            exactLocation, shareLocation = share, leadAgencyId = "cottonleaf-police-department",
        };
        var created = await lead.PostAsJsonAsync($"/api/task-forces/{TaskForce}/operations", Body("Location rule " + Guid.NewGuid().ToString("N")[..6], location, false));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<OperationsApi.Created>(Json))!.Id;

        var view = await GetAsync(lead, id);
        Assert.True(view.Permissions.Manage);
        Assert.False(view.Permissions.SeesLocation);
        Assert.Null(view.ExactLocation);
        Assert.DoesNotContain(location, await lead.GetStringAsync($"/api/operations/{id}/history"), StringComparison.Ordinal);
        Assert.Contains(location, await admin.GetStringAsync($"/api/operations/{id}/history"), StringComparison.Ordinal);

        // Changing the plan keeps the location and its sharing as they were.
        (await lead.PutAsJsonAsync($"/api/operations/{id}/plan", Body("Location rule, renamed", null, true))).EnsureSuccessStatusCode();
        var stored = await GetAsync(admin, id);
        Assert.Equal(("Location rule, renamed", location, false), (stored.Title, stored.ExactLocation, stored.ShareLocation));
        Assert.Null((await GetAsync(lead, id)).ExactLocation);
    }

    private static async Task<OperationView> GetAsync(HttpClient client, string id) =>
        (await client.GetFromJsonAsync<OperationView>($"/api/operations/{id}", Json))!;
}
