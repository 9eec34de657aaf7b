using System.Text.Json;
using ConnectedCalifornia.Browser.Tests.Infrastructure;
using ConnectedCalifornia.Testing;
using ConnectedCalifornia.Web.Seeding;
using Microsoft.Playwright;
using static ConnectedCalifornia.Browser.Tests.Infrastructure.ApiJson;
using static Microsoft.Playwright.Assertions;

namespace ConnectedCalifornia.Browser.Tests;

/// <summary>
/// Issue 15, listings: an org admin edits the listing's contacts with who sees each. A wrong phone is
/// refused beside the field and nothing is saved; a network-only contact applies at once, a public one
/// waits for a curator's review on the verified listing. Read back through the API.
/// </summary>
[Collection(DemoNetworkCollection.Name)]
public sealed class ListingContactsTests(BrowserFixture fixture)
{
    private const string Organization = DemoNetworkData.FresnoMinorsShelterKey;

    [SkippableTheory]
    [InlineData(1280, 900)]
    [InlineData(390, 844)]
    public async Task An_org_admin_adds_contacts_with_their_visibility_and_public_ones_wait_for_review(int width, int height)
    {
        TestEnvironment.RequireChromium();
        await using var context = await fixture.NewContextAsync(new ViewportSize { Width = width, Height = height });
        var page = await context.NewPageAsync();
        await BrowserFixture.SignInAsync(page, $"shelter.admin@{DemoNetworkData.UserEmailDomain}");
        await page.GotoInteractiveAsync($"/organizations/{Organization}/manage");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Contacts", Exact = true })).ToBeVisibleAsync();
        var before = await ContactsAsync(page);

        // A wrong phone number is refused beside the field; what was typed stays and nothing is saved.
        var label = $"After-hours intake {width}";
        var row = await AddContactAsync(page);
        await Fill(row.Locator("input[id$='-label']"), label);
        await Fill(row.Locator("input[id$='-value']"), "call us");
        await Pick(page, row, "Who sees it", "Network members");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save profile" }).ClickAsync();
        await Expect(row).ToContainTextAsync("Not a valid phone number");
        await Expect(row.Locator("input[id$='-label']")).ToHaveValueAsync(label);
        Assert.Equal(before, await ContactsAsync(page));
        await Screenshots.SaveAsync(page, $"listing-contacts-refused-{width}");

        await Fill(row.Locator("input[id$='-value']"), "(559) 555-0142");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save profile" }).ClickAsync();
        await Expect(page.GetByText("Profile saved.").First).ToBeVisibleAsync(new() { Timeout = 15_000 });

        // The network-only contact is on the listing at once, with its visibility.
        var stored = (await ContactsAsync(page)).Single(c => c.Label == label);
        Assert.Equal(("Phone", "(559) 555-0142", "Network"), (stored.Kind, stored.Value, stored.Visibility));

        // A public e-mail waits for a curator on this verified listing.
        var email = await AddContactAsync(page);
        await Fill(email.Locator("input[id$='-label']"), $"Volunteer desk {width}");
        await Pick(page, email, "Kind", "E-mail");
        await Fill(email.Locator("input[id$='-value']"), $"volunteers{width}@bright-orchard.example.org");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save profile" }).ClickAsync();
        await Expect(page.GetByText("for curator review").First).ToBeVisibleAsync(new() { Timeout = 15_000 });
        Assert.DoesNotContain(await ContactsAsync(page), c => c.Label == $"Volunteer desk {width}");
        var request = await GetJsonAsync(page, $"/api/organizations/{Organization}/change-request");
        Assert.Contains(request.GetProperty("open").GetProperty("fields").EnumerateArray(), f => f.GetProperty("field").GetString() == "publicContacts"
            && f.GetRawText().Contains($"volunteers{width}@bright-orchard.example.org", StringComparison.Ordinal));
        var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(overflow <= width, $"The manage page is {overflow} px wide on a {width} px screen.");
        await Screenshots.SaveAsync(page, $"listing-contacts-{width}");
    }

    private static async Task<ILocator> AddContactAsync(IPage page)
    {
        var count = await page.Locator("[data-contact]").CountAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a contact" }).ClickAsync();
        var row = page.Locator($"[data-contact='{count}']");
        await Expect(row).ToBeVisibleAsync();
        return row;
    }

    private static async Task Pick(IPage page, ILocator row, string select, string option)
    {
        await row.Locator(".mud-select").Filter(new() { HasText = select }).First.ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = option, Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Option, new() { Name = option, Exact = true })).ToBeHiddenAsync();
        await Expect(row.Locator(".mud-select").Filter(new() { HasText = select }).First).ToContainTextAsync(option);
    }

    private static async Task<List<(string Label, string Kind, string Value, string Visibility)>> ContactsAsync(IPage page) =>
        [.. (await GetJsonAsync(page, $"/api/organizations/{Organization}")).GetProperty("contacts").EnumerateArray()
            .Select(c => (c.GetProperty("label").GetString()!, c.GetProperty("kind").ToString(), c.GetProperty("value").GetString()!, c.GetProperty("visibility").ToString()))];


    private static async Task Fill(ILocator field, string value)
    {
        await field.FillAsync(value);
        await field.PressAsync("Tab");
        await Expect(field).ToHaveValueAsync(value);
    }
}
