using System.Net;
using System.Net.Http.Headers;
using ConnectedCalifornia.Web.Tests.Infrastructure;

namespace ConnectedCalifornia.Web.Tests.Observability;

/// <summary>
/// /metrics over real HTTP (Kestrel on loopback, real sockets) behind proxies. Loopback is the trusted
/// proxy (the default); a private load balancer the app was not told to trust relays a caller from the
/// internet: the trusted hop's header is applied, so the request seems to come from the load balancer's
/// private address, and the caller's address is still left in X-Forwarded-For. That request is refused
/// unless it carries the metrics token; a scraper on loopback without forwarding headers reads metrics.
/// </summary>
public sealed class MetricsProxyObservabilityTests : IAsyncLifetime
{
    private const string Token = "scrape-token-behind-the-proxy";

    private readonly NetworkAppFactory _app = new NetworkAppFactory(seed: false)
        .WithSetting("ConnectedCalifornia:Observability:MetricsToken", Token);

    private HttpClient _http = null!;

    public Task InitializeAsync()
    {
        _app.UseKestrel(0);
        _app.StartServer();
        _http = new HttpClient { BaseAddress = new UriBuilder(_app.ClientOptions.BaseAddress) { Host = "127.0.0.1" }.Uri };
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Metrics_from_loopback_without_forwarding_headers_are_served()
    {
        var response = await _http.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("# TYPE ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_relayed_by_an_untrusted_private_proxy_from_a_public_address_are_refused()
    {
        // 127.0.0.1 (trusted) says it got the request from 10.0.0.5 (a load balancer nobody configured as
        // trusted), which says it got it from 203.0.113.7 (the internet).
        using var request = Metrics("X-Forwarded-For", "203.0.113.7, 10.0.0.5");
        var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("# TYPE ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_with_a_forwarded_header_the_app_does_not_read_are_refused()
    {
        // RFC 7239 Forwarded is not applied by the app, so it is never believed: the caller is unknown.
        using var request = Metrics("Forwarded", "for=203.0.113.7;proto=https");
        var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Metrics_relayed_by_an_untrusted_proxy_with_the_configured_token_are_served()
    {
        using var request = Metrics("X-Forwarded-For", "203.0.113.7, 10.0.0.5");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("# TYPE ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var wrong = Metrics("X-Forwarded-For", "203.0.113.7, 10.0.0.5");
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-token");
        Assert.Equal(HttpStatusCode.Forbidden, (await _http.SendAsync(wrong)).StatusCode);
    }

    [Theory]
    [InlineData("10.0.0.5", false, true)]
    [InlineData("10.0.0.5", true, false)]
    [InlineData("127.0.0.1", true, false)]
    public void Metrics_relayed_requests_need_the_token_whatever_the_proxy_address(string remote, bool relayed, bool allowed)
    {
        Assert.Equal(allowed, ConnectedCalifornia.Web.Authorization.NetworkAuthorizer.MayReadMetrics(IPAddress.Parse(remote), null, Token, relayed));
        Assert.True(ConnectedCalifornia.Web.Authorization.NetworkAuthorizer.MayReadMetrics(IPAddress.Parse(remote), "Bearer " + Token, Token, relayed));
    }

    private static HttpRequestMessage Metrics(string header, string value)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.TryAddWithoutValidation(header, value);
        return request;
    }
}
