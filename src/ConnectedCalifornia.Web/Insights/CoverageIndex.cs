using ConnectedCalifornia.Capacity;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Web.Directory;

namespace ConnectedCalifornia.Web.Insights;

/// <summary>
/// This node's coverage read model. The provider counts come from the <see cref="DirectoryIndex"/>
/// (already kept current by the organizations' announcements) and are counted again only when the
/// directory's version changed (<see cref="DirectoryVersion"/>: not a newer snapshot object of the same version,
/// and never back to an older version a late request read); beds come from the capacity index grain's statewide summary (one
/// call, the bed board's own read model). No organization or site grain is read on a page load.
/// </summary>
public sealed class CoverageIndex(DirectoryIndex directory, IGrainFactory grains, CountyAdjacency adjacency, TimeProvider clock)
{
    private volatile Counted? _counted;

    /// <summary>The coverage of all 58 counties now.</summary>
    public async Task<CoverageReport> StatewideAsync()
    {
        var snapshot = await directory.SnapshotAsync();
        var version = DirectoryVersion.Of(snapshot);
        var counted = _counted;
        if (counted is null || version.IsNewerThan(counted.Version))
        {
            counted = new Counted(version, CoverageModel.Count(snapshot));
            _counted = counted;
        }

        var capacity = await grains.GetGrain<ICapacityIndexGrain>(GrainKeys.CapacityIndex).GetStatewideSummary();
        return CoverageModel.Build(counted.Providers, capacity, adjacency, clock.GetUtcNow());
    }

    private sealed record Counted(DirectoryVersion Version, ProviderCounts Providers);
}
