using System.Collections.Concurrent;

namespace ConnectedCalifornia.Web.Tests.Infrastructure;

/// <summary>One running app with the demo network seeded, shared by a test class, with signed-in clients per demo user.</summary>
public sealed class SeededAppFixture : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, (HttpClient Client, string Cookie)> _signedIn = new();

    public NetworkAppFactory Factory { get; } = new();

    public async Task InitializeAsync()
    {
        using var client = Factory.CreateBrowserLikeClient();
        (await client.GetAsync("/health/ready")).EnsureSuccessStatusCode();
    }

    /// <summary>A client signed in as this demo user (or anonymous for null), created once.</summary>
    public async Task<(HttpClient Client, string? Cookie)> ClientForAsync(string? email)
    {
        if (email is null)
        {
            return (Factory.CreateBrowserLikeClient(), null);
        }

        if (_signedIn.TryGetValue(email, out var existing))
        {
            return existing;
        }

        var client = Factory.CreateBrowserLikeClient();
        var cookie = await SignIn.AsAsync(client, Factory, email);
        _signedIn[email] = (client, cookie);
        return (client, cookie);
    }

    public async Task DisposeAsync()
    {
        foreach (var (client, _) in _signedIn.Values)
        {
            client.Dispose();
        }

        await Factory.DisposeAsync();
    }
}
