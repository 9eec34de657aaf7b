using ConnectedCalifornia.Browser.Tests.Infrastructure;
using ConnectedCalifornia.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConnectedCalifornia.Browser.Tests;

/// <summary>
/// The quick exit on public pages: the button and the Escape key replace the page with the neutral
/// site (here a loopback stand-in, the app's ConnectedCalifornia:QuickExitUrl), and Back does not return.
/// </summary>
[Collection(DemoNetworkCollection.Name)]
public sealed class QuickExitTests(BrowserFixture fixture)
{
    [SkippableTheory]
    [InlineData(390, "/organizations?q=shelter")]
    [InlineData(1280, "/organizations")]
    [InlineData(390, "/")]
    public async Task The_quick_exit_button_leaves_for_the_neutral_site_and_Back_does_not_return(int width, string path)
    {
        TestEnvironment.RequireChromium();
        await using var context = await fixture.NewContextAsync(new ViewportSize { Width = width, Height = 844 });
        var page = await context.NewPageAsync();
        await page.GotoInteractiveAsync(path);
        var button = page.Locator("[data-quick-exit]");
        await Expect(button).ToBeVisibleAsync();
        var box = await button.BoundingBoxAsync();
        Assert.True(box is { Height: >= 44 } && box.Y < 844, $"The quick exit is not a visible 44 px target at the top: {box?.Y}, {box?.Height}.");
        if (width == 390)
        {
            await Screenshots.SaveAsync(page, "quick-exit-phone-390");
        }

        var before = NeutralSite.Shared.Served.Count;
        var entries = await page.EvaluateAsync<int>("history.length");
        await button.ClickAsync();

        await Expect(page).ToHaveURLAsync(NeutralSite.Shared.Address);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Weather" })).ToBeVisibleAsync();
        Assert.True(NeutralSite.Shared.Served.Count > before, "The neutral site received no request.");
        await AssertBackDoesNotReturnAsync(page, entries);
    }

    [SkippableFact]
    public async Task Escape_leaves_too_but_first_closes_an_open_list()
    {
        TestEnvironment.RequireChromium();
        await using var context = await fixture.NewContextAsync(new ViewportSize { Width = 1280, Height = 900 });
        var page = await context.NewPageAsync();
        await page.GotoInteractiveAsync("/organizations");

        // An open list (the counties) closes on Escape; the page stays.
        await page.Locator(".mud-select").Filter(new() { HasText = "Counties served" }).First.ClickAsync();
        await Expect(page.Locator(".mud-popover-open").First).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.Locator(".mud-popover-open")).ToHaveCountAsync(0);
        Assert.Contains("/organizations", page.Url);

        await page.Locator("h1").ClickAsync();
        var entries = await page.EvaluateAsync<int>("history.length");
        await page.Keyboard.PressAsync("Escape");

        await Expect(page).ToHaveURLAsync(NeutralSite.Shared.Address);
        await AssertBackDoesNotReturnAsync(page, entries);
    }

    /// <summary>The exit took the directory's place in the history (no entry added), so Back goes to what came before it (the blank tab).</summary>
    private static async Task AssertBackDoesNotReturnAsync(IPage page, int entriesBefore)
    {
        Assert.Equal(entriesBefore, await page.EvaluateAsync<int>("history.length"));
        await page.GoBackAsync();
        await page.WaitForTimeoutAsync(300);
        Assert.DoesNotContain("/organizations", page.Url);
        Assert.True(page.Url == "about:blank" || page.Url.StartsWith(NeutralSite.Shared.Address, StringComparison.Ordinal), $"Back led to {page.Url}.");
    }
}
