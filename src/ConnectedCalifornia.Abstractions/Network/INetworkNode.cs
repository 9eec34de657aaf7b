using System.Collections.Immutable;
using Orleans.Concurrency;

namespace ConnectedCalifornia.Network;

/// <summary>
/// One web node's live-update bridge, as seen from the grains: every node registers one
/// observer, and every announcement reaches every node, which fans it out to its own Blazor
/// circuits and SignalR connections.
/// </summary>
[Alias("cc.INetworkNodeObserver")]
public interface INetworkNodeObserver : IGrainObserver
{
    [OneWay, Alias("Deliver")]
    Task Deliver(ImmutableArray<NetworkAnnouncement> announcements);
}

/// <summary>The list of live web nodes. Registrations expire unless renewed.</summary>
[Alias("cc.INetworkNodeRegistryGrain")]
public interface INetworkNodeRegistryGrain : IGrainWithIntegerKey
{
    [Alias("Register")]
    Task Register(INetworkNodeObserver node);

    [Alias("Unregister")]
    Task Unregister(INetworkNodeObserver node);

    [Alias("GetNodes")]
    Task<ImmutableArray<INetworkNodeObserver>> GetNodes();
}
