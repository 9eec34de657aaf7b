using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using ConnectedCalifornia.Web.Directory;
using ConnectedCalifornia.Web.Directory.Hsds;
using ConnectedCalifornia.Web.Seeding;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ConnectedCalifornia.Web.Tests.Hardening;

/// <summary>
/// Issue 14 item 11 through real HTTP against the real app: a burst of HSDS exports takes a few turns
/// (one here), a short queue (one) and answers the rest 429 with Retry-After and a ProblemDetails body,
/// while readiness keeps answering; the body sent piece by piece from the cache is exactly the
/// directory's HSDS serialization, and a change to the directory is in the next export.
/// </summary>
public sealed class HsdsExportRateLimitTests : IAsyncLifetime
{
    private const int Burst = 6;

    private readonly NetworkAppFactory _app = new NetworkAppFactory()
        .WithSetting("ConnectedCalifornia:Edge:RateLimits:HsdsExportsAtOnce", "1")
        .WithSetting("ConnectedCalifornia:Edge:RateLimits:HsdsExportQueue", "1")
        .WithSetting("ConnectedCalifornia:Edge:RateLimits:HsdsExportRetryAfterSeconds", "7");

    public async Task InitializeAsync()
    {
        (await _app.CreateClient().GetAsync("/health/ready")).EnsureSuccessStatusCode();

        // A directory large enough (a few MB of HSDS) that an export not read by its client stays in
        // the middle of being sent: the test server's response pipe holds 64 kB.
        var index = _app.Services.GetRequiredService<DirectoryIndex>();
        var model = (await index.SnapshotAsync()).Documents.First();
        for (var i = 0; i < 500; i++)
        {
            index.Apply(model with { Id = $"export-burst-{i}", Name = $"Export Burst Listing {i}" });
        }
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task RateLimit_a_burst_of_hsds_exports_beyond_the_queue_answers_429_while_readiness_answers()
    {
        var clients = Enumerable.Range(0, Burst).Select(_ => _app.CreateClient()).ToList();
        var sends = clients.Select(c => c.GetAsync("/api/hsds/export", HttpCompletionOption.ResponseHeadersRead)).ToList();

        // One export is being sent (its client reads nothing yet), one waits for its turn, the rest are refused at once.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (sends.Count(s => s.IsCompleted) < Burst - 1 && DateTime.UtcNow < deadline)
        {
            await Task.WhenAny(Task.WhenAny(sends.Where(s => !s.IsCompleted)), Task.Delay(200));
        }

        var answered = sends.Where(s => s.IsCompleted).Select(s => s.Result).ToList();
        Assert.Equal(Burst - 1, answered.Count);
        var sending = Assert.Single(answered, r => r.StatusCode == HttpStatusCode.OK);
        var refused = answered.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.Equal(Burst - 2, refused.Count);
        var waiting = sends.Single(s => !s.IsCompleted);
        foreach (var response in refused)
        {
            Assert.Equal("7", response.Headers.GetValues("Retry-After").Single());
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Null(response.Headers.ETag);
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal(429, problem.RootElement.GetProperty("status").GetInt32());
            Assert.Contains("7 seconds", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        // Readiness, the API and a revalidation (304 needs no turn) answer while every turn is taken.
        using var other = _app.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/health/ready")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/hsds/organizations?per_page=5")).StatusCode);
        using (var revalidate = new HttpRequestMessage(HttpMethod.Get, "/api/hsds/export"))
        {
            revalidate.Headers.IfNoneMatch.Add(sending.Headers.ETag!);
            Assert.Equal(HttpStatusCode.NotModified, (await other.SendAsync(revalidate)).StatusCode);
        }

        Assert.False(waiting.IsCompleted, "the queued export was sent before the one ahead of it finished");

        // Reading the first export to the end frees its turn for the one that waited.
        var first = await sending.Content.ReadAsByteArrayAsync();
        var second = await (await waiting.WaitAsync(TimeSpan.FromSeconds(60))).EnsureSuccessStatusCode().Content.ReadAsByteArrayAsync();
        Assert.Equal(first, second);
        Assert.Equal(await FreshSerializationAsync(), first);
        Assert.Equal(first.LongLength, sending.Content.Headers.ContentLength);

        // With the turns free again, the next export is sent at once.
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/hsds/export")).StatusCode);
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    [Fact]
    public async Task Hardening_the_cached_export_is_the_fresh_serialization_and_a_directory_change_is_in_the_next_one()
    {
        using var anonymous = _app.CreateClient();
        var built = await anonymous.GetAsync("/api/hsds/export");
        var cached = await anonymous.GetAsync("/api/hsds/export");
        var body = await built.Content.ReadAsByteArrayAsync();

        // The same bytes and ETag from the cache as from the build, and both exactly what serializing the directory gives.
        Assert.Equal(body, await cached.Content.ReadAsByteArrayAsync());
        Assert.Equal(built.Headers.ETag, cached.Headers.ETag);
        var fresh = await FreshSerializationAsync();
        Assert.Equal(fresh, body);
        Assert.Equal($"\"{Convert.ToHexString(SHA256.HashData(fresh), 0, 16)}\"", built.Headers.ETag!.Tag);
        using (var dataset = JsonDocument.Parse(body))
        {
            Assert.Contains(dataset.RootElement.GetProperty("organization").EnumerateArray(), o => o.GetProperty("name").GetString() == "Export Burst Listing 499");
        }

        // A curator changes a listing (stored by its grain); the next export is a new version with the change.
        using var curator = _app.CreateBrowserLikeClient();
        await SignIn.AsAsync(curator, _app, MatrixRole.Curator.Email()!);
        var profile = DemoNetworkData.FindOrganization(AuthorizationMatrix.Org)!.Profile with { Description = "Shelter with a Saturday legal clinic from June." };
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
        (await curator.PutAsJsonAsync($"/api/organizations/{AuthorizationMatrix.Org}/profile", profile, json)).EnsureSuccessStatusCode();
        // Other writes (the index catching up) can make a new version first: wait for the one with the change.
        HttpResponseMessage? changed = null;
        var after = string.Empty;
        await Eventually.TrueAsync(async () =>
        {
            changed = await anonymous.GetAsync("/api/hsds/export");
            after = await changed.Content.ReadAsStringAsync();
            return changed.Headers.ETag != built.Headers.ETag && after.Contains("Saturday legal clinic from June", StringComparison.Ordinal);
        }, what: "An export with the curator's change");
        Assert.DoesNotContain("Saturday legal clinic", System.Text.Encoding.UTF8.GetString(body), StringComparison.Ordinal);
        Assert.Equal(await FreshSerializationAsync(), System.Text.Encoding.UTF8.GetBytes(after));
    }

    /// <summary>
    /// The current directory serialized in one piece, the way the export was made before it was cached and sent in
    /// pieces, with links to the app's configured public address (which the export uses whatever the Host).
    /// </summary>
    private async Task<byte[]> FreshSerializationAsync()
    {
        var snapshot = await _app.Services.GetRequiredService<DirectoryIndex>().SnapshotAsync();
        var baseUri = HsdsExporter.BaseUriOf(_app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ConnectedCalifornia.Web.Notifications.MailOptions>>().Value);
        return JsonSerializer.SerializeToUtf8Bytes(HsdsExporter.Export(snapshot.Documents, baseUri, snapshot.Taxonomy), HsdsJson.Options);
    }
}
