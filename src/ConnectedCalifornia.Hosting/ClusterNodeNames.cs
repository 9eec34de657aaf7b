using System.Globalization;

namespace ConnectedCalifornia.Hosting;

/// <summary>
/// The name each silo gives itself in the cluster's membership table: its role, its host and its silo port
/// (<c>web-host1-11111</c> for a web node's co-hosted silo, <c>silo-host2-11111</c> for a silo-only node), so the
/// cluster page (<c>/admin/cluster</c>) can say which kind of node a silo is.
/// </summary>
public static class ClusterNodeNames
{
    private const string WebPrefix = "web-";
    private const string SiloPrefix = "silo-";

    public static string Of(NetworkNodeRole role, string hostName, int siloPort) =>
        string.Create(CultureInfo.InvariantCulture, $"{(role == NetworkNodeRole.Silo ? SiloPrefix : WebPrefix)}{hostName}-{siloPort}");

    /// <summary>The role a silo's name says (<see cref="NetworkNodeRole.CoHostedSilo"/> or <see cref="NetworkNodeRole.Silo"/>); null for a name this app did not give.</summary>
    public static NetworkNodeRole? RoleOf(string? siloName) =>
        siloName is null ? null
        : siloName.StartsWith(SiloPrefix, StringComparison.Ordinal) ? NetworkNodeRole.Silo
        : siloName.StartsWith(WebPrefix, StringComparison.Ordinal) ? NetworkNodeRole.CoHostedSilo
        : null;
}
