using System.Text.Json;
using System.Text.RegularExpressions;
using ConnectedCalifornia.Browser.Tests.Infrastructure;
using ConnectedCalifornia.Testing;
using ConnectedCalifornia.Web.Seeding;
using Microsoft.Playwright;
using static ConnectedCalifornia.Browser.Tests.Infrastructure.ApiJson;
using static Microsoft.Playwright.Assertions;

namespace ConnectedCalifornia.Browser.Tests;

/// <summary>Issue 15: the public lists the bills of one session by status, on a phone and on a desktop, and reads a bill's author and chapter.</summary>
[Collection(DemoNetworkCollection.Name)]
public sealed class LibraryBillsBrowserTests(BrowserFixture fixture)
{
    [SkippableTheory]
    [InlineData(1280, 900)]
    [InlineData(390, 844)]
    public async Task The_public_lists_the_chaptered_bills_of_the_2017_2018_session_and_reads_one(int width, int height)
    {
        TestEnvironment.RequireChromium();
        await using var context = await fixture.NewContextAsync(new ViewportSize { Width = width, Height = height });
        var page = await context.NewPageAsync();

        await page.GotoInteractiveAsync("/library");
        await page.Locator("[data-facet=session] [data-term='2017–2018']").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("session="));
        await page.Locator("[data-facet=status] [data-term=Chaptered]").ClickAsync();
        await Expect(page.Locator("#library-count")).ToHaveTextAsync("3 resources");
        await Expect(page.Locator($"[data-entry={DemoLibraryData.Ab2105}]")).ToContainTextAsync("by Maienschein");
        await Expect(page.Locator($"[data-entry={DemoLibraryData.Proposition35}]")).ToHaveCountAsync(0);
        var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(overflow <= width, $"The library is {overflow} px wide on a {width} px screen.");
        await Screenshots.SaveAsync(page, $"library-bills-by-session-{width}");

        // The same list, read back through the API.
        var api = await GetJsonAsync(page, "/api/library?status=Chaptered&session=2017-2018");
        Assert.Equal(3, api.GetProperty("totalItems").GetInt32());

        await page.Locator($"[data-entry={DemoLibraryData.Ab2207}] a.cc-result-title").ClickAsync();
        var details = page.Locator("#legislation-details");
        await Expect(details).ToContainTextAsync("Eggman");
        await Expect(details).ToContainTextAsync("Chapter 757, Statutes of 2018");
        await Expect(details).ToContainTextAsync("2017–2018");
    }
}
