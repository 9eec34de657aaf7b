using System.Net;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;

namespace ConnectedCalifornia.Web.Tests.Localization;

/// <summary>
/// The language of a page: the browser's Accept-Language, overridden by the language switch's cookie, overridden
/// at sign-in by the person's saved choice; &lt;html lang&gt; follows. Real requests through the real app.
/// </summary>
public sealed class LocalizationTests(SeededAppFixture app) : IClassFixture<SeededAppFixture>
{
    [Fact]
    public async Task Localization_a_spanish_browser_gets_the_shell_and_home_in_spanish_with_html_lang_es()
    {
        using var client = app.Factory.CreateBrowserLikeClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.AcceptLanguage.ParseAdd("es-MX,es;q=0.9,en;q=0.5");
        var html = WebUtility.HtmlDecode(await (await client.SendAsync(request)).Content.ReadAsStringAsync());

        Assert.Contains("<html lang=\"es\">", html, StringComparison.Ordinal);
        Assert.Contains("Una red en vivo contra la trata de personas en California", html, StringComparison.Ordinal);
        Assert.Contains("Línea Nacional contra la Trata de Personas", html, StringComparison.Ordinal);
        Assert.Contains(">Directorio<", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Find help in the directory", html, StringComparison.Ordinal);

        var english = await client.GetStringAsync("/");
        Assert.Contains("<html lang=\"en\">", english, StringComparison.Ordinal);
        Assert.Contains("One live network against human trafficking in California", english, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Localization_the_switch_sets_a_cookie_that_wins_over_the_browser_and_only_returns_to_this_site()
    {
        using var client = app.Factory.CreateBrowserLikeClient();
        var chosen = await ChooseAsync(client, "es", "/organizations?county=06019");
        Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
        Assert.Equal("/organizations?county=06019", chosen.Headers.Location!.OriginalString);
        Assert.Contains(chosen.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".cc.culture=c%3Des%7Cuic%3Des", StringComparison.Ordinal));

        // The cookie wins over an English browser.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.AcceptLanguage.ParseAdd("en-US");
        Assert.Contains("<html lang=\"es\">", await (await client.SendAsync(request)).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Another site's address is never a destination; an unknown language changes nothing.
        Assert.Equal("/", (await ChooseAsync(client, "en", "//evil.example/phish")).Headers.Location!.OriginalString);
        Assert.Equal("/", (await ChooseAsync(client, "en", "https://evil.example/")).Headers.Location!.OriginalString);
        Assert.Equal("/", (await ChooseAsync(client, "en", "/\t/evil.example/")).Headers.Location!.OriginalString);
        Assert.Equal("/", (await ChooseAsync(client, "en", "/\\evil.example/")).Headers.Location!.OriginalString);
        var unknown = await ChooseAsync(client, "fr", "/");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.False(unknown.Headers.Contains("Set-Cookie") && unknown.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith(".cc.culture", StringComparison.Ordinal)));
        Assert.Contains("<html lang=\"en\">", await client.GetStringAsync("/"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Localization_a_persons_saved_language_follows_them_to_a_new_device_at_sign_in()
    {
        var email = MatrixRole.ShelterStaff.Email()!;
        using (var laptop = app.Factory.CreateBrowserLikeClient())
        {
            Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(laptop, email)).StatusCode);
            Assert.Equal(HttpStatusCode.Redirect, (await ChooseAsync(laptop, "es", "/")).StatusCode);
        }

        try
        {
            // A phone that never chose a language, with an English browser: signing in brings Spanish.
            using var phone = app.Factory.CreateBrowserLikeClient();
            var signedIn = await SignInAsync(phone, email);
            Assert.Contains(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".cc.culture=c%3Des%7Cuic%3Des", StringComparison.Ordinal));
            using var request = new HttpRequestMessage(HttpMethod.Get, "/");
            request.Headers.AcceptLanguage.ParseAdd("en-US");
            var html = WebUtility.HtmlDecode(await (await phone.SendAsync(request)).Content.ReadAsStringAsync());
            Assert.Contains("<html lang=\"es\">", html, StringComparison.Ordinal);
            Assert.Contains(">Mi red<", html, StringComparison.Ordinal);
        }
        finally
        {
            using var reset = app.Factory.CreateBrowserLikeClient();
            await SignInAsync(reset, email);
            await ChooseAsync(reset, "en", "/");
        }
    }

    private static Task<HttpResponseMessage> ChooseAsync(HttpClient client, string culture, string returnUrl) => Languages.ChooseAsync(client, culture, returnUrl);

    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, string email) =>
        SignIn.PostLoginAsync(client, email, ConnectedCalifornia.Web.Seeding.DemoNetworkData.DemoPassword);
}
