using ConnectedCalifornia.Web.Hardening;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ConnectedCalifornia.Web.Tests.Hardening;

/// <summary>The sign-in throttle's rules on a fake clock, with the app's default limits (the HTTP behaviour is in <see cref="HardeningTests"/>).</summary>
public sealed class SignInThrottleTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero));

    private SignInThrottle Throttle(Action<RateLimitOptions>? change = null)
    {
        var options = new EdgeOptions();
        change?.Invoke(options.RateLimits);
        return new SignInThrottle(Options.Create(options), _clock);
    }

    [Fact]
    public void RateLimit_guesses_from_many_clients_at_one_account_wait_longer_and_longer()
    {
        var throttle = Throttle();
        const string account = "Curator@Example.org";
        for (var i = 0; i < 3; i++)
        {
            Assert.Null(throttle.RetryAfter($"10.0.0.{i}", account));
            throttle.RecordFailure($"10.0.0.{i}", account);
        }

        // After three failures every further attempt, from any client and however the address is typed, waits: 5 s, 10 s, 20 s ...
        Assert.Equal(TimeSpan.FromSeconds(5), throttle.RetryAfter("10.0.0.99", " curator@example.ORG "));
        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Null(throttle.RetryAfter("10.0.0.99", account));
        throttle.RecordFailure("10.0.0.99", account);
        Assert.Equal(TimeSpan.FromSeconds(10), throttle.RetryAfter("10.0.0.98", account));
        _clock.Advance(TimeSpan.FromSeconds(10));
        throttle.RecordFailure("10.0.0.98", account);
        Assert.Equal(TimeSpan.FromSeconds(20), throttle.RetryAfter("10.0.0.97", account));

        // Another account is not slowed down by it.
        Assert.Null(throttle.RetryAfter("10.0.0.97", "someone.else@example.org"));
    }

    [Fact]
    public void RateLimit_one_client_stops_below_the_lockout_and_a_success_clears_the_account()
    {
        var throttle = Throttle(l => l.SignInFailuresBeforeDelay = 100);
        for (var i = 0; i < 3; i++)
        {
            throttle.RecordFailure("198.51.100.1", "a@example.org");
        }

        Assert.NotNull(throttle.RetryAfter("198.51.100.1", "a@example.org"));
        Assert.Null(throttle.RetryAfter("198.51.100.2", "a@example.org"));

        throttle.RecordSuccess("198.51.100.2", "a@example.org");
        _clock.Advance(TimeSpan.FromMinutes(15));
        Assert.Null(throttle.RetryAfter("198.51.100.1", "a@example.org"));
    }

    [Fact]
    public void RateLimit_one_client_guessing_many_accounts_is_stopped()
    {
        var throttle = Throttle();
        for (var i = 0; i < 10; i++)
        {
            throttle.RecordFailure("203.0.113.5", $"person{i}@example.org");
        }

        var wait = throttle.RetryAfter("203.0.113.5", "person99@example.org");
        Assert.Equal(TimeSpan.FromMinutes(15), wait);
        Assert.Null(throttle.RetryAfter("203.0.113.6", "person99@example.org"));
    }
}
