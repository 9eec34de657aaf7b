using ConnectedCalifornia.Browser.Tests.Infrastructure;
using ConnectedCalifornia.Testing;
using ConnectedCalifornia.Web.Seeding;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConnectedCalifornia.Browser.Tests;

/// <summary>Opening hours on a phone: the listing says whether it is open now, the search has an "Open now" chip.</summary>
[Collection(DemoNetworkCollection.Name)]
public sealed class OpeningHoursTests(BrowserFixture fixture)
{
    [SkippableFact]
    public async Task On_a_phone_a_listing_shows_its_hours_and_the_search_filters_open_now()
    {
        TestEnvironment.RequireChromium();
        var office = DemoNetworkData.Organizations.First(o => o.Profile.Hours is { AlwaysOpen: false } && o.Profile.Contacts.Any());
        await using var context = await fixture.NewContextAsync(new ViewportSize { Width = 390, Height = 844 });
        var page = await context.NewPageAsync();

        await page.GotoInteractiveAsync($"/organizations/{office.Key}");
        var hours = page.Locator("#opening-hours");
        await Expect(hours.GetByRole(AriaRole.Heading, new() { Name = "Hours" })).ToBeVisibleAsync();
        await Expect(hours.Locator("[data-open-status]")).ToContainTextAsync(new System.Text.RegularExpressions.Regex("^(Open now · closes|Closed · opens) "));
        await Expect(hours).ToContainTextAsync("Monday");
        await Expect(hours).ToContainTextAsync("Pacific time");
        await hours.ScrollIntoViewIfNeededAsync();
        await Screenshots.SaveAsync(page, "listing-hours-phone-390");

        var search = await context.NewPageAsync();
        await search.GotoInteractiveAsync("/organizations");
        page = search;

        // On a phone the filters wait in a sheet behind "Filters (n)".
        await page.GetByTestId("filters-button").ClickAsync();
        await page.Locator("[data-facet=open-now]").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("openNow=true", System.Text.RegularExpressions.RegexOptions.IgnoreCase));
        await Expect(page.Locator("[data-facet=open-now]")).ToHaveAttributeAsync("aria-pressed", "true");
        await page.GetByTestId("filters-done").ClickAsync();
        await Expect(page.Locator("#result-count")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "directory-open-now-phone-390");
        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"The search page is {width} px wide on a 390 px phone.");
    }

    [SkippableFact]
    public async Task An_organization_admin_sets_weekday_hours_and_a_line_that_does_not_read_saves_nothing()
    {
        TestEnvironment.RequireChromium();
        await using var context = await fixture.NewContextAsync(new ViewportSize { Width = 1280, Height = 900 });
        var page = await context.NewPageAsync();
        await BrowserFixture.SignInAsync(page, $"shelter.admin@{DemoNetworkData.UserEmailDomain}");
        var org = DemoNetworkData.FresnoMinorsShelterKey;

        await page.GotoInteractiveAsync($"/organizations/{org}/manage");
        await page.GetByLabel("Open 24/7").UncheckAsync();
        await page.Locator("#hours-Monday").FillAsync("9 to 5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save profile" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Monday" })).ToContainTextAsync("is not a range such as 9:00-17:00");

        await page.Locator("#hours-Monday").FillAsync("9:00-12:00, 13:00-17:00");
        await page.Locator("#hours-Saturday").FillAsync("20:00-24:00");
        await page.Locator("#hours-Sunday").FillAsync("0:00-2:00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save profile" }).ClickAsync();
        await Expect(page.GetByText("Profile saved.")).ToBeVisibleAsync();
        await page.Locator("#hours-heading").ScrollIntoViewIfNeededAsync();
        await Screenshots.SaveAsync(page, "manage-hours");

        await page.GotoInteractiveAsync($"/organizations/{org}");
        var hours = page.Locator("#opening-hours");
        await Expect(hours).ToContainTextAsync("9:00 AM–12:00 PM, 1:00 PM–5:00 PM");
        await Expect(hours).ToContainTextAsync("8:00 PM–12:00 AM");
    }
}
