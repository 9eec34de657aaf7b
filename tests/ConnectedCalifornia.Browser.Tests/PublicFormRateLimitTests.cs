using System.Text.Json;
using ConnectedCalifornia.Browser.Tests.Infrastructure;
using ConnectedCalifornia.Testing;
using ConnectedCalifornia.Web.Seeding;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConnectedCalifornia.Browser.Tests;

/// <summary>The app with a public-form limit of 2 per client address and hour (the setting the API's public forms use).</summary>
public sealed class TwoPublicFormsFixture : BrowserFixture
{
    protected override BrowserAppFactory CreateApp() =>
        new BrowserAppFactory().WithSetting("ConnectedCalifornia:Edge:RateLimits:PublicFormsPerHour", "2");
}

/// <summary>
/// Public forms that submit from a Blazor circuit (the event page's registration) or a server-rendered
/// page (forgot password) are counted per client address like the API's (issue 14, item 1): past the
/// limit a submit is refused with when to try again, and nothing is stored or sent.
/// </summary>
public sealed class PublicFormRateLimitTests(TwoPublicFormsFixture fixture) : IClassFixture<TwoPublicFormsFixture>
{
    private const string EventPath = $"/calendar/events/{DemoCalendarData.VolunteerTraining}";

    [SkippableFact]
    public async Task RateLimit_public_forms_on_circuits_and_pages_refuse_past_the_limit_and_store_nothing()
    {
        TestEnvironment.RequireChromium();
        await using var context = await fixture.NewContextAsync(new ViewportSize { Width = 390, Height = 844 });
        var page = await context.NewPageAsync();
        var before = await RegisteredAsync(page);

        await page.GotoInteractiveAsync(EventPath);
        for (var i = 0; i < 2; i++)
        {
            await RegisterAsync(page, $"Form Person {i}", $"form{i}.{Guid.NewGuid():N}@example.org");
            await Expect(page.GetByTestId("check-email")).ToContainTextAsync("Check your e-mail");
            await page.GetByRole(AriaRole.Button, new() { Name = "Register someone else" }).ClickAsync();
        }

        // The third submit from this address within the hour: refused with when to try again; what was typed stays.
        var third = $"form2.{Guid.NewGuid():N}@example.org";
        await RegisterAsync(page, "Form Person 2", third);
        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Too many forms were sent from your network address" })).ToContainTextAsync("Try again in");
        await Expect(page.GetByLabel("E-mail")).ToHaveValueAsync(third);
        await Screenshots.SaveAsync(page, "calendar-register-refused-phone-390");

        // Stored: two registrations more, not three.
        Assert.Equal(before + 2, await RegisteredAsync(page));

        // The same client on the server-rendered "forgot password" page: refused too (429 with Retry-After).
        await page.GotoAsync("/Account/ForgotPassword");
        await page.GetByLabel("Email").FillAsync($"curator@{DemoNetworkData.UserEmailDomain}");
        var response = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Send the link" }).ClickAsync(),
            r => r.Url.Contains("/Account/ForgotPassword", StringComparison.Ordinal) && r.Request.Method == "POST");
        Assert.Equal(429, response.Status);
        Assert.True(int.Parse((await response.AllHeadersAsync())["retry-after"], System.Globalization.CultureInfo.InvariantCulture) > 0);
        await Expect(page.GetByTestId("form-refused")).ToContainTextAsync("Try again in");
        await Expect(page.GetByTestId("reset-sent")).ToHaveCountAsync(0);
        await page.SetViewportSizeAsync(1280, 900);
        await Screenshots.SaveAsync(page, "forgot-password-refused-1280");
    }

    private static async Task RegisterAsync(IPage page, string name, string email)
    {
        await page.GetByLabel("Your name").FillAsync(name);
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("E-mail").PressAsync("Tab");
        await page.GetByRole(AriaRole.Button, new() { Name = "Register", Exact = true }).ClickAsync();
    }

    private static async Task<int> RegisteredAsync(IPage page)
    {
        var response = await page.APIRequest.GetAsync($"/api/calendar/events/{DemoCalendarData.VolunteerTraining}");
        using var json = JsonDocument.Parse(await response.TextAsync());
        return json.RootElement.GetProperty("event").GetProperty("registered").GetInt32();
    }
}
