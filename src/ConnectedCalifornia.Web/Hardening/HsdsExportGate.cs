using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.Options;

namespace ConnectedCalifornia.Web.Hardening;

/// <summary>
/// How many HSDS exports are sent at the same time, for all clients together (the per-client limit is
/// the <see cref="EdgePolicies.Hsds"/> policy). A few are sent, a short queue waits for its turn, and
/// the next one answers 429 with Retry-After at once: a burst of exports then costs the server a few
/// exports' worth of CPU and memory instead of a hundred, and readiness, pages and the API keep
/// answering. Settings: <see cref="RateLimitOptions.HsdsExportsAtOnce"/> and the ones after it.
/// </summary>
public sealed class HsdsExportGate : IDisposable
{
    private readonly ConcurrencyLimiter _turns;
    private readonly RateLimitOptions _limits;

    /// <param name="options">Checked at start-up (<see cref="EdgeOptionsValidator"/>), so they are used as they are.</param>
    public HsdsExportGate(IOptions<EdgeOptions> options)
    {
        _limits = options.Value.RateLimits;
        _turns = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = _limits.HsdsExportsAtOnce,
            QueueLimit = _limits.HsdsExportQueue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    /// <summary>Seconds a refused client is told to wait.</summary>
    public int RetryAfterSeconds => _limits.HsdsExportRetryAfterSeconds;

    /// <summary>
    /// A turn to send one export: acquired at once, after waiting in the queue, or not at all (the
    /// queue is full). Dispose it when the export was sent (or the client went away).
    /// </summary>
    public ValueTask<RateLimitLease> EnterAsync(CancellationToken cancellationToken) => _turns.AcquireAsync(1, cancellationToken);

    /// <summary>
    /// Disconnects a client that reads the export more slowly than the setting allows, so a few slow
    /// (or deliberately stalled) readers cannot keep the turns. HTTP/1.x on Kestrel only; elsewhere the
    /// server's own minimum applies.
    /// </summary>
    public void RequireMinimumReadRate(HttpContext http)
    {
        if (_limits.HsdsExportMinBytesPerSecond > 0
            && (HttpProtocol.IsHttp11(http.Request.Protocol) || HttpProtocol.IsHttp10(http.Request.Protocol))
            && http.Features.Get<IHttpMinResponseDataRateFeature>() is { } rate)
        {
            rate.MinDataRate = new MinDataRate(_limits.HsdsExportMinBytesPerSecond, TimeSpan.FromSeconds(10));
        }
    }

    public void Dispose() => _turns.Dispose();
}
