using Microsoft.Extensions.Options;

namespace ConnectedCalifornia.Web.Hardening;

/// <summary>
/// Settings of the app's edge to the internet, under <c>ConnectedCalifornia:Edge</c>: request limits,
/// the proxies it trusts, HTTPS and the extra origins its hub accepts. Every value has a default that
/// is safe on the open internet; docs/operations.md lists them in its production checklist.
/// </summary>
public sealed class EdgeOptions
{
    public const string Section = "ConnectedCalifornia:Edge";

    public RateLimitOptions RateLimits { get; set; } = new();

    /// <summary>
    /// Addresses of reverse proxies whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are
    /// believed (e.g. "10.0.0.5"). Loopback is always trusted. Empty: forwarded headers from any other
    /// address are ignored, so a client cannot choose its own address for the rate limits.
    /// </summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks of trusted proxies in CIDR notation (e.g. "10.0.0.0/8"), for proxies without a fixed address.</summary>
    public string[] KnownNetworks { get; set; } = [];

    /// <summary>Redirect plain HTTP requests to HTTPS (off by default: the proxy usually does it).</summary>
    public bool HttpsRedirection { get; set; }

    /// <summary>How long browsers remember to use HTTPS only (Strict-Transport-Security), outside Development.</summary>
    public int HstsMaxAgeDays { get; set; } = 365;
}

/// <summary>
/// How many requests one client (its address, after trusted proxies) may make. Rejected requests
/// answer 429 with Retry-After and a ProblemDetails body and change nothing.
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>Requests to the API, the hub and the calendar feeds per client and minute.</summary>
    public int ApiPerMinute { get; set; } = 300;

    /// <summary>Forms anyone can send without an account (event registration, join applications, claims) per client and hour.</summary>
    public int PublicFormsPerHour { get; set; } = 20;

    /// <summary>HSDS exports and imports per client and minute (each export is the whole directory).</summary>
    public int HsdsPerMinute { get; set; } = 6;

    /// <summary>
    /// HSDS exports sent at the same time, for all clients together. Each one writes the whole
    /// directory; more at once only shares the same CPU and network among more of them.
    /// </summary>
    public int HsdsExportsAtOnce { get; set; } = 2;

    /// <summary>Exports that wait for their turn when <see cref="HsdsExportsAtOnce"/> are being sent; one more answers 429.</summary>
    public int HsdsExportQueue { get; set; } = 8;

    /// <summary>The Retry-After (seconds) of an export refused because the queue was full.</summary>
    public int HsdsExportRetryAfterSeconds { get; set; } = 10;

    /// <summary>
    /// The slowest an export may be read (bytes per second, after a 10 s grace period); a slower
    /// client is disconnected so it cannot hold one of the few export turns. 0 keeps the server's
    /// general minimum (240 bytes per second).
    /// </summary>
    public int HsdsExportMinBytesPerSecond { get; set; } = 65_536;

    /// <summary>Failed sign-ins per client address in <see cref="SignInWindowMinutes"/>, for any accounts.</summary>
    public int SignInFailuresPerClient { get; set; } = 10;

    /// <summary>
    /// Failed sign-ins for one account from one client in the window. Kept below the account lockout
    /// (5 failures), so one client can never lock somebody else's account.
    /// </summary>
    public int SignInFailuresPerAccountAndClient { get; set; } = 3;

    /// <summary>
    /// Failed sign-ins for one account (from any clients) after which each further attempt must wait:
    /// 5 s, then 10, 20, 40 ... (at most 15 minutes).
    /// </summary>
    public int SignInFailuresBeforeDelay { get; set; } = 3;

    public int SignInWindowMinutes { get; set; } = 15;
}

/// <summary>
/// Refuses, at start-up, export-gate settings that cannot work (they used to be quietly raised to the
/// nearest value that does): each error names the setting and what it must be.
/// </summary>
public sealed class EdgeOptionsValidator : IValidateOptions<EdgeOptions>
{
    private const string Limits = EdgeOptions.Section + ":RateLimits";

    public ValidateOptionsResult Validate(string? name, EdgeOptions options)
    {
        var limits = options.RateLimits;
        var errors = new List<string>();
        if (limits is null)
        {
            return ValidateOptionsResult.Fail($"{Limits} is missing.");
        }

        if (limits.HsdsExportsAtOnce < 1)
        {
            errors.Add($"{Limits}:HsdsExportsAtOnce must be at least 1 (exports sent at the same time); it is {limits.HsdsExportsAtOnce}.");
        }

        if (limits.HsdsExportQueue < 0)
        {
            errors.Add($"{Limits}:HsdsExportQueue must be 0 or more (exports waiting for a turn); it is {limits.HsdsExportQueue}.");
        }

        if (limits.HsdsExportRetryAfterSeconds is < 1 or > 3600)
        {
            errors.Add($"{Limits}:HsdsExportRetryAfterSeconds must be between 1 and 3600 seconds; it is {limits.HsdsExportRetryAfterSeconds}.");
        }

        if (limits.HsdsExportMinBytesPerSecond < 0)
        {
            errors.Add($"{Limits}:HsdsExportMinBytesPerSecond must be 0 (the server's own minimum) or more; it is {limits.HsdsExportMinBytesPerSecond}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
