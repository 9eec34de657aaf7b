using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace ConnectedCalifornia.Web.Hardening;

/// <summary>
/// Slows down password guessing before the account lockout can be turned against somebody: failed
/// sign-ins are counted per client address, per account from one client, and per account from any
/// client (a growing wait between attempts). A refused attempt never reaches the password check, so
/// it never counts towards the lockout. Unknown and real accounts are counted the same way.
/// Counters live in this node's memory (each node of a cluster counts its own).
/// </summary>
public sealed class SignInThrottle(IOptions<EdgeOptions> options, TimeProvider clock)
{
    /// <summary>Beyond this many counters the oldest are dropped first (a flood of made-up accounts cannot exhaust memory).</summary>
    public const int MaxCounters = 100_000;

    private static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan LongestDelay = TimeSpan.FromMinutes(15);

    private readonly ConcurrentDictionary<string, Failures> _failures = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lockout> _unknownAccounts = new(StringComparer.Ordinal);

    private RateLimitOptions Limits => options.Value.RateLimits;

    private TimeSpan Window => TimeSpan.FromMinutes(Math.Max(1, Limits.SignInWindowMinutes));

    /// <summary>How long this client must wait before trying this account again; null when it may try now.</summary>
    public TimeSpan? RetryAfter(string client, string account)
    {
        var now = clock.GetUtcNow();
        var since = now - Window;
        TimeSpan? wait = null;

        void Consider(string key, int limit)
        {
            if (_failures.TryGetValue(key, out var failures) && failures.CountSince(since, out var oldest, out _) >= limit)
            {
                wait = Longer(wait, oldest + Window - now);
            }
        }

        Consider(ClientKey(client), Limits.SignInFailuresPerClient);
        Consider(PairKey(client, account), Limits.SignInFailuresPerAccountAndClient);
        if (_failures.TryGetValue(AccountKey(account), out var forAccount))
        {
            var count = forAccount.CountSince(since, out _, out var newest);
            var beyond = count - Limits.SignInFailuresBeforeDelay;
            if (beyond >= 0)
            {
                var delay = TimeSpan.FromTicks(Math.Min(LongestDelay.Ticks, FirstDelay.Ticks << Math.Min(beyond, 20)));
                wait = Longer(wait, newest + delay - now);
            }
        }

        return wait is { } w && w > TimeSpan.Zero ? w : null;
    }

    public void RecordFailure(string client, string account)
    {
        var now = clock.GetUtcNow();
        if (_failures.Count >= MaxCounters)
        {
            Prune(now);
        }

        foreach (var key in new[] { ClientKey(client), PairKey(client, account), AccountKey(account) })
        {
            _failures.GetOrAdd(key, _ => new Failures()).Add(now, now - Window);
        }
    }

    /// <summary>A successful sign-in forgets the account's failures (the client's own count stays).</summary>
    public void RecordSuccess(string client, string account)
    {
        _failures.TryRemove(AccountKey(account), out _);
        _failures.TryRemove(PairKey(client, account), out _);
    }

    /// <summary>
    /// Whether an address without an account is "locked out" now. Identity locks a real account after
    /// <c>maxFailures</c> wrong passwords in a row; an address without an account must answer the same,
    /// or the lockout would tell which addresses have accounts. Kept in this node's memory.
    /// </summary>
    public bool IsUnknownAccountLockedOut(string account) =>
        _unknownAccounts.TryGetValue(NormalizeAccount(account), out var lockout) && lockout.LockedUntil > clock.GetUtcNow();

    /// <summary>A wrong password for an address without an account, counted as Identity counts a real account's; true when it now locks.</summary>
    public bool RecordUnknownAccountFailure(string account, int maxFailures, TimeSpan lockoutDuration)
    {
        if (_unknownAccounts.Count >= MaxCounters)
        {
            var now = clock.GetUtcNow();
            foreach (var (key, lockout) in _unknownAccounts)
            {
                if (lockout.LockedUntil <= now)
                {
                    _unknownAccounts.TryRemove(key, out _);
                }
            }

            if (_unknownAccounts.Count >= MaxCounters)
            {
                _unknownAccounts.Clear();
            }
        }

        var counter = _unknownAccounts.GetOrAdd(NormalizeAccount(account), _ => new Lockout());
        lock (counter)
        {
            // Like Identity: the count goes on across attempts, and reaching the limit locks and starts it again.
            if (++counter.Failures < Math.Max(1, maxFailures))
            {
                return false;
            }

            counter.Failures = 0;
            counter.LockedUntil = clock.GetUtcNow() + lockoutDuration;
            return true;
        }
    }

    /// <summary>The account as typed, made comparable: case and surrounding spaces do not give a fresh count.</summary>
    public static string NormalizeAccount(string? account) => (account ?? string.Empty).Trim().ToUpperInvariant();

    private void Prune(DateTimeOffset now)
    {
        var since = now - Window;
        foreach (var (key, failures) in _failures)
        {
            if (failures.CountSince(since, out _, out _) == 0)
            {
                _failures.TryRemove(key, out _);
            }
        }

        // Still full of fresh counters: drop everything rather than grow without bound.
        if (_failures.Count >= MaxCounters)
        {
            _failures.Clear();
        }
    }

    private static TimeSpan Longer(TimeSpan? a, TimeSpan b) => a is { } x && x > b ? x : b;

    private static string ClientKey(string client) => "c|" + client;

    private static string AccountKey(string account) => "a|" + NormalizeAccount(account);

    private static string PairKey(string client, string account) => "p|" + client + "|" + NormalizeAccount(account);

    private sealed class Lockout
    {
        public int Failures { get; set; }

        public DateTimeOffset LockedUntil { get; set; }
    }

    /// <summary>The times of recent failures of one counter, oldest first; at most 64 kept.</summary>
    private sealed class Failures
    {
        private const int Kept = 64;
        private readonly Queue<DateTimeOffset> _times = new();

        public void Add(DateTimeOffset at, DateTimeOffset since)
        {
            lock (_times)
            {
                Trim(since);
                _times.Enqueue(at);
                if (_times.Count > Kept)
                {
                    _times.Dequeue();
                }
            }
        }

        public int CountSince(DateTimeOffset since, out DateTimeOffset oldest, out DateTimeOffset newest)
        {
            lock (_times)
            {
                Trim(since);
                oldest = _times.Count > 0 ? _times.Peek() : default;
                newest = _times.Count > 0 ? _times.Last() : default;
                return _times.Count;
            }
        }

        private void Trim(DateTimeOffset since)
        {
            while (_times.Count > 0 && _times.Peek() <= since)
            {
                _times.Dequeue();
            }
        }
    }
}
