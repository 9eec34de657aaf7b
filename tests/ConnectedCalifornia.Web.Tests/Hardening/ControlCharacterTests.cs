using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ConnectedCalifornia.Web.Seeding;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;

namespace ConnectedCalifornia.Web.Tests.Hardening;

/// <summary>NUL bytes, other control characters and text-direction overrides are refused in names and text, and nothing is stored.</summary>
public sealed class ControlCharacterTests(SeededAppFixture app) : IClassFixture<SeededAppFixture>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    [Theory]
    [InlineData("Bright Orchard\u0000 Shelter")]
    [InlineData("Bright Orchard \u202Eretlehs")]
    [InlineData("Bright Orchard\u2066 Shelter")]
    [InlineData("Bright\nOrchard")]
    [InlineData("Bright\u0085Orchard")]
    public async Task Hardening_control_and_text_direction_characters_are_refused_in_a_name(string name)
    {
        var (curator, _) = await app.ClientForAsync(MatrixRole.Curator.Email());
        var path = $"/api/organizations/{AuthorizationMatrix.Org}";
        var before = (await curator.GetFromJsonAsync<JsonElement>(path)).GetProperty("version").GetInt64();
        var profile = DemoNetworkData.FindOrganization(AuthorizationMatrix.Org)!.Profile with { Name = name };

        var response = await curator.PutAsJsonAsync($"{path}/profile", profile, Json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _), await response.Content.ReadAsStringAsync());
        Assert.Equal(before, (await curator.GetFromJsonAsync<JsonElement>(path)).GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Hardening_line_breaks_stay_allowed_in_longer_text_but_not_a_nul()
    {
        var (curator, _) = await app.ClientForAsync(MatrixRole.Curator.Email());
        var path = $"/api/organizations/{AuthorizationMatrix.Org}";
        var seeded = DemoNetworkData.FindOrganization(AuthorizationMatrix.Org)!.Profile;

        var multiLine = await curator.PutAsJsonAsync($"{path}/profile", seeded with { Description = "Beds for youth.\n\nDrop-in every evening." }, Json);
        Assert.True(multiLine.IsSuccessStatusCode, await multiLine.Content.ReadAsStringAsync());
        Assert.Contains("\n\nDrop-in", (await curator.GetFromJsonAsync<JsonElement>(path)).GetProperty("description").GetString(), StringComparison.Ordinal);

        var nul = await curator.PutAsJsonAsync($"{path}/profile", seeded with { Description = "Beds for youth.\u0000" }, Json);
        Assert.Equal(HttpStatusCode.BadRequest, nul.StatusCode);
        Assert.DoesNotContain("\u0000", (await curator.GetFromJsonAsync<JsonElement>(path)).GetProperty("description").GetString(), StringComparison.Ordinal);
    }
}
