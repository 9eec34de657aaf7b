using System.Collections.Concurrent;
using ConnectedCalifornia.Web.Tests.Directory;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace ConnectedCalifornia.Web.Tests.Notifications;

/// <summary>
/// One app with the demo network, a fake network clock (so tests reach answer times, expiries and the
/// yearly check) and a real SMTP server on loopback, shared by the notification tests of every feature.
/// Listings are due for their check one second after verification, and the silo's own sweeps are off:
/// the tests sweep when they mean to.
/// </summary>
public sealed class NotificationKindsFixture : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, (HttpClient Client, string Cookie)> _signedIn = new();

    public NotificationKindsFixture()
    {
        Factory = new NetworkAppFactory { NetworkClock = Clock };
    }

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public TestSmtpServer Smtp { get; } = new TestSmtpServer().Start();

    public NetworkAppFactory Factory { get; }

    public IGrainFactory Grains => Factory.Services.GetRequiredService<IGrainFactory>();

    public async Task InitializeAsync()
    {
        foreach (var (key, value) in Smtp.Settings)
        {
            Factory.WithSetting(key, value);
        }

        Factory.WithSetting("ConnectedCalifornia:Mail:RetryDelay", "00:00:01");
        Factory.WithSetting("Reverification:StaleAfter", "00:00:01");
        Factory.WithSetting("Reverification:SweepInterval", "00:00:00");
        Factory.WithSetting("Referrals:SweepInterval", "00:00:00");
        using var client = Factory.CreateBrowserLikeClient();
        (await client.GetAsync("/health/ready")).EnsureSuccessStatusCode();
    }

    /// <summary>A client signed in as this demo user, created once.</summary>
    public async Task<HttpClient> ClientForAsync(string email)
    {
        if (_signedIn.TryGetValue(email, out var existing))
        {
            return existing.Client;
        }

        var client = Factory.CreateBrowserLikeClient();
        var cookie = await SignIn.AsAsync(client, Factory, email);
        _signedIn[email] = (client, cookie);
        return client;
    }

    /// <summary>The one address a message went to.</summary>
    public static string To(MimeMessage message) => message.To.Mailboxes.Single().Address;

    /// <summary>Waits for a message to <paramref name="address"/> whose subject contains <paramref name="subject"/>.</summary>
    /// <param name="skip">How many of the messages received first to leave out (those from before the step that should cause it).</param>
    public async Task<MimeMessage> ArrivesAsync(string address, string subject, int timeoutSeconds = 30, int skip = 0)
    {
        await Eventually.TrueAsync(() => Task.FromResult(Smtp.Messages.Skip(skip).Any(Matches)), timeoutSeconds);
        return Smtp.Messages.Skip(skip).Last(Matches);

        bool Matches(MimeMessage m) => string.Equals(To(m), address, StringComparison.OrdinalIgnoreCase) && m.Subject!.Contains(subject, StringComparison.Ordinal);
    }

    /// <summary>Every address that got a message whose subject contains <paramref name="subject"/>.</summary>
    public IReadOnlyList<string> Recipients(string subject, int skip = 0) =>
        [.. Smtp.Messages.Skip(skip).Where(m => m.Subject!.Contains(subject, StringComparison.Ordinal)).Select(To).Select(a => a.ToLowerInvariant()).Order(StringComparer.Ordinal)];

    public async Task DisposeAsync()
    {
        foreach (var (client, _) in _signedIn.Values)
        {
            client.Dispose();
        }

        await Factory.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class NotificationKindsCollection : ICollectionFixture<NotificationKindsFixture>
{
    public const string Name = "Notification kinds";
}
