using System.Text.RegularExpressions;
using ConnectedCalifornia.Browser.Tests.Infrastructure;
using ConnectedCalifornia.Testing;
using ConnectedCalifornia.Web.Seeding;
using Microsoft.Playwright;
using static ConnectedCalifornia.Browser.Tests.Infrastructure.ApiJson;
using static Microsoft.Playwright.Assertions;

namespace ConnectedCalifornia.Browser.Tests;

/// <summary>
/// Recurring events (issue 21) as people use them: an organizer on a 390 px phone turns on "Repeats" with the keyboard
/// and publishes a weekly training; a volunteer without an account registers for its second date; the series and the
/// registration are read back as stored. Everything it made is cancelled again, so the shared demo is left as found.
/// </summary>
[Collection(DemoNetworkCollection.Name)]
public sealed class RecurringEventsBrowserTests(BrowserFixture fixture)
{
    [SkippableFact]
    public async Task Recurring_weekly_series_is_published_on_a_phone_and_a_volunteer_registers_for_the_second_date()
    {
        TestEnvironment.RequireChromium();
        var title = $"Weekly shelter volunteer training {Guid.NewGuid().ToString("N")[..6]}";
        await using var organizerContext = await fixture.NewContextAsync(new ViewportSize { Width = 390, Height = 844 });
        var organizer = await organizerContext.NewPageAsync();
        await BrowserFixture.SignInAsync(organizer, $"shelter.admin@{DemoNetworkData.UserEmailDomain}");
        await organizer.GotoInteractiveAsync("/calendar/new");
        await organizer.GetByLabel("Title", new() { Exact = true }).FillAsync(title);
        await organizer.Locator(".mud-select").Filter(new() { HasText = "Kind" }).First.ClickAsync();
        await organizer.GetByRole(AriaRole.Option, new() { Name = "Training" }).ClickAsync();
        await organizer.GetByLabel("Address", new() { Exact = true }).FillAsync("Volunteer room, 12 Orchard Road, Fresno, CA");

        // Repeats, by keyboard: the switch, then the number of dates.
        var repeats = organizer.GetByTestId("repeats");
        await Expect(repeats).ToBeVisibleAsync();
        var toggle = repeats.GetByLabel("Repeat this event (a series: people register for each date)");
        await toggle.FocusAsync();
        await organizer.Keyboard.PressAsync("Space");
        var count = repeats.GetByLabel("Number of dates (2 to 52)");
        await Expect(count).ToBeVisibleAsync();
        await count.FocusAsync();
        await count.FillAsync("3");
        await organizer.Keyboard.PressAsync("Tab");
        Assert.True(await organizer.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 390, "the form scrolls sideways on a 390 px phone");
        await repeats.ScrollIntoViewIfNeededAsync();
        await Screenshots.SaveAsync(organizer, "event-repeats-phone-390");
        await organizer.GetByRole(AriaRole.Button, new() { Name = "Publish", Exact = true }).ClickAsync();

        // The first date's page says it is part of a series and lists the other dates.
        await organizer.WaitForURLAsync(new Regex(@"/calendar/events/[a-z0-9-]+-\d{8}$"), new() { Timeout = 30_000 });
        var firstId = organizer.Url.Split('/')[^1];
        var seriesId = firstId[..^9];
        var panel = organizer.GetByTestId("series");
        await Expect(panel.GetByTestId("series-rule")).ToContainTextAsync("Part of a series: every ");
        await Expect(panel.GetByTestId("series-dates").Locator("li")).ToHaveCountAsync(2);
        await panel.ScrollIntoViewIfNeededAsync();
        await Screenshots.SaveAsync(organizer, "event-series-phone-390");

        var registrationId = string.Empty;
        string[] occurrences = [];
        try
        {
            // Stored: three weekly dates at the same wall-clock time, the first the one the form started with.
            var series = await GetJsonAsync(organizer, $"/api/calendar/series/{seriesId}");
            occurrences = [.. series.GetProperty("occurrences").EnumerateArray().Select(o => o.GetProperty("eventId").GetString()!)];
            var starts = series.GetProperty("occurrences").EnumerateArray().Select(o => o.GetProperty("start").GetDateTimeOffset()).ToArray();
            Assert.Equal(3, occurrences.Length);
            Assert.Equal(firstId, occurrences[0]);
            Assert.All(starts.Skip(1).Zip(starts), p => Assert.Equal(7, (p.First.Date - p.Second.Date).Days));
            Assert.Equal(title, series.GetProperty("series").GetProperty("title").GetString());

            // A volunteer without an account registers for the second date only.
            await using var volunteerContext = await fixture.NewContextAsync(new ViewportSize { Width = 390, Height = 844 });
            var volunteer = await volunteerContext.NewPageAsync();
            var email = $"series.{Guid.NewGuid():N}@example.org";
            await volunteer.GotoInteractiveAsync($"/calendar/events/{occurrences[1]}");
            await Expect(volunteer.GetByTestId("series-rule")).ToContainTextAsync("Part of a series");
            await volunteer.GetByLabel("Your name").PressSequentiallyAsync("Sofia Series");
            await volunteer.GetByLabel("E-mail").PressSequentiallyAsync(email);
            await volunteer.GetByLabel("E-mail").PressAsync("Tab");
            await volunteer.GetByRole(AriaRole.Button, new() { Name = "Register", Exact = true }).ClickAsync();
            await Expect(volunteer.GetByTestId("check-email")).ToBeVisibleAsync(new() { Timeout = 15_000 });
            var message = await fixture.MailToAsync(email, $"Confirm your registration: {title}");
            var link = BrowserFixture.LinkIn(message, $"/calendar/events/{occurrences[1]}");
            registrationId = Regex.Match(link, "registration=([0-9a-f]+)").Groups[1].Value;
            await volunteer.GotoInteractiveAsync(link);
            await Expect(volunteer.GetByTestId("my-status")).ToContainTextAsync("You are registered", new() { Timeout = 15_000 });

            // Stored: the registration is the second date's, confirmed; the other dates have nobody.
            var registration = await GetJsonAsync(volunteer, $"/api/calendar/events/{occurrences[1]}/registrations/{registrationId}");
            Assert.Equal("Registered", registration.GetProperty("status").GetString());
            var after = await GetJsonAsync(organizer, $"/api/calendar/series/{seriesId}");
            Assert.Equal(new[] { 0, 1, 0 }, after.GetProperty("occurrences").EnumerateArray().Select(o => o.GetProperty("registered").GetInt32()));
        }
        finally
        {
            // Leave the demo as found: the registration and every date cancelled (events are never deleted).
            if (registrationId.Length > 0)
            {
                await organizerContext.APIRequest.DeleteAsync($"/api/calendar/events/{occurrences[1]}/registrations/{registrationId}");
            }

            foreach (var id in occurrences)
            {
                var cancelled = await organizerContext.APIRequest.PostAsync($"/api/calendar/series/{seriesId}/occurrences/{id}/cancel", new() { DataObject = new { confirm = true } });
                Assert.True(cancelled.Ok, $"cancel {id}: {cancelled.Status}");
            }
        }
    }
}
