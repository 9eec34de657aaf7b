using ConnectedCalifornia.Browser.Tests.Infrastructure;
using ConnectedCalifornia.Testing;
using ConnectedCalifornia.Web.Seeding;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConnectedCalifornia.Browser.Tests;

/// <summary>
/// The home page is each person's dashboard: a shelter's staff see their referral inbox count and
/// post their site's counts in one tap; a referral sent from another browser raises the count
/// without reload.
/// </summary>
[Collection(DemoNetworkCollection.Name)]
public sealed class HomeDashboardTests(BrowserFixture fixture)
{
    private const string Sender = DemoReferralData.FromOrganizationKey;
    private const string Shelter = DemoNetworkData.FresnoMinorsShelterKey;

    [SkippableFact]
    public async Task A_shelters_home_counts_its_new_referrals_live_and_posts_counts_in_one_tap()
    {
        TestEnvironment.RequireChromium();
        await using var shelterContext = await fixture.NewContextAsync(new ViewportSize { Width = 390, Height = 844 });
        await using var senderContext = await fixture.NewContextAsync();

        var shelter = await shelterContext.NewPageAsync();
        await BrowserFixture.SignInAsync(shelter, $"shelter.staff@{DemoNetworkData.UserEmailDomain}");
        await shelter.GotoInteractiveAsync("/");
        var referrals = shelter.GetByTestId("work-referrals");
        await Expect(referrals).ToContainTextAsync("New referrals");
        var before = int.Parse(await referrals.Locator(".cc-work-n").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
        await shelter.EvaluateAsync("() => { window.__ccNotReloaded = true; }");

        // Another organization sends the shelter a referral (no names).
        var sender = await senderContext.NewPageAsync();
        await BrowserFixture.SignInAsync(sender, $"taskforce.member@{DemoNetworkData.UserEmailDomain}");
        var sent = await senderContext.APIRequest.PostAsync($"/api/organizations/{Sender}/referrals", new()
        {
            DataObject = new
            {
                toOrganizationId = Shelter, services = new[] { "shelter-housing" }, ageBracket = "Age12To17", county = "06019", language = "en",
                needs = "Emergency bed tonight", urgency = "Urgent",
            },
        });
        Assert.True(sent.Ok, $"sending the referral answered {sent.Status}: {await sent.TextAsync()}");

        // The shelter's home counts it without reload.
        await Expect(referrals.Locator(".cc-work-n")).ToHaveTextAsync((before + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Timeout = 15_000 });
        Assert.True(await shelter.EvaluateAsync<bool>("() => window.__ccNotReloaded === true"), "the home page reloaded instead of updating live");
        await Screenshots.SaveAsync(shelter, "home-dashboard-phone");

        // Posting counts is one tap from home.
        await shelter.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Post counts for ") }).First.ClickAsync();
        await shelter.WaitForURLAsync(url => url.Contains("/beds/sites/", StringComparison.Ordinal) && url.EndsWith("/post", StringComparison.Ordinal));
    }
}
