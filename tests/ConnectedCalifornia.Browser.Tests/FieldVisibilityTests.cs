using ConnectedCalifornia.Browser.Tests.Infrastructure;
using ConnectedCalifornia.Testing;
using ConnectedCalifornia.Web.Seeding;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConnectedCalifornia.Browser.Tests;

/// <summary>
/// An organization admin keeps fields from the public on the manage page; the public listing leaves
/// them out and a network member sees them marked "network only".
/// </summary>
[Collection(DemoNetworkCollection.Name)]
public sealed class FieldVisibilityTests(BrowserFixture fixture)
{
    private const string Org = "juniper-gate-womens-shelter";

    [SkippableFact]
    public async Task An_admin_keeps_the_hours_and_languages_to_the_network_and_the_public_listing_leaves_them_out()
    {
        TestEnvironment.RequireChromium();
        await using var adminContext = await fixture.NewContextAsync(new ViewportSize { Width = 1280, Height = 900 });
        var admin = await adminContext.NewPageAsync();
        await BrowserFixture.SignInAsync(admin, $"la.shelter.admin@{DemoNetworkData.UserEmailDomain}");

        await admin.GotoInteractiveAsync($"/organizations/{Org}/manage");
        await admin.GetByLabel("Open 24/7").CheckAsync();
        await ChooseAsync(admin, "hours", "Network members");
        await ChooseAsync(admin, "languages", "Network members");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save profile" }).ClickAsync();
        await Expect(admin.GetByText("Profile saved.")).ToBeVisibleAsync();
        await Expect(admin.Locator("[data-visibility-field=hours]")).ToContainTextAsync("Network members");
        await admin.Locator("#visibility-heading").ScrollIntoViewIfNeededAsync();
        await Screenshots.SaveAsync(admin, "manage-field-visibility");

        await using var publicContext = await fixture.NewContextAsync(new ViewportSize { Width = 390, Height = 844 });
        var anonymous = await publicContext.NewPageAsync();
        await anonymous.GotoInteractiveAsync($"/organizations/{Org}");
        await Expect(anonymous.GetByRole(AriaRole.Heading, new() { Name = "Juniper Gate Women's Shelter" })).ToBeVisibleAsync();
        await Expect(anonymous.Locator("#opening-hours")).ToHaveCountAsync(0);
        await Expect(anonymous.GetByText("Korean")).ToHaveCountAsync(0);
        await Expect(anonymous.GetByText("Shared with network members only")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(anonymous, "listing-public-withheld-fields-phone-390");
        await Expect(anonymous.GetByText("Shelter and housing")).ToBeVisibleAsync();

        await using var memberContext = await fixture.NewContextAsync(new ViewportSize { Width = 1280, Height = 900 });
        var member = await memberContext.NewPageAsync();
        await BrowserFixture.SignInAsync(member, $"shelter.staff@{DemoNetworkData.UserEmailDomain}");
        await member.GotoInteractiveAsync($"/organizations/{Org}");
        var hours = member.Locator("#opening-hours");
        await Expect(hours).ToContainTextAsync("Open 24/7");
        await Expect(hours.Locator("[data-tier=Network]")).ToHaveTextAsync("network only");
        await Expect(member.GetByRole(AriaRole.Heading, new() { Name = "Languages" }).Locator("[data-tier=Network]")).ToBeVisibleAsync();
        await Expect(member.GetByText("Korean")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(member, "listing-network-only-fields");
    }

    private static async Task ChooseAsync(IPage page, string field, string option)
    {
        await page.Locator($"[data-visibility-field={field}] .mud-select").First.ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = option }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Option, new() { Name = option })).ToBeHiddenAsync();
    }
}
