using ConnectedCalifornia.Browser.Tests.Infrastructure;
using ConnectedCalifornia.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConnectedCalifornia.Browser.Tests;

/// <summary>
/// The API reference page with every other host cut off (as offline): it renders the document's
/// operations and asks no other host for anything (no third-party fonts or scripts).
/// </summary>
[Collection(DemoNetworkCollection.Name)]
public sealed class ApiReferenceOfflineTests(BrowserFixture fixture)
{
    [SkippableTheory]
    [InlineData(1280)]
    [InlineData(390)]
    public async Task OpenApi_reference_page_renders_with_every_other_host_cut_off(int width)
    {
        TestEnvironment.RequireChromium();
        await using var context = await fixture.NewContextAsync(new ViewportSize { Width = width, Height = 900 });
        var elsewhere = new List<string>();
        await context.RouteAsync("**/*", async route =>
        {
            var url = new Uri(route.Request.Url);
            if (url.Host == fixture.BaseAddress.Host && url.Port == fixture.BaseAddress.Port)
            {
                await route.ContinueAsync();
            }
            else
            {
                lock (elsewhere)
                {
                    elsewhere.Add(route.Request.Url);
                }

                await route.AbortAsync("internetdisconnected");
            }
        });
        var page = await context.NewPageAsync();

        await page.GotoAsync(new Uri(fixture.BaseAddress, "/api/reference/").ToString());

        await Expect(page.Locator("h1").First).ToContainTextAsync("ConnectedCalifornia", new() { Timeout = BrowserFixture.TimeoutMs });
        await Expect(page.GetByText("Not signed in (no valid sign-in cookie).").First).ToBeAttachedAsync();
        await Screenshots.SaveAsync(page, $"api-reference-offline-{width}");
        Assert.True(elsewhere.Count == 0, "The reference page asked another host:\n" + string.Join("\n", elsewhere));
    }
}
