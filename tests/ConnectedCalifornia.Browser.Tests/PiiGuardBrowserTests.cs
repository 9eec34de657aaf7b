using System.Text.Json;
using ConnectedCalifornia.Browser.Tests.Infrastructure;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Testing;
using ConnectedCalifornia.Web.Seeding;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConnectedCalifornia.Browser.Tests;

/// <summary>The PII guard as a person meets it: a warning while typing, the same refusal on sending, and nothing stored.</summary>
[Collection(DemoNetworkCollection.Name)]
public sealed class PiiGuardBrowserTests(BrowserFixture fixture)
{
    private const string Sender = DemoReferralData.FromOrganizationKey;

    [SkippableFact]
    public async Task A_phone_number_typed_into_referral_needs_is_warned_about_refused_and_not_stored()
    {
        TestEnvironment.RequireChromium();
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await BrowserFixture.SignInAsync(page, $"taskforce.member@{DemoNetworkData.UserEmailDomain}");
        var outbox = $"/api/organizations/{Sender}/referrals/?box=outbox";
        var before = await CountAsync(page, outbox);

        await page.GotoInteractiveAsync($"/organizations/{Sender}/referrals/new");
        await page.GetByLabel("Receiving organization").SelectOptionAsync(new SelectOptionValue { Label = "Bright Orchard Youth Shelter" });
        await page.GetByLabel("Shelter and housing").CheckAsync();
        await page.GetByLabel("County").SelectOptionAsync(new SelectOptionValue { Label = "Fresno" });
        var needs = page.GetByLabel("Needs (no names, no addresses)");
        var warning = page.Locator("[data-pii-for='needs']");
        var message = PiiGuard.Message(PiiKind.PhoneNumber, PiiField.Referral);

        // Ordinary text: no warning. A phone number: the warning appears while typing, before any submit.
        await needs.PressSequentiallyAsync("A safe bed tonight after 10:30, 3 beds needed.");
        await Expect(warning).ToHaveTextAsync(string.Empty);
        await needs.PressSequentiallyAsync(" Call her at (559) 555-0199");
        await Expect(warning).ToContainTextAsync(message);

        // Sent anyway: refused with the same message, and the outbox holds nothing new.
        await page.GetByRole(AriaRole.Button, new() { Name = "Send referral" }).ClickAsync();
        await Expect(page.Locator(".text-danger[role='alert']", new() { HasText = message })).ToBeVisibleAsync();
        Assert.EndsWith("/referrals/new", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync(page, outbox));
        Assert.DoesNotContain("555-0199", await (await page.APIRequest.GetAsync(outbox)).TextAsync(), StringComparison.Ordinal);
    }

    private static async Task<int> CountAsync(IPage page, string url)
    {
        var response = await page.APIRequest.GetAsync(url);
        Assert.True(response.Ok, $"{url}: {response.Status}");
        using var json = JsonDocument.Parse(await response.TextAsync());
        return json.RootElement.GetArrayLength();
    }
}
