using System.Text.Json;
using ConnectedCalifornia.Browser.Tests.Infrastructure;
using ConnectedCalifornia.Testing;
using ConnectedCalifornia.Web.Seeding;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConnectedCalifornia.Browser.Tests;

/// <summary>
/// A curator who is not one of the demo's accounts (so not exempt, even in Development) signs in, lands on the
/// authenticator set-up with the reason, scans (here: reads) the QR code's key and switches two-factor on.
/// </summary>
[Collection(DemoNetworkCollection.Name)]
public sealed class TwoFactorRequiredTests(BrowserFixture fixture)
{
    private const string Password = "Curator-Temporary-2026!";

    [SkippableFact]
    public async Task TwoFactorRequired_a_new_curator_is_sent_to_the_authenticator_set_up_with_a_visible_qr_code()
    {
        TestEnvironment.RequireChromium();
        var email = $"new.curator.{Guid.NewGuid():N}@example.org";
        await CreateCuratorAsync(email);

        string key;
        await using (var desktop = await fixture.NewContextAsync())
        {
            var page = await desktop.NewPageAsync();
            await SignInAsync(page, email);
            await Expect(page.GetByText("Two-factor enrolment is required")).ToBeVisibleAsync();
            var qr = page.Locator("img.cc-qr");
            await Expect(qr).ToBeVisibleAsync();
            Assert.True(await qr.EvaluateAsync<bool>("img => img.complete && img.naturalWidth >= 150"), "the QR code image is drawn");
            key = (await page.GetByTestId("shared-key").InnerTextAsync()).Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
            await Screenshots.SaveAsync(page, "two-factor-enrolment");
            var axe = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
            var serious = axe.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => v.Id).ToList();
            Assert.True(serious.Count == 0, "WCAG 2.1 AA violations on the set-up page: " + string.Join(", ", serious));

            // Any other page sends the curator back here.
            await page.GotoAsync("/curation");
            await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/Account/Manage/EnableAuthenticator");

            await page.GetByLabel("Verification code").FillAsync(Totp.Code(key));
            await page.GetByRole(AriaRole.Button, new() { Name = "Verify and switch on" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Recovery codes" })).ToBeVisibleAsync();
            await Screenshots.SaveAsync(page, "two-factor-recovery-codes");

            // Enrolled and signed in with the code: the curator's pages open.
            await page.GotoInteractiveAsync("/curation");
            Assert.Equal("/curation", new Uri(page.Url).AbsolutePath);
        }

        await using (var phone = await fixture.NewContextAsync(new ViewportSize { Width = 390, Height = 844 }))
        {
            // A second new curator, to show the set-up page on a phone before enrolment.
            var second = $"new.curator.{Guid.NewGuid():N}@example.org";
            await CreateCuratorAsync(second);
            var page = await phone.NewPageAsync();
            await SignInAsync(page, second);
            await Expect(page.Locator("img.cc-qr")).ToBeVisibleAsync();
            await Screenshots.SaveAsync(page, "two-factor-enrolment-phone-390");
        }
    }

    /// <summary>
    /// The demo's system admin (exempt in Development) invites a curator by e-mail; the curator opens the
    /// invitation's link and chooses a password on the set-up page.
    /// </summary>
    private async Task CreateCuratorAsync(string email)
    {
        await using (var context = await fixture.NewContextAsync())
        {
            var page = await context.NewPageAsync();
            await BrowserFixture.SignInAsync(page, $"sysadmin@{DemoNetworkData.UserEmailDomain}");
            var created = await context.APIRequest.PostAsync("/api/people/", new() { DataObject = new { email, displayName = "Robin Castro", curator = true } });
            Assert.True(created.Ok, await created.TextAsync());
        }

        var invitation = await fixture.MailToAsync(email, "You are invited");
        await using var own = await fixture.NewContextAsync();
        var setUp = await own.NewPageAsync();
        await setUp.GotoAsync(BrowserFixture.LinkIn(invitation, "/Account/AcceptInvitation"));
        await Expect(setUp.GetByText("Robin Castro")).ToBeVisibleAsync();
        await setUp.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await setUp.GetByLabel("Password again").FillAsync(Password);
        await setUp.GetByRole(AriaRole.Button, new() { Name = "Set my password and sign in" }).ClickAsync();

        // Signed in, and as a curator sent to two-factor enrolment first.
        await setUp.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/Account/Manage/EnableAuthenticator");
    }

    private static async Task SignInAsync(IPage page, string email)
    {
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/Account/Manage/EnableAuthenticator");
    }
}
