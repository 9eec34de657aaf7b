using System.Net;
using System.Text.RegularExpressions;
using ConnectedCalifornia.Web.Identity;
using ConnectedCalifornia.Web.Tests.Directory;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using ConnectedCalifornia.Web.Tests.People;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace ConnectedCalifornia.Web.Tests.Notifications;

/// <summary>
/// Changing an account's e-mail address through the real pages over HTTP, with the messages on the real
/// SMTP server on loopback: the link goes to the new address and a notice without a link to the old one;
/// the stored address and sign-in name change only when the link is confirmed, once; a malformed or
/// unchanged address is refused with a field error; an address another account uses gets the same answer
/// on the page and no link.
/// </summary>
[Collection(NotificationKindsCollection.Name)]
public sealed class EmailChangeNotificationTests(NotificationKindsFixture app)
{
    private const string Password = "Quiet-Harbor-Lamp-2026";

    internal static async Task<(string Id, string Email)> AccountAsync(NetworkAppFactory factory, string name = "Morgan Mover")
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var email = $"mover.{Guid.NewGuid():N}@example.org";
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name };
        var created = await users.CreateAsync(user, Password);
        Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Description)));
        return (user.Id, email);
    }

    internal static async Task<HttpClient> SignedInAsync(NetworkAppFactory factory, string email)
    {
        var client = factory.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.Redirect, (await SignIn.PostLoginAsync(client, email, Password)).StatusCode);
        return client;
    }

    private async Task<ApplicationUser> StoredAsync(string id)
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByIdAsync(id))!;
    }

    private static Task<HttpResponseMessage> AskAsync(HttpClient client, string address) =>
        PeopleApiTests.PostFormAsync(client, "/Account/Manage/Email", "change-email", new() { ["Input.NewEmail"] = address });

    private static string Answer(string page, string address) =>
        Regex.Match(page, "data-testid=\"email-change-sent\">(.+?)</div>", RegexOptions.Singleline).Groups[1].Value.Replace(address, "ADDRESS", StringComparison.Ordinal);

    [Fact]
    public async Task Notification_email_change_link_goes_to_the_new_address_and_the_address_and_sign_in_name_change_only_when_confirmed_once()
    {
        var (id, old) = await AccountAsync(app.Factory);
        using var client = await SignedInAsync(app.Factory, old);
        var before = app.Smtp.Received.Count;

        // Refused with a field error, nothing sent or changed: a malformed address, the current one.
        var malformed = await (await AskAsync(client, "not-an-address")).Content.ReadAsStringAsync();
        Assert.Contains("Enter an e-mail address such as name@example.org.", malformed, StringComparison.Ordinal);
        Assert.Contains("value=\"not-an-address\"", malformed, StringComparison.Ordinal);
        var same = await (await AskAsync(client, old.ToUpperInvariant())).Content.ReadAsStringAsync();
        Assert.Contains("That is already your address.", same, StringComparison.Ordinal);
        Assert.DoesNotContain("email-change-sent", malformed + same, StringComparison.Ordinal);

        var next = $"moved.{Guid.NewGuid():N}@example.org";
        var asked = await (await AskAsync(client, next)).Content.ReadAsStringAsync();
        Assert.Contains("Check the inbox of", Answer(asked, next), StringComparison.Ordinal);

        var confirm = await app.ArrivesAsync(next, "Confirm your new e-mail address", skip: before);
        var notice = await app.ArrivesAsync(old, "A change of your e-mail address was asked", skip: before);
        Assert.DoesNotContain("ConfirmEmailChange", notice.TextBody + notice.HtmlBody, StringComparison.Ordinal);
        Assert.Contains(EmailChange.Mask(next), notice.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(next, notice.TextBody + notice.HtmlBody, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(app.Smtp.Messages.Skip(before), m => NotificationKindsFixture.To(m) == next && m.Subject!.StartsWith("A change", StringComparison.Ordinal));

        // Nothing changed until the link is confirmed; opening it only shows the button.
        Assert.Equal((old, old), ((await StoredAsync(id)).Email, (await StoredAsync(id)).UserName));
        var link = Invitations.LinkIn(confirm, EmailChange.ConfirmPath);
        using var phone = app.Factory.CreateBrowserLikeClient();
        Assert.Contains("Confirm the new address", await phone.GetStringAsync(link), StringComparison.Ordinal);
        Assert.Equal(old, (await StoredAsync(id)).Email);

        string[] hidden = ["Input.UserId", "Input.Email", "Input.Code"];
        var done = await (await PeopleApiTests.PostFormAsync(phone, link, "confirm-email-change", new(), hidden)).Content.ReadAsStringAsync();
        Assert.Contains("Your e-mail address is now", done, StringComparison.Ordinal);
        var stored = await StoredAsync(id);
        Assert.Equal((next, next), (stored.Email, stored.UserName));

        // The link works once.
        var again = await (await PeopleApiTests.PostFormAsync(phone, link, "confirm-email-change", new(), hidden)).Content.ReadAsStringAsync();
        Assert.Contains("expired or was already used", again, StringComparison.Ordinal);

        // The sign-in name followed: the new address signs in, the old one no longer does.
        using var fresh = app.Factory.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.Redirect, (await SignIn.PostLoginAsync(fresh, next, Password)).StatusCode);
        using var stale = app.Factory.CreateBrowserLikeClient();
        Assert.NotEqual(HttpStatusCode.Redirect, (await SignIn.PostLoginAsync(stale, old, Password)).StatusCode);
    }

    [Fact]
    public async Task Notification_email_change_to_an_address_another_account_uses_gets_the_same_answer_and_no_link()
    {
        var (id, old) = await AccountAsync(app.Factory);
        var (_, taken) = await AccountAsync(app.Factory, "Tara Taken");
        using var client = await SignedInAsync(app.Factory, old);
        var before = app.Smtp.Received.Count;

        var free = $"free.{Guid.NewGuid():N}@example.org";
        var toFree = Answer(await (await AskAsync(client, free)).Content.ReadAsStringAsync(), free);
        var toTaken = Answer(await (await AskAsync(client, taken)).Content.ReadAsStringAsync(), taken);
        Assert.False(string.IsNullOrWhiteSpace(toTaken));
        Assert.Equal(toFree, toTaken);

        await app.ArrivesAsync(free, "Confirm your new e-mail address", skip: before);
        await Eventually.TrueAsync(() => Task.FromResult(app.Smtp.Messages.Skip(before).Count(m => NotificationKindsFixture.To(m) == old) == 2));
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.DoesNotContain(app.Smtp.Messages.Skip(before), m => string.Equals(NotificationKindsFixture.To(m), taken, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(old, (await StoredAsync(id)).Email);
    }
}
