using System.Net;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ConnectedCalifornia.Web.Tests.Hardening;

/// <summary>
/// The app in Production behind a reverse proxy: requests arrive from the proxy's address with
/// X-Forwarded-Proto and X-Forwarded-For. Only a trusted proxy is believed (loopback by default).
/// </summary>
public sealed class ForwardedHeadersTests : IAsyncLifetime
{
    private const string AdminEmail = "first.admin@forwarded.example";
    private const string AdminPassword = "Forwarded-Admin-2026!";

    private readonly ProxiedAppFactory _app = (ProxiedAppFactory)new ProxiedAppFactory()
        .WithDefaultEdgeLimits()
        .WithSetting("ConnectedCalifornia:Edge:RateLimits:ApiPerMinute", "3")
        .WithSetting("ConnectedCalifornia:FirstAdmin:Email", AdminEmail)
        .WithSetting("ConnectedCalifornia:FirstAdmin:Password", AdminPassword);

    public async Task InitializeAsync() => (await _app.CreateClient().GetAsync("/health/ready")).EnsureSuccessStatusCode();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ForwardedHeaders_https_through_a_trusted_proxy_gives_secure_cookies_and_hsts()
    {
        _app.RemoteAddress = IPAddress.Loopback;

        // The proxy speaks plain HTTP to the app, so the test carries the cookies itself, as the browser
        // (which sees https) would; a cookie jar would withhold Secure cookies from an http address.
        using var client = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        client.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.7");
        client.DefaultRequestHeaders.Host = "network.example.org";

        var page = await client.GetAsync("/Account/Login");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("max-age=", page.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
        var cookies = page.Headers.GetValues("Set-Cookie").ToList();
        Assert.All(cookies, c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));

        var token = System.Text.RegularExpressions.Regex.Match(await page.Content.ReadAsStringAsync(), "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        using var login = new HttpRequestMessage(HttpMethod.Post, "/Account/Login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
                ["_handler"] = "login",
                ["Input.Email"] = AdminEmail,
                ["Input.Password"] = AdminPassword,
            }),
        };
        login.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => c.Split(';')[0])));
        var signedIn = await client.SendAsync(login);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var auth = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("cc.auth=", StringComparison.Ordinal));
        Assert.Contains("secure", auth, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", auth, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ForwardedHeaders_from_an_untrusted_address_are_ignored()
    {
        _app.RemoteAddress = IPAddress.Parse("203.0.113.9");
        using var client = _app.CreateBrowserLikeClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        client.DefaultRequestHeaders.Host = "network.example.org";

        var page = await client.GetAsync("/Account/Login");

        Assert.False(page.Headers.Contains("Strict-Transport-Security"));
        Assert.All(page.Headers.GetValues("Set-Cookie"), c => Assert.DoesNotContain("secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task ForwardedHeaders_rate_limits_count_the_forwarded_client_not_the_proxy()
    {
        _app.RemoteAddress = IPAddress.Loopback;
        async Task<HttpStatusCode[]> BurstAsync(string client)
        {
            using var http = _app.CreateClient();
            http.DefaultRequestHeaders.Add("X-Forwarded-For", client);
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < 4; i++)
            {
                statuses.Add((await http.GetAsync("/api/initiatives/")).StatusCode);
            }

            return [.. statuses];
        }

        var first = await BurstAsync("198.51.100.20");
        var second = await BurstAsync("198.51.100.21");

        // Each client has its own three requests a minute; the proxy's address is not one shared bucket.
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], first);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], second);
    }

    /// <summary>Production, no demo; every request arrives from <see cref="RemoteAddress"/> (the proxy, or a client calling directly).</summary>
    private sealed class ProxiedAppFactory() : NetworkAppFactory(seed: false, environment: "Production")
    {
        public IPAddress RemoteAddress { get; set; } = IPAddress.Loopback;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new ConnectionFrom(this)));
        }

        private sealed class ConnectionFrom(ProxiedAppFactory factory) : IStartupFilter
        {
            public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
            {
                app.Use((HttpContext http, RequestDelegate inner) =>
                {
                    http.Connection.RemoteIpAddress = factory.RemoteAddress;
                    return inner(http);
                });
                next(app);
            };
        }
    }
}
