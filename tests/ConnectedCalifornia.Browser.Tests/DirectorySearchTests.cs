using ConnectedCalifornia.Browser.Tests.Infrastructure;
using ConnectedCalifornia.Testing;
using ConnectedCalifornia.Web.Seeding;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConnectedCalifornia.Browser.Tests;

/// <summary>The public directory search on a phone: facets as chips, results as cards with their badges.</summary>
[Collection(DemoNetworkCollection.Name)]
public sealed class DirectorySearchTests(BrowserFixture fixture)
{
    [SkippableFact]
    public async Task On_a_phone_the_public_finds_a_Spanish_speaking_service_for_minors_in_Fresno_with_facet_chips()
    {
        TestEnvironment.RequireChromium();
        var expected = DemoNetworkData.Organizations
            .Where(o => o.Profile.Languages.Contains("es") && o.Profile.Populations.Contains("minors-csec") && o.Profile.Counties.Contains("06019"))
            .ToList();
        await using var context = await fixture.NewContextAsync(new ViewportSize { Width = 390, Height = 844 });
        var page = await context.NewPageAsync();

        await page.GotoInteractiveAsync("/organizations?county=06019");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Directory", Level = 1 })).ToBeVisibleAsync();

        // On a phone the filters wait in a sheet behind "Filters (n)": one county is on.
        await Expect(page.Locator("[data-facet=language]")).ToBeHiddenAsync();
        await Expect(page.GetByTestId("filters-button")).ToHaveTextAsync("Filters (1)");
        await page.GetByTestId("filters-button").ClickAsync();
        await page.Locator("[data-facet=language] [data-term=es]").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("language=es"));
        await page.Locator("[data-facet=population] [data-term=minors-csec]").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("population=minors-csec"));
        await Screenshots.SaveAsync(page, "directory-filters-sheet-phone-390");
        await page.GetByTestId("filters-done").ClickAsync();
        await Expect(page.GetByTestId("filters-button")).ToHaveTextAsync("Filters (3)");

        await Expect(page.Locator("#result-count")).ToHaveTextAsync($"{expected.Count} organizations");
        var cards = page.Locator(".cc-result");
        await Expect(cards).ToHaveCountAsync(Math.Min(expected.Count, 20));
        var shelter = page.Locator($"[data-organization={DemoNetworkData.FresnoMinorsShelterKey}]");
        await Expect(shelter).ToContainTextAsync("Verified on");
        await Expect(shelter).ToContainTextAsync("Spanish");
        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"The search page is {width} px wide on a 390 px phone.");
        await Screenshots.SaveAsync(page, "directory-search-phone-390");

        // A shared link opens with the same filters.
        var again = await context.NewPageAsync();
        await again.GotoInteractiveAsync(new Uri(page.Url).PathAndQuery);
        await Expect(again.Locator("#result-count")).ToHaveTextAsync($"{expected.Count} organizations");
    }

    [SkippableFact]
    public async Task On_a_phone_the_first_result_of_a_typed_question_is_within_the_first_screen()
    {
        TestEnvironment.RequireChromium();
        await using var context = await fixture.NewContextAsync(new ViewportSize { Width = 390, Height = 844 });
        var page = await context.NewPageAsync();
        await page.GotoInteractiveAsync("/organizations");

        await page.Locator("#directory-search").FillAsync("where can I find a shelter for teens 93701");
        await page.Locator("#directory-search").PressAsync("Enter");

        var first = page.Locator(".cc-result").First;
        await Expect(first).ToHaveAttributeAsync("data-organization", DemoNetworkData.FresnoMinorsShelterKey);
        await Expect(page.GetByTestId("near")).ToHaveTextAsync("Nearest to ZIP code 93701 (Fresno County) first");
        var box = await first.BoundingBoxAsync();
        Assert.True(box is not null && box.Y + 60 < 844, $"The first result starts at {box?.Y} px on an 844 px high phone screen.");
        Assert.Contains("q=where", page.Url);
        await Screenshots.SaveAsync(page, "directory-search-results-first-phone-390");
    }

    [SkippableFact]
    public async Task On_a_desktop_the_search_shows_facets_and_cards()
    {
        TestEnvironment.RequireChromium();
        await using var context = await fixture.NewContextAsync(new ViewportSize { Width = 1280, Height = 900 });
        var page = await context.NewPageAsync();

        await page.GotoInteractiveAsync("/organizations?language=es&accepting=true");

        await Expect(page.Locator(".cc-result").First).ToBeVisibleAsync();
        await Expect(page.Locator("[data-facet=service] [data-term]").First).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "directory-search-desktop");
    }

    [SkippableFact]
    public async Task The_accepting_referrals_and_verified_chips_narrow_the_results_and_tapping_again_removes_them()
    {
        TestEnvironment.RequireChromium();
        await using var context = await fixture.NewContextAsync(new ViewportSize { Width = 1280, Height = 900 });
        var page = await context.NewPageAsync();
        await page.GotoInteractiveAsync("/organizations");
        var all = await page.Locator("#result-count").TextContentAsync();

        foreach (var (facet, parameter) in new[] { ("accepting", "accepting=true"), ("verified", "verified=true") })
        {
            var chip = page.Locator($"[data-facet={facet}]");
            await chip.ClickAsync();
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(parameter, System.Text.RegularExpressions.RegexOptions.IgnoreCase));
            await Expect(chip).ToHaveAttributeAsync("aria-pressed", "true");
            await Expect(page.Locator("#result-count")).Not.ToHaveTextAsync(all!);

            await chip.ClickAsync();
            await Expect(page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex(parameter, System.Text.RegularExpressions.RegexOptions.IgnoreCase));
            await Expect(chip).ToHaveAttributeAsync("aria-pressed", "false");
            await Expect(page.Locator("#result-count")).ToHaveTextAsync(all!);
        }
    }
}
