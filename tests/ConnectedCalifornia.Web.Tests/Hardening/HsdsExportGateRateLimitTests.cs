using System.Net;
using System.Text.Json;
using ConnectedCalifornia.Web.Directory;
using ConnectedCalifornia.Web.Directory.Hsds;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ConnectedCalifornia.Web.Tests.Hardening;

/// <summary>
/// The HSDS export's turn comes before its build, through real HTTP against the real app: while the only
/// turn is taken, an export of a newer version of the directory is refused at once and starts no build;
/// and exports asked at many host names are one build whose links start with the configured public
/// address, so rotating Host headers cannot make the node build the whole directory again and again.
/// </summary>
public sealed class HsdsExportGateRateLimitTests : IAsyncLifetime
{
    private const string PublicAddress = "https://directory.connectedcalifornia.example";

    private readonly NetworkAppFactory _app = new NetworkAppFactory()
        .WithSetting("ConnectedCalifornia:Mail:PublicBaseUrl", PublicAddress)
        .WithSetting("ConnectedCalifornia:Edge:RateLimits:HsdsExportsAtOnce", "1")
        .WithSetting("ConnectedCalifornia:Edge:RateLimits:HsdsExportQueue", "0")
        .WithSetting("ConnectedCalifornia:Edge:RateLimits:HsdsExportRetryAfterSeconds", "5")
        .WithSetting("ConnectedCalifornia:Edge:RateLimits:HsdsPerMinute", "100"); // all requests come from one address

    private DirectoryIndex _index = null!;
    private HsdsExportCache _cache = null!;

    public async Task InitializeAsync()
    {
        (await _app.CreateClient().GetAsync("/health/ready")).EnsureSuccessStatusCode();

        // Large enough (a few MB) that an export its client does not read stays in the middle of being sent.
        _index = _app.Services.GetRequiredService<DirectoryIndex>();
        _cache = _app.Services.GetRequiredService<HsdsExportCache>();
        var model = (await _index.SnapshotAsync()).Documents.First();
        for (var i = 0; i < 500; i++)
        {
            _index.Apply(model with { Id = $"gate-burst-{i}", Name = $"Gate Burst Listing {i}" });
        }
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task RateLimit_an_export_refused_for_want_of_a_turn_neither_waits_for_nor_starts_a_build()
    {
        using var holder = _app.CreateClient();
        var sending = await holder.GetAsync("/api/hsds/export", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, sending.StatusCode);

        // The directory changes while that export holds the only turn: the next export is of a version not built yet.
        var model = (await _index.SnapshotAsync()).Documents.First();
        _index.Apply(model with { Id = "gate-new-listing", Name = "Gate New Listing After The Turn" });
        var builds = _cache.Builds;

        using var other = _app.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            var refused = await other.GetAsync("/api/hsds/export");
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal("5", refused.Headers.GetValues("Retry-After").Single());
        }

        Assert.Equal(builds, _cache.Builds);

        // The turn is free once the first export was read; the next export builds the new version once and has the change.
        var first = await sending.Content.ReadAsStringAsync();
        Assert.DoesNotContain("Gate New Listing After The Turn", first, StringComparison.Ordinal);
        var next = await other.GetAsync("/api/hsds/export");
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Contains("Gate New Listing After The Turn", await next.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(builds + 1, _cache.Builds);
    }

    [Fact]
    public async Task Hardening_exports_asked_at_many_host_names_are_one_build_linking_to_the_public_address()
    {
        using var client = _app.CreateClient();
        var bodies = new List<string>();
        var etags = new List<string>();
        var builds = 0L;

        // Measured again if the index took another change meanwhile (a reconciliation), which is a new version.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var model = (await _index.SnapshotAsync()).Documents.First();
            _index.Apply(model with { Id = $"gate-host-listing-{attempt}", Name = $"Gate Host Listing {attempt}" });
            var generation = (await _index.SnapshotAsync()).Generation;
            builds = _cache.Builds;
            bodies.Clear();
            etags.Clear();
            for (var i = 0; i < 6; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/api/hsds/export");
                request.Headers.Host = $"mirror-{i}.example";
                var response = await client.SendAsync(request);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                bodies.Add(await response.Content.ReadAsStringAsync());
                etags.Add(response.Headers.ETag!.Tag);
            }

            if ((await _index.SnapshotAsync()).Generation == generation)
            {
                break;
            }
        }

        Assert.Equal(builds + 1, _cache.Builds);
        Assert.All(bodies, b => Assert.Equal(bodies[0], b));
        Assert.All(etags, e => Assert.Equal(etags[0], e));
        using (var dataset = JsonDocument.Parse(bodies[0]))
        {
            Assert.All(dataset.RootElement.GetProperty("organization").EnumerateArray(), o =>
                Assert.StartsWith(PublicAddress + "/organizations/", o.GetProperty("uri").GetString(), StringComparison.Ordinal));
        }

        Assert.DoesNotContain("mirror-", bodies[0], StringComparison.Ordinal);

        // The HSDA pages link to the same address whatever the Host.
        using var page = new HttpRequestMessage(HttpMethod.Get, "/api/hsds/organizations?per_page=3");
        page.Headers.Host = "mirror-9.example";
        using var rows = JsonDocument.Parse(await (await client.SendAsync(page)).EnsureSuccessStatusCode().Content.ReadAsStringAsync());
        Assert.All(rows.RootElement.GetProperty("contents").EnumerateArray(), o =>
            Assert.StartsWith(PublicAddress + "/organizations/", o.GetProperty("uri").GetString(), StringComparison.Ordinal));
    }
}
