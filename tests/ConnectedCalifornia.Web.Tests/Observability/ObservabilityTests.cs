using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using ConnectedCalifornia.Capacity;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;

namespace ConnectedCalifornia.Web.Tests.Observability;

/// <summary>
/// /metrics through the real app: a local scraper reads the network's own counters, which a real command moves;
/// a caller the site's proxy relays from the internet is refused; labels hold kinds and results, never names.
/// </summary>
public sealed partial class ObservabilityTests(SeededAppFixture app) : IClassFixture<SeededAppFixture>
{
    private const string CountKind = "POST /api/capacity/sites/{siteId}/counts/{category}";

    [Fact]
    public async Task Metrics_from_a_private_address_count_a_posted_bed_count_and_its_announcement()
    {
        var (anonymous, _) = await app.ClientForAsync(null);
        var before = Value(await ScrapeAsync(anonymous), "connectedcalifornia_commands_total", CountKind, "accepted");

        var (staff, _) = await app.ClientForAsync(MatrixRole.ShelterStaff.Email());
        var response = await staff.PostAsJsonAsync($"/api/capacity/sites/{AuthorizationMatrix.Site}/counts/{CapacityCategories.Minors}", new { available = 1 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        string text = "";
        await Eventually.TrueAsync(async () =>
        {
            text = await ScrapeAsync(anonymous);
            return Value(text, "connectedcalifornia_commands_total", CountKind, "accepted") >= before + 1
                && text.Contains("connectedcalifornia_announcements_published_total{", StringComparison.Ordinal)
                && text.Contains("connectedcalifornia_announcements_delivered_total{", StringComparison.Ordinal);
        }, 20, "the count and its announcement in /metrics");

        // Labels are kinds and results only: no site, organization or person appears anywhere in the scrape.
        Assert.DoesNotContain(AuthorizationMatrix.Site, text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(MatrixRole.ShelterStaff.Email()!, text, StringComparison.OrdinalIgnoreCase);
        var labels = text.Split('\n').Where(l => l.StartsWith("connectedcalifornia_", StringComparison.Ordinal) && l.Contains('{'))
            .SelectMany(l => LabelPattern().Matches(l[l.IndexOf('{')..(l.LastIndexOf('}') + 1)]).Select(m => m.Groups[1].Value)).Distinct().ToList();
        Assert.Contains("kind", labels);
        Assert.All(labels, label => Assert.Contains(label, new[] { "kind", "result", "otel_scope_name", "otel_scope_version", "le" }));
    }

    [Fact]
    public async Task Metrics_relayed_from_a_public_address_are_refused()
    {
        var (client, _) = await app.ClientForAsync(null);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("connectedcalifornia_", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1", null, true)]
    [InlineData("::1", null, true)]
    [InlineData("10.1.2.3", null, true)]
    [InlineData("172.20.0.5", null, true)]
    [InlineData("192.168.1.9", null, true)]
    [InlineData("fd00::5", null, true)]
    [InlineData("::ffff:10.0.0.7", null, true)]
    [InlineData("172.32.0.1", null, false)]
    [InlineData("203.0.113.9", null, false)]
    [InlineData("2001:db8::1", null, false)]
    [InlineData("203.0.113.9", "Bearer scrape-secret", true)]
    [InlineData("203.0.113.9", "Bearer wrong", false)]
    [InlineData("203.0.113.9", "scrape-secret", false)]
    public void Metrics_are_for_private_addresses_or_the_configured_token(string remote, string? authorization, bool allowed) =>
        Assert.Equal(allowed, ConnectedCalifornia.Web.Authorization.NetworkAuthorizer.MayReadMetrics(IPAddress.Parse(remote), authorization, "scrape-secret"));

    [Fact]
    public void Without_a_configured_token_no_bearer_opens_metrics_to_a_public_address() =>
        Assert.False(ConnectedCalifornia.Web.Authorization.NetworkAuthorizer.MayReadMetrics(IPAddress.Parse("203.0.113.9"), "Bearer ", null));

    private static async Task<string> ScrapeAsync(HttpClient client)
    {
        var response = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static double Value(string text, string metric, string kind, string result)
    {
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(metric + "{", StringComparison.Ordinal) && line.Contains($"kind=\"{kind}\"", StringComparison.Ordinal)
                && line.Contains($"result=\"{result}\"", StringComparison.Ordinal))
            {
                return double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    /// <summary>Label names of the network's own series.</summary>
    [GeneratedRegex("[{,]([a-z_]+)=\"")]
    private static partial Regex LabelPattern();
}
