using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Web.Seeding;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;

namespace ConnectedCalifornia.Web.Tests.Directory;

/// <summary>
/// Change requests through the real pipeline: an org admin's edit of the verified Bright Orchard
/// listing waits, a curator sees it in the queue and accepts or rejects it per field.
/// </summary>
public sealed class CurationApiTests(SeededAppFixture app) : IClassFixture<SeededAppFixture>
{
    private const string Org = AuthorizationMatrix.Org;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    [Fact]
    public async Task An_admins_edit_of_a_verified_field_waits_and_the_curator_accepts_it_with_history_of_both()
    {
        var (admin, _) = await app.ClientForAsync(MatrixRole.ShelterAdmin.Email());
        var (curator, _) = await app.ClientForAsync(MatrixRole.Curator.Email());
        var (anonymous, _) = await app.ClientForAsync(null);
        var seeded = DemoNetworkData.FindOrganization(Org)!.Profile;

        var saved = await admin.PutAsJsonAsync($"/api/organizations/{Org}/profile", seeded with { Name = "Bright Orchard Youth Shelter & Drop-in" }, Json);

        saved.EnsureSuccessStatusCode();
        var body = await saved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("name", body.GetProperty("waitingForReview").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(seeded.Name, (await anonymous.GetFromJsonAsync<JsonElement>($"/api/organizations/{Org}")).GetProperty("name").GetString());

        var queue = await curator.GetFromJsonAsync<JsonElement>("/api/curation/change-requests");
        var line = Assert.Single(queue.GetProperty("items").EnumerateArray(), i => i.GetProperty("organizationId").GetString() == Org);
        Assert.Equal("Daniel Vang", line.GetProperty("requestedByName").GetString());

        var review = await curator.GetFromJsonAsync<JsonElement>($"/api/organizations/{Org}/change-request");
        var open = review.GetProperty("open");
        var name = Assert.Single(open.GetProperty("fields").EnumerateArray(), f => f.GetProperty("field").GetString() == "name");
        Assert.Equal(seeded.Name, name.GetProperty("before")[0].GetProperty("label").GetString());
        Assert.Equal("Bright Orchard Youth Shelter & Drop-in", name.GetProperty("after")[0].GetProperty("label").GetString());

        var decided = await curator.PostAsJsonAsync(
            $"/api/organizations/{Org}/change-request/decisions",
            new { revision = open.GetProperty("revision").GetInt64(), decisions = new[] { new { field = "name", accept = true } } });

        decided.EnsureSuccessStatusCode();
        Assert.Equal("Bright Orchard Youth Shelter & Drop-in", (await anonymous.GetFromJsonAsync<JsonElement>($"/api/organizations/{Org}")).GetProperty("name").GetString());
        var history = await admin.GetFromJsonAsync<JsonElement>($"/api/organizations/{Org}/history?max=5");
        var record = Assert.Single(history.EnumerateArray(), r => r.GetProperty("field").GetString() == "name");
        Assert.Equal(("Jordan Ellis", "Daniel Vang"), (record.GetProperty("actorName").GetString(), record.GetProperty("requestedByName").GetString()));
        Assert.Equal(seeded.Name, record.GetProperty("oldValue").GetString());
        var after = await admin.GetFromJsonAsync<JsonElement>($"/api/organizations/{Org}/change-request");
        Assert.Contains(after.GetProperty("recentDecisions").EnumerateArray(), d => d.GetProperty("field").GetString() == "name" && d.GetProperty("accepted").GetBoolean());
    }

    [Fact]
    public async Task Wrong_decisions_get_a_problem_naming_the_field_and_change_nothing()
    {
        var (admin, _) = await app.ClientForAsync(MatrixRole.ShelterAdmin.Email());
        var (curator, _) = await app.ClientForAsync(MatrixRole.Curator.Email());
        var seeded = DemoNetworkData.FindOrganization(Org)!.Profile;
        (await admin.PutAsJsonAsync($"/api/organizations/{Org}/profile", seeded with { Website = "https://bright-orchard.example.org/new" }, Json)).EnsureSuccessStatusCode();
        var open = (await curator.GetFromJsonAsync<JsonElement>($"/api/organizations/{Org}/change-request")).GetProperty("open");
        var revision = open.GetProperty("revision").GetInt64();

        var noReason = await curator.PostAsJsonAsync($"/api/organizations/{Org}/change-request/decisions", new { revision, decisions = new[] { new { field = "website", accept = false, reason = "" } } });
        await AssertProblemAsync(noReason, "decisions[0].reason");
        var outdated = await curator.PostAsJsonAsync($"/api/organizations/{Org}/change-request/decisions", new { revision = revision - 1, decisions = new[] { new { field = "website", accept = true, reason = "" } } });
        await AssertProblemAsync(outdated, "revision");
        var unknown = await curator.PostAsJsonAsync($"/api/organizations/{Org}/change-request/decisions", new { revision, decisions = new[] { new { field = "acceptingReferrals", accept = true, reason = "" } } });
        await AssertProblemAsync(unknown, "decisions[0].field");
        var byAdmin = await admin.PostAsJsonAsync($"/api/organizations/{Org}/change-request/decisions", new { revision, decisions = new[] { new { field = "website", accept = true, reason = "" } } });
        Assert.Equal(HttpStatusCode.Forbidden, byAdmin.StatusCode);

        var still = (await curator.GetFromJsonAsync<JsonElement>($"/api/organizations/{Org}/change-request")).GetProperty("open");
        Assert.Equal(revision, still.GetProperty("revision").GetInt64());
        Assert.Contains(still.GetProperty("fields").EnumerateArray(), f => f.GetProperty("field").GetString() == "website");

        var rejected = await curator.PostAsJsonAsync($"/api/organizations/{Org}/change-request/decisions", new { revision, decisions = new[] { new { field = "website", accept = false, reason = "The new address does not answer." } } });
        rejected.EnsureSuccessStatusCode();
        var (anonymous, _) = await app.ClientForAsync(null);
        Assert.Equal(seeded.Website, (await anonymous.GetFromJsonAsync<JsonElement>($"/api/organizations/{Org}")).GetProperty("website").GetString());
        var review = await admin.GetFromJsonAsync<JsonElement>($"/api/organizations/{Org}/change-request");
        Assert.Contains(review.GetProperty("recentDecisions").EnumerateArray(), d => d.GetProperty("reason").GetString() == "The new address does not answer.");
    }

    [Fact]
    public async Task A_confidential_address_applies_at_once_and_never_reaches_the_curators_view_of_the_request()
    {
        const string Marker = "4410 Qzxcuration Hidden Court, Fresno, CA 93799";
        var (admin, _) = await app.ClientForAsync(MatrixRole.ShelterAdmin.Email());
        var (curator, _) = await app.ClientForAsync(MatrixRole.Curator.Email());
        var seeded = DemoNetworkData.FindOrganization(Org)!.Profile;
        var edited = seeded with
        {
            Contacts = [.. seeded.Contacts, new Contact("Second safe house", ContactKind.Address, Marker, Visibility.Organization), new Contact("Weekend line", ContactKind.Phone, "(559) 555-0177", Visibility.Public)],
        };

        (await admin.PutAsJsonAsync($"/api/organizations/{Org}/profile", edited, Json)).EnsureSuccessStatusCode();

        var (staff, _) = await app.ClientForAsync(MatrixRole.ShelterStaff.Email());
        Assert.Contains(Marker, await staff.GetStringAsync($"/api/organizations/{Org}"), StringComparison.Ordinal);
        var review = await curator.GetStringAsync($"/api/organizations/{Org}/change-request");
        Assert.Contains("(559) 555-0177", review, StringComparison.Ordinal);
        Assert.DoesNotContain("Qzxcuration", review, StringComparison.Ordinal);
        Assert.DoesNotContain("Qzxcuration", await curator.GetStringAsync("/api/curation/change-requests"), StringComparison.Ordinal);
        Assert.DoesNotContain("Qzxcuration", await curator.GetStringAsync($"/curation/{Org}"), StringComparison.Ordinal);
        Assert.DoesNotContain("Qzxcuration", await admin.GetStringAsync($"/api/organizations/{Org}/history?max=20"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_term_the_curators_added_reads_by_its_label_in_the_request_and_the_decision()
    {
        var (admin, _) = await app.ClientForAsync(MatrixRole.ShelterAdmin.Email());
        var (curator, _) = await app.ClientForAsync(MatrixRole.Curator.Email());
        Assert.Equal(HttpStatusCode.OK, (await curator.PostAsJsonAsync("/api/taxonomy/services/terms", new { code = "street-medicine", label = "Street medicine" })).StatusCode);
        var seeded = DemoNetworkData.FindOrganization(Org)!.Profile;
        (await admin.PutAsJsonAsync($"/api/organizations/{Org}/profile", seeded with { Services = [.. seeded.Services, "street-medicine"] }, Json)).EnsureSuccessStatusCode();

        var open = (await curator.GetFromJsonAsync<JsonElement>($"/api/organizations/{Org}/change-request")).GetProperty("open");
        var services = Assert.Single(open.GetProperty("fields").EnumerateArray(), f => f.GetProperty("field").GetString() == "services");
        Assert.Contains(services.GetProperty("after").EnumerateArray(), t => t.GetProperty("code").GetString() == "street-medicine" && t.GetProperty("label").GetString() == "Street medicine");

        var rejected = await curator.PostAsJsonAsync(
            $"/api/organizations/{Org}/change-request/decisions",
            new { revision = open.GetProperty("revision").GetInt64(), decisions = new[] { new { field = "services", accept = false, reason = "Ask again once the clinic van runs." } } });
        rejected.EnsureSuccessStatusCode();
        var decision = (await admin.GetFromJsonAsync<JsonElement>($"/api/organizations/{Org}/change-request")).GetProperty("recentDecisions")[0];
        Assert.Contains(decision.GetProperty("after").EnumerateArray(), t => t.GetProperty("label").GetString() == "Street medicine");
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), problem.ToString());
        Assert.False(string.IsNullOrWhiteSpace(messages[0].GetString()));
    }
}
