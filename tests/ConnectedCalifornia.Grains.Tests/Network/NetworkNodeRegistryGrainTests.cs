using System.Collections.Immutable;
using ConnectedCalifornia.Testing;

namespace ConnectedCalifornia.Network.Tests;

[Collection(ClusterCollection.Name)]
public sealed class NetworkNodeRegistryGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_node_is_listed_while_it_renews_and_dropped_when_it_stops_renewing()
    {
        // A registry of its own, so the fixture's node (in the real registry) is not disturbed.
        var registry = fixture.Client.GetGrain<INetworkNodeRegistryGrain>(Random.Shared.NextInt64(1_000, long.MaxValue));
        var renewing = fixture.Client.CreateObjectReference<INetworkNodeObserver>(new SilentNode());
        var silent = fixture.Client.CreateObjectReference<INetworkNodeObserver>(new SilentNode());
        var leaving = fixture.Client.CreateObjectReference<INetworkNodeObserver>(new SilentNode());
        try
        {
            await registry.Register(renewing);
            await registry.Register(silent);
            await registry.Register(leaving);
            Assert.Equal(3, (await registry.GetNodes()).Length);

            await registry.Unregister(leaving);
            for (var i = 0; i < 5; i++)
            {
                ClusterFixture.RegistryClock.Advance(NetworkNodeRegistration.RenewalInterval);
                await registry.Register(renewing);
                await fixture.RegisterNodeAsync();
            }

            var nodes = await registry.GetNodes();
            Assert.Equal([renewing], nodes.AsEnumerable());
        }
        finally
        {
            foreach (var reference in new[] { renewing, silent, leaving })
            {
                fixture.Client.DeleteObjectReference<INetworkNodeObserver>(reference);
            }
        }
    }

    private sealed class SilentNode : INetworkNodeObserver
    {
        public Task Deliver(ImmutableArray<NetworkAnnouncement> announcements) => Task.CompletedTask;
    }
}
