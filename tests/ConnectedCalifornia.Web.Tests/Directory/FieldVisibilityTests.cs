using System.Net.Http.Json;
using System.Text.Json;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Web.Directory;
using ConnectedCalifornia.Web.Seeding;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ConnectedCalifornia.Web.Tests.Directory;

/// <summary>
/// Fields an organization keeps from the public, through the real pipeline: the verified Juniper Gate
/// listing's admin keeps its description to the organization and its website, populations and hours to
/// the network. Each tier reads what it may, no public output shows the markers, public search no
/// longer matches on them, the history does not copy an organization-only value, and making a field
/// public again waits for a curator.
/// </summary>
public sealed class FieldVisibilityTests(SeededAppFixture app) : IClassFixture<SeededAppFixture>
{
    private const string Org = "juniper-gate-womens-shelter";
    private const string DescriptionMarker = "Qzxfield intake by referral only";
    private const string WebsiteMarker = "https://qzxfield-partners.example.org";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    [Fact]
    public async Task Fields_kept_from_the_public_reach_only_their_tier_and_no_public_output()
    {
        var (admin, _) = await app.ClientForAsync(MatrixRole.OtherOrganizationAdmin.Email());
        var (network, _) = await app.ClientForAsync(MatrixRole.ShelterStaff.Email());
        var (anonymous, _) = await app.ClientForAsync(null);
        var seeded = DemoNetworkData.FindOrganization(Org)!.Profile;
        Assert.NotEmpty(seeded.Populations);
        var population = seeded.Populations[0];
        Assert.Contains(Org, await IdsAsync(anonymous, $"/api/directory?county=06037&population={population}&pageSize=100"));

        var hidden = seeded with
        {
            Description = DescriptionMarker,
            Website = WebsiteMarker,
            Hours = OpeningHours.Always,
            FieldVisibility = new FieldVisibility(
                Description: Visibility.Organization, Website: Visibility.Network, Populations: Visibility.Network, Hours: Visibility.Network),
        };
        var saved = await admin.PutAsJsonAsync($"/api/organizations/{Org}/profile", hidden, Json);

        // A verified listing: keeping fields from the public applies at once, nothing waits for a curator.
        saved.EnsureSuccessStatusCode();
        var result = await saved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Empty(result.GetProperty("waitingForReview").EnumerateArray());
        var version = result.GetProperty("version").GetInt64();
        var index = app.Factory.Services.GetRequiredService<DirectoryIndex>();
        await Eventually.TrueAsync(async () => (await index.FindAsync(Org))?.Version >= version);

        var own = await admin.GetFromJsonAsync<JsonElement>($"/api/organizations/{Org}");
        Assert.Equal(DescriptionMarker, own.GetProperty("description").GetString());
        Assert.Equal("Organization", own.GetProperty("fieldVisibility").GetProperty("description").GetString());

        var member = await network.GetFromJsonAsync<JsonElement>($"/api/organizations/{Org}");
        Assert.Equal(string.Empty, member.GetProperty("description").GetString());
        Assert.Equal(WebsiteMarker, member.GetProperty("website").GetString());
        Assert.NotEmpty(member.GetProperty("populations").EnumerateArray());
        Assert.True(member.GetProperty("hours").GetProperty("alwaysOpen").GetBoolean());

        var shown = await anonymous.GetFromJsonAsync<JsonElement>($"/api/organizations/{Org}");
        Assert.Equal(seeded.Name, shown.GetProperty("name").GetString());
        Assert.Equal(string.Empty, shown.GetProperty("description").GetString());
        Assert.Equal(JsonValueKind.Null, shown.GetProperty("website").ValueKind);
        Assert.Empty(shown.GetProperty("populations").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, shown.GetProperty("hours").ValueKind);
        Assert.NotEmpty(shown.GetProperty("services").EnumerateArray());

        // Public search no longer finds the listing by what it keeps from the public.
        Assert.DoesNotContain(Org, await IdsAsync(anonymous, $"/api/directory?county=06037&population={population}&pageSize=100"));
        Assert.DoesNotContain(Org, await IdsAsync(anonymous, "/api/directory?q=qzxfield"));
        Assert.DoesNotContain(Org, await IdsAsync(anonymous, "/api/directory?county=06037&openNow=true&pageSize=100"));
        Assert.Contains(Org, await IdsAsync(anonymous, "/api/directory?county=06037&pageSize=100"));

        var paths = await PublicOutputs.PathsAsync(anonymous, Org, "/organizations?q=juniper", "/api/directory?q=juniper", "/api/hsds/organizations?search=juniper", "/organizations?county=06037");
        await PublicOutputs.ScanAsync(anonymous, paths, "qzxfield", "Juniper Gate", atLeast: 6);
        Assert.DoesNotContain(app.Factory.Logs.Lines, line => line.Contains("qzxfield", StringComparison.OrdinalIgnoreCase));

        // The history says the organization-only description changed without copying it; the network-only website is there for editors.
        var history = await admin.GetStringAsync($"/api/organizations/{Org}/history?max=20");
        Assert.DoesNotContain(DescriptionMarker, history, StringComparison.Ordinal);
        Assert.Contains("(organization only)", history, StringComparison.Ordinal);
        Assert.Contains(WebsiteMarker, history, StringComparison.Ordinal);

        // Making the website public again is part of the reviewed listing: it waits, and the public still does not see it.
        var again = await admin.PutAsJsonAsync(
            $"/api/organizations/{Org}/profile", hidden with { FieldVisibility = hidden.FieldVisibility! with { Website = Visibility.Public } }, Json);
        again.EnsureSuccessStatusCode();
        Assert.Equal(new string?[] { "website" }, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("waitingForReview").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(JsonValueKind.Null, (await anonymous.GetFromJsonAsync<JsonElement>($"/api/organizations/{Org}")).GetProperty("website").ValueKind);
    }

    [Fact]
    public async Task A_profile_that_leaves_out_who_sees_its_fields_keeps_them_and_a_wrong_tier_is_refused()
    {
        var (admin, _) = await app.ClientForAsync(MatrixRole.OtherOrganizationAdmin.Email());
        var (anonymous, _) = await app.ClientForAsync(null);
        var seeded = DemoNetworkData.FindOrganization(Org)!.Profile;
        (await admin.PutAsJsonAsync($"/api/organizations/{Org}/profile", seeded with { FieldVisibility = new FieldVisibility(Languages: Visibility.Network) }, Json))
            .EnsureSuccessStatusCode();

        // An older client sends the profile without fieldVisibility: the languages stay network-only.
        using (var body = JsonContent.Create(seeded with { FieldVisibility = null }, options: Json))
        {
            (await admin.PutAsync($"/api/organizations/{Org}/profile", body)).EnsureSuccessStatusCode();
        }

        Assert.Empty((await anonymous.GetFromJsonAsync<JsonElement>($"/api/organizations/{Org}")).GetProperty("languages").EnumerateArray());

        var before = await admin.GetStringAsync($"/api/organizations/{Org}");
        var wrong = JsonSerializer.SerializeToNode(seeded, Json)!;
        wrong["fieldVisibility"] = JsonSerializer.SerializeToNode(new { description = 7 });
        var refused = await admin.PutAsync($"/api/organizations/{Org}/profile", JsonContent.Create(wrong));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("fieldVisibility.description", out _), problem.ToString());
        Assert.Equal(before, await admin.GetStringAsync($"/api/organizations/{Org}"));
    }

    private static async Task<List<string?>> IdsAsync(HttpClient client, string path) =>
        [.. (await client.GetFromJsonAsync<JsonElement>(path)).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString())];
}
