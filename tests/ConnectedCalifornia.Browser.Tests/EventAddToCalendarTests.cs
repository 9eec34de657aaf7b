using ConnectedCalifornia.Browser.Tests.Infrastructure;
using ConnectedCalifornia.Testing;
using ConnectedCalifornia.Web.Seeding;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConnectedCalifornia.Browser.Tests;

/// <summary>
/// "Add to calendar" on an event page (issue 21), desktop and phone: the .ics link downloads the event's own file, and
/// the outside links are there for a public event (in Spanish too); a law-enforcement event offers the .ics file only.
/// </summary>
[Collection(DemoNetworkCollection.Name)]
public sealed class EventAddToCalendarTests(BrowserFixture fixture)
{
    [SkippableTheory]
    [InlineData(1280, 800, "desktop")]
    [InlineData(390, 844, "phone-390")]
    public async Task Event_page_offers_ics_google_and_outlook_links(int width, int height, string device)
    {
        TestEnvironment.RequireChromium();
        await using var context = await fixture.NewContextAsync(new ViewportSize { Width = width, Height = height });
        var page = await context.NewPageAsync();
        await page.GotoInteractiveAsync($"/calendar/events/{DemoCalendarData.VolunteerTraining}");
        var links = page.GetByTestId("add-to-calendar");
        await Expect(links).ToBeVisibleAsync();
        await Expect(links.GetByRole(AriaRole.Link, new() { Name = "Google Calendar" })).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("^https://calendar\\.google\\.com/calendar/render\\?action=TEMPLATE&text="));
        await Expect(links.GetByRole(AriaRole.Link, new() { Name = "Outlook on the web" })).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("^https://outlook\\.live\\.com/calendar/0/action/compose\\?"));

        var download = await page.RunAndWaitForDownloadAsync(() => links.GetByRole(AriaRole.Link, new() { Name = "Calendar file (.ics)" }).ClickAsync());
        var path = await download.PathAsync();
        var text = await File.ReadAllTextAsync(path!);
        Assert.Contains($"UID:{DemoCalendarData.VolunteerTraining}@connected-california", text, StringComparison.Ordinal);
        Assert.Contains("DTSTART;TZID=America/Los_Angeles:", text, StringComparison.Ordinal);
        Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= width);
        await links.ScrollIntoViewIfNeededAsync();
        await Screenshots.SaveAsync(page, $"event-add-to-calendar-{device}");
    }

    [SkippableFact]
    public async Task Event_page_in_spanish_on_a_phone_says_add_to_calendar_in_spanish()
    {
        TestEnvironment.RequireChromium();
        await using var context = await fixture.NewContextAsync(new ViewportSize { Width = 390, Height = 844 });
        await fixture.UseSpanishAsync(context);
        var page = await context.NewPageAsync();
        await page.GotoInteractiveAsync($"/calendar/events/{DemoCalendarData.VolunteerTraining}");
        var links = page.GetByTestId("add-to-calendar");
        await Expect(links).ToContainTextAsync("Agregar al calendario:");
        await Expect(links.GetByRole(AriaRole.Link, new() { Name = "Archivo de calendario (.ics)" })).ToHaveAttributeAsync("href", $"/calendars/events/{DemoCalendarData.VolunteerTraining}.ics");
        await Expect(links.GetByRole(AriaRole.Link, new() { Name = "Outlook en la web" })).ToBeVisibleAsync();
        await Expect(links).Not.ToContainTextAsync("Add to calendar");
        Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 390);
        await links.ScrollIntoViewIfNeededAsync();
        await Screenshots.SaveAsync(page, "event-add-to-calendar-spanish-phone-390");
    }

    [SkippableFact]
    public async Task Event_page_of_a_law_enforcement_event_offers_only_the_ics_file_on_a_phone()
    {
        TestEnvironment.RequireChromium();
        await using var context = await fixture.SignedInContextAsync($"officer@{DemoNetworkData.UserEmailDomain}", new ViewportSize { Width = 390, Height = 844 });
        var page = context.Pages[0];
        await page.GotoInteractiveAsync($"/calendar/events/{DemoCalendarData.Prop35Training}");
        var links = page.GetByTestId("add-to-calendar");
        await Expect(links.GetByRole(AriaRole.Link, new() { Name = "Calendar file (.ics)" })).ToBeVisibleAsync();
        await Expect(links.GetByRole(AriaRole.Link)).ToHaveCountAsync(1);
        Assert.Equal(0, await page.Locator("a[href*='google.com'], a[href*='outlook.live.com']").CountAsync());
        Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 390);
        await links.ScrollIntoViewIfNeededAsync();
        await Screenshots.SaveAsync(page, "event-add-to-calendar-law-enforcement-phone-390");
    }
}
