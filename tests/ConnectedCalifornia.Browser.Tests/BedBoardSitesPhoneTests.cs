using System.Text.Json;
using ConnectedCalifornia.Browser.Tests.Infrastructure;
using ConnectedCalifornia.Testing;
using ConnectedCalifornia.Web.Seeding;
using Microsoft.Playwright;
using static ConnectedCalifornia.Browser.Tests.Infrastructure.ApiJson;
using static Microsoft.Playwright.Assertions;

namespace ConnectedCalifornia.Browser.Tests;

/// <summary>
/// A shelter's sites page on a 390 px phone (issue 15): no column of a site's table hides behind a sideways
/// scroll (the "last posted" column folds under the category), and every action (post counts, edit, retire,
/// release a hold) is on the screen; the counts page does not overflow either.
/// </summary>
[Collection(DemoNetworkCollection.Name)]
public sealed class BedBoardSitesPhoneTests(BrowserFixture fixture)
{
    private const int Width = 390;
    private const string Organization = DemoNetworkData.FresnoMinorsShelterKey;
    private static readonly string MainSite = DemoCapacityData.MainSiteOf(Organization);

    [SkippableFact]
    public async Task Sites_page_on_a_phone_shows_every_column_and_action_without_sideways_scrolling()
    {
        TestEnvironment.RequireChromium();
        await using var context = await fixture.SignedInContextAsync($"shelter.admin@{DemoNetworkData.UserEmailDomain}", new ViewportSize { Width = Width, Height = 844 });
        var page = context.Pages[0];

        // A hold, so that the holds table and its Release button are on the page too. The app is shared with other
        // classes: the hold is released and the category's available count posted back as it was, whatever happens.
        var site = await GetJsonAsync(context, $"/api/capacity/sites/{MainSite}");
        var chosen = site.GetProperty("categories").EnumerateArray().First(c => c.GetProperty("total").GetInt32() - c.GetProperty("held").GetInt32() >= 1);
        var category = chosen.GetProperty("category").GetString();
        var availableBefore = chosen.GetProperty("available").GetInt32();
        string? holdId = null;
        try
        {
            var posted = await context.APIRequest.PostAsync($"/api/capacity/sites/{MainSite}/counts/{category}", new() { DataObject = new { available = 1 } });
            Assert.True(posted.Ok, await posted.TextAsync());
            var held = await context.APIRequest.PostAsync($"/api/capacity/sites/{MainSite}/holds", new() { DataObject = new { category, holderOrganizationId = Organization, minutes = 30, purpose = "Intake tonight" } });
            Assert.True(held.Ok, await held.TextAsync());
            holdId = JsonDocument.Parse(await held.TextAsync()).RootElement.GetProperty("holdId").GetString();

            await page.GotoInteractiveAsync($"/organizations/{Organization}/sites");
            var card = page.Locator($"[data-site={MainSite}]");
            await Expect(card.GetByRole(AriaRole.Button, new() { Name = "Release the hold" }).First).ToBeVisibleAsync();
            await Expect(card.Locator(".cc-asof-inline").First).ToBeVisibleAsync(); // "posted …" under the category

            var hidden = await page.EvaluateAsync<int>("[...document.querySelectorAll('.cc-bed-scroll')].filter(s => s.scrollWidth > s.clientWidth + 1).length");
            Assert.Equal(0, hidden);
            Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= Width);
            foreach (var action in await card.Locator("button, a.mud-button-root").AllAsync())
            {
                var box = await action.BoundingBoxAsync();
                Assert.NotNull(box);
                Assert.True(box.X >= 0 && box.X + box.Width <= Width, $"'{await action.InnerTextAsync()}' reaches {box.X + box.Width} px on a {Width} px screen.");
            }

            await card.ScrollIntoViewIfNeededAsync();
            await Screenshots.SaveAsync(page, "sites-manage-phone-390-holds");

            await card.GetByRole(AriaRole.Link, new() { Name = "Post counts" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Post counts", Level = 1 })).ToBeVisibleAsync();
            Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= Width);

            // The hold is stored as placed (read back through the API).
            var after = await GetJsonAsync(context, $"/api/capacity/sites/{MainSite}");
            Assert.Contains(after.GetProperty("holds").EnumerateArray(), h => h.GetProperty("purpose").GetString() == "Intake tonight");
        }
        finally
        {
            if (holdId is not null)
            {
                var released = await context.APIRequest.DeleteAsync($"/api/capacity/sites/{MainSite}/holds/{holdId}");
                Assert.True(released.Ok, await released.TextAsync());
            }

            var restored = await context.APIRequest.PostAsync($"/api/capacity/sites/{MainSite}/counts/{category}", new() { DataObject = new { available = availableBefore } });
            Assert.True(restored.Ok, await restored.TextAsync());
        }

        // Left as found: no hold of this test, the count as it was.
        var left = await GetJsonAsync(context, $"/api/capacity/sites/{MainSite}");
        Assert.DoesNotContain(left.GetProperty("holds").EnumerateArray(), h => h.GetProperty("holdId").GetString() == holdId);
        Assert.Equal(availableBefore, left.GetProperty("categories").EnumerateArray().Single(c => c.GetProperty("category").GetString() == category).GetProperty("available").GetInt32());
    }
}
