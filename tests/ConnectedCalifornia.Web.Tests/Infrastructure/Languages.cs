using System.Net;
using ConnectedCalifornia.Web.Seeding;

namespace ConnectedCalifornia.Web.Tests.Infrastructure;

/// <summary>
/// The language switch as a browser uses it (the form on every page, antiforgery token and all): for a
/// signed-in client it also saves the choice with the account (the <c>cc:language</c> claim).
/// </summary>
public static class Languages
{
    /// <summary>Posts the switch; the answer is a redirect to <paramref name="returnUrl"/> (or a 400 for an unknown language).</summary>
    public static async Task<HttpResponseMessage> ChooseAsync(HttpClient client, string culture, string returnUrl = "/")
    {
        var page = await client.GetStringAsync("/");
        return await client.PostAsync("/culture", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = FormToken.From(page),
            ["culture"] = culture,
            ["returnUrl"] = returnUrl,
        }));
    }

    /// <summary>Signs <paramref name="email"/> (a demo account) in on a fresh client and saves <paramref name="culture"/> as their language.</summary>
    public static async Task SaveForAsync(NetworkAppFactory factory, string email, string culture)
    {
        using var browser = factory.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.Redirect, (await SignIn.PostLoginAsync(browser, email, DemoNetworkData.DemoPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await ChooseAsync(browser, culture)).StatusCode);
    }
}
