using Microsoft.Extensions.Options;

namespace ConnectedCalifornia.Web.Live;

/// <summary>
/// Refuses, with 403 and before SignalR sees it, a request to <see cref="NetworkHub.Path"/> (the
/// negotiation, the WebSocket upgrade, long polling) whose <c>Origin</c> is not the app's own: a
/// page on another site cannot ride a member's cookie into their live topics. The app's own origin
/// is the request's own host (as the browser addressed it, so a proxy that ends TLS does not matter);
/// other origins (another front-end of the same network) are listed in
/// <c>ConnectedCalifornia:Web:AllowedOrigins</c>. A request without an Origin header (a .NET or
/// server-side client; browsers always send one for WebSockets and cross-site requests) is let through.
/// </summary>
public sealed class HubOriginCheck(RequestDelegate next, IOptionsMonitor<NetworkWebOptions> options)
{
    /// <summary>The Blazor Server circuit's own hub: a page's live connection, guarded the same way.</summary>
    public const string BlazorPath = "/_blazor";

    public Task InvokeAsync(HttpContext context)
    {
        if ((context.Request.Path.StartsWithSegments(NetworkHub.Path) || context.Request.Path.StartsWithSegments(BlazorPath))
            && !IsAllowed(context.Request, options.CurrentValue.Web.AllowedOrigins))
        {
            // A bare 403: no status-code page is rendered for it.
            if (context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } pages)
            {
                pages.Enabled = false;
            }

            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        }

        return next(context);
    }

    /// <summary>No Origin, the request's own host, or one of the configured origins (scheme, host and port).</summary>
    public static bool IsAllowed(HttpRequest request, IEnumerable<string> allowedOrigins)
    {
        var origins = request.Headers.Origin;
        if (origins.Count == 0)
        {
            return true;
        }

        if (origins.Count != 1 || !Uri.TryCreate(origins[0], UriKind.Absolute, out var origin)
            || origin.Scheme is not ("http" or "https") || origin.AbsolutePath != "/")
        {
            return false;
        }

        if (string.Equals(origin.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return allowedOrigins.Any(allowed => Uri.TryCreate(allowed, UriKind.Absolute, out var uri)
            && string.Equals(uri.Scheme, origin.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(uri.Authority, origin.Authority, StringComparison.OrdinalIgnoreCase));
    }
}
