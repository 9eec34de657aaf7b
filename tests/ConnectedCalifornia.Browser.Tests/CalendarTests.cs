using ConnectedCalifornia.Browser.Tests.Infrastructure;
using ConnectedCalifornia.Testing;
using ConnectedCalifornia.Web.Seeding;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConnectedCalifornia.Browser.Tests;

/// <summary>
/// A volunteer registers for the 40-seat training from a phone with a name and an e-mail; the seat
/// count changes without reload in another browser; the calendar, the event and a certificate are
/// screenshotted and checked with axe-core.
/// </summary>
[Collection(DemoNetworkCollection.Name)]
public sealed class CalendarTests(BrowserFixture fixture)
{
    private const string TrainingPath = $"/calendar/events/{DemoCalendarData.VolunteerTraining}";

    [SkippableFact]
    public async Task Registering_from_a_phone_changes_the_seat_count_in_another_browser_without_reload()
    {
        TestEnvironment.RequireChromium();
        await using var watcherContext = await fixture.NewContextAsync();
        await using var phoneContext = await fixture.NewContextAsync(new ViewportSize { Width = 390, Height = 844 });

        // B: someone watching the training's page.
        var watcher = await watcherContext.NewPageAsync();
        await watcher.GotoInteractiveAsync(TrainingPath);
        var seats = watcher.GetByTestId("seats");
        var before = await seats.InnerTextAsync();
        var left = int.Parse(before.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        // Seats other classes left held on this shared app's training (a registration not yet confirmed).
        var heldBefore = System.Text.RegularExpressions.Regex.Match(before, @"(\d+) held awaiting") is { Success: true } m
            ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)
            : 0;
        await watcher.EvaluateAsync("() => { window.__ccNotReloaded = true; }");

        // A: a volunteer on a phone, no account: name, e-mail, Register.
        var phone = await phoneContext.NewPageAsync();
        var email = $"paula.{Guid.NewGuid():N}@example.org";
        await phone.GotoInteractiveAsync(TrainingPath);
        await Expect(phone.GetByText("The address is shown here once you are registered.")).ToBeVisibleAsync();
        await phone.GetByLabel("Your name").PressSequentiallyAsync("Paula Phone");
        await phone.GetByLabel("E-mail").PressSequentiallyAsync(email);
        await phone.GetByLabel("E-mail").PressAsync("Tab");
        await Screenshots.SaveAsync(phone, "calendar-register-phone-390");
        await phone.GetByRole(AriaRole.Button, new() { Name = "Register", Exact = true }).ClickAsync();

        // The page only says to check the e-mail (the same for an address that registered before); the seat is held.
        await Expect(phone.GetByTestId("check-email")).ToContainTextAsync($"Check your e-mail: we sent the link to confirm or see your registration to {email}", new() { Timeout = 15_000 });
        Assert.DoesNotContain("registration=", phone.Url, StringComparison.Ordinal);
        await Screenshots.SaveAsync(phone, "calendar-check-email-phone-390");
        await Expect(seats).ToContainTextAsync($"{left - 1} of 40 seats left", new() { Timeout = 15_000 });
        await Expect(seats).ToContainTextAsync($"{heldBefore + 1} held awaiting e-mail confirmation");
        Assert.True(await watcher.EvaluateAsync<bool>("() => window.__ccNotReloaded === true"), "the event page reloaded instead of updating live");
        await Screenshots.SaveAsync(watcher, "calendar-event-seats-live");

        // The message arrives (an .eml in the data directory); its link confirms the registration.
        var message = await fixture.MailToAsync(email, "Confirm your registration: Petition circulator training");
        var link = BrowserFixture.LinkIn(message, TrainingPath);
        Assert.Contains("confirm=true", link, StringComparison.Ordinal);
        await phone.GotoInteractiveAsync(link);
        await Expect(phone.GetByTestId("confirmed")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(phone.GetByTestId("my-status")).ToContainTextAsync("You are registered");
        await Expect(phone.GetByText("Community room, 180 Olive Grove Avenue")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(phone, "calendar-registered-phone-390");

        // Stored as confirmed (read back through the API with the registration's id from the link).
        var registrationId = System.Text.RegularExpressions.Regex.Match(link, "registration=([0-9a-f]+)").Groups[1].Value;
        var stored = await phone.APIRequest.GetAsync($"/api/calendar/events/{DemoCalendarData.VolunteerTraining}/registrations/{registrationId}");
        using (var json = System.Text.Json.JsonDocument.Parse(await stored.TextAsync()))
        {
            Assert.Equal("Registered", json.RootElement.GetProperty("status").GetString());
            Assert.Equal(System.Text.Json.JsonValueKind.Null, json.RootElement.GetProperty("confirmBy").ValueKind);
            Assert.NotEqual(System.Text.Json.JsonValueKind.Null, json.RootElement.GetProperty("confirmedAt").ValueKind);
        }

        // Confirmed: the seat is no longer held (held seats left by other classes stay as they were).
        await Expect(seats).ToContainTextAsync(heldBefore == 0 ? $"{left - 1} of 40 seats left" : $"{heldBefore} held awaiting", new() { Timeout = 15_000 });
        if (heldBefore == 0)
        {
            await Expect(seats).Not.ToContainTextAsync("held", new() { Timeout = 15_000 });
        }

        // The registrant cancels from the same page: the seat comes back for the watcher.
        await phone.GetByRole(AriaRole.Button, new() { Name = "Cancel my registration" }).ClickAsync();
        await Expect(seats).ToContainTextAsync($"{left} of 40 seats left", new() { Timeout = 15_000 });
    }

    [SkippableFact]
    public async Task The_calendar_views_the_event_roster_and_a_certificate_are_saved_and_have_no_serious_wcag_violations()
    {
        TestEnvironment.RequireChromium();
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        var failures = new List<string>();

        await page.GotoInteractiveAsync("/calendar");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Petition circulator training (volunteers)" })).ToBeVisibleAsync();
        await Expect(page.GetByText("Proposition 35 human trafficking training (POST, 2 hours)")).ToHaveCountAsync(0);
        failures.AddRange(await CheckAsync(page, "/calendar"));
        await Screenshots.SaveAsync(page, "calendar-list");
        await page.Locator(".mud-toggle-item").Filter(new() { HasText = "Month" }).ClickAsync();
        await Expect(page.Locator(".cc-cal-month")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "calendar-month");

        await page.GotoInteractiveAsync(TrainingPath);
        failures.AddRange(await CheckAsync(page, TrainingPath));

        // An officer sees the law-enforcement training and the certificate of the session under way.
        await BrowserFixture.SignInAsync(page, $"officer@{DemoNetworkData.UserEmailDomain}");
        await page.GotoInteractiveAsync($"/calendar/events/{DemoCalendarData.TrainingUnderWay}");
        var certificateLink = page.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Your certificate") });
        await Expect(certificateLink).ToBeVisibleAsync();
        await certificateLink.ClickAsync();
        await Expect(page.GetByTestId("certificate-status")).ToContainTextAsync("Valid: certificate");
        failures.AddRange(await CheckAsync(page, "/certificates/{code}"));
        await Screenshots.SaveAsync(page, "calendar-certificate");

        // The host's roster of the Proposition 35 training (the task-force lead's department hosts it).
        await using var leadContext = await fixture.NewContextAsync();
        var lead = await leadContext.NewPageAsync();
        await BrowserFixture.SignInAsync(lead, $"taskforce.lead@{DemoNetworkData.UserEmailDomain}");
        await lead.GotoInteractiveAsync($"/calendar/events/{DemoCalendarData.Prop35Training}");
        await Expect(lead.GetByRole(AriaRole.Heading, new() { Name = "Roster (hosts only)" })).ToBeVisibleAsync();
        failures.AddRange(await CheckAsync(lead, "/calendar/events/{le-training} as host"));
        await Screenshots.SaveAsync(lead, "calendar-event-host-view");

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
}
