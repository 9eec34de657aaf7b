using System.Globalization;
using System.Text.RegularExpressions;
using ConnectedCalifornia.Browser.Tests.Infrastructure;
using ConnectedCalifornia.Testing;
using ConnectedCalifornia.Web.Seeding;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConnectedCalifornia.Browser.Tests;

/// <summary>Network members sign in, see their network, and their changes reach others live.</summary>
[Collection(DemoNetworkCollection.Name)]
public sealed partial class SignedInTests(BrowserFixture fixture)
{
    private const string InitiativePath = "/initiatives/fresno-foster-youth-working-group";
    private const string GoalTitle = "Foster caregivers trained on CSEC indicators";

    private static string ShelterAdmin => $"shelter.admin@{DemoNetworkData.UserEmailDomain}";

    private static string ShelterStaff => $"shelter.staff@{DemoNetworkData.UserEmailDomain}";

    [SkippableFact]
    public async Task Shelter_admin_signs_in_through_the_form_and_sees_their_organization_in_my_network()
    {
        TestEnvironment.RequireChromium();
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();

        await BrowserFixture.SignInAsync(page, ShelterAdmin);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My network", Level = 1 })).ToBeVisibleAsync();
        var organizations = page.Locator(".cc-card").Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Organizations" }) });
        await Expect(organizations.GetByRole(AriaRole.Link, new() { Name = "Bright Orchard Youth Shelter" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
    }

    [SkippableFact]
    public async Task Progress_recorded_by_a_member_appears_on_an_anonymous_visitors_open_page_without_reload()
    {
        TestEnvironment.RequireChromium();
        await using var visitorContext = await fixture.NewContextAsync();
        await using var staffContext = await fixture.NewContextAsync();

        // B: an anonymous visitor with the initiative page open.
        var visitor = await visitorContext.NewPageAsync();
        await visitor.GotoInteractiveAsync(InitiativePath);
        var visitorGoal = Goal(visitor);
        var before = ParseProgress(await visitorGoal.Locator("strong").First.InnerTextAsync());
        await visitor.EvaluateAsync("() => { window.__ccNotReloaded = true; }");

        // A: shelter staff of a participating organization records progress.
        var staff = await staffContext.NewPageAsync();
        await BrowserFixture.SignInAsync(staff, ShelterStaff);
        await staff.GotoInteractiveAsync(InitiativePath);
        // The goal is chosen in the page's one "Record progress" form (issue 15: by organization and county too).
        await staff.Locator(".mud-select").Filter(new() { HasText = "Goal" }).First.ClickAsync();
        await staff.GetByRole(AriaRole.Option, new() { Name = GoalTitle }).ClickAsync();
        await Expect(staff.GetByRole(AriaRole.Option, new() { Name = GoalTitle })).ToBeHiddenAsync();

        // The page's last loading render can overwrite a value typed in the same instant; type
        // again until it holds (nothing is sent to the server before Record is pressed).
        var amount = staff.GetByLabel("Amount", new() { Exact = true });
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await amount.FillAsync("7");
            await amount.PressAsync("Tab");
            await staff.WaitForTimeoutAsync(300);
            if (await amount.InputValueAsync() == "7")
            {
                break;
            }
        }

        await Expect(amount).ToHaveValueAsync("7");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Record", Exact = true }).ClickAsync();
        await Expect(staff.GetByText("Progress recorded.")).ToBeVisibleAsync();

        var expected = (before + 7).ToString("N0", CultureInfo.InvariantCulture);
        await Expect(visitorGoal.Locator("p[aria-live]")).ToContainTextAsync($"{expected} of 150 caregivers");
        Assert.True(await visitor.EvaluateAsync<bool>("() => window.__ccNotReloaded === true"), "the visitor's page was reloaded");
    }

    private static ILocator Goal(IPage page) =>
        page.Locator(".mud-paper").Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = GoalTitle }) });

    private static long ParseProgress(string text) =>
        long.Parse(NonDigits().Replace(text, string.Empty), CultureInfo.InvariantCulture);

    [GeneratedRegex("[^0-9]")]
    private static partial Regex NonDigits();
}
