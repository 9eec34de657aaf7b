using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

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
            ["Input.Code"] = Totp(key),
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
            ["Input.TwoFactorCode"] = Totp(key),
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

    /// <summary>RFC 6238 code (HMAC-SHA-1, 30 s steps, 6 digits) from a base32 key, as an authenticator app computes it.</summary>
    public static string Totp(string base32Key)
    {
        var key = Base32Decode(base32Key);
        var counter = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;
        var message = BitConverter.GetBytes(counter);
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(message);
        }

        var hash = HMACSHA1.HashData(key, message);
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] Base32Decode(string input)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bits = 0;
        var value = 0;
        var output = new List<byte>();
        foreach (var c in input.TrimEnd('=').ToUpperInvariant())
        {
            value = (value << 5) | Alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                output.Add((byte)(value >> (bits - 8)));
                bits -= 8;
            }
        }

        return [.. output];
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("data-testid=\"shared-key\">([^<]+)<")]
    private static partial Regex SharedKeyPattern();

    [GeneratedRegex("<img class=\"cc-qr\" src=\"data:image/png;base64,[^\"]{200,}\"")]
    private static partial Regex QrPattern();
}
