using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using ConnectedCalifornia.Capacity;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Web.Capacity;
using ConnectedCalifornia.Web.Live;
using ConnectedCalifornia.Web.Seeding;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace ConnectedCalifornia.Web.Tests.Capacity;

/// <summary>
/// The bed board's API through the real pipeline (sign-in, policies, grains, bridge): posts change
/// the county summary, bad counts change nothing, holds take and give back a bed, confidential
/// shelters never appear in public output, and a county's SignalR group hears every post.
/// </summary>
public sealed class CapacityApiTests(SeededAppFixture app) : IClassFixture<SeededAppFixture>
{
    private const string Fresno = "06019";

    /// <summary>Organizations of the San Diego task force, which the police department (the holder in these tests) leads: it may hold at their sites.</summary>
    internal static readonly string[] PoliceTaskForcePartners =
        ["salton-basin-outreach-center", "mesa-linda-legal-aid-society", "bayfront-children-family-services", "border-lights-youth-refuge", "tidewater-survivor-shelter"];
    private const string ConfidentialSite = AuthorizationMatrix.Site;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    [Fact]
    public async Task Staff_posting_a_count_changes_the_public_county_summary()
    {
        var (staff, _) = await app.ClientForAsync(MatrixRole.ShelterStaff.Email());
        var site = await SiteAsync(staff, ConfidentialSite);
        var minors = site.Categories.Single(c => c.Category == CapacityCategories.Minors);
        var before = await MinorsInFresnoAsync();
        var next = minors.Available == 0 ? 1 : minors.Available - 1;

        var response = await staff.PostAsJsonAsync($"/api/capacity/sites/{ConfidentialSite}/counts/{CapacityCategories.Minors}", new { available = next });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = await MinorsInFresnoAsync();
        Assert.Equal(before.AvailableNow - (minors.IsStale ? 0 : minors.Available) + next, after.AvailableNow);
        var updated = (await SiteAsync(staff, ConfidentialSite)).Categories.Single(c => c.Category == CapacityCategories.Minors);
        Assert.Equal(next, updated.Available);
        Assert.False(updated.IsStale);
        Assert.NotNull(updated.AsOf);
    }

    [Theory]
    [InlineData("""{"available":-1}""", "available")]
    [InlineData("""{"available":100000}""", "available")]
    [InlineData("""{"available":"three"}""", "available")]
    [InlineData("""{"available":2.5}""", "available")]
    [InlineData("""{"available":""", "body")]
    [InlineData("""[1]""", "body")]
    public async Task An_impossible_or_non_numeric_count_is_a_validation_problem_and_changes_nothing(string body, string field)
    {
        var (staff, _) = await app.ClientForAsync(MatrixRole.ShelterStaff.Email());
        var before = await SiteAsync(staff, ConfidentialSite);

        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        var response = await staff.PostAsync($"/api/capacity/sites/{ConfidentialSite}/counts/{CapacityCategories.Minors}", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), await response.Content.ReadAsStringAsync());
        var after = await SiteAsync(staff, ConfidentialSite);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.Categories.ToArray(), after.Categories.ToArray());
    }

    [Fact]
    public async Task Available_above_the_total_is_refused_with_a_clear_message()
    {
        var (staff, _) = await app.ClientForAsync(MatrixRole.ShelterStaff.Email());
        var before = await SiteAsync(staff, ConfidentialSite);
        var total = before.Categories.Single(c => c.Category == CapacityCategories.Minors).Total;

        var response = await staff.PostAsJsonAsync($"/api/capacity/sites/{ConfidentialSite}/counts/{CapacityCategories.Minors}", new { available = total + 1 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("cannot exceed the total", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before.Version, (await SiteAsync(staff, ConfidentialSite)).Version);
    }

    [Fact]
    public async Task A_hold_by_another_organizations_staff_takes_a_bed_and_its_release_gives_it_back()
    {
        // An ordinary site of an organization that shares a task force with the police department (the holder).
        var site = DemoCapacityData.Sites.First(s => !s.Definition.Confidential && PoliceTaskForcePartners.Contains(s.Definition.OrganizationId));
        var category = site.Definition.Categories[0];
        var (admin, _) = await app.ClientForAsync(MatrixRole.SystemAdmin.Email());
        (await admin.PostAsJsonAsync($"/api/capacity/sites/{site.SiteId}/counts/{category.Category}", new { available = category.Total })).EnsureSuccessStatusCode();
        var before = await CountyCategoryAsync(site.Definition.County, category.Category);

        var (officer, _) = await app.ClientForAsync(MatrixRole.LawEnforcementStaff.Email());
        var hold = await officer.PostAsJsonAsync($"/api/capacity/sites/{site.SiteId}/holds", new { category = category.Category, holderOrganizationId = "harbor-point-police-department", purpose = "Test hold" });
        Assert.Equal(HttpStatusCode.OK, hold.StatusCode);
        var placed = await hold.Content.ReadFromJsonAsync<CapacityApi.HoldPlaced>(Json);

        var held = await CountyCategoryAsync(site.Definition.County, category.Category);
        Assert.Equal(before.AvailableNow - 1, held.AvailableNow);
        Assert.Equal(before.Held + 1, held.Held);
        Assert.True(placed!.ExpiresAt > DateTimeOffset.UtcNow.AddMinutes(100));

        var release = await officer.DeleteAsync($"/api/capacity/sites/{site.SiteId}/holds/{placed.HoldId}");
        Assert.Equal(HttpStatusCode.OK, release.StatusCode);
        var released = await CountyCategoryAsync(site.Definition.County, category.Category);
        Assert.Equal(before.AvailableNow, released.AvailableNow);
        Assert.Equal(before.Held, released.Held);
    }

    [Fact]
    public async Task A_hold_for_an_organization_the_caller_does_not_belong_to_is_refused_and_changes_nothing()
    {
        var site = DemoCapacityData.Sites.First(s => !s.Definition.Confidential);
        var category = site.Definition.Categories[0].Category;
        var before = await CountyCategoryAsync(site.Definition.County, category);
        var (officer, _) = await app.ClientForAsync(MatrixRole.LawEnforcementStaff.Email());

        var response = await officer.PostAsJsonAsync($"/api/capacity/sites/{site.SiteId}/holds", new { category, holderOrganizationId = AuthorizationMatrix.Org, purpose = "Test hold" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("holderOrganizationId", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await CountyCategoryAsync(site.Definition.County, category));
    }

    [Fact]
    public async Task The_public_county_api_and_page_never_name_or_locate_a_confidential_shelter()
    {
        var organization = DemoNetworkData.FindOrganization(AuthorizationMatrix.Org)!;
        var address = organization.Profile.Contacts.Single(c => c.Kind == ContactKind.Address && c.Visibility == Visibility.Organization).Value;
        var secrets = new[] { organization.Profile.Name, address, ConfidentialSite, AuthorizationMatrix.Org };
        var (anonymous, _) = await app.ClientForAsync(null);
        var (otherAdmin, _) = await app.ClientForAsync(MatrixRole.OtherOrganizationAdmin.Email());

        var outputs = new Dictionary<string, string>
        {
            ["public county API"] = await anonymous.GetStringAsync($"/api/capacity/counties/{Fresno}"),
            ["public statewide API"] = await anonymous.GetStringAsync("/api/capacity/statewide"),
            ["public county page"] = await anonymous.GetStringAsync($"/beds/{Fresno}"),
            ["public statewide page"] = await anonymous.GetStringAsync("/beds"),
            ["another organization's county sites"] = await otherAdmin.GetStringAsync($"/api/capacity/counties/{Fresno}/sites"),
            ["another organization's county page"] = await otherAdmin.GetStringAsync($"/beds/{Fresno}"),
        };

        Assert.Contains("Fresno", outputs["public county page"], StringComparison.Ordinal);
        foreach (var (what, text) in outputs)
        {
            foreach (var secret in secrets)
            {
                Assert.False(text.Contains(secret, StringComparison.OrdinalIgnoreCase), $"{what} contains '{secret}'");
            }
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await otherAdmin.GetAsync($"/api/capacity/sites/{ConfidentialSite}")).StatusCode);
    }

    [Fact]
    public async Task The_task_force_of_a_confidential_shelter_sees_it_by_name_on_the_county_board()
    {
        var (member, _) = await app.ClientForAsync(MatrixRole.TaskForceMember.Email());
        var rows = await member.GetFromJsonAsync<SiteBoardRow[]>($"/api/capacity/counties/{Fresno}/sites", Json);

        var row = Assert.Single(rows!, r => r.SiteId == ConfidentialSite);
        Assert.False(row.Restricted);
        Assert.Equal(DemoNetworkData.FindOrganization(AuthorizationMatrix.Org)!.Profile.Name, row.Name);
        Assert.True(row.Permissions.Hold);
        Assert.False(row.Permissions.Post);
    }

    [Fact]
    public async Task The_county_sites_service_gives_the_public_nothing_whatever_page_calls_it()
    {
        using var scope = app.Factory.Services.CreateScope();
        var service = scope.ServiceProvider.GetRequiredService<CapacityService>();

        Assert.Empty(await service.GetCountySitesAsync(new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity()), Fresno));
        var (anonymous, _) = await app.ClientForAsync(null);
        Assert.NotEqual(HttpStatusCode.OK, (await anonymous.GetAsync($"/api/capacity/counties/{Fresno}/sites")).StatusCode);
    }

    [Fact]
    public async Task An_anonymous_follower_of_the_county_receives_an_anonymized_announcement_after_a_post()
    {
        await using var connection = app.Factory.CreateHubConnection();
        var received = Channel.CreateUnbounded<AnnouncementMessage>();
        connection.On<AnnouncementMessage>(nameof(INetworkClient.Announcement), m => received.Writer.TryWrite(m));
        await connection.StartAsync();
        var join = await connection.InvokeAsync<JoinResult>(nameof(NetworkHub.Join), Topics.County(Fresno));
        Assert.True(join.Joined);

        var (staff, _) = await app.ClientForAsync(MatrixRole.ShelterStaff.Email());
        (await staff.PostAsJsonAsync($"/api/capacity/sites/{ConfidentialSite}/counts/{CapacityCategories.EmergencyOvernight}", new { available = 1 })).EnsureSuccessStatusCode();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        AnnouncementMessage message;
        do
        {
            message = await received.Reader.ReadAsync(timeout.Token);
        }
        while (message.Kind != AnnouncementKinds.CapacityCounty);

        // Only that the county's totals changed: no site, organization or person (issue 13).
        Assert.Equal(Topics.County(Fresno), message.Topic);
        Assert.Equal(Fresno, message.EntityId);
        Assert.Equal(string.Empty, message.ActorName);
        var organization = DemoNetworkData.FindOrganization(AuthorizationMatrix.Org)!;
        Assert.DoesNotContain(organization.Profile.Name, message.Title + message.Summary + message.ActorName, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_demo_board_has_a_main_site_for_every_shelter_and_the_post_page_renders_for_its_staff()
    {
        var (anonymous, _) = await app.ClientForAsync(null);
        var statewide = await anonymous.GetFromJsonAsync<StatewideCapacitySummary>("/api/capacity/statewide", Json);
        Assert.True(statewide!.Sites >= DemoCapacityData.Sites.Count, $"{statewide.Sites} sites on the board");
        Assert.Contains(statewide.Counties, c => c.County == Fresno && c.ConfidentialSites > 0);

        var (staff, _) = await app.ClientForAsync(MatrixRole.ShelterStaff.Email());
        var page = await staff.GetStringAsync($"/beds/sites/{ConfidentialSite}/post");
        Assert.Contains("Save counts", page, StringComparison.Ordinal);
        Assert.Contains("One more minors", page, StringComparison.Ordinal);

        var map = await anonymous.GetStringAsync("/beds");
        Assert.Equal(58, map.Split("data-fips=").Length - 1);
        Assert.Contains("href=\"/beds/06019\"", map, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Of_many_simultaneous_holds_on_the_last_bed_exactly_one_succeeds()
    {
        var site = DemoCapacityData.Sites.Last(s => !s.Definition.Confidential && PoliceTaskForcePartners.Contains(s.Definition.OrganizationId));
        var category = site.Definition.Categories[0].Category;
        var (admin, _) = await app.ClientForAsync(MatrixRole.SystemAdmin.Email());
        (await admin.PostAsJsonAsync($"/api/capacity/sites/{site.SiteId}/counts/{category}", new { available = 1 })).EnsureSuccessStatusCode();
        var (officer, _) = await app.ClientForAsync(MatrixRole.LawEnforcementStaff.Email());
        var (member, _) = await app.ClientForAsync(MatrixRole.TaskForceMember.Email());

        var attempts = Enumerable.Range(0, 20).Select(i => i % 2 == 0
            ? officer.PostAsJsonAsync($"/api/capacity/sites/{site.SiteId}/holds", new { category, holderOrganizationId = "harbor-point-police-department", purpose = "Test hold" })
            : member.PostAsJsonAsync($"/api/capacity/sites/{site.SiteId}/holds", new { category, holderOrganizationId = "valley-compass-survivor-services", purpose = "Test hold" }));
        var responses = await Task.WhenAll(attempts);

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        var after = (await SiteAsync(admin, site.SiteId)).Categories.Single(c => c.Category == category);
        Assert.Equal(0, after.Available);
        Assert.Equal(1, after.Held);
        var hold = Assert.Single((await SiteAsync(admin, site.SiteId)).Holds);
        (await admin.DeleteAsync($"/api/capacity/sites/{site.SiteId}/holds/{hold.HoldId}")).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task An_org_admin_defines_a_new_site_and_another_organizations_admin_cannot()
    {
        const string NewSite = AuthorizationMatrix.Org + "--annex";
        var definition = new { name = "Bright Orchard Annex", county = "06039", confidential = true, categories = new[] { new { category = "minors", total = 4 } } };
        var (otherAdmin, _) = await app.ClientForAsync(MatrixRole.OtherOrganizationAdmin.Email());
        Assert.Equal(HttpStatusCode.Forbidden, (await otherAdmin.PutAsJsonAsync($"/api/capacity/sites/{NewSite}", definition)).StatusCode);
        var (staff, _) = await app.ClientForAsync(MatrixRole.ShelterStaff.Email());
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.PutAsJsonAsync($"/api/capacity/sites/{NewSite}", definition)).StatusCode);

        var (shelterAdmin, _) = await app.ClientForAsync(MatrixRole.ShelterAdmin.Email());
        var response = await shelterAdmin.PutAsJsonAsync($"/api/capacity/sites/{NewSite}", definition);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var site = await SiteAsync(staff, NewSite);
        Assert.Equal(AuthorizationMatrix.Org, site.OrganizationId);
        Assert.True(Assert.Single(site.Categories).IsStale);
        Assert.True(site.Permissions.Post);
        Assert.False(site.Permissions.Define);
    }

    private async Task<SiteCapacityView> SiteAsync(HttpClient client, string siteId) =>
        (await client.GetFromJsonAsync<SiteCapacityView>($"/api/capacity/sites/{siteId}", Json))!;

    private Task<CategoryTotals> MinorsInFresnoAsync() => CountyCategoryAsync(Fresno, CapacityCategories.Minors);

    private async Task<CategoryTotals> CountyCategoryAsync(string county, string category)
    {
        var (anonymous, _) = await app.ClientForAsync(null);
        var summary = await anonymous.GetFromJsonAsync<CountyCapacitySummary>($"/api/capacity/counties/{county}", Json);
        return summary!.Categories.Single(c => c.Category == category);
    }
}
