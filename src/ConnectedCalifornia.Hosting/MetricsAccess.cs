using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace ConnectedCalifornia.Hosting;

/// <summary>
/// Who may read a node's <c>/metrics</c>, web node or silo-only node: the rule itself, here so both hosts apply the
/// same one (the web node asks it through <c>NetworkAuthorizer.MayReadMetrics</c>, with the matrix and its tests).
/// A caller on loopback or a private network (10/8, 172.16/12, 192.168/16, IPv6 unique-local and link-local), or any
/// caller with the configured bearer token. A request that still names another client (<paramref name="relayed"/>)
/// needs the token. A connection without an address (Unix socket, in-process host) is local.
/// </summary>
public static class MetricsAccess
{
    public static bool MayRead(IPAddress? remote, string? authorization, string? metricsToken, bool relayed)
    {
        if (!string.IsNullOrEmpty(metricsToken) && authorization is not null
            && authorization.StartsWith("Bearer ", StringComparison.Ordinal)
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(authorization["Bearer ".Length..].Trim()), Encoding.UTF8.GetBytes(metricsToken)))
        {
            return true;
        }

        if (relayed)
        {
            return false;
        }

        return remote is null || IsPrivate(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote);
    }

    private static bool IsPrivate(IPAddress address)
    {
        if (IPAddress.IsLoopback(address))
        {
            return true;
        }

        if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return address.IsIPv6LinkLocal || address.IsIPv6UniqueLocal;
        }

        var b = address.GetAddressBytes();
        return b[0] == 10 || (b[0] == 172 && b[1] >= 16 && b[1] <= 31) || (b[0] == 192 && b[1] == 168);
    }
}
