using System.Collections.Immutable;
using System.Text;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Web.Directory;
using ConnectedCalifornia.Web.Directory.Hsds;
using ConnectedCalifornia.Web.Notifications;
using ConnectedCalifornia.Web.Seeding;
using Microsoft.Extensions.Options;

namespace ConnectedCalifornia.Web.Tests.Hardening;

/// <summary>
/// The HSDS export cache keys by the version of the directory (the index's change count and the
/// taxonomy's version), not by the snapshot object: requests that read the same version share one
/// build, and a request that read the directory just before a change never makes it build the older
/// version again. Builds run one at a time, a version overtaken while it waited for the build before
/// it is never built, and a build that failed is built again by the next request.
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
        var cache = new HsdsExportCache(Options.Create(new MailOptions { PublicBaseUrl = BaseUri }));

        // Each request after a change takes its own snapshot object of the same version.
        var exports = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => cache.GetAsync(Snapshot(Documents, generation: 7)))));

        Assert.Equal(1, cache.Builds);
        Assert.All(exports, e => Assert.Same(exports[0], e));
    }

    [Fact]
    public async Task Hardening_a_late_request_with_an_older_snapshot_gets_the_newer_export_and_builds_nothing()
    {
        var cache = new HsdsExportCache(Options.Create(new MailOptions { PublicBaseUrl = BaseUri }));
        var older = Snapshot(Documents, generation: 7);
        await cache.GetAsync(older);

        var added = Documents[0] with { Id = "cache-test-new-listing", Name = "Cache Test New Listing" };
        var newer = await cache.GetAsync(Snapshot([.. Documents, added], generation: 8));
        Assert.Equal(2, cache.Builds);

        // A request that read the directory before the change comes late: it is served the newer export.
        var late = await cache.GetAsync(older);
        Assert.Same(newer, late);
        Assert.Equal(2, cache.Builds);
        Assert.Contains("Cache Test New Listing", Text(late), StringComparison.Ordinal);

        // The same version again (another snapshot object) is still the one export.
        Assert.Same(newer, await cache.GetAsync(Snapshot([.. Documents, added], generation: 8)));
        Assert.Equal(2, cache.Builds);
    }

    [Fact]
    public async Task Hardening_a_new_taxonomy_version_is_a_new_export_and_an_older_one_never_comes_back()
    {
        var cache = new HsdsExportCache(Options.Create(new MailOptions { PublicBaseUrl = BaseUri }));
        var seed = TaxonomyView.Seed;
        var renamed = new TaxonomyView(seed.Vocabularies with { Version = seed.Version + 1 });
        var before = await cache.GetAsync(Snapshot(Documents, generation: 3, taxonomy: seed));
        var after = await cache.GetAsync(Snapshot(Documents, generation: 3, taxonomy: renamed));

        Assert.NotSame(before, after);
        Assert.Same(after, await cache.GetAsync(Snapshot(Documents, generation: 3, taxonomy: seed)));
        Assert.Equal(2, cache.Builds);
    }

    [Fact]
    public async Task Hardening_a_newer_version_asked_for_mid_build_waits_for_that_build_and_skips_the_versions_between()
    {
        var cache = new HsdsExportCache(Options.Create(new MailOptions { PublicBaseUrl = BaseUri }));

        // A directory large enough that its build is still running when the next versions are asked for.
        ImmutableArray<DirectoryDocument> many = [.. Enumerable.Range(0, 25).SelectMany(i => Documents.Select(d => d with { Id = $"{d.Id}-{i}" }))];
        var first = cache.GetAsync(Snapshot(many, generation: 1));
        while (cache.Builds == 0)
        {
            await Task.Delay(1);
        }

        var second = cache.GetAsync(Snapshot([.. many, Documents[0] with { Id = "mid-build-second", Name = "Mid Build Second" }], generation: 2));
        var third = cache.GetAsync(Snapshot([.. many, Documents[0] with { Id = "mid-build-third", Name = "Mid Build Third" }], generation: 3));
        Assert.False(first.IsCompleted, "the first build ended before the newer versions were asked for; make the directory larger");

        // One build at a time: nothing else starts while the first runs.
        Assert.Equal(1, cache.Builds);

        var exports = await Task.WhenAll(first, second, third);
        Assert.Equal(2, cache.Builds);
        Assert.DoesNotContain("Mid Build", Text(exports[0]), StringComparison.Ordinal);
        Assert.Same(exports[2], exports[1]);
        Assert.Contains("Mid Build Third", Text(exports[2]), StringComparison.Ordinal);
        Assert.DoesNotContain("Mid Build Second", Text(exports[2]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hardening_a_failed_build_is_not_kept_and_the_next_request_builds_its_version_again()
    {
        var mail = new MailOptions { PublicBaseUrl = null! };
        var cache = new HsdsExportCache(Options.Create(mail));
        var snapshot = Snapshot(Documents, generation: 5);

        await Assert.ThrowsAnyAsync<Exception>(() => cache.GetAsync(snapshot));
        Assert.Null(cache.Built(snapshot));
        Assert.Equal(1, cache.Builds);

        mail.PublicBaseUrl = BaseUri;
        var export = await cache.GetAsync(Snapshot(Documents, generation: 5));
        Assert.Equal(2, cache.Builds);
        Assert.Contains(BaseUri + "/organizations/", Text(export), StringComparison.Ordinal);
        Assert.Same(export, cache.Built(snapshot));
        Assert.Same(export, await cache.GetAsync(snapshot));
        Assert.Equal(2, cache.Builds);
    }

    private static DirectorySnapshot Snapshot(IEnumerable<DirectoryDocument> documents, long generation, TaxonomyView? taxonomy = null) =>
        new(documents, taxonomy) { Generation = generation };

    private static string Text(HsdsExportCache.Export export) =>
        Encoding.UTF8.GetString([.. export.Chunks.SelectMany(c => c.ToArray())]);
}
