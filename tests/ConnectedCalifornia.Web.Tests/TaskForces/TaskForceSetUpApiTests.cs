using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;

namespace ConnectedCalifornia.Web.Tests.TaskForces;

/// <summary>Task forces formed, edited and archived through the product, and who sees them (issue 15).</summary>
public sealed class TaskForceSetUpApiTests(SeededAppFixture app) : IClassFixture<SeededAppFixture>
{
    private const string Juniper = "juniper-gate-womens-shelter";

    private static string Unique(string name) => $"{name} {Guid.NewGuid().ToString("N")[..6]}";

    private async Task<string> FormAsync(HttpClient curator, string name, string leadEmail, params string[] agencies)
    {
        using var response = await curator.PostAsJsonAsync("/api/task-forces/", new
        {
            name,
            description = "Formed in a test.",
            counties = new[] { "06029" },
            leadEmails = new[] { leadEmail },
            leadAgencies = agencies,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task A_curator_forms_a_task_force_whose_lead_then_adds_people_and_whose_lead_agencies_are_only_invited()
    {
        var (curator, _) = await app.ClientForAsync(MatrixRole.Curator.Email());
        var name = Unique("Kern Corridor Task Force");

        var id = await FormAsync(curator, name, MatrixRole.TaskForceLead.Email()!, Juniper);

        var details = await curator.GetFromJsonAsync<JsonElement>($"/api/task-forces/{id}");
        Assert.Equal(name, details.GetProperty("profile").GetProperty("name").GetString());
        Assert.Equal(["06029"], details.GetProperty("profile").GetProperty("counties").EnumerateArray().Select(c => c.GetString()));
        var lead = Assert.Single(details.GetProperty("people").EnumerateArray());
        Assert.Equal(("Sgt. Priya Sandhu", "Lead"), (lead.GetProperty("displayName").GetString(), lead.GetProperty("role").GetString()));
        Assert.Empty(details.GetProperty("organizations").EnumerateArray());
        var invitation = Assert.Single(details.GetProperty("invitations").EnumerateArray());
        Assert.Equal((Juniper, "LeadAgency"), (invitation.GetProperty("organizationId").GetString(), invitation.GetProperty("role").GetString()));

        var (leadClient, _) = await app.ClientForAsync(MatrixRole.TaskForceLead.Email());
        using var noRole = await leadClient.PostAsJsonAsync($"/api/task-forces/{id}/people", new { email = MatrixRole.TaskForceMember.Email() });
        Assert.Equal(HttpStatusCode.BadRequest, noRole.StatusCode);
        Assert.True((await noRole.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("role", out _));
        Assert.Single((await curator.GetFromJsonAsync<JsonElement>($"/api/task-forces/{id}")).GetProperty("people").EnumerateArray());

        (await leadClient.PostAsJsonAsync($"/api/task-forces/{id}/people", new { email = MatrixRole.TaskForceMember.Email(), role = "Member" })).EnsureSuccessStatusCode();

        var people = (await curator.GetFromJsonAsync<JsonElement>($"/api/task-forces/{id}")).GetProperty("people").EnumerateArray()
            .Select(p => (p.GetProperty("displayName").GetString(), p.GetProperty("role").GetString())).ToList();
        Assert.Equal([("Sgt. Priya Sandhu", "Lead"), ("Lucia Navarro", "Member")], people);
    }

    [Fact]
    public async Task Forming_refuses_a_wrong_field_by_name_and_stores_nothing()
    {
        var (curator, _) = await app.ClientForAsync(MatrixRole.Curator.Email());
        var (admin, _) = await app.ClientForAsync(MatrixRole.SystemAdmin.Email());
        var name = Unique("Nowhere Task Force");
        var id = ConnectedCalifornia.Network.Identifiers.Slugify(name);

        using var unknownLead = await curator.PostAsJsonAsync("/api/task-forces/", new { name, counties = new[] { "06029" }, leadEmails = new[] { "nobody-here@example.org" } });
        using var noLead = await curator.PostAsJsonAsync("/api/task-forces/", new { name, counties = new[] { "06029" }, leadEmails = Array.Empty<string>() });
        using var badCounty = await curator.PostAsJsonAsync("/api/task-forces/", new { name, counties = new[] { "99999" }, leadEmails = new[] { MatrixRole.TaskForceLead.Email() } });

        await AssertFieldAsync(unknownLead, "leadEmails");
        await AssertFieldAsync(noLead, "leads");
        await AssertFieldAsync(badCounty, "counties");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/task-forces/{id}")).StatusCode);
        Assert.DoesNotContain((await admin.GetFromJsonAsync<JsonElement>("/api/task-forces/")).EnumerateArray(), t => t.GetProperty("id").GetString() == id);
    }

    [Fact]
    public async Task An_organization_that_accepts_the_invitation_is_seen_by_its_admin_at_once()
    {
        var (curator, _) = await app.ClientForAsync(MatrixRole.Curator.Email());
        var (juniperAdmin, _) = await app.ClientForAsync(MatrixRole.OtherOrganizationAdmin.Email());
        var name = Unique("Harbor Gateway Task Force");
        var id = await FormAsync(curator, name, MatrixRole.TaskForceLead.Email()!, Juniper);
        Assert.Equal(HttpStatusCode.Forbidden, (await juniperAdmin.GetAsync($"/api/task-forces/{id}")).StatusCode);

        (await juniperAdmin.PutAsJsonAsync($"/api/organizations/{Juniper}/task-force-invitations/{id}", new { accept = true })).EnsureSuccessStatusCode();

        using var api = await juniperAdmin.GetAsync($"/api/task-forces/{id}");
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        var member = Assert.Single((await api.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("organizations").EnumerateArray());
        Assert.Equal((Juniper, "LeadAgency"), (member.GetProperty("organizationId").GetString(), member.GetProperty("role").GetString()));
        using var page = await juniperAdmin.GetAsync($"/task-forces/{id}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains(System.Net.WebUtility.HtmlEncode(name), html, StringComparison.Ordinal);
        Assert.Contains("Lead agency", html, StringComparison.Ordinal);
        Assert.DoesNotContain("LeadAgency", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_archived_task_force_refuses_changes_until_a_curator_restores_it()
    {
        var (curator, _) = await app.ClientForAsync(MatrixRole.Curator.Email());
        var (lead, _) = await app.ClientForAsync(MatrixRole.TaskForceLead.Email());
        var id = await FormAsync(curator, Unique("Sunset Valley Task Force"), MatrixRole.TaskForceLead.Email()!);

        (await curator.PutAsJsonAsync($"/api/task-forces/{id}/archived", new { archived = true })).EnsureSuccessStatusCode();

        Assert.True((await curator.GetFromJsonAsync<JsonElement>($"/api/task-forces/{id}")).GetProperty("archived").GetBoolean());
        await AssertFieldAsync(await lead.PutAsJsonAsync($"/api/task-forces/{id}/invitations/{Juniper}", new { role = "VictimServices" }), "archived");
        await AssertFieldAsync(await curator.PutAsJsonAsync($"/api/task-forces/{id}", new { name = "Renamed", counties = new[] { "06029" } }), "archived");
        Assert.Empty((await curator.GetFromJsonAsync<JsonElement>($"/api/task-forces/{id}")).GetProperty("invitations").EnumerateArray());

        (await curator.PutAsJsonAsync($"/api/task-forces/{id}/archived", new { archived = false })).EnsureSuccessStatusCode();
        (await curator.PutAsJsonAsync($"/api/task-forces/{id}", new { name = "Sunset Valley Task Force (renamed)", description = "", counties = new[] { "06029", "06019" } })).EnsureSuccessStatusCode();

        var details = await curator.GetFromJsonAsync<JsonElement>($"/api/task-forces/{id}");
        Assert.False(details.GetProperty("archived").GetBoolean());
        Assert.Equal("Sunset Valley Task Force (renamed)", details.GetProperty("profile").GetProperty("name").GetString());
        Assert.Equal(["06019", "06029"], details.GetProperty("profile").GetProperty("counties").EnumerateArray().Select(c => c.GetString()).Order());
    }

    private static async Task AssertFieldAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), $"expected an error for {field}: {errors}");
    }
}
