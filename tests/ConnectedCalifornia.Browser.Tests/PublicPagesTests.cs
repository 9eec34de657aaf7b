using ConnectedCalifornia.Browser.Tests.Infrastructure;
using ConnectedCalifornia.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConnectedCalifornia.Browser.Tests;

/// <summary>What a member of the public sees without an account, on a desktop and on a phone.</summary>
[Collection(DemoNetworkCollection.Name)]
public sealed partial class PublicPagesTests(BrowserFixture fixture)
{
    private const string Hotline = "1-888-373-7888";

    [SkippableFact]
    public async Task Localization_a_visitor_on_a_phone_switches_to_spanish_and_the_choice_stays_on_the_next_page()
    {
        TestEnvironment.RequireChromium();
        await using var context = await fixture.NewContextAsync(new ViewportSize { Width = 390, Height = 844 });
        var page = await context.NewPageAsync();
        await page.GotoInteractiveAsync("/");
        await page.GetByRole(AriaRole.Button, new() { Name = "Español", Exact = true }).ClickAsync();

        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "es");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Una red en vivo contra la trata de personas en California" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Note, new() { Name = "Línea Nacional contra la Trata de Personas" })).ToContainTextAsync(Hotline);
        await Screenshots.SaveAsync(page, "home-spanish-phone-390");

        // The choice is the browser's cookie: the next page is in Spanish too, and the switch offers English back.
        await page.GotoInteractiveAsync("/organizations");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "es");
        Assert.Contains(await context.CookiesAsync(), c => c.Name == ".cc.culture" && c.Value == "c%3Des%7Cuic%3Des");
        await page.GetByRole(AriaRole.Button, new() { Name = "English", Exact = true }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        Assert.Equal("/organizations", new Uri(page.Url).AbsolutePath);
    }

    [SkippableFact]
    public async Task Home_page_shows_the_hotline_before_any_script_and_the_directory_finds_an_organization()
    {
        TestEnvironment.RequireChromium();

        // The raw HTML from the server, as a browser without scripts (or a slow phone) gets it.
        using (var http = new HttpClient { BaseAddress = fixture.BaseAddress })
        {
            var html = await http.GetStringAsync(new Uri("/", UriKind.Relative));
            Assert.Contains(Hotline, html, StringComparison.Ordinal);
        }

        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        var response = await page.GotoInteractiveAsync("/");
        Assert.NotNull(response);
        Assert.Contains(Hotline, await response.TextAsync(), StringComparison.Ordinal);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = Hotline })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Find help in the directory" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Directory", Level = 1 })).ToBeVisibleAsync();
        var results = page.Locator(".cc-result");
        await Expect(results.First).ToBeVisibleAsync();
        var before = await results.CountAsync();

        var search = page.GetByLabel("Search: what you need, a place or a ZIP code");
        await search.FillAsync("Granite Pass");
        await search.PressAsync("Enter");
        await Expect(results.First).ToContainTextAsync("Granite Pass Men's Recovery Home");
        Assert.True(before > 1, $"the unfiltered directory listed {before} organizations");

        await page.GetByRole(AriaRole.Link, new() { Name = "Granite Pass Men's Recovery Home" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Granite Pass Men's Recovery Home", Level = 1 })).ToBeVisibleAsync();
        Assert.EndsWith("/organizations/granite-pass-mens-recovery-home", page.Url, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task At_phone_width_home_and_sign_in_fit_the_screen_and_show_the_hotline()
    {
        TestEnvironment.RequireChromium();
        await using var context = await fixture.NewContextAsync(new ViewportSize { Width = 390, Height = 844 });
        var page = await context.NewPageAsync();

        await page.GotoInteractiveAsync("/");
        await AssertFitsAndShowsHotlineAsync(page, "home");

        await page.GotoAsync("/Account/Login");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in", Level = 1 })).ToBeVisibleAsync();
        await AssertFitsAndShowsHotlineAsync(page, "sign-in");
    }

    private static async Task AssertFitsAndShowsHotlineAsync(IPage page, string name)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        Assert.True(widths[0] <= widths[1], $"{name}: the page is {widths[0]} px wide in a {widths[1]} px window (horizontal scrolling)");

        // Visible means on screen and not covered (e.g. by an open navigation drawer).
        var hotline = page.GetByRole(AriaRole.Link, new() { Name = Hotline });
        await Expect(hotline).ToBeInViewportAsync();
        var onTop = await hotline.EvaluateAsync<bool>(
            @"a => { const r = a.getBoundingClientRect(); const e = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2); return e !== null && a.contains(e); }");
        Assert.True(onTop, $"{name}: the hotline number is covered by another element at phone width");
    }
}
