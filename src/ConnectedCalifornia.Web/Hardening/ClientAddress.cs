namespace ConnectedCalifornia.Web.Hardening;

/// <summary>The client a request counts against: its address after trusted proxies (forwarded headers).</summary>
public static class ClientAddress
{
    public static string Of(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
