using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace ConnectedCalifornia.Web.Authorization;

public sealed partial class NetworkAuthorizer
{
    /// <summary>
    /// Who may read <c>/metrics</c>: a caller on loopback or a private network (10/8, 172.16/12, 192.168/16,
    /// IPv6 unique-local and link-local), judged on the address after trusted proxies, so a request relayed
    /// from the internet by the site's proxy is refused; or any caller with the configured bearer token.
    /// A connection without an address (Unix socket, in-process host) is local. Metrics carry no survivor data, but they show the site's load and are not for the open internet.
    /// <paramref name="relayed"/>: the request still carries <c>X-Forwarded-For</c> or <c>Forwarded</c> after the
    /// trusted proxies' headers were applied, so a proxy the app does not trust relayed it from somewhere else:
    /// its private address says nothing about the caller, and only the token opens metrics.
    /// </summary>
    public static bool MayReadMetrics(IPAddress? remote, string? authorization, string? metricsToken, bool relayed = false)
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

        // No remote address: not a network peer (a Unix socket or an in-process test server).
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
