using ConnectedCalifornia.Browser.Tests.Infrastructure;
using ConnectedCalifornia.Testing;
using ConnectedCalifornia.Web.Seeding;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConnectedCalifornia.Browser.Tests;

/// <summary>Screenshots of the main pages for people to look at (into docs/screenshots/ with CC_UPDATE_SCREENSHOTS=1).</summary>
[Collection(DemoNetworkCollection.Name)]
public sealed class ScreenshotTests(BrowserFixture fixture)
{
    [SkippableFact]
    public async Task Screenshots_of_the_main_pages_are_saved_to_docs()
    {
        TestEnvironment.RequireChromium();
        var saved = new List<string>();

        await using (var context = await fixture.NewContextAsync())
        {
            var page = await context.NewPageAsync();
            await page.GotoInteractiveAsync("/");
            saved.Add(await SaveAsync(page, "home-anonymous"));

            await page.GotoInteractiveAsync("/organizations");
            await Expect(page.Locator(".cc-result").First).ToBeVisibleAsync();
            saved.Add(await SaveAsync(page, "directory"));

            await page.GotoInteractiveAsync("/organizations/" + DemoNetworkData.FresnoMinorsShelterKey);
            saved.Add(await SaveAsync(page, "organization-bright-orchard-youth-shelter"));

            await page.GotoAsync("/Account/Login");
            saved.Add(await SaveAsync(page, "sign-in"));

            await BrowserFixture.SignInAsync(page, $"shelter.admin@{DemoNetworkData.UserEmailDomain}");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My network", Level = 1 })).ToBeVisibleAsync();
            await WaitForInteractiveAfterFullLoadAsync(page);
            saved.Add(await SaveAsync(page, "home-signed-in-my-network"));

            await page.GotoInteractiveAsync("/initiatives/fresno-foster-youth-working-group");
            saved.Add(await SaveAsync(page, "initiative-signed-in-member"));

            await page.GotoInteractiveAsync($"/organizations/{DemoNetworkData.FresnoMinorsShelterKey}/manage");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Change history" })).ToBeVisibleAsync();
            saved.Add(await SaveAsync(page, "manage-listing-org-admin"));
        }

        await using (var lead = await fixture.NewContextAsync())
        {
            var page = await lead.NewPageAsync();
            await BrowserFixture.SignInAsync(page, $"taskforce.lead@{DemoNetworkData.UserEmailDomain}");
            await page.GotoInteractiveAsync("/task-forces/" + DemoNetworkData.FresnoTaskForceKey);
            saved.Add(await SaveAsync(page, "task-force-lead"));
        }

        await using (var phone = await fixture.NewContextAsync(new ViewportSize { Width = 390, Height = 844 }))
        {
            var page = await phone.NewPageAsync();
            await page.GotoInteractiveAsync("/");
            saved.Add(await SaveAsync(page, "home-anonymous-phone-390"));
        }

        Assert.All(saved, path => Assert.True(new FileInfo(path).Length > 10_000, $"{path} is (nearly) empty"));
    }

    private static async Task<string> SaveAsync(IPage page, string name)
    {
        // Let MudBlazor's scripts settle (drawer breakpoints, ripples) so the picture is what a person sees.
        await page.WaitForTimeoutAsync(400);
        return await Screenshots.SaveAsync(page, name);
    }

    // The sign-in form posts and redirects with a full page load; reload to wait for that page's circuit.
    private static Task WaitForInteractiveAfterFullLoadAsync(IPage page) => page.GotoInteractiveAsync(page.Url);
}
