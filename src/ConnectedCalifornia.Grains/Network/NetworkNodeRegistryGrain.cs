using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace ConnectedCalifornia.Network;

/// <summary>
/// The live web nodes (key <see cref="GrainKeys.NodeRegistry"/>), kept by an
/// <see cref="ObserverManager{TObserver}"/> in memory only. A registration expires after
/// <see cref="NetworkNodeRegistration.Expiration"/> unless renewed; nodes renew every
/// <see cref="NetworkNodeRegistration.RenewalInterval"/>, so a dead node disappears within two
/// minutes, and after this grain is reactivated every live node is back within 30 seconds.
/// </summary>
public sealed class NetworkNodeRegistryGrain : Grain, INetworkNodeRegistryGrain
{
    private readonly ObserverManager<INetworkNodeObserver> _nodes;

    public NetworkNodeRegistryGrain(
        [FromKeyedServices(NetworkClock.NodeRegistryKey)] TimeProvider clock,
        ILogger<NetworkNodeRegistryGrain> logger)
    {
        _nodes = new ObserverManager<INetworkNodeObserver>(NetworkNodeRegistration.Expiration, logger)
        {
            GetDateTime = () => clock.GetUtcNow().UtcDateTime,
        };
    }

    public Task Register(INetworkNodeObserver node)
    {
        ArgumentNullException.ThrowIfNull(node);
        _nodes.Subscribe(node, node);
        return Task.CompletedTask;
    }

    public Task Unregister(INetworkNodeObserver node)
    {
        ArgumentNullException.ThrowIfNull(node);
        _nodes.Unsubscribe(node);
        return Task.CompletedTask;
    }

    public Task<ImmutableArray<INetworkNodeObserver>> GetNodes()
    {
        _nodes.ClearExpired();
        return Task.FromResult<ImmutableArray<INetworkNodeObserver>>([.. _nodes]);
    }
}
