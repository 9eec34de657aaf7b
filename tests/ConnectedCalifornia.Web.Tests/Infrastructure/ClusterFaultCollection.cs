namespace ConnectedCalifornia.Web.Tests.Infrastructure;

/// <summary>
/// The tests that start several cluster nodes on PostgreSQL and kill one under load. They run one after another
/// (beside the rest of the suite, not beside each other): two of them at once on a two-core machine made each
/// other's detection and catch-up several times slower and their waits flaky.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ClusterFaultCollection
{
    public const string Name = "Cluster nodes killed under load";
}
