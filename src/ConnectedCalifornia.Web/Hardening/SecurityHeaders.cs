using System.Security.Cryptography;

namespace ConnectedCalifornia.Web.Hardening;

/// <summary>
/// The headers every response carries: a Content-Security-Policy as strict as Blazor Server and
/// MudBlazor allow (each source is explained in docs/operations.md), no MIME sniffing, no referrer to
/// other sites, no powerful browser features, no framing, and no caching of anything that can carry
/// personal data (API answers and pages of a signed-in person).
/// </summary>
public static class SecurityHeaders
{
    private const string NonceKey = "cc.csp-nonce";

    /// <summary>This request's script nonce (the one inline script, Blazor's import map, carries it).</summary>
    public static string Nonce(HttpContext http)
    {
        if (http.Items[NonceKey] is string nonce)
        {
            return nonce;
        }

        nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        http.Items[NonceKey] = nonce;
        return nonce;
    }

    /// <summary>
    /// The policy. Scripts: our own files and the nonce (no inline or eval). Styles: our own files and
    /// inline style attributes, which MudBlazor sets on its components (a nonce cannot cover attributes).
    /// Images and fonts: our own and data: URIs (MudBlazor's icons). Connections: our own origin (the
    /// Blazor circuit and the hub over WebSockets). Nothing may frame the app.
    /// </summary>
    public static string Policy(string nonce) =>
        "default-src 'self'; " +
        $"script-src 'self' 'nonce-{nonce}'; " +
        "style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data:; " +
        "font-src 'self' data:; " +
        "connect-src 'self'; " +
        "object-src 'none'; " +
        "base-uri 'self'; " +
        "form-action 'self'; " +
        "frame-ancestors 'none'";

    /// <summary>
    /// The API reference (Scalar) builds its page with inline scripts and styles and is read-only
    /// documentation: it keeps every other rule.
    /// </summary>
    private const string ReferencePolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((http, next) =>
        {
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                headers.ContentSecurityPolicy = http.Request.Path.StartsWithSegments("/api/reference") ? ReferencePolicy : Policy(Nonce(http));
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "same-origin";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                if (string.IsNullOrEmpty(headers.CacheControl)
                    && (http.Request.Path.StartsWithSegments("/api") || http.User.Identity?.IsAuthenticated == true))
                {
                    headers.CacheControl = "no-store";
                    headers.Pragma = "no-cache";
                }

                return Task.CompletedTask;
            });
            return next(http);
        });
}
