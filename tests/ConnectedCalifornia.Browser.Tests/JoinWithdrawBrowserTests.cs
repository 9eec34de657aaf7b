using System.Text.Json;
using ConnectedCalifornia.Browser.Tests.Infrastructure;
using ConnectedCalifornia.Testing;
using ConnectedCalifornia.Web.Seeding;
using Microsoft.Playwright;
using static ConnectedCalifornia.Browser.Tests.Infrastructure.ApiJson;
using static Microsoft.Playwright.Assertions;

namespace ConnectedCalifornia.Browser.Tests;

/// <summary>
/// An applicant without an account withdraws from the private status page (issue 15): after confirming, the
/// application is withdrawn, the curator's open queue drops it without a reload, and the page only shows it.
/// </summary>
[Collection(DemoNetworkCollection.Name)]
public sealed class JoinWithdrawBrowserTests(BrowserFixture fixture)
{
    [SkippableTheory]
    [InlineData(390, 844, "phone-390")]
    [InlineData(1280, 800, "desktop")]
    public async Task Join_withdrawn_from_the_status_page_leaves_the_curators_queue_without_a_reload(int width, int height, string device)
    {
        TestEnvironment.RequireChromium();
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var name = $"Harbor Light Outreach {suffix}";
        var email = $"tomas.{suffix}@example.org";

        await using var curatorContext = await fixture.SignedInContextAsync($"curator@{DemoNetworkData.UserEmailDomain}");
        var curator = curatorContext.Pages[0];
        await curator.GotoInteractiveAsync("/curation/applications");

        // Applied through the public form's endpoint (the form itself is driven in JoinWithoutAccountBrowserTests).
        await using var applicantContext = await fixture.NewContextAsync(new ViewportSize { Width = width, Height = height });
        var link = await ApplyAsync(applicantContext, name, email);
        var applicant = await applicantContext.NewPageAsync();
        await applicant.GotoInteractiveAsync(link);
        await applicant.GetByTestId("join-confirm").ClickAsync();
        var chip = applicant.GetByTestId("join-status-chip");
        await Expect(chip).ToHaveTextAsync("Waiting for a curator");
        var request = curator.GetByTestId("join-request").Filter(new() { HasText = name });
        await Expect(request).ToBeVisibleAsync();

        // Withdrawing asks first; keeping it changes nothing.
        await applicant.GetByTestId("join-withdraw").ClickAsync();
        await Expect(applicant.GetByText("The curators will not review it, and it cannot be sent again")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(applicant, $"joining-withdraw-confirm-{device}");
        await applicant.GetByRole(AriaRole.Button, new() { Name = "Keep my application" }).ClickAsync();
        await Expect(chip).ToHaveTextAsync("Waiting for a curator");
        await applicant.GetByTestId("join-withdraw").ClickAsync();
        await applicant.GetByTestId("join-withdraw-confirm").ClickAsync();

        await Expect(chip).ToHaveTextAsync("Withdrawn");
        await Expect(applicant.GetByTestId("join-withdrawn")).ToBeVisibleAsync();
        await Expect(applicant.GetByTestId("join-withdraw")).ToHaveCountAsync(0);
        await Expect(request).ToHaveCountAsync(0); // the curator's queue, without a reload
        await Screenshots.SaveAsync(applicant, $"joining-withdrawn-{device}");

        // Stored, and the link still opens it (to view only).
        var token = link["/join/status/".Length..];
        var stored = await GetJsonAsync(applicantContext, $"/api/applications/public/{token}");
        Assert.Equal("Withdrawn", stored.GetProperty("status").GetString());
        var open = await GetJsonAsync(curatorContext, "/api/curation/applications");
        Assert.DoesNotContain(open.EnumerateArray(), r => r.GetProperty("organizationName").GetString() == name);
        await applicant.GotoInteractiveAsync(link);
        await Expect(chip).ToHaveTextAsync("Withdrawn");
    }

    [SkippableFact]
    public async Task Join_withdrawn_in_spanish_on_a_phone_shows_every_step_in_spanish_and_is_stored()
    {
        TestEnvironment.RequireChromium();
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var name = $"Faro del Puerto {suffix}";
        var email = $"lucia.{suffix}@example.org";
        await using var context = await fixture.NewContextAsync(new ViewportSize { Width = 390, Height = 844 });
        var link = await ApplyAsync(context, name, email);
        await fixture.UseSpanishAsync(context);
        var page = await context.NewPageAsync();
        await page.GotoInteractiveAsync(link);
        await page.GetByTestId("join-confirm").ClickAsync();
        var chip = page.GetByTestId("join-status-chip");
        await Expect(chip).ToHaveTextAsync("Esperando a un curador");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Retirar la solicitud" })).ToBeVisibleAsync();
        await page.GetByTestId("join-withdraw").ClickAsync();
        await Expect(page.GetByText($"¿Retirar la solicitud de {name}?")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Conservar mi solicitud" })).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 390);
        await Screenshots.SaveAsync(page, "joining-withdraw-confirm-spanish-phone-390");
        await page.GetByTestId("join-withdraw-confirm").ClickAsync();

        await Expect(chip).ToHaveTextAsync("Retirada");
        await Expect(page.GetByTestId("join-withdrawn")).ToContainTextAsync("Usted retiró esta solicitud el");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Presente una nueva solicitud" })).ToBeVisibleAsync();
        var text = await page.Locator("main").InnerTextAsync();
        foreach (var english in new[] { "Withdrawn", "You withdrew this application", "Changed your mind?", "Withdraw my application", "Your application is withdrawn." })
        {
            Assert.DoesNotContain(english, text, StringComparison.Ordinal);
        }

        Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 390);
        await Screenshots.SaveAsync(page, "joining-withdrawn-spanish-phone-390");

        // Stored as withdrawn.
        var stored = await GetJsonAsync(context, $"/api/applications/public/{link["/join/status/".Length..]}");
        Assert.Equal("Withdrawn", stored.GetProperty("status").GetString());
    }

    /// <summary>Applies without an account through the public form's endpoint and returns the status page's link from the confirmation e-mail.</summary>
    private async Task<string> ApplyAsync(IBrowserContext context, string name, string email)
    {
        var applied = await context.APIRequest.PostAsync("/api/applications/public", new()
        {
            DataObject = new
            {
                profile = new
                {
                    name,
                    kind = "Nonprofit",
                    description = "Street outreach along the harbor for young people at risk of exploitation.",
                    website = "https://harborlight.example.org",
                    services = new[] { "legal-aid" },
                    populations = Array.Empty<string>(),
                    languages = new[] { "en" },
                    counties = new[] { "06073" },
                    contacts = new[] { new { label = "Main line", kind = "Phone", value = "(619) 555-0175", visibility = "Public" } },
                    acceptingReferrals = true,
                },
                note = "We would like to take referrals.",
                applicantName = "Tomás Reyes",
                applicantEmail = email,
            },
        });
        Assert.True(applied.Ok, await applied.TextAsync());
        return BrowserFixture.LinkIn(await fixture.MailToAsync(email, "Confirm your e-mail address"), "/join/status/");
    }
}
