using System.Collections.Immutable;

namespace ConnectedCalifornia.Network;

/// <summary>
/// One web node's live-update bridge, as seen from the grains: every node registers one
/// observer, and every announcement reaches every node, which fans it out to its own Blazor
/// circuits and SignalR connections.
/// </summary>
[Alias("cc.INetworkNodeObserver")]
public interface INetworkNodeObserver : IGrainObserver
{
    /// <summary>Takes a batch; the call returns when this node has fanned it out, so the sender sends the next one after it.</summary>
    [Alias("Deliver")]
    Task Deliver(ImmutableArray<NetworkAnnouncement> announcements);
}

/// <summary>How web nodes keep their registration with <see cref="INetworkNodeRegistryGrain"/> alive.</summary>
public static class NetworkNodeRegistration
{
    /// <summary>How often a node calls <see cref="INetworkNodeRegistryGrain.Register"/> again.</summary>
    public static readonly TimeSpan RenewalInterval = TimeSpan.FromSeconds(30);

    /// <summary>How long a registration lives without renewal.</summary>
    public static readonly TimeSpan Expiration = TimeSpan.FromMinutes(2);
}

/// <summary>
/// The list of live web nodes (key <see cref="GrainKeys.NodeRegistry"/>). Registrations live in
/// memory and expire after <see cref="NetworkNodeRegistration.Expiration"/> (2 minutes) unless
/// renewed: every node calls <see cref="Register"/> again every
/// <see cref="NetworkNodeRegistration.RenewalInterval"/> (30 seconds), which also puts it back after
/// the registry grain was reactivated elsewhere. A node that stops calls <see cref="Unregister"/>.
/// Every silo's announcement publisher reads <see cref="GetNodes"/> every few seconds.
/// </summary>
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

/// <summary>
/// The readiness probe: answers from the silo that takes the call (a stateless worker is activated on the
/// caller's own silo, or on the gateway silo of an Orleans client), so it tells whether this node can reach a
/// silo at all, whichever silo any other grain lives on.
/// </summary>
[Alias("cc.IHealthProbeGrain")]
public interface IHealthProbeGrain : IGrainWithIntegerKey
{
    /// <summary>The address of the silo that answered.</summary>
    [Alias("Ping")]
    Task<string> Ping();
}
