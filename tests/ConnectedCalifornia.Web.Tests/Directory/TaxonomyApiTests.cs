using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ConnectedCalifornia.Web.Seeding;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;

namespace ConnectedCalifornia.Web.Tests.Directory;

/// <summary>The curated taxonomy through the real pipeline: its API, and its labels in search, listings and HSDS.</summary>
public sealed class TaxonomyApiTests(SeededAppFixture app) : IClassFixture<SeededAppFixture>
{
    private const string Org = AuthorizationMatrix.Org;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    [Fact]
    public async Task Anyone_reads_the_vocabularies_with_codes_labels_and_status()
    {
        var (anonymous, _) = await app.ClientForAsync(null);

        var taxonomy = await anonymous.GetFromJsonAsync<JsonElement>("/api/taxonomy");

        var legal = taxonomy.GetProperty("services").EnumerateArray().Single(t => t.GetProperty("code").GetString() == "legal-aid");
        Assert.Equal("Legal aid", legal.GetProperty("label").GetString());
        Assert.False(legal.GetProperty("retired").GetBoolean());
        Assert.Contains(taxonomy.GetProperty("populations").EnumerateArray(), t => t.GetProperty("code").GetString() == "minors-csec");
        Assert.Contains(taxonomy.GetProperty("languages").EnumerateArray(), t => t.GetProperty("code").GetString() == "es");
    }

    [Theory]
    [InlineData("POST", "/api/taxonomy/services/terms", """{"code":"Peer Support","label":"Peer support"}""", HttpStatusCode.BadRequest, "code")]
    [InlineData("POST", "/api/taxonomy/services/terms", """{"code":"legal-aid","label":"Legal help"}""", HttpStatusCode.BadRequest, "code")]
    [InlineData("POST", "/api/taxonomy/languages/terms", """{"code":"so","label":"Spanish"}""", HttpStatusCode.BadRequest, "label")]
    [InlineData("POST", "/api/taxonomy/colors/terms", """{"code":"red","label":"Red"}""", HttpStatusCode.NotFound, null)]
    [InlineData("PUT", "/api/taxonomy/services/terms/legal-aid", """{"label":""}""", HttpStatusCode.BadRequest, "label")]
    [InlineData("PUT", "/api/taxonomy/services/terms/legal-aid", """{}""", HttpStatusCode.BadRequest, "label")]
    [InlineData("PUT", "/api/taxonomy/services/terms/spa-days", """{"retired":true}""", HttpStatusCode.NotFound, null)]
    public async Task A_bad_request_gets_a_problem_and_changes_nothing(string method, string path, string body, HttpStatusCode status, string? field)
    {
        var (curator, _) = await app.ClientForAsync(MatrixRole.Curator.Email());
        var before = await curator.GetStringAsync("/api/taxonomy");

        var response = await curator.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") });

        Assert.Equal(status, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        if (field is not null)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        }
        else
        {
            Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()), problem.ToString());
        }

        Assert.Equal(before, await curator.GetStringAsync("/api/taxonomy"));
    }

    [Fact]
    public async Task A_new_term_is_chosen_renamed_and_retired_and_every_public_output_follows_the_label()
    {
        var (curator, _) = await app.ClientForAsync(MatrixRole.Curator.Email());
        var (admin, _) = await app.ClientForAsync(MatrixRole.ShelterAdmin.Email());
        var (anonymous, _) = await app.ClientForAsync(null);

        // A curator adds a service; the shelter's admin can now choose it.
        var added = await curator.PostAsJsonAsync("/api/taxonomy/services/terms", new { code = "peer-support", label = "Peer support" });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        var profile = DemoNetworkData.FindOrganization(Org)!.Profile;
        var edited = profile with { Services = [.. profile.Services, "peer-support"] };
        var saved = await admin.PutAsJsonAsync($"/api/organizations/{Org}/profile", edited, Json);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);

        // The listing is verified, so the admin's new service waits for a curator, who accepts it.
        var open = (await curator.GetFromJsonAsync<JsonElement>($"/api/organizations/{Org}/change-request")).GetProperty("open");
        var accepted = await curator.PostAsJsonAsync(
            $"/api/organizations/{Org}/change-request/decisions",
            new { revision = open.GetProperty("revision").GetInt64(), decisions = new[] { new { field = "services", accept = true } } });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);

        await Eventually.TrueAsync(async () => HitOf(await anonymous.GetFromJsonAsync<JsonElement>("/api/directory?service=peer-support")) is not null);
        var search = await anonymous.GetFromJsonAsync<JsonElement>("/api/directory?service=peer-support");
        Assert.Contains(search.GetProperty("facets").GetProperty("services").EnumerateArray(), f => f.GetProperty("code").GetString() == "peer-support" && f.GetProperty("label").GetString() == "Peer support" && f.GetProperty("count").GetInt32() == 1);

        // Renamed: the code stays on the listing, every output shows the new label at once.
        var renamed = await curator.PutAsJsonAsync("/api/taxonomy/services/terms/peer-support", new { label = "Peer mentoring" });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);

        var hit = HitOf(await anonymous.GetFromJsonAsync<JsonElement>("/api/directory?service=peer-support"))!.Value;
        Assert.Contains(hit.GetProperty("services").EnumerateArray(), s => s.GetProperty("code").GetString() == "peer-support" && s.GetProperty("label").GetString() == "Peer mentoring");
        Assert.NotNull(HitOf(await anonymous.GetFromJsonAsync<JsonElement>("/api/directory?q=mentoring")));
        var listing = await anonymous.GetFromJsonAsync<JsonElement>($"/api/organizations/{Org}");
        Assert.Contains(listing.GetProperty("services").EnumerateArray(), s => s.GetProperty("label").GetString() == "Peer mentoring");
        var export = await anonymous.GetFromJsonAsync<JsonElement>("/api/hsds/export");
        Assert.Contains(export.GetProperty("taxonomy_term").EnumerateArray(), t => t.GetProperty("code").GetString() == "peer-support" && t.GetProperty("name").GetString() == "Peer mentoring");
        Assert.Contains(export.GetProperty("service").EnumerateArray(), s => s.GetProperty("name").GetString() == "Peer mentoring");
        var page = await anonymous.GetStringAsync($"/organizations/{Org}");
        Assert.Contains("Peer mentoring", page, StringComparison.Ordinal);

        // Retired: no longer a facet, but the listing keeps it and still shows its label; a later edit of the listing still saves.
        var retired = await curator.PutAsJsonAsync("/api/taxonomy/services/terms/peer-support", new { retired = true });
        Assert.Equal(HttpStatusCode.OK, retired.StatusCode);
        var afterRetire = await anonymous.GetFromJsonAsync<JsonElement>($"/api/directory?q={Uri.EscapeDataString(profile.Name)}");
        Assert.DoesNotContain(afterRetire.GetProperty("facets").GetProperty("services").EnumerateArray(), f => f.GetProperty("code").GetString() == "peer-support");
        Assert.Contains(HitOf(afterRetire)!.Value.GetProperty("services").EnumerateArray(), s => s.GetProperty("label").GetString() == "Peer mentoring");
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/organizations/{Org}/profile", edited with { Description = profile.Description + " Peer mentors on site." }, Json)).StatusCode);

        var history = (await curator.GetFromJsonAsync<JsonElement>("/api/taxonomy/history?max=50")).EnumerateArray()
            .Where(r => r.GetProperty("field").GetString()!.StartsWith("services.peer-support", StringComparison.Ordinal)).ToList();
        Assert.Equal(["services.peer-support.retired", "services.peer-support.label", "services.peer-support"], history.Select(r => r.GetProperty("field").GetString()));
        Assert.Equal("Peer support", history[1].GetProperty("oldValue").GetString());
        Assert.Equal("Peer mentoring", history[1].GetProperty("newValue").GetString());
        Assert.All(history, r => Assert.False(string.IsNullOrWhiteSpace(r.GetProperty("actorName").GetString())));
    }

    [Fact]
    public async Task A_search_for_a_term_added_by_a_curator_is_accepted()
    {
        var (curator, _) = await app.ClientForAsync(MatrixRole.Curator.Email());
        var (anonymous, _) = await app.ClientForAsync(null);
        Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.GetAsync("/api/directory?language=so")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await curator.PostAsJsonAsync("/api/taxonomy/languages/terms", new { code = "so", label = "Somali" })).StatusCode);

        var results = await anonymous.GetFromJsonAsync<JsonElement>("/api/directory?language=so");
        Assert.Equal(0, results.GetProperty("totalItems").GetInt32());
        Assert.Contains(results.GetProperty("facets").GetProperty("languages").EnumerateArray(), f => f.GetProperty("code").GetString() == "so" && f.GetProperty("label").GetString() == "Somali");
    }

    private static JsonElement? HitOf(JsonElement results) =>
        results.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("id").GetString() == Org).Select(i => (JsonElement?)i).FirstOrDefault();
}
