using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;

namespace ConnectedCalifornia.Web.Tests.Initiatives;

/// <summary>Initiatives created through the product: goals with verified numbers and money, join requests, progress by organization and county (issue 15).</summary>
public sealed class InitiativeSetUpApiTests(SeededAppFixture app) : IClassFixture<SeededAppFixture>
{
    private const string Org = AuthorizationMatrix.Org;

    [Fact]
    public async Task A_curator_creates_a_petition_drive_an_organization_joins_on_approval_and_its_staff_record_collected_and_verified_signatures_by_county()
    {
        var (curator, _) = await app.ClientForAsync(MatrixRole.Curator.Email());
        var (shelterAdmin, _) = await app.ClientForAsync(MatrixRole.ShelterAdmin.Email());
        var (staff, _) = await app.ClientForAsync(MatrixRole.ShelterStaff.Email());
        var name = $"Survivor Housing Petition {Guid.NewGuid().ToString("N")[..6]}";
        using var created = await curator.PostAsJsonAsync("/api/initiatives/", new { name, description = "A statewide petition.", counties = new[] { "06019", "06037" }, howToHelp = "Sign at any participating shelter." });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        (await curator.PutAsJsonAsync($"/api/initiatives/{id}/goals/signatures", new { title = "Signatures", target = 700_000, unit = "signatures", tracksVerified = true, deadline = "2026-06-30" })).EnsureSuccessStatusCode();
        (await curator.PutAsJsonAsync($"/api/initiatives/{id}/goals/fund", new { title = "Campaign fund", target = 50_000, unit = "", measure = "Money" })).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.Forbidden, (await staff.PostAsJsonAsync($"/api/initiatives/{id}/goals/signatures/progress", new { amount = 10 })).StatusCode);
        (await shelterAdmin.PutAsJsonAsync($"/api/organizations/{Org}/initiatives/{id}", new { join = true })).EnsureSuccessStatusCode();
        var waiting = await curator.GetFromJsonAsync<JsonElement>($"/api/initiatives/{id}");
        Assert.Empty(waiting.GetProperty("organizations").EnumerateArray());
        Assert.Equal(Org, Assert.Single(waiting.GetProperty("requests").EnumerateArray()).GetProperty("organizationId").GetString());
        (await curator.PutAsJsonAsync($"/api/initiatives/{id}/requests/{Org}", new { approve = true })).EnsureSuccessStatusCode();

        (await staff.PostAsJsonAsync($"/api/initiatives/{id}/goals/signatures/progress", new { amount = 1_200, verified = 0, organizationId = Org, county = "06019" })).EnsureSuccessStatusCode();
        (await staff.PostAsJsonAsync($"/api/initiatives/{id}/goals/signatures/progress", new { amount = 0, verified = 1_000, organizationId = Org, county = "06019" })).EnsureSuccessStatusCode();
        (await staff.PostAsJsonAsync($"/api/initiatives/{id}/goals/fund/progress", new { amount = 2_500, organizationId = Org })).EnsureSuccessStatusCode();
        using var tooMany = await staff.PostAsJsonAsync($"/api/initiatives/{id}/goals/signatures/progress", new { amount = 0, verified = 201, organizationId = Org, county = "06019" });
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.True((await tooMany.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("verified", out _));
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.PostAsJsonAsync($"/api/initiatives/{id}/goals/signatures/progress", new { amount = 5, organizationId = "juniper-gate-womens-shelter" })).StatusCode);

        using var anonymous = app.Factory.CreateClient();
        var details = await anonymous.GetFromJsonAsync<JsonElement>($"/api/initiatives/{id}");
        var goals = details.GetProperty("goals").EnumerateArray().ToDictionary(g => g.GetProperty("id").GetString()!);
        var signatures = goals["signatures"];
        Assert.Equal((1_200, 1_000, "2026-06-30"), (signatures.GetProperty("progress").GetInt64(), signatures.GetProperty("verified").GetInt64(), signatures.GetProperty("deadline").GetString()));
        var byOrganization = Assert.Single(signatures.GetProperty("byOrganization").EnumerateArray());
        Assert.Equal((Org, 1_200, 1_000), (byOrganization.GetProperty("key").GetString(), byOrganization.GetProperty("raw").GetInt64(), byOrganization.GetProperty("verified").GetInt64()));
        Assert.Equal("06019", Assert.Single(signatures.GetProperty("byCounty").EnumerateArray()).GetProperty("key").GetString());
        Assert.Equal(("Money", "dollars", 2_500), (goals["fund"].GetProperty("measure").GetString(), goals["fund"].GetProperty("unit").GetString(), goals["fund"].GetProperty("progress").GetInt64()));
        var page = await anonymous.GetStringAsync($"/initiatives/{id}");
        Assert.Contains("Sign at any participating shelter.", page, StringComparison.Ordinal);
        Assert.Contains("$2,500", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_curator_edits_the_profile_and_an_invalid_edit_changes_nothing()
    {
        var (curator, _) = await app.ClientForAsync(MatrixRole.Curator.Email());
        var initiative = AuthorizationMatrix.Initiative;
        var before = await curator.GetFromJsonAsync<JsonElement>($"/api/initiatives/{initiative}");

        using var refused = await curator.PutAsJsonAsync($"/api/initiatives/{initiative}", new { name = "", description = "x", counties = new[] { "06019" }, howToHelp = new string('x', 2001) });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _) && errors.TryGetProperty("howToHelp", out _), errors.ToString());
        Assert.Equal(before.GetProperty("version").GetInt64(), (await curator.GetFromJsonAsync<JsonElement>($"/api/initiatives/{initiative}")).GetProperty("version").GetInt64());

        var profile = before.GetProperty("profile");
        (await curator.PutAsJsonAsync($"/api/initiatives/{initiative}", new
        {
            name = profile.GetProperty("name").GetString(),
            description = profile.GetProperty("description").GetString(),
            counties = profile.GetProperty("counties").EnumerateArray().Select(c => c.GetString()).ToArray(),
            howToHelp = "Come to the monthly meeting.",
        })).EnsureSuccessStatusCode();
        Assert.Equal("Come to the monthly meeting.", (await curator.GetFromJsonAsync<JsonElement>($"/api/initiatives/{initiative}")).GetProperty("profile").GetProperty("howToHelp").GetString());
    }
}
