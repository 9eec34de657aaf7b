using ConnectedCalifornia.Browser.Tests.Infrastructure;
using ConnectedCalifornia.Testing;
using ConnectedCalifornia.Web.Seeding;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConnectedCalifornia.Browser.Tests;

/// <summary>Shelter staff post a count from a phone; a county board open in another browser changes without reload.</summary>
[Collection(DemoNetworkCollection.Name)]
public sealed class BedBoardTests(BrowserFixture fixture)
{
    private static readonly string SitePostPath = $"/beds/sites/{DemoCapacityData.MainSiteOf(DemoNetworkData.FresnoMinorsShelterKey)}/post";

    [SkippableFact]
    public async Task A_count_posted_in_two_taps_on_a_phone_changes_the_county_board_in_another_browser_without_reload()
    {
        TestEnvironment.RequireChromium();
        await using var watcherContext = await fixture.NewContextAsync();
        await using var staffContext = await fixture.NewContextAsync(new ViewportSize { Width = 390, Height = 844 });

        // B: anyone watching the Fresno County board.
        var watcher = await watcherContext.NewPageAsync();
        await watcher.GotoInteractiveAsync("/beds/06019");
        var minors = watcher.Locator("tr", new() { Has = watcher.GetByRole(AriaRole.Rowheader, new() { Name = "minors", Exact = true }) }).Locator(".cc-bed-n");
        var before = int.Parse(await minors.First.InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
        await watcher.EvaluateAsync("() => { window.__ccNotReloaded = true; }");

        // A: the shelter's staff on a phone: one tap on minus (or plus), one on Save.
        var staff = await staffContext.NewPageAsync();
        await BrowserFixture.SignInAsync(staff, $"shelter.staff@{DemoNetworkData.UserEmailDomain}");
        await staff.GotoInteractiveAsync(SitePostPath);
        var fewer = staff.GetByRole(AriaRole.Button, new() { Name = "One fewer minors" });
        var delta = await fewer.IsEnabledAsync() ? -1 : 1;
        await (delta < 0 ? fewer : staff.GetByRole(AriaRole.Button, new() { Name = "One more minors" })).ClickAsync();
        await staff.GetByRole(AriaRole.Button, new() { Name = "Save counts (as of now)" }).ClickAsync();
        await Screenshots.SaveAsync(staff, "bed-board-post-counts-phone-390");

        await Expect(minors.First).ToHaveTextAsync((before + delta).ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Timeout = 15_000 });
        Assert.True(await watcher.EvaluateAsync<bool>("() => window.__ccNotReloaded === true"), "the board reloaded instead of updating live");
    }

    [SkippableFact]
    public async Task Screenshots_of_the_statewide_map_and_a_county_board_are_saved_to_docs()
    {
        TestEnvironment.RequireChromium();
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoInteractiveAsync("/beds");
        await Expect(page.Locator("svg path").First).ToBeVisibleAsync();
        await page.WaitForTimeoutAsync(400);
        var map = await Screenshots.SaveAsync(page, "bed-board-statewide-map");

        await BrowserFixture.SignInAsync(page, $"taskforce.member@{DemoNetworkData.UserEmailDomain}");
        await page.GotoInteractiveAsync("/beds/06019");
        await page.WaitForTimeoutAsync(400);
        var county = await Screenshots.SaveAsync(page, "bed-board-fresno-county-task-force-member");

        Assert.True(new FileInfo(map).Length > 10_000);
        Assert.True(new FileInfo(county).Length > 10_000);
    }

    [SkippableFact]
    public async Task A_member_filters_the_county_sites_by_population_served()
    {
        TestEnvironment.RequireChromium();
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await BrowserFixture.SignInAsync(page, $"taskforce.member@{DemoNetworkData.UserEmailDomain}");
        await page.GotoInteractiveAsync("/beds/06019");
        var sites = page.Locator(".cc-bed-sites");
        await Expect(sites.GetByRole(AriaRole.Heading, new() { Name = "Granite Pass Men's Recovery Home" })).ToBeVisibleAsync();

        await page.Locator(".mud-select").Filter(new() { HasText = "Population served" }).First.ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Minors (CSEC)" }).ClickAsync();

        await Expect(sites.GetByRole(AriaRole.Heading, new() { Name = "Bright Orchard Youth Shelter" })).ToBeVisibleAsync();
        await Expect(sites.GetByRole(AriaRole.Heading, new() { Name = "Granite Pass Men's Recovery Home" })).ToHaveCountAsync(0);
    }
}
