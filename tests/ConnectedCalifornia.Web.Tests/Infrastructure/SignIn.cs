using System.Net;
using System.Text.RegularExpressions;
using ConnectedCalifornia.Web.Seeding;

namespace ConnectedCalifornia.Web.Tests.Infrastructure;

/// <summary>Signs in through the real sign-in form (antiforgery token and all), as a browser does.</summary>
public static partial class SignIn
{
    public static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string email, string password)
    {
        var page = await client.GetStringAsync("/Account/Login");
        var token = TokenPattern().Match(page);
        Assert.True(token.Success, "the sign-in form has an antiforgery token");
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            ["_handler"] = "login",
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        return await client.PostAsync("/Account/Login", form);
    }

    /// <summary>Signs the client in as a demo user and returns the cookie header for SignalR.</summary>
    public static async Task<string> AsAsync(HttpClient client, NetworkAppFactory factory, string email)
    {
        var response = await PostLoginAsync(client, email, DemoNetworkData.DemoPassword);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"sign-in of {email} answered {(int)response.StatusCode}");
        var cookies = response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]);
        return string.Join("; ", cookies);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
