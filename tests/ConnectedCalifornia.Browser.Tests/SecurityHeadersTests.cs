using ConnectedCalifornia.Browser.Tests.Infrastructure;
using ConnectedCalifornia.Testing;
using ConnectedCalifornia.Web.Seeding;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConnectedCalifornia.Browser.Tests;

/// <summary>
/// The Content-Security-Policy in a real Chromium: every page, anonymous and signed in, on desktop and
/// phone, becomes interactive and not one resource or script is blocked by the policy.
/// </summary>
[Collection(DemoNetworkCollection.Name)]
public sealed class SecurityHeadersTests(BrowserFixture fixture)
{
    private static readonly string[] PublicPages = ["/", "/organizations", "/beds", "/beds/06019", "/calendar", "/initiatives", "/library", "/certificates", "/Account/Login"];

    private static readonly string[] MemberPages = ["/", "/organizations/bright-orchard-youth-shelter/manage", "/beds/sites/bright-orchard-youth-shelter--main/post", "/organizations/bright-orchard-youth-shelter/referrals", "/calendar/new", "/operations", "/Account/Manage", "/Account/Manage/EnableAuthenticator"];

    [SkippableFact]
    public async Task SecurityHeaders_no_page_is_blocked_by_the_content_security_policy()
    {
        TestEnvironment.RequireChromium();
        var violations = new List<string>();
        foreach (var (viewport, signedIn) in new[] { (new ViewportSize { Width = 1280, Height = 800 }, false), (new ViewportSize { Width = 390, Height = 844 }, true) })
        {
            await using var context = await fixture.NewContextAsync(viewport);
            var page = await context.NewPageAsync();
            page.Console += (_, message) =>
            {
                if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
                {
                    violations.Add($"{page.Url}: {message.Text}");
                }
            };
            await page.AddInitScriptAsync("document.addEventListener('securitypolicyviolation', e => console.error('Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI));");

            if (signedIn)
            {
                await BrowserFixture.SignInAsync(page, $"shelter.admin@{DemoNetworkData.UserEmailDomain}");
            }

            foreach (var path in signedIn ? MemberPages : PublicPages)
            {
                var response = await (path.StartsWith("/Account", StringComparison.Ordinal) ? page.GotoAsync(path) : page.GotoInteractiveAsync(path));
                Assert.NotNull(response);
                Assert.Contains("nonce-", (await response!.AllHeadersAsync())["content-security-policy"], StringComparison.Ordinal);
                await Expect(page.Locator("h1").First).ToBeVisibleAsync();
            }
        }

        Assert.True(violations.Count == 0, "Blocked by the Content-Security-Policy:\n" + string.Join("\n", violations));
    }
}
