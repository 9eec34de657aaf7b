using System.Net;
using ConnectedCalifornia.Hosting;

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
    /// The rule is <see cref="MetricsAccess"/> (in Hosting, so the silo-only node's metrics listener applies the same one).
    /// </summary>
    public static bool MayReadMetrics(IPAddress? remote, string? authorization, string? metricsToken, bool relayed = false) =>
        MetricsAccess.MayRead(remote, authorization, metricsToken, relayed);
}
