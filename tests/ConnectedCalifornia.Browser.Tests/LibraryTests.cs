using System.Text.RegularExpressions;
using ConnectedCalifornia.Browser.Tests.Infrastructure;
using ConnectedCalifornia.Testing;
using ConnectedCalifornia.Web.Seeding;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConnectedCalifornia.Browser.Tests;

/// <summary>
/// The resource library: the public searches it on a phone with kind chips and opens a bill's page; a
/// curator writes a draft, publishes it, and a public search that is open meanwhile shows it without reload.
/// </summary>
[Collection(DemoNetworkCollection.Name)]
public sealed class LibraryTests(BrowserFixture fixture)
{
    [SkippableFact]
    public async Task On_a_phone_the_public_finds_Proposition_35_with_the_legislation_chip_and_reads_its_details()
    {
        TestEnvironment.RequireChromium();
        await using var context = await fixture.NewContextAsync(new ViewportSize { Width = 390, Height = 844 });
        var page = await context.NewPageAsync();

        await page.GotoInteractiveAsync("/library");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Resource library", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator($"[data-entry={DemoLibraryData.Hotline}]")).ToContainTextAsync("1-888-373-7888");
        await Expect(page.Locator($"[data-entry={DemoLibraryData.DraftEntry}]")).ToHaveCountAsync(0);
        await page.Locator("[data-facet=kind] [data-term=Legislation]").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("kind=Legislation"));
        await Expect(page.Locator($"[data-entry={DemoLibraryData.Hotline}]")).ToHaveCountAsync(0);
        await Screenshots.SaveAsync(page, "library-search-phone-390");

        await page.GetByLabel("Search by title, words, bill number or topic").PressSequentiallyAsync("proposition");
        await page.GetByLabel("Search by title, words, bill number or topic").PressAsync("Enter");
        await Expect(page.Locator("#library-count")).ToHaveTextAsync("1 resource");
        var card = page.Locator($"[data-entry={DemoLibraryData.Proposition35}]");
        await Expect(card).ToContainTextAsync("Approved by voters");
        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"The library is {width} px wide on a 390 px phone.");

        await card.GetByRole(AriaRole.Link, new() { Name = "Proposition 35: the Californians Against Sexual Exploitation (CASE) Act" }).ClickAsync();
        var details = page.Locator("#legislation-details");
        await Expect(details).ToContainTextAsync("Proposition 35");
        await Expect(details).ToContainTextAsync("Approved by voters");
        await Expect(details.Locator("tr", new() { HasText = "Author" })).ToContainTextAsync("Not recorded");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Publish" })).ToHaveCountAsync(0);
        width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"The entry page is {width} px wide on a 390 px phone.");
        await Screenshots.SaveAsync(page, "library-entry-phone-390");
    }

    [SkippableFact]
    public async Task A_curator_writes_a_draft_and_publishes_it_and_an_open_public_search_shows_it_without_reload()
    {
        TestEnvironment.RequireChromium();
        var title = "Browser test resource " + Guid.NewGuid().ToString("N")[..6];
        await using var publicContext = await fixture.NewContextAsync();
        await using var curatorContext = await fixture.NewContextAsync();

        // The public has a search open that finds nothing yet.
        var watcher = await publicContext.NewPageAsync();
        await watcher.GotoInteractiveAsync("/library?q=" + Uri.EscapeDataString(title));
        await Expect(watcher.Locator("#library-count")).ToHaveTextAsync("0 resources");
        await watcher.EvaluateAsync("() => { window.__ccNotReloaded = true; }");

        var curator = await curatorContext.NewPageAsync();
        await BrowserFixture.SignInAsync(curator, $"curator@{DemoNetworkData.UserEmailDomain}");
        await curator.GotoInteractiveAsync("/library/manage");
        await Expect(curator.Locator($"[data-manage-entry={DemoLibraryData.DraftEntry}]")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(curator, "library-manage");

        await curator.GotoInteractiveAsync("/library/new");
        await FillAsync(curator.GetByLabel("Title", new() { Exact = true }), title);
        await FillAsync(curator.GetByLabel("Summary (facts only)"), "A resource written by the browser test.");
        await FillAsync(curator.GetByLabel("Link (https://…)"), "ftp://not-a-web-address");
        await FillAsync(curator.GetByLabel("Topics, separated by commas"), "browser-test, hotline");
        await curator.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();

        // A wrong link is refused beside the field, and nothing is saved.
        await Expect(curator.GetByText("The link must be a full web address starting with https:// or http://.")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(curator, "library-editor-refused");
        await FillAsync(curator.GetByLabel("Link (https://…)"), "https://humantraffickinghotline.org");
        await Expect(curator.GetByLabel("Title", new() { Exact = true })).ToHaveValueAsync(title);
        await curator.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();

        await curator.WaitForURLAsync(new Regex("/library/browser-test-resource-"));
        await Expect(curator.GetByRole(AriaRole.Heading, new() { Name = title, Level = 1 })).ToBeVisibleAsync();
        await Expect(curator.Locator("[data-status=draft]")).ToBeVisibleAsync();
        await Expect(watcher.Locator("#library-count")).ToHaveTextAsync("0 resources");
        await curator.Locator("[data-action=publish]").ClickAsync();
        await Expect(curator.Locator("[data-action=unpublish]")).ToBeVisibleAsync();
        await Expect(curator.Locator("[data-status=draft]")).ToHaveCountAsync(0);
        await Expect(curator.Locator("#entry-history")).ToContainTextAsync("Published");
        await Screenshots.SaveAsync(curator, "library-entry-curator");

        // The public's open search shows it, live.
        await Expect(watcher.Locator("#library-count")).ToHaveTextAsync("1 resource", new() { Timeout = 15_000 });
        await Expect(watcher.Locator(".cc-result")).ToContainTextAsync(title);
        Assert.True(await watcher.EvaluateAsync<bool>("() => window.__ccNotReloaded === true"), "the library page reloaded instead of updating live");
    }

    /// <summary>Sets a field's whole value and leaves it, so the component takes the value before the next step.</summary>
    private static async Task FillAsync(ILocator field, string value)
    {
        await field.FillAsync(value);
        await field.PressAsync("Tab");
        await Expect(field).ToHaveValueAsync(value);
    }
}
