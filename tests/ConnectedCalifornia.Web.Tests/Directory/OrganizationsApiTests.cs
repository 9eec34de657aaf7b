using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Web.Directory;
using ConnectedCalifornia.Web.Seeding;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;

namespace ConnectedCalifornia.Web.Tests.Directory;

/// <summary>The directory API through the real pipeline: visibility tiers, validation problems, nothing changed on rejection.</summary>
public sealed class OrganizationsApiTests(SeededAppFixture app) : IClassFixture<SeededAppFixture>
{
    private const string Org = AuthorizationMatrix.Org;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    [Fact]
    public async Task The_public_never_sees_a_confidential_shelter_address_but_the_shelter_staff_do()
    {
        var confidential = DemoNetworkData.FindOrganization(Org)!.Profile.Contacts.Where(c => c.Visibility == Visibility.Organization).ToList();
        Assert.NotEmpty(confidential);

        var (anonymous, _) = await app.ClientForAsync(null);
        var publicBody = await anonymous.GetStringAsync($"/api/organizations/{Org}");
        var publicPage = await anonymous.GetStringAsync($"/organizations/{Org}");
        var (otherAdmin, _) = await app.ClientForAsync(MatrixRole.OtherOrganizationAdmin.Email());
        var networkBody = await otherAdmin.GetStringAsync($"/api/organizations/{Org}");
        foreach (var contact in confidential)
        {
            Assert.DoesNotContain(contact.Value, publicBody, StringComparison.Ordinal);
            Assert.DoesNotContain(contact.Value, publicPage, StringComparison.Ordinal);
            Assert.DoesNotContain(contact.Value, networkBody, StringComparison.Ordinal);
        }

        var (staff, _) = await app.ClientForAsync(MatrixRole.ShelterStaff.Email());
        var staffView = await staff.GetFromJsonAsync<OrganizationView>($"/api/organizations/{Org}", Json);
        Assert.Contains(staffView!.Contacts, c => c.Visibility == Visibility.Organization && confidential.Any(x => x.Value == c.Value));
    }

    [Fact]
    public async Task An_invalid_profile_is_rejected_with_a_problem_naming_the_field_and_changes_nothing()
    {
        var (admin, _) = await app.ClientForAsync(MatrixRole.ShelterAdmin.Email());
        var before = await admin.GetFromJsonAsync<OrganizationView>($"/api/organizations/{Org}", Json);
        var profile = DemoNetworkData.FindOrganization(Org)!.Profile with { Name = new string('x', 201), Counties = ["99999"] };

        var response = await admin.PutAsJsonAsync($"/api/organizations/{Org}/profile", profile, Json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _), problem.ToString());
        Assert.True(errors.TryGetProperty("counties", out _), problem.ToString());
        var after = await admin.GetFromJsonAsync<OrganizationView>($"/api/organizations/{Org}", Json);
        Assert.Equal(before!.Version, after!.Version);
        Assert.Equal(before.Name, after.Name);
    }

    // Bright Orchard is verified: its admin's edit of the description would wait for review
    // (CurationApiTests), a curator's applies at once.
    [Fact]
    public async Task A_valid_edit_by_a_curator_is_saved_and_recorded_in_the_history()
    {
        var (admin, _) = await app.ClientForAsync(MatrixRole.Curator.Email());
        var profile = DemoNetworkData.FindOrganization(Org)!.Profile with { Description = "Updated by the API test: 12 beds for youth ages 12 to 17." };

        var response = await admin.PutAsJsonAsync($"/api/organizations/{Org}/profile", profile, Json);

        response.EnsureSuccessStatusCode();
        var view = await admin.GetFromJsonAsync<OrganizationView>($"/api/organizations/{Org}", Json);
        Assert.Equal(profile.Description, view!.Description);
        var history = await admin.GetFromJsonAsync<JsonElement>($"/api/organizations/{Org}/history?max=5");
        Assert.Contains(history.EnumerateArray(), r => r.GetProperty("newValue").GetString() == profile.Description && r.GetProperty("actorName").GetString() == "Jordan Ellis");
    }

    [Theory]
    [InlineData("/api/organizations?pageSize=1000", "pageSize")]
    [InlineData("/api/organizations?page=0", "page")]
    [InlineData("/api/organizations?county=12345", "county")]
    public async Task Out_of_range_queries_get_a_validation_problem(string url, string field)
    {
        var (anonymous, _) = await app.ClientForAsync(null);
        var response = await anonymous.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task The_directory_lists_the_seeded_network_paged()
    {
        var (anonymous, _) = await app.ClientForAsync(null);
        var page = await anonymous.GetFromJsonAsync<JsonElement>("/api/organizations?county=06019&pageSize=5");
        Assert.True(page.GetProperty("totalItems").GetInt32() >= 3);
        Assert.True(page.GetProperty("items").GetArrayLength() <= 5);
        Assert.All(page.GetProperty("items").EnumerateArray(), i => Assert.Contains(i.GetProperty("counties").EnumerateArray(), c => c.GetProperty("code").GetString() == "06019"));
    }
}
