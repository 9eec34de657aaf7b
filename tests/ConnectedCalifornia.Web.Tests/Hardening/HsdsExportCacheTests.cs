using System.Collections.Immutable;
using System.Text;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Web.Directory;
using ConnectedCalifornia.Web.Directory.Hsds;
using ConnectedCalifornia.Web.Seeding;

namespace ConnectedCalifornia.Web.Tests.Hardening;

/// <summary>
/// The HSDS export cache keys by the version of the directory (the index's change count and the
/// taxonomy's version), not by the snapshot object: requests that read the same version share one
/// build, and a request that read the directory just before a change never makes it build the older
/// version again.
/// </summary>
public sealed class HsdsExportCacheTests
{
    private const string BaseUri = "https://network.example.org";

    private static readonly DateTimeOffset At = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly ImmutableArray<DirectoryDocument> Documents = [.. DemoNetworkData.Organizations.Select((o, i) => DirectoryDocument.From(
        new OrganizationDetails(o.Key, o.Profile, o.Verified ? VerificationStatus.Verified : VerificationStatus.Unverified, o.Verified ? At : null, [], false, i + 1, At)))];

    [Fact]
    public async Task Hardening_concurrent_requests_with_their_own_snapshots_of_one_version_share_one_build()
    {
        var cache = new HsdsExportCache();

        // Each request after a change takes its own snapshot object of the same version.
        var exports = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => cache.GetAsync(Snapshot(Documents, generation: 7), BaseUri))));

        Assert.Equal(1, cache.Builds);
        Assert.All(exports, e => Assert.Same(exports[0], e));
    }

    [Fact]
    public async Task Hardening_a_late_request_with_an_older_snapshot_gets_the_newer_export_and_builds_nothing()
    {
        var cache = new HsdsExportCache();
        var older = Snapshot(Documents, generation: 7);
        await cache.GetAsync(older, BaseUri);

        var added = Documents[0] with { Id = "cache-test-new-listing", Name = "Cache Test New Listing" };
        var newer = await cache.GetAsync(Snapshot([.. Documents, added], generation: 8), BaseUri);
        Assert.Equal(2, cache.Builds);

        // A request that read the directory before the change comes late: it is served the newer export.
        var late = await cache.GetAsync(older, BaseUri);
        Assert.Same(newer, late);
        Assert.Equal(2, cache.Builds);
        Assert.Contains("Cache Test New Listing", Text(late), StringComparison.Ordinal);

        // The same version again (another snapshot object) is still the one export.
        Assert.Same(newer, await cache.GetAsync(Snapshot([.. Documents, added], generation: 8), BaseUri));
        Assert.Equal(2, cache.Builds);
    }

    [Fact]
    public async Task Hardening_a_new_taxonomy_version_is_a_new_export_and_an_older_one_never_comes_back()
    {
        var cache = new HsdsExportCache();
        var seed = TaxonomyView.Seed;
        var renamed = new TaxonomyView(seed.Vocabularies with { Version = seed.Version + 1 });
        var before = await cache.GetAsync(Snapshot(Documents, generation: 3, taxonomy: seed), BaseUri);
        var after = await cache.GetAsync(Snapshot(Documents, generation: 3, taxonomy: renamed), BaseUri);

        Assert.NotSame(before, after);
        Assert.Same(after, await cache.GetAsync(Snapshot(Documents, generation: 3, taxonomy: seed), BaseUri));
        Assert.Equal(2, cache.Builds);
    }

    private static DirectorySnapshot Snapshot(IEnumerable<DirectoryDocument> documents, long generation, TaxonomyView? taxonomy = null) =>
        new(documents, taxonomy) { Generation = generation };

    private static string Text(HsdsExportCache.Export export) =>
        Encoding.UTF8.GetString([.. export.Chunks.SelectMany(c => c.ToArray())]);
}
