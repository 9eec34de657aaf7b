using Orleans;

namespace ConnectedCalifornia.Hosting;

/// <summary>
/// On a web node in <c>Client</c> role: how many of the cluster's gateways (silos) its Orleans client is connected to,
/// and an event whenever that changes. A gateway that goes away is usually a silo that died, and one that comes is a
/// silo that joined: the client has no membership view of its own, so this is its signal to act on either (the live
/// update bridge registers its node again at once). Not registered on nodes that host a silo: they watch membership.
/// </summary>
public sealed class ClusterGatewayWatch : IClusterConnectionStatusObserver
{
    private int _connected;

    /// <summary>Raised on Orleans' connection thread after every change; handlers must be quick and must not throw.</summary>
    public event Action? Changed;

    /// <summary>The gateways the client is connected to now (connections are opened as calls need them).</summary>
    public int ConnectedGateways => Volatile.Read(ref _connected);

    public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered)
    {
        Volatile.Write(ref _connected, currentNumberOfGateways);
        Changed?.Invoke();
    }

    public void NotifyClusterConnectionLost()
    {
        Volatile.Write(ref _connected, 0);
        Changed?.Invoke();
    }
}
