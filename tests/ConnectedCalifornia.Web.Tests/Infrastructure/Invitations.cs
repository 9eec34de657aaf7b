using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using MimeKit;

namespace ConnectedCalifornia.Web.Tests.Infrastructure;

/// <summary>
/// New people join as a real person does: a system admin invites them by e-mail, the invitation arrives
/// (the test app writes it as an .eml file into its data directory, the embedded default), and the person
/// follows its one-time link and chooses a password on the set-up page.
/// </summary>
public static partial class Invitations
{
    /// <summary>The newest message to <paramref name="address"/> in the app's pickup directory whose subject starts so.</summary>
    public static async Task<MimeMessage> MailToAsync(NetworkAppFactory app, string address, string subjectStartsWith, int timeoutSeconds = 20)
    {
        var directory = Path.Combine(app.DataDirectory, "mail");
        MimeMessage? found = null;
        await Eventually.TrueAsync(() =>
        {
            found = System.IO.Directory.Exists(directory)
                ? System.IO.Directory.GetFiles(directory, "*.eml")
                    .Select(f => MimeMessage.Load(f))
                    .Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase)) && (m.Subject ?? string.Empty).StartsWith(subjectStartsWith, StringComparison.Ordinal))
                    .MaxBy(m => m.Date)
                : null;
            return Task.FromResult(found is not null);
        }, timeoutSeconds);
        return found!;
    }

    /// <summary>The app path of the link in a message that starts with <paramref name="pathPrefix"/>.</summary>
    public static string LinkIn(MimeMessage message, string pathPrefix)
    {
        var match = Regex.Match(message.TextBody ?? string.Empty, "https?://[^/\\s]+(" + Regex.Escape(pathPrefix) + "[^\\s]*)");
        Assert.True(match.Success, $"the message '{message.Subject}' has a link to {pathPrefix}");
        return match.Groups[1].Value;
    }

    /// <summary>The system admin invites the person; the person sets up their account from the e-mail. Returns the set-up page's answer.</summary>
    public static async Task<HttpResponseMessage> InviteAndSetUpAsync(NetworkAppFactory app, HttpClient systemAdmin, string email, string displayName, string password, bool curator = false)
    {
        var invited = await systemAdmin.PostAsJsonAsync("/api/people/", new { email, displayName, curator });
        Assert.True(invited.IsSuccessStatusCode, await invited.Content.ReadAsStringAsync());
        var message = await MailToAsync(app, email, "You are invited");
        using var person = app.CreateBrowserLikeClient();
        return await SetPasswordAsync(person, LinkIn(message, "/Account/AcceptInvitation"), password);
    }

    /// <summary>Posts the set-up form of an invitation link as a browser does.</summary>
    public static async Task<HttpResponseMessage> SetPasswordAsync(HttpClient person, string link, string password, string? confirm = null)
    {
        var page = await person.GetStringAsync(link);
        var token = TokenPattern().Match(page);
        Assert.True(token.Success, "the set-up page shows its form: " + (page.Contains("expired", StringComparison.Ordinal) ? "the link was refused" : "no form"));
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            ["_handler"] = "accept-invitation",
            ["Input.UserId"] = WebUtility.HtmlDecode(HiddenPattern("Input.UserId").Match(page).Groups[1].Value),
            ["Input.Code"] = WebUtility.HtmlDecode(HiddenPattern("Input.Code").Match(page).Groups[1].Value),
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = confirm ?? password,
        });
        return await person.PostAsync(link, form);
    }

    private static Regex HiddenPattern(string name) => new($"name=\"{Regex.Escape(name)}\" value=\"([^\"]*)\"");

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
