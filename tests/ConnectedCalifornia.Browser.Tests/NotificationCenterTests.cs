using System.Text.Json;
using ConnectedCalifornia.Browser.Tests.Infrastructure;
using ConnectedCalifornia.Testing;
using ConnectedCalifornia.Web.Seeding;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static ConnectedCalifornia.Browser.Tests.Infrastructure.ApiJson;
using static Microsoft.Playwright.Assertions;

namespace ConnectedCalifornia.Browser.Tests;

/// <summary>
/// A member's notifications in a real browser, at desktop and phone width: registering (through the API,
/// as another tab would) raises the bell's count without a reload; a new notification appears on the open
/// list; following one marks it read (stored); a kind turned off on the preferences page is stored.
/// </summary>
[Collection(DemoNetworkCollection.Name)]
public sealed class NotificationCenterTests(BrowserFixture fixture)
{
    public static TheoryData<string, int, int, string> Widths => new()
    {
        { "desktop", 1280, 800, $"shelter.staff@{DemoNetworkData.UserEmailDomain}" },
        { "phone", 390, 844, $"taskforce.member@{DemoNetworkData.UserEmailDomain}" },
    };

    [SkippableTheory]
    [MemberData(nameof(Widths))]
    public async Task Notification_bell_counts_live_the_center_marks_read_and_a_preference_turned_off_is_stored(string name, int width, int height, string member)
    {
        TestEnvironment.RequireChromium();
        await using var context = await fixture.NewContextAsync(new ViewportSize { Width = width, Height = height });
        var page = await context.NewPageAsync();
        await BrowserFixture.SignInAsync(page, member);
        await page.GotoInteractiveAsync("/");

        var bell = page.GetByTestId("notification-bell");
        var before = int.Parse(await bell.GetAttributeAsync("data-unread") ?? "-1", System.Globalization.CultureInfo.InvariantCulture);
        await Expect(bell).ToHaveAttributeAsync("aria-label", before == 0 ? "Notifications, none unread" : $"Notifications, {before} unread");
        await page.EvaluateAsync("() => { window.__ccNotReloaded = true; }");

        // Another tab (the same person's session) registers for the volunteers' training.
        await RegisterAsync(context, DemoCalendarData.VolunteerTraining);
        await Expect(bell).ToHaveAttributeAsync("aria-label", $"Notifications, {before + 1} unread", new() { Timeout = 20_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => window.__ccNotReloaded === true"), "the page reloaded instead of updating the bell live");
        await Screenshots.SaveAsync(page, $"notifications-bell-{name}");

        // The list: newest first, unread marked; a new one appears while it is open.
        await bell.ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/notifications", new() { WaitUntil = WaitUntilState.Commit });
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Notifications", Level = 1 })).ToBeVisibleAsync();
        var training = page.GetByTestId("notification").Filter(new() { HasText = "You are registered: Petition circulator training (volunteers)" });
        await Expect(training).ToHaveAttributeAsync("data-read", "false");
        await page.Locator("main[data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.EvaluateAsync("() => { window.__ccNotReloaded = true; }");
        await RegisterAsync(context, DemoCalendarData.SignatureGathering);
        var market = page.GetByTestId("notification").Filter(new() { HasText = "You are registered: Signature gathering at the Fresno farmers market" });
        await Expect(market).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Expect(page.GetByTestId("notification").First).ToContainTextAsync("Signature gathering at the Fresno farmers market");
        await Expect(bell).ToHaveAttributeAsync("aria-label", $"Notifications, {before + 2} unread");
        Assert.True(await page.EvaluateAsync<bool>("() => window.__ccNotReloaded === true"), "the list reloaded instead of updating live");
        await Screenshots.SaveAsync(page, $"notifications-center-{name}");

        // Following the item leads to the event and marks it read (stored).
        var id = await training.GetAttributeAsync("data-id");
        await training.GetByRole(AriaRole.Link).ClickAsync();
        // Blazor navigates within the page (no new document load): wait for the address, then for the content.
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == $"/calendar/events/{DemoCalendarData.VolunteerTraining}", new() { WaitUntil = WaitUntilState.Commit });
        var center = await GetJsonAsync(context, "/api/me/notifications");
        var item = center.GetProperty("items").EnumerateArray().Single(n => n.GetProperty("id").GetString() == id);
        Assert.Equal(JsonValueKind.String, item.GetProperty("readAt").ValueKind);
        Assert.Equal(before + 1, center.GetProperty("unread").GetInt32());
        await Expect(bell).ToHaveAttributeAsync("aria-label", $"Notifications, {before + 1} unread");

        // Preferences: changes to registered events, off; account security cannot be changed.
        await page.GotoInteractiveAsync("/account/notifications");
        var changed = page.Locator("fieldset[data-kind='event.changed']");
        await changed.GetByText("Off", new() { Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("preference-status")).ToContainTextAsync("Saved: An event you registered for changed: off.");
        await Expect(changed).ToHaveAttributeAsync("data-delivery", "Off");
        await Expect(page.Locator("fieldset[data-kind='account.password-reset']")).ToContainTextAsync("Always sent");
        await Expect(page.Locator("fieldset[data-kind='account.password-reset'] input")).ToHaveCountAsync(0);
        var preferences = await GetJsonAsync(context, "/api/me/notification-preferences");
        Assert.Equal("Off", preferences.EnumerateArray().Single(p => p.GetProperty("kind").GetString() == "event.changed").GetProperty("delivery").GetString());
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await Screenshots.SaveAsync(page, $"notifications-preferences-{name}");
        var failures = new List<string>(await CheckAsync(page, "/account/notifications"));
        await page.GotoInteractiveAsync("/notifications");
        await Expect(market).ToBeVisibleAsync();
        failures.AddRange(await CheckAsync(page, "/notifications"));
        Assert.True(failures.Count == 0, "Serious or critical WCAG 2.1 AA violations:\n" + string.Join("\n", failures));
    }

    private static async Task<IEnumerable<string>> CheckAsync(IPage page, string label)
    {
        var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
        Assert.True(result.Passes.Length >= 10, $"{label}: axe-core passed only {result.Passes.Length} rules; did it run?");
        return result.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{label}: [{v.Impact}] {v.Id}: {v.Help} — " + string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html)));
    }

    private static async Task RegisterAsync(IBrowserContext context, string eventId)
    {
        var response = await context.APIRequest.PostAsync($"/api/calendar/events/{eventId}/registrations", new() { DataObject = new { } });
        Assert.True(response.Ok, $"registering for {eventId}: {response.Status} {await response.TextAsync()}");
    }
}
