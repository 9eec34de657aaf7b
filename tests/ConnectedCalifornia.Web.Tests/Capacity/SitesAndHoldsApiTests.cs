using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ConnectedCalifornia.Capacity;
using ConnectedCalifornia.Web.Capacity;
using ConnectedCalifornia.Web.Seeding;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ConnectedCalifornia.Web.Tests.Capacity;

/// <summary>
/// Issue 15, sites and beds through the real pipeline: a hold says what it is for, an organization far
/// from the site (not its county, no shared task force) is refused with a clear reason, the site's
/// organization sees who holds what and why and can release it, and an admin retires a site.
/// </summary>
public sealed class SitesAndHoldsApiTests(SeededAppFixture app) : IClassFixture<SeededAppFixture>
{
    private const string ConfidentialSite = AuthorizationMatrix.Site; // Bright Orchard, Fresno
    private const string Holder = "valley-compass-survivor-services"; // Fresno, in the Fresno task force with Bright Orchard
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    [Fact]
    public async Task A_hold_without_a_purpose_is_refused_and_the_bed_stays_available()
    {
        var (member, _) = await app.ClientForAsync(MatrixRole.TaskForceMember.Email());
        var category = await CategoryWithABedAsync(ConfidentialSite);
        var before = await SiteAsync(ConfidentialSite);

        var response = await member.PostAsJsonAsync($"/api/capacity/sites/{ConfidentialSite}/holds", new { category, holderOrganizationId = Holder });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("purpose", out _), await response.Content.ReadAsStringAsync());
        var after = await SiteAsync(ConfidentialSite);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.Holds.Length, after.Holds.Length);
    }

    [Fact]
    public async Task A_hold_by_an_organization_outside_the_sites_county_and_task_forces_is_refused_with_a_clear_error()
    {
        // The police department serves San Diego County only and shares no task force with a Fresno organization.
        var site = DemoCapacityData.Sites.First(s => !s.Definition.Confidential && s.Definition.County == "06019");
        var category = await CategoryWithABedAsync(site.SiteId);
        var before = await SiteAsync(site.SiteId);
        var (officer, _) = await app.ClientForAsync(MatrixRole.LawEnforcementStaff.Email());

        var response = await officer.PostAsJsonAsync($"/api/capacity/sites/{site.SiteId}/holds",
            new { category, holderOrganizationId = "harbor-point-police-department", purpose = "Victim found in a Fresno operation" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("does not serve Fresno County", body, StringComparison.Ordinal);
        Assert.Contains("holderOrganizationId", body, StringComparison.Ordinal);
        var after = await SiteAsync(site.SiteId);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.Categories.ToArray(), after.Categories.ToArray());
    }

    [Fact]
    public async Task The_sites_organization_sees_who_holds_a_bed_and_why_and_can_release_it()
    {
        var category = await CategoryWithABedAsync(ConfidentialSite);
        var (member, _) = await app.ClientForAsync(MatrixRole.TaskForceMember.Email());
        var placed = await member.PostAsJsonAsync($"/api/capacity/sites/{ConfidentialSite}/holds",
            new { category, holderOrganizationId = Holder, purpose = "Youth from our hotline, arriving tonight" });
        Assert.Equal(HttpStatusCode.OK, placed.StatusCode);
        var holdId = (await placed.Content.ReadFromJsonAsync<CapacityApi.HoldPlaced>(Json))!.HoldId;

        var (staff, _) = await app.ClientForAsync(MatrixRole.ShelterStaff.Email());
        var seen = (await staff.GetFromJsonAsync<SiteCapacityView>($"/api/capacity/sites/{ConfidentialSite}", Json))!.Holds.Single(h => h.HoldId == holdId);
        Assert.Equal(("Valley Compass Survivor Services", "Youth from our hotline, arriving tonight", HoldBasis.Direct, "Direct hold"),
            (seen.HolderName, seen.Purpose, seen.Basis, seen.BasisLabel));
        Assert.Equal("Lucia Navarro", seen.PlacedByName);

        var release = await staff.DeleteAsync($"/api/capacity/sites/{ConfidentialSite}/holds/{holdId}");

        Assert.Equal(HttpStatusCode.OK, release.StatusCode);
        var stored = await app.Factory.Services.GetRequiredService<IGrainFactory>().GetGrain<ISiteCapacityGrain>(ConfidentialSite).GetHold(holdId);
        Assert.Equal(HoldStatus.Released, stored!.Status);
        Assert.Equal("Youth from our hotline, arriving tonight", stored.Purpose);
    }

    [Fact]
    public async Task An_admin_retires_a_site_only_without_holds_and_it_leaves_the_board()
    {
        const string Annex = AuthorizationMatrix.Org + "--retire-me";
        var (admin, _) = await app.ClientForAsync(MatrixRole.ShelterAdmin.Email());
        var (staff, _) = await app.ClientForAsync(MatrixRole.ShelterStaff.Email());
        var (member, _) = await app.ClientForAsync(MatrixRole.TaskForceMember.Email());
        var definition = new { name = "Bright Orchard Retreat", county = "06019", confidential = false, categories = new[] { new { category = "minors", total = 3 } } };
        (await admin.PutAsJsonAsync($"/api/capacity/sites/{Annex}", definition)).EnsureSuccessStatusCode();
        (await staff.PostAsJsonAsync($"/api/capacity/sites/{Annex}/counts/minors", new { available = 2 })).EnsureSuccessStatusCode();
        var hold = await member.PostAsJsonAsync($"/api/capacity/sites/{Annex}/holds", new { category = "minors", holderOrganizationId = Holder, purpose = "Intake tomorrow morning" });
        var holdId = (await hold.Content.ReadFromJsonAsync<CapacityApi.HoldPlaced>(Json))!.HoldId;

        Assert.Equal(HttpStatusCode.Forbidden, (await staff.PostAsync($"/api/capacity/sites/{Annex}/retire", null)).StatusCode);
        var refused = await admin.PostAsync($"/api/capacity/sites/{Annex}/retire", null);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("release or convert it before retiring", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        (await member.DeleteAsync($"/api/capacity/sites/{Annex}/holds/{holdId}")).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/capacity/sites/{Annex}/retire", null)).StatusCode);

        var grains = app.Factory.Services.GetRequiredService<IGrainFactory>();
        Assert.True((await grains.GetGrain<ISiteCapacityGrain>(Annex).GetSnapshot())!.Retired);
        Assert.Null(await grains.GetGrain<ICapacityIndexGrain>(ConnectedCalifornia.Network.GrainKeys.CapacityIndex).GetSite(Annex));
        var board = await staff.GetFromJsonAsync<SiteBoardRow[]>("/api/capacity/counties/06019/sites", Json);
        Assert.DoesNotContain(board!, r => r.SiteId == Annex);
        Assert.Equal(HttpStatusCode.BadRequest, (await staff.PostAsJsonAsync($"/api/capacity/sites/{Annex}/counts/minors", new { available = 1 })).StatusCode);
    }

    /// <summary>A category of the site with a free bed, posted by the system admin if none is free.</summary>
    private async Task<string> CategoryWithABedAsync(string siteId)
    {
        var site = await SiteAsync(siteId);
        var category = site.Categories[0];
        if (category.Available < 1)
        {
            var (admin, _) = await app.ClientForAsync(MatrixRole.SystemAdmin.Email());
            (await admin.PostAsJsonAsync($"/api/capacity/sites/{siteId}/counts/{category.Category}", new { available = category.Total - category.Held })).EnsureSuccessStatusCode();
        }

        return category.Category;
    }

    private async Task<SiteCapacityView> SiteAsync(string siteId)
    {
        var (admin, _) = await app.ClientForAsync(MatrixRole.SystemAdmin.Email());
        return (await admin.GetFromJsonAsync<SiteCapacityView>($"/api/capacity/sites/{siteId}", Json))!;
    }
}
