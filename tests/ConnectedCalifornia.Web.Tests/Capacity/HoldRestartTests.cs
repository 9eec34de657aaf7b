using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ConnectedCalifornia.Capacity;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Web.Seeding;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ConnectedCalifornia.Web.Tests.Capacity;

/// <summary>A hold expires by itself even when the app was down at its expiry and nobody opens the site afterwards.</summary>
public sealed class HoldRestartTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    [Fact]
    public async Task A_hold_that_expired_while_the_app_was_stopped_is_released_after_the_restart_without_anyone_touching_the_site()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var dataDirectory = Path.Combine(Path.GetTempPath(), "cc-web-tests", "hold-restart-" + Guid.NewGuid().ToString("N"));
        var site = DemoCapacityData.Sites.First(s => !s.Definition.Confidential && CapacityApiTests.PoliceTaskForcePartners.Contains(s.Definition.OrganizationId)); // the holder may hold there
        var category = site.Definition.Categories[0].Category;
        CategoryTotals before;

        await using (var first = new NetworkAppFactory(dataDirectory) { NetworkClock = clock })
        {
            using var admin = first.CreateBrowserLikeClient();
            await SignIn.AsAsync(admin, first, MatrixRole.SystemAdmin.Email()!);
            (await admin.PostAsJsonAsync($"/api/capacity/sites/{site.SiteId}/counts/{category}", new { available = 2 })).EnsureSuccessStatusCode();
            before = await CountyCategoryAsync(first, site.Definition.County, category);

            using var officer = first.CreateBrowserLikeClient();
            await SignIn.AsAsync(officer, first, MatrixRole.LawEnforcementStaff.Email()!);
            var hold = await officer.PostAsJsonAsync($"/api/capacity/sites/{site.SiteId}/holds", new { category, holderOrganizationId = "harbor-point-police-department", minutes = 5, purpose = "Test hold" });
            Assert.Equal(HttpStatusCode.OK, hold.StatusCode);
            Assert.Equal(before.Held + 1, (await CountyCategoryAsync(first, site.Definition.County, category)).Held);
        }

        // The hold runs out while no node is up.
        clock.Advance(TimeSpan.FromMinutes(10));

        // No demo seeding on the second start: the seeder reads every demo site, which would release the hold itself.
        await using var second = new NetworkAppFactory(dataDirectory, seed: false) { NetworkClock = clock };
        using var _ = second.CreateClient();

        // Only the county board is read (the index): the silo's start-up sweep must release the hold by itself.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        CategoryTotals after;
        while ((after = await CountyCategoryAsync(second, site.Definition.County, category)).Held != before.Held)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The expired hold was still counted 30 s after the restart ({after.Held} held).");
            await Task.Delay(100);
        }

        Assert.Equal(before.AvailableNow, after.AvailableNow);
    }

    private static async Task<CategoryTotals> CountyCategoryAsync(NetworkAppFactory app, string county, string category)
    {
        using var anonymous = app.CreateClient();
        var summary = await anonymous.GetFromJsonAsync<CountyCapacitySummary>($"/api/capacity/counties/{county}", Json);
        return summary!.Categories.Single(c => c.Category == category);
    }
}
