using ConnectedCalifornia.Browser.Tests.Infrastructure;
using ConnectedCalifornia.Testing;
using ConnectedCalifornia.Web.Seeding;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConnectedCalifornia.Browser.Tests;

/// <summary>A curator manages the directory's vocabularies on /taxonomy, and the public search follows.</summary>
[Collection(DemoNetworkCollection.Name)]
public sealed class TaxonomyAdminTests(BrowserFixture fixture)
{
    [SkippableFact]
    public async Task A_curator_adds_renames_and_retires_a_service_and_the_search_facets_follow()
    {
        TestEnvironment.RequireChromium();
        await using var context = await fixture.NewContextAsync(new ViewportSize { Width = 1280, Height = 1000 });
        var page = await context.NewPageAsync();
        await BrowserFixture.SignInAsync(page, $"curator@{DemoNetworkData.UserEmailDomain}");

        await page.GotoInteractiveAsync("/taxonomy");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Directory taxonomy", Level = 1 })).ToBeVisibleAsync();

        // A bad code is refused with the reason, and nothing is added.
        await page.Locator("#new-code-Services").FillAsync("Peer Support");
        await page.Locator("#new-label-Services").FillAsync("Peer support");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add term" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("lowercase letters and digits");

        await page.Locator("#new-code-Services").FillAsync("peer-support");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add term" }).ClickAsync();
        var row = page.Locator(".cc-taxonomy-row", new() { HasText = "peer-support" });
        await Expect(row).ToContainTextAsync("Peer support");

        // Renaming an existing term: the code, and so every listing that has it, stays.
        var legal = page.Locator(".cc-taxonomy-row", new() { HasText = "legal-aid" });
        await legal.GetByRole(AriaRole.Button, new() { Name = "Rename Legal aid" }).ClickAsync();
        await page.Locator("#rename-label").FillAsync("Legal services");
        await legal.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(legal).ToContainTextAsync("Legal services");

        await page.Locator(".cc-taxonomy-row", new() { HasText = "prevention-education" }).GetByRole(AriaRole.Button, new() { Name = "Retire Prevention education" }).ClickAsync();
        await Expect(page.Locator(".cc-taxonomy-row", new() { HasText = "prevention-education" })).ToContainTextAsync("Retired");
        // The history says it in words: "Services: Legal services (legal-aid), label".
        await Expect(page.GetByText("Legal services (legal-aid), label").First).ToBeVisibleAsync();
        await Expect(page.Locator(".mud-snackbar")).ToHaveCountAsync(0, new() { Timeout = 15_000 }); // the confirmations fade: a clear screenshot
        await Screenshots.SaveAsync(page, "taxonomy-admin");

        // The public search offers the new label and no longer offers the retired term.
        var search = await context.NewPageAsync();
        await search.GotoInteractiveAsync("/organizations");
        await Expect(search.Locator("[data-facet=service] [data-term=legal-aid]")).ToContainTextAsync("Legal services");
        await Expect(search.Locator(".cc-result", new() { HasText = "Legal services" }).First).ToBeVisibleAsync();
        await Expect(search.Locator("[data-facet=service] [data-term=prevention-education]")).ToHaveCountAsync(0);

        // Restored, it is offered again.
        await page.Locator(".cc-taxonomy-row", new() { HasText = "prevention-education" }).GetByRole(AriaRole.Button, new() { Name = "Restore Prevention education" }).ClickAsync();
        await Expect(page.Locator(".cc-taxonomy-row", new() { HasText = "prevention-education" })).ToContainTextAsync("Offered");
    }
}
