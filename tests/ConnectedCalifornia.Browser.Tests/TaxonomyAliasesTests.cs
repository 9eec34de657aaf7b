using System.Text.Json;
using ConnectedCalifornia.Browser.Tests.Infrastructure;
using ConnectedCalifornia.Testing;
using ConnectedCalifornia.Web.Seeding;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConnectedCalifornia.Browser.Tests;

/// <summary>A curator edits the words the search finds a term by; a refused list keeps what was typed; the public search follows.</summary>
[Collection(DemoNetworkCollection.Name)]
public sealed class TaxonomyAliasesTests(BrowserFixture fixture)
{
    [SkippableFact]
    public async Task A_curator_adds_a_word_to_a_term_and_the_public_search_finds_its_listings_by_it()
    {
        TestEnvironment.RequireChromium();
        await using var context = await fixture.NewContextAsync(new ViewportSize { Width = 1280, Height = 1000 });
        var page = await context.NewPageAsync();
        await BrowserFixture.SignInAsync(page, $"curator@{DemoNetworkData.UserEmailDomain}");
        await page.GotoInteractiveAsync("/taxonomy");

        var row = page.Locator(".cc-taxonomy-row", new() { HasText = "hotline" });
        await Expect(row.GetByTestId("aliases")).ToContainTextAsync("crisis line");
        await row.GetByRole(AriaRole.Button, new() { Name = "Edit the words for Hotline" }).ClickAsync();
        var text = page.Locator("#alias-text");
        var typed = (await text.InputValueAsync()) + ", qzxhelpline, QZXHELPLINE";
        await text.FillAsync(typed);
        await row.GetByRole(AriaRole.Button, new() { Name = "Save words" }).ClickAsync();

        // Refused: the reason is shown, nothing is stored and what was typed stays.
        await Expect(page.GetByRole(AriaRole.Alert).First).ToContainTextAsync("is given twice");
        await Expect(text).ToHaveValueAsync(typed);
        Assert.DoesNotContain("qzxhelpline", await TaxonomyJsonAsync(context));

        await text.FillAsync(typed.Replace(", QZXHELPLINE", string.Empty, StringComparison.Ordinal));
        await row.GetByRole(AriaRole.Button, new() { Name = "Save words" }).ClickAsync();
        await Expect(row.GetByTestId("aliases")).ToContainTextAsync("qzxhelpline");
        await Screenshots.SaveAsync(page, "taxonomy-aliases");
        Assert.Contains("qzxhelpline", await TaxonomyJsonAsync(context));

        // The public finds the hotlines by the new word.
        var hotline = DemoNetworkData.Organizations.First(o => o.Profile.Services.Contains("hotline"));
        await using var visitor = await fixture.NewContextAsync(new ViewportSize { Width = 390, Height = 844 });
        var search = await visitor.NewPageAsync();
        await search.GotoInteractiveAsync("/organizations?q=qzxhelpline");
        await Expect(search.Locator($"[data-organization={hotline.Key}]")).ToBeVisibleAsync();
    }

    private static async Task<string> TaxonomyJsonAsync(IBrowserContext context)
    {
        var response = await context.APIRequest.GetAsync("/api/taxonomy");
        var json = JsonDocument.Parse(await response.TextAsync());
        return json.RootElement.GetProperty("services").ToString();
    }
}
