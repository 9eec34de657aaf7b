using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Web.Seeding;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;

namespace ConnectedCalifornia.Web.Tests.Directory;

/// <summary>The public directory search through the real pipeline, fed by the grains' announcements.</summary>
public sealed class DirectorySearchApiTests(SeededAppFixture app) : IClassFixture<SeededAppFixture>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    [Fact]
    public async Task The_public_finds_a_Spanish_speaking_service_for_minors_in_Fresno_with_its_verified_badge()
    {
        var (anonymous, _) = await app.ClientForAsync(null);

        var results = await anonymous.GetFromJsonAsync<JsonElement>("/api/directory?language=es&population=minors-csec&county=06019&sort=name&pageSize=50");

        var expected = DemoNetworkData.Organizations
            .Where(o => o.Profile.Languages.Contains("es") && o.Profile.Populations.Contains("minors-csec") && o.Profile.Counties.Contains("06019"))
            .ToList();
        var items = results.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(expected.Count, results.GetProperty("totalItems").GetInt32());
        Assert.Equal(expected.Select(o => o.Key).Order(), items.Select(i => i.GetProperty("id").GetString()).Order());
        var shelter = items.Single(i => i.GetProperty("id").GetString() == DemoNetworkData.FresnoMinorsShelterKey);
        Assert.Equal(DemoNetworkData.FindOrganization(DemoNetworkData.FresnoMinorsShelterKey)!.Verified, shelter.GetProperty("verified").GetBoolean());
        Assert.Equal(shelter.GetProperty("verified").GetBoolean(), shelter.GetProperty("verifiedAt").ValueKind == JsonValueKind.String);
        Assert.Contains(results.GetProperty("facets").GetProperty("languages").EnumerateArray(), f => f.GetProperty("code").GetString() == "es" && f.GetProperty("count").GetInt32() == expected.Count);
    }

    [Theory]
    [InlineData("/api/directory?service=no-such-service", "service")]
    [InlineData("/api/directory?county=99999", "county")]
    [InlineData("/api/directory?language=xx", "language")]
    [InlineData("/api/directory?pageSize=1000", "pageSize")]
    [InlineData("/api/directory?page=0", "page")]
    [InlineData("/api/directory?sort=random", "sort")]
    [InlineData("/api/directory?kind=Spaceship", "kind")]
    public async Task Malformed_searches_get_a_problem_naming_the_field(string path, string field)
    {
        var (anonymous, _) = await app.ClientForAsync(null);

        var response = await anonymous.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Oversized_search_text_gets_a_problem()
    {
        var (anonymous, _) = await app.ClientForAsync(null);

        var response = await anonymous.GetAsync("/api/directory?q=" + new string('a', 201));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task An_edit_reaches_the_search_through_the_announcement_without_a_restart()
    {
        const string Org = AuthorizationMatrix.Org;
        var (anonymous, _) = await app.ClientForAsync(null);
        var before = await anonymous.GetFromJsonAsync<JsonElement>("/api/directory?language=hy&county=06019&pageSize=100");
        Assert.DoesNotContain(before.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetString() == Org);

        // A curator's edit applies at once (an org admin's edit of a verified listing waits for review).
        var (admin, _) = await app.ClientForAsync(MatrixRole.Curator.Email());
        var profile = (await admin.GetFromJsonAsync<JsonElement>($"/api/organizations/{Org}", Json));
        var current = DemoNetworkData.FindOrganization(Org)!.Profile;
        var edited = current with { Languages = [.. profile.GetProperty("languages").EnumerateArray().Select(l => l.GetProperty("code").GetString()!), "hy"] };
        (await admin.PutAsJsonAsync($"/api/organizations/{Org}/profile", edited, Json)).EnsureSuccessStatusCode();

        await Eventually.TrueAsync(async () =>
        {
            var after = await anonymous.GetFromJsonAsync<JsonElement>("/api/directory?language=hy&county=06019&pageSize=100");
            return after.GetProperty("items").EnumerateArray().Any(i => i.GetProperty("id").GetString() == Org);
        });
    }

    [Fact]
    public async Task The_organization_list_reads_the_index_and_pages_by_name()
    {
        var (anonymous, _) = await app.ClientForAsync(null);

        var page = await anonymous.GetFromJsonAsync<JsonElement>("/api/organizations?page=2&pageSize=10");

        Assert.Equal(DemoNetworkData.Organizations.Count, page.GetProperty("totalItems").GetInt32());
        var expected = DemoNetworkData.Organizations.Select(o => o.Profile.Name).Order(StringComparer.OrdinalIgnoreCase).Skip(10).Take(10);
        Assert.Equal(expected, page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()));
    }
}
