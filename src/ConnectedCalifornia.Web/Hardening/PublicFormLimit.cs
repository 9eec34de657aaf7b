using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.Options;

namespace ConnectedCalifornia.Web.Hardening;

/// <summary>
/// The limit on forms anyone can send without an account, for forms that submit from a Blazor circuit
/// or a server-rendered page rather than through an API endpoint (whose requests the HTTP rate limiter
/// counts): the event page's registration, "Join the network", "Forgot your password". The same setting
/// as the API's public forms (<see cref="RateLimitOptions.PublicFormsPerHour"/> per client address and
/// hour), counted in this node's memory.
/// </summary>
public sealed class PublicFormLimiter(IOptions<EdgeOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(client =>
        RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, options.Value.RateLimits.PublicFormsPerHour),
            Window = TimeSpan.FromHours(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    /// <summary>Takes one submission for the client; null when taken, else how long until it may send again.</summary>
    public TimeSpan? TryTake(string client)
    {
        using var lease = _limiter.AttemptAcquire(client);
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) && retryAfter > TimeSpan.Zero ? retryAfter : TimeSpan.FromHours(1);
    }

    public void Dispose() => _limiter.Dispose();
}

/// <summary>The client address of a Blazor circuit, taken from the HTTP request that opened it (after trusted proxies).</summary>
public sealed class CircuitClient
{
    public string? Address { get; set; }
}

/// <summary>Records the circuit's client address when it opens (the hub's request is the circuit's HTTP context then).</summary>
internal sealed class CircuitClientHandler(CircuitClient client, IHttpContextAccessor accessor) : CircuitHandler
{
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Capture();
        return Task.CompletedTask;
    }

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Capture();
        return Task.CompletedTask;
    }

    private void Capture()
    {
        if (client.Address is null && accessor.HttpContext is { } http)
        {
            client.Address = ClientAddress.Of(http);
        }
    }
}

/// <summary>
/// What a page calls before it acts on a public form: one submission of this client counted, or a refusal
/// that says when to try again (the page then changes and sends nothing, and keeps what was typed).
/// </summary>
public sealed class PublicFormLimit(PublicFormLimiter limiter, CircuitClient circuit, IHttpContextAccessor accessor)
{
    /// <summary>The client this page counts against: the circuit's, or the current request's on a server-rendered page.</summary>
    public string Client => circuit.Address ?? (accessor.HttpContext is { } http ? ClientAddress.Of(http) : "unknown");

    /// <summary>True when the submission may go ahead; otherwise <paramref name="refusal"/> says when to try again.</summary>
    public bool TryTake(out string refusal, out TimeSpan retryAfter)
    {
        if (limiter.TryTake(Client) is not { } wait)
        {
            (refusal, retryAfter) = (string.Empty, TimeSpan.Zero);
            return true;
        }

        retryAfter = wait;
        var minutes = (int)Math.Ceiling(wait.TotalMinutes);
        var when = wait.TotalSeconds < 90 ? $"{Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))} seconds" : minutes == 1 ? "1 minute" : $"{minutes} minutes";
        refusal = $"Too many forms were sent from your network address. Try again in {when}; nothing was sent or changed.";
        return false;
    }
}
