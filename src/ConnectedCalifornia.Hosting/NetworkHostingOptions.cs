using System.Net;

namespace ConnectedCalifornia.Hosting;

/// <summary>How the network's Orleans cluster is laid out.</summary>
public enum NetworkTopology
{
    /// <summary>One process: a co-hosted silo with localhost clustering and grain state in a SQLite file.</summary>
    Embedded,

    /// <summary>Any number of nodes sharing PostgreSQL for clustering, grain state and reminders.</summary>
    Cluster,
}

/// <summary>What a node is in <see cref="NetworkTopology.Cluster"/>.</summary>
public enum NetworkNodeRole
{
    /// <summary>A web node that hosts a silo in its own process (the default).</summary>
    CoHostedSilo,

    /// <summary>A web node that connects to the silos of the cluster as an Orleans client.</summary>
    Client,

    /// <summary>A silo-only node (ConnectedCalifornia.Silo); configured like a co-hosted silo.</summary>
    Silo,
}

/// <summary>
/// The settings of section <c>ConnectedCalifornia</c> that choose the topology and the database.
/// Bound with the Options pattern; <see cref="NetworkHostingOptionsValidator"/> names a wrong setting.
/// </summary>
public sealed class NetworkHostingOptions
{
    public const string SectionName = "ConnectedCalifornia";

    public const string DefaultClusterId = "connected-california";

    public const string DefaultServiceId = "connected-california";

    public NetworkTopology Topology { get; set; } = NetworkTopology.Embedded;

    /// <summary>Role of this node in a cluster. Ignored by the embedded topology, which has exactly one node.</summary>
    public NetworkNodeRole Role { get; set; } = NetworkNodeRole.CoHostedSilo;

    /// <summary>Folder of the embedded SQLite file; a relative path is resolved against the current directory.</summary>
    public string DataDirectory { get; set; } = "data";

    public PostgreSqlOptions PostgreSql { get; set; } = new();

    public string ClusterId { get; set; } = DefaultClusterId;

    public string ServiceId { get; set; } = DefaultServiceId;

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// The address other nodes reach this silo on: an IP address, or <c>auto</c> for this host's
    /// first non-loopback IPv4 address (containers); loopback when not set.
    /// </summary>
    public string? AdvertisedIPAddress { get; set; }

    public const string AutoAddress = "auto";

    /// <summary>True when this node runs a silo (every embedded node, and cluster nodes other than clients).</summary>
    public bool HostsSilo => Topology == NetworkTopology.Embedded || Role != NetworkNodeRole.Client;

    public string GetDataDirectoryFullPath() => Path.GetFullPath(DataDirectory);

    public IPAddress GetAdvertisedIPAddress() => AdvertisedIPAddress switch
    {
        null or "" => IPAddress.Loopback,
        AutoAddress => Dns.GetHostAddresses(Dns.GetHostName())
            .FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !IPAddress.IsLoopback(a)) ?? IPAddress.Loopback,
        _ => IPAddress.Parse(AdvertisedIPAddress),
    };
}

/// <summary>Settings of <c>ConnectedCalifornia:PostgreSql</c>, used by the cluster topology.</summary>
public sealed class PostgreSqlOptions
{
    /// <summary>An Npgsql connection string; required in the cluster topology.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// The most connections one node opens, written into the connection string as <c>Maximum Pool Size</c>
    /// so that several nodes together stay under the server's <c>max_connections</c>.
    /// </summary>
    public int MaxPoolSize { get; set; } = 20;
}
