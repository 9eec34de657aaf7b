using ConnectedCalifornia.Testing;
using static ConnectedCalifornia.Testing.TestData;

namespace ConnectedCalifornia.Directory.Tests;

[Collection(ClusterCollection.Name)]
public sealed class CatalogGrainTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Client;

    [Fact]
    public async Task The_stamp_changes_with_every_new_line_or_newer_version_and_only_then()
    {
        var catalog = _grains.GetGrain<ICatalogGrain>(NewKey("catalog"));
        Assert.Equal(new CatalogStamp(0, 0), await catalog.Stamp());

        await catalog.Upsert(new CatalogEntry("harbor", "Harbor", [Fresno], "Nonprofit", 1));
        var one = await catalog.Stamp();
        Assert.Equal(new CatalogStamp(1, 1), one);

        // A stale or identical line changes nothing, so the stamp stays.
        await catalog.Upsert(new CatalogEntry("harbor", "Harbor", [Fresno], "Nonprofit", 1));
        await catalog.Upsert(new CatalogEntry("harbor", "Old harbor", [Fresno], "Nonprofit", 0));
        Assert.Equal(one, await catalog.Stamp());

        await catalog.Upsert(new CatalogEntry("harbor", "Harbor House", [Fresno], "Nonprofit", 2));
        var two = await catalog.Stamp();
        Assert.NotEqual(one, two);

        await catalog.Upsert(new CatalogEntry("orchard", "Orchard", [Fresno], "Nonprofit", 1));
        Assert.NotEqual(two, await catalog.Stamp());
        Assert.Equal(2, (await catalog.List()).Length);
    }
}
