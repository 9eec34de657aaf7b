using System.Net;
using System.Text.RegularExpressions;
using ConnectedCalifornia.Testing;

namespace ConnectedCalifornia.Web.Tests.Infrastructure;

/// <summary>Two-factor sign-in as a person does it: enrol through the real set-up page, then sign in with a code.</summary>
public static partial class TwoFactor
{
    /// <summary>
    /// Opens the authenticator set-up page, reads the shared key it shows, and confirms it with a code
    /// computed as an authenticator app does. Returns the key and the page's answer to the code.
    /// </summary>
    public static async Task<(string Key, HttpResponseMessage Confirmed)> EnrolThroughPagesAsync(HttpClient client)
    {
        var page = await client.GetAsync("/Account/Manage/EnableAuthenticator");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Matches(QrPattern(), html);
        var key = WebUtility.HtmlDecode(SharedKeyPattern().Match(html).Groups[1].Value).Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
        Assert.False(string.IsNullOrEmpty(key), "the set-up page shows the shared key");

        var confirmed = await client.PostAsync("/Account/Manage/EnableAuthenticator", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Token(html),
            ["_handler"] = "send-code",
            ["Input.Code"] = Totp.Code(key),
        }));
        return (key, confirmed);
    }

    /// <summary>Signs in with password and a code from the authenticator (optionally remembering this browser).</summary>
    public static async Task<HttpResponseMessage> SignInWithCodeAsync(HttpClient client, string email, string password, string key, bool rememberMachine = false)
    {
        var first = await SignIn.PostLoginAsync(client, email, password);
        Assert.Contains("LoginWith2fa", first.Headers.Location!.ToString(), StringComparison.Ordinal);
        var page = await client.GetStringAsync(first.Headers.Location!.ToString().TrimStart('~'));
        var form = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Token(page),
            ["_handler"] = "login-with-2fa",
            ["Input.TwoFactorCode"] = Totp.Code(key),
        };
        if (rememberMachine)
        {
            form["Input.RememberMachine"] = "true";
        }

        return await client.PostAsync("/Account/LoginWith2fa", new FormUrlEncodedContent(form));
    }

    /// <summary>The antiforgery token of a page's form.</summary>
    public static string Token(string html)
    {
        var token = TokenPattern().Match(html);
        Assert.True(token.Success, "the page has a form with an antiforgery token");
        return WebUtility.HtmlDecode(token.Groups[1].Value);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("data-testid=\"shared-key\">([^<]+)<")]
    private static partial Regex SharedKeyPattern();

    [GeneratedRegex("<img class=\"cc-qr\" src=\"data:image/png;base64,[^\"]{200,}\"")]
    private static partial Regex QrPattern();
}
