using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Testing;
using ConnectedCalifornia.Web.Live;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Directory;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace ConnectedCalifornia.Web.Tests.Live;

/// <summary>
/// Live updates when a node dies (issue 17, items 2–4): two web nodes with co-hosted silos on one PostgreSQL
/// database; the node whose silo holds the node registry is killed under steady writes. A client on the surviving
/// node misses nothing, a client of the dead node that joins again with its cursor (on a node started after the
/// kill) gets exactly what it missed from the durable journal, and clients retry on the app's fast schedule.
/// </summary>
[Collection(ClusterFaultCollection.Name)]
public sealed class AnnouncementFailoverTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly string Topic = Topics.Initiative(AuthorizationMatrix.Initiative);
    private static readonly string ProgressPath = $"/api/initiatives/{AuthorizationMatrix.Initiative}/goals/caregivers-trained/progress";

    [SkippableFact]
    public async Task Failover_killing_the_node_that_holds_the_registry_under_steady_writes_misses_no_announcement_and_a_rejoin_with_a_cursor_gets_exactly_the_missed_ones()
    {
        await using var database = await SeededPostgres.CreateDatabaseAsync();

        // Node B starts first and alone, so the node registry (activated by its bridge) lives on its silo.
        var nodeB = new NetworkAppFactory(postgresConnectionString: database.ConnectionString, seed: true);
        await EnsureReadyAsync(nodeB);
        await using var nodeA = new NetworkAppFactory(postgresConnectionString: database.ConnectionString, seed: false);
        await EnsureReadyAsync(nodeA);

        // Blazor circuits on the app's schedule: blazor.web.js starts with the reconnection options.
        using (var page = nodeA.CreateBrowserLikeClient())
        {
            var html = await page.GetStringAsync("/");
            Assert.Contains("autostart=\"false\"", html, StringComparison.Ordinal);
            Assert.Contains($"maxRetries: {ReconnectSchedule.BlazorMaxRetries}", html, StringComparison.Ordinal);
        }

        // The survivor: a client on node A. The one to come back: a client on node B.
        await using var onA = nodeA.CreateHubConnection();
        var receivedOnA = new ConcurrentQueue<AnnouncementMessage>();
        onA.On<AnnouncementMessage>(nameof(INetworkClient.Announcement), m => receivedOnA.Enqueue(m));
        await onA.StartAsync();
        Assert.True((await onA.InvokeAsync<JoinResult>(nameof(NetworkHub.Join), Topic)).Joined);
        var onB = nodeB.CreateHubConnection();
        var receivedOnB = new ConcurrentQueue<AnnouncementMessage>();
        onB.On<AnnouncementMessage>(nameof(INetworkClient.Announcement), m => receivedOnB.Enqueue(m));
        await onB.StartAsync();
        Assert.True((await onB.InvokeAsync<JoinResult>(nameof(NetworkHub.Join), Topic)).Joined);

        // Steady writes through node A, one every 50 ms, each acknowledged with the initiative's new version.
        using var curator = nodeA.CreateBrowserLikeClient();
        await SignIn.AsAsync(curator, nodeA, MatrixRole.Curator.Email()!);
        var before = await ProgressAsync(curator);
        var acknowledged = new ConcurrentQueue<long>();
        var attempts = 0;
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                Interlocked.Increment(ref attempts);
                try
                {
                    using var response = await curator.PostAsJsonAsync(ProgressPath, new { amount = 1 });
                    if (response.IsSuccessStatusCode)
                    {
                        acknowledged.Enqueue((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt64());
                    }
                }
                catch (HttpRequestException)
                {
                    // A write cut off by the kill: not acknowledged, so nothing is owed for it.
                }

                await Task.Delay(50);
            }
        });

        // Both clients hear the writes live; then node B dies (its host is stopped with no time to be graceful).
        await Eventually.TrueAsync(() => Task.FromResult(receivedOnA.Count >= 5 && receivedOnB.Count >= 5), 30);
        var lastOnB = receivedOnB.Max(m => m.Cursor);
        Assert.True(lastOnB > 0, "live messages carry their journal cursor");
        await KillAsync(nodeB);
        await DisposeQuietlyAsync(onB);
        var ackedAtKill = acknowledged.Count;

        // Writes go on until at least 20 more are acknowledged (those of a grain on node B fail until it is found dead).
        await Eventually.TrueAsync(() => Task.FromResult(acknowledged.Count >= ackedAtKill + 20), 60);
        await stop.CancelAsync();
        await writer;

        // Zero missing at the surviving client: every acknowledged write's announcement arrives, live or caught up
        // by node A's bridge from the journal, in cursor order and never twice.
        var caughtUp = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!acknowledged.All(v => receivedOnA.Any(m => m.Version == v)) && DateTime.UtcNow < caughtUp)
        {
            await Task.Delay(50);
        }

        var bridgeOfA = nodeA.Services.GetRequiredService<LiveUpdateBridge>();
        output.WriteLine($"writes: {attempts} tried, {acknowledged.Count} acknowledged ({ackedAtKill} before the kill); " +
            $"node A's client heard {receivedOnA.Count}, node A's bridge took {bridgeOfA.CaughtUpFromJournal} from the journal (cursor {bridgeOfA.DeliveredThrough})");
        var missing = acknowledged.Where(v => !receivedOnA.Any(m => m.Version == v)).Order().ToList();
        if (missing.Count > 0)
        {
            var journal = await JournalVersionsAsync(database.ConnectionString, Topic);
            output.WriteLine($"missing at node A's client: {string.Join(", ", missing.Select(v => journal.TryGetValue(v, out var c) ? $"v{v} (journal cursor {c})" : $"v{v} (not in the journal)"))}");
        }

        Assert.Empty(missing);
        var cursorsOnA = receivedOnA.Select(m => m.Cursor).ToList();
        Assert.Equal(cursorsOnA.Order(), cursorsOnA);
        Assert.Equal(cursorsOnA.Count, cursorsOnA.Distinct().Count());

        // No acknowledged write was lost.
        var after = await ProgressAsync(curator);
        Assert.InRange(after - before, acknowledged.Count, attempts);

        // The client of node B comes back on a node started after the kill, with the last cursor it applied: it gets
        // exactly what it missed, as stored in the journal, and the same as the survivor heard.
        await using var nodeC = new NetworkAppFactory(postgresConnectionString: database.ConnectionString, seed: false);
        await EnsureReadyAsync(nodeC);
        await using var again = nodeC.CreateHubConnection();
        await again.StartAsync();
        var rejoin = await again.InvokeAsync<JoinResult>(nameof(NetworkHub.JoinAfter), Topic, lastOnB);
        Assert.True(rejoin.Joined);
        Assert.True(rejoin.Complete);
        var missed = rejoin.Recent.Select(m => m.Cursor).ToList();
        Assert.Equal(await JournalCursorsAfterAsync(database.ConnectionString, Topic, lastOnB), missed);
        Assert.Equal(cursorsOnA.Where(c => c > lastOnB), missed);
        Assert.All(acknowledged.Where(v => v > receivedOnB.Max(m => m.Version)), v => Assert.Contains(rejoin.Recent, m => m.Version == v));
        Assert.All(rejoin.Recent, m => Assert.Equal(Topic, m.Topic));

        await DisposeQuietlyAsync(nodeB);
    }

    [Fact]
    public void Failover_reconnect_schedule_tries_at_once_then_within_two_seconds_and_never_waits_more_than_five()
    {
        var random = new Random(17);
        Assert.Equal(TimeSpan.Zero, ReconnectSchedule.Next(0, random));
        Assert.Equal(TimeSpan.FromSeconds(1), ReconnectSchedule.Next(1, random));
        Assert.Equal(TimeSpan.FromSeconds(2), ReconnectSchedule.Next(2, random));
        Assert.Equal(TimeSpan.FromSeconds(3), ReconnectSchedule.Next(3, random));
        Assert.Equal(TimeSpan.FromSeconds(4), ReconnectSchedule.Next(4, random));
        for (var attempt = 5; attempt < 2000; attempt++)
        {
            Assert.InRange(ReconnectSchedule.Next(attempt, random), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(5));
        }

        // The .NET hub client keeps trying on the same schedule (it never gives up: no null).
        var policy = new HubReconnectPolicy();
        Assert.Equal(TimeSpan.Zero, policy.NextRetryDelay(new RetryContext { PreviousRetryCount = 0 }));
        Assert.Equal(TimeSpan.FromSeconds(2), policy.NextRetryDelay(new RetryContext { PreviousRetryCount = 2 }));
        Assert.NotNull(policy.NextRetryDelay(new RetryContext { PreviousRetryCount = 100_000 }));

        // Blazor's circuit gets the same first waits and steady wait.
        Assert.Contains("const first = [0,1000,2000,3000,4000];", ReconnectSchedule.BlazorStartScript, StringComparison.Ordinal);
        Assert.Contains("4000 + Math.floor(Math.random() * 1000)", ReconnectSchedule.BlazorStartScript, StringComparison.Ordinal);
    }

    private static async Task<long> ProgressAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/initiatives/{AuthorizationMatrix.Initiative}"))
            .GetProperty("goals").EnumerateArray().Single(g => g.GetProperty("id").GetString() == "caregivers-trained").GetProperty("progress").GetInt64();

    private static async Task<List<long>> JournalCursorsAfterAsync(string connectionString, string topic, long after)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT seq FROM cc_announcement_journal WHERE topic = @topic AND seq > @after ORDER BY seq", connection);
        command.Parameters.AddWithValue("topic", topic);
        command.Parameters.AddWithValue("after", after);
        var cursors = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            cursors.Add(reader.GetInt64(0));
        }

        return cursors;
    }

    private static async Task<Dictionary<long, long>> JournalVersionsAsync(string connectionString, string topic)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT version, seq FROM cc_announcement_journal WHERE topic = @topic", connection);
        command.Parameters.AddWithValue("topic", topic);
        var versions = new Dictionary<long, long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            versions[reader.GetInt64(0)] = reader.GetInt64(1);
        }

        return versions;
    }

    private static async Task EnsureReadyAsync(NetworkAppFactory node)
    {
        using var client = node.CreateClient();
        (await client.GetAsync("/health/ready")).EnsureSuccessStatusCode();
    }

    /// <summary>The node's host stops with its time already up: nothing is handed over or said goodbye to.</summary>
    private static async Task KillAsync(NetworkAppFactory node)
    {
        using var now = new CancellationTokenSource();
        await now.CancelAsync();
        try
        {
            await node.Services.GetRequiredService<IHost>().StopAsync(now.Token);
        }
        catch (Exception exception) when (exception is OperationCanceledException or AggregateException)
        {
            // Services cut off mid-stop say so: that is the point.
        }
    }

    private static async Task DisposeQuietlyAsync(IAsyncDisposable disposable)
    {
        try
        {
            await disposable.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (Exception exception) when (exception is TimeoutException or OperationCanceledException or ObjectDisposedException or AggregateException or HttpRequestException or InvalidOperationException)
        {
        }
    }
}
