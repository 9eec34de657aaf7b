using ConnectedCalifornia.Browser.Tests.Infrastructure;
using ConnectedCalifornia.Testing;
using ConnectedCalifornia.Web.Seeding;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConnectedCalifornia.Browser.Tests;

/// <summary>
/// The account's e-mail page in a real browser, at desktop and phone width: a malformed address is refused
/// with a field error and kept in the field; a new address gets the "check your inbox" answer; the link from
/// the e-mail to the new address confirms it with one button; and the person then signs in with the new
/// address (the stored sign-in name changed).
/// </summary>
[Collection(DemoNetworkCollection.Name)]
public sealed class EmailChangeNotificationTests(BrowserFixture fixture)
{
    public static TheoryData<string, int, int> Widths => new()
    {
        { "desktop", 1280, 800 },
        { "phone", 390, 844 },
    };

    [SkippableTheory]
    [MemberData(nameof(Widths))]
    public async Task Notification_email_change_page_refuses_a_malformed_address_and_the_emailed_link_changes_the_sign_in_address(string name, int width, int height)
    {
        TestEnvironment.RequireChromium();
        var old = $"mover.{Guid.NewGuid():N}@example.org";
        var next = $"moved.{Guid.NewGuid():N}@example.org";
        await using (var admin = await fixture.NewContextAsync())
        {
            var page = await admin.NewPageAsync();
            await BrowserFixture.SignInAsync(page, $"sysadmin@{DemoNetworkData.UserEmailDomain}");
            var created = await admin.APIRequest.PostAsync("/api/people/", new() { DataObject = new { email = old, displayName = "Morgan Mover", curator = false } });
            Assert.True(created.Ok, await created.TextAsync());
        }

        await using var context = await fixture.NewContextAsync(new ViewportSize { Width = width, Height = height });
        var person = await context.NewPageAsync();
        await person.GotoAsync(BrowserFixture.LinkIn(await fixture.MailToAsync(old, "You are invited"), "/Account/AcceptInvitation"));
        await person.GetByLabel("Password", new() { Exact = true }).FillAsync(DemoNetworkData.DemoPassword);
        await person.GetByLabel("Password again").FillAsync(DemoNetworkData.DemoPassword);
        await person.GetByRole(AriaRole.Button, new() { Name = "Set my password and sign in" }).ClickAsync();
        await person.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");

        await person.GotoAsync("/Account/Manage/Email");
        await Expect(person.GetByTestId("current-email")).ToHaveTextAsync(old);
        var field = person.GetByLabel("New e-mail address");
        await field.FillAsync("not-an-address");
        await person.GetByRole(AriaRole.Button, new() { Name = "Send the confirmation link" }).ClickAsync();
        await Expect(person.GetByText("Enter an e-mail address such as name@example.org.")).ToBeVisibleAsync();
        await Expect(person.GetByLabel("New e-mail address")).ToHaveValueAsync("not-an-address");
        await Screenshots.SaveAsync(person, $"email-change-refused-{name}");

        await person.GetByLabel("New e-mail address").FillAsync(next);
        await person.GetByRole(AriaRole.Button, new() { Name = "Send the confirmation link" }).ClickAsync();
        await Expect(person.GetByTestId("email-change-sent")).ToContainTextAsync($"Check the inbox of {next}");
        await Screenshots.SaveAsync(person, $"email-change-sent-{name}");

        var link = BrowserFixture.LinkIn(await fixture.MailToAsync(next, "Confirm your new e-mail address"), "/Account/ConfirmEmailChange");
        await person.GotoAsync(link);
        await person.GetByRole(AriaRole.Button, new() { Name = "Confirm the new address" }).ClickAsync();
        await Expect(person.GetByTestId("email-change-done")).ToContainTextAsync($"Your e-mail address is now {next}");
        await Screenshots.SaveAsync(person, $"email-change-done-{name}");

        // Stored: the new address signs in.
        await using var later = await fixture.NewContextAsync();
        var again = await later.NewPageAsync();
        await BrowserFixture.SignInAsync(again, next);
        await again.GotoAsync("/Account/Manage/Email");
        await Expect(again.GetByTestId("current-email")).ToHaveTextAsync(next);
    }
}
