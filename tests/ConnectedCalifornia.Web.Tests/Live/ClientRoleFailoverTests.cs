using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Web.Live;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace ConnectedCalifornia.Web.Tests.Live;

/// <summary>
/// The second shape of a cluster (issue 17, item 9): a web node in <c>Client</c> role (an Orleans client, no silo
/// of its own) in front of two silo-only nodes, on PostgreSQL. The silo it first connected to, which also holds the
/// node registry and the grains written to, is killed under steady writes through the web node's API.
/// </summary>
[Collection(ClusterFaultCollection.Name)]
public sealed class ClientRoleFailoverTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly string Topic = Topics.Initiative(AuthorizationMatrix.Initiative);
    private static readonly string ProgressPath = $"/api/initiatives/{AuthorizationMatrix.Initiative}/goals/caregivers-trained/progress";

    [SkippableFact]
    public async Task Failover_a_Client_role_web_node_losing_its_silo_under_steady_writes_loses_no_write_answers_only_503_stays_ready_and_misses_no_announcement()
    {
        await using var database = await SeededPostgres.CreateDatabaseAsync();

        // Silo 1 starts alone on a database that holds the demo, and the web node (its seeder finding everything there)
        // reads it through silo 1: silo 1 is the gateway the web node connected to first, and every grain (the node
        // registry and the initiative written to) lives on it.
        await using var silo1 = await SiloNode.StartAsync(database.ConnectionString);
        await using var web = new NetworkAppFactory(postgresConnectionString: database.ConnectionString, seed: true)
            .WithSetting("ConnectedCalifornia:Role", "Client");
        using (var first = web.CreateClient())
        {
            (await first.GetAsync("/health/ready")).EnsureSuccessStatusCode();
        }

        Assert.Null(web.Services.GetService<Orleans.Runtime.IClusterMembershipService>()); // no silo in the web node
        await using var silo2 = await SiloNode.StartAsync(database.ConnectionString);

        // A SignalR client on the web node follows the initiative.
        await using var hub = web.CreateHubConnection();
        var received = new ConcurrentQueue<AnnouncementMessage>();
        hub.On<AnnouncementMessage>(nameof(INetworkClient.Announcement), m => received.Enqueue(m));
        await hub.StartAsync();
        Assert.True((await hub.InvokeAsync<JoinResult>(nameof(NetworkHub.Join), Topic)).Joined);

        // Steady writes through the web node's API, one every 50 ms; every answer is kept.
        using var curator = web.CreateBrowserLikeClient();
        await SignIn.AsAsync(curator, web, MatrixRole.Curator.Email()!);
        var before = await ProgressAsync(curator);
        var acknowledged = new ConcurrentQueue<(long Version, TimeSpan At)>();
        var refused = new ConcurrentQueue<(HttpStatusCode Status, bool RetryAfter, TimeSpan At)>();
        var timeline = new ConcurrentQueue<string>();
        var durations = new ConcurrentQueue<TimeSpan>();
        var clock = Stopwatch.StartNew();
        var attempts = 0;
        using var stop = new CancellationTokenSource();
        // A write every 50 ms, whether or not the ones before it have been answered (at most 40 in flight).
        var inFlight = new SemaphoreSlim(40);
        var writes = new ConcurrentBag<Task>();
        var writer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await inFlight.WaitAsync();
                Interlocked.Increment(ref attempts);
                writes.Add(WriteAsync());
                await Task.Delay(50);
            }
        });

        async Task WriteAsync()
        {
            try
            {
                var sent = clock.Elapsed;
                using var response = await curator.PostAsJsonAsync(ProgressPath, new { amount = 1 });
                var took = clock.Elapsed - sent;
                durations.Enqueue(took);
                timeline.Enqueue($"{sent.TotalSeconds:0.0} write {(int)response.StatusCode} in {took.TotalSeconds:0.0} s");
                if (response.IsSuccessStatusCode)
                {
                    acknowledged.Enqueue(((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt64(), clock.Elapsed));
                }
                else
                {
                    refused.Enqueue((response.StatusCode, response.Headers.RetryAfter?.Delta > TimeSpan.Zero, clock.Elapsed));
                }
            }
            finally
            {
                inFlight.Release();
            }
        }

        // A load balancer asks the web node's readiness every 200 ms.
        using var probe = web.CreateClient();
        var lastReady = HttpStatusCode.OK;
        var prober = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var sent = clock.Elapsed;
                using var ready = await probe.GetAsync("/health/ready");
                lastReady = ready.StatusCode;
                timeline.Enqueue($"{sent.TotalSeconds:0.0} ready {(int)ready.StatusCode} in {(clock.Elapsed - sent).TotalSeconds:0.0} s");
                await Task.Delay(200);
            }
        });

        // The client hears the writes live; then silo 1 dies (SIGKILL).
        await Eventually.TrueAsync(() => received.Count >= 5, 30, "live announcements on the Client-role node");
        var lastBeforeKill = received.Max(m => m.Cursor);
        Assert.True(lastBeforeKill > 0, "live messages carry their journal cursor");
        var bridge = web.Services.GetRequiredService<LiveUpdateBridge>();
        var fromJournalBeforeKill = bridge.CaughtUpFromJournal;
        // The web node reads the gateway list every few seconds and spreads calls over the gateways it knows, so it
        // usually has a connection to silo 2 before the kill. Not always (two clean-clone CI runs never saw one open
        // within 120 s while the rest of the suite ran): then the kill also tests finding silo 2 from the list alone,
        // which is the promise anyway. Either way the assertions below are the same.
        var gateways = web.Services.GetRequiredService<ConnectedCalifornia.Hosting.ClusterGatewayWatch>();
        var grains = web.Services.GetRequiredService<IGrainFactory>();
        var connectedToBoth = false;
        for (var attempt = 0; attempt < 15 && !connectedToBoth; attempt++)
        {
            await Task.WhenAll(Enumerable.Range(1, 16).Select(i => grains.GetGrain<IHealthProbeGrain>(i).Ping()));
            connectedToBoth = gateways.ConnectedGateways >= 2;
            if (!connectedToBoth)
            {
                await Task.Delay(1000);
            }
        }

        output.WriteLine($"before the kill the web node had {gateways.ConnectedGateways} gateway connection(s)");
        var killedAt = clock.Elapsed;
        silo1.Kill();
        timeline.Enqueue($"{killedAt.TotalSeconds:0.0} KILL silo 1");
        var ackedAtKill = acknowledged.Count;
        var registry = grains.GetGrain<INetworkNodeRegistryGrain>(GrainKeys.NodeRegistry);
        var declaredDead = Task.Run(async () =>
        {
            await Eventually.TrueAsync(() => IsDeclaredDeadAsync(database.ConnectionString, silo1.SiloPort), 60, "silo 1 declared dead");
            var at = clock.Elapsed;
            timeline.Enqueue($"{at.TotalSeconds:0.0} silo 1 declared dead in the membership table");

            // The registry died with silo 1; the web node, which saw its gateway go, is listed again by its new activation.
            await Eventually.TrueAsync(
                async () =>
                {
                    try
                    {
                        return !(await registry.GetNodes()).IsEmpty;
                    }
                    catch (Exception exception) when (ConnectedCalifornia.Hosting.Faults.TransientFaults.IsTransient(exception))
                    {
                        return false; // the cluster is still finding its way round the dead silo
                    }
                },
                30,
                "the web node listed by the node registry again");
            timeline.Enqueue($"{clock.Elapsed.TotalSeconds:0.0} the web node is listed by the node registry again");
            return (Declared: at, Listed: clock.Elapsed);
        });

        // The web node finds the surviving silo: writes are acknowledged again and readiness is back.
        await Eventually.TrueAsync(
            () => lastReady == HttpStatusCode.OK && acknowledged.Count >= ackedAtKill + 20,
            60,
            "20 more acknowledged writes and /health/ready 200 after the kill");
        await stop.CancelAsync();
        await writer;
        await Task.WhenAll(writes);
        await prober;
        var (declared, listed) = await declaredDead;

        var firstAckAfterKill = acknowledged.Where(a => a.At > killedAt).Min(a => a.At);
        output.WriteLine($"writes: {attempts} tried, {acknowledged.Count} acknowledged ({ackedAtKill} before the kill); " +
            $"refused: {string.Join(", ", refused.GroupBy(r => r.Status).Select(g => $"{(int)g.Key} x{g.Count()}"))}; " +
            $"first acknowledged write {(firstAckAfterKill - killedAt).TotalSeconds:0.0} s after the kill");
        output.WriteLine(string.Join(Environment.NewLine, timeline.Where(t => !t.Contains(" 200 in 0.", StringComparison.Ordinal))));

        // Detection took as long as the cluster's probes take; the web node registered again within moments of it
        // (not at its next 30-second renewal), and every answer came back within the client's response timeout.
        Assert.InRange(listed - declared, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        Assert.InRange(durations.Max(), TimeSpan.Zero, NetworkOrleansHostingExtensions.ClientResponseTimeout + TimeSpan.FromSeconds(3));

        // Requests failed only as a transient fault does (503 with Retry-After), never as a fault of ours.
        Assert.All(refused, r =>
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, r.Status);
            Assert.True(r.RetryAfter, "a 503 says when to try again");
        });

        // Every acknowledged write is stored (some refused ones may have gone through: at most all tried).
        var after = await ProgressAsync(curator);
        Assert.InRange(after - before, acknowledged.Count, attempts);

        // The SignalR client on the web node hears every acknowledged write's announcement, in cursor order, never twice.
        var versions = acknowledged.Select(a => a.Version).ToList();
        await Eventually.TrueAsync(() => versions.All(v => received.Any(m => m.Version == v)), 15, "every acknowledged write's announcement at the web node's client");
        output.WriteLine($"the client heard {received.Count}; the web node's bridge took {fromJournalBeforeKill} from the journal before the kill, {bridge.CaughtUpFromJournal} in all (cursor {bridge.DeliveredThrough})");
        var cursors = received.Select(m => m.Cursor).ToList();
        Assert.Equal(cursors.Order(), cursors);
        Assert.Equal(cursors.Count, cursors.Distinct().Count());

        // Catch-up from the cursor it had at the kill gives exactly the journal's entries after it, the same as it heard.
        var rejoin = await hub.InvokeAsync<JoinResult>(nameof(NetworkHub.JoinAfter), Topic, lastBeforeKill);
        Assert.True(rejoin.Joined);
        Assert.True(rejoin.Complete);
        var journal = await JournalCursorsAfterAsync(database.ConnectionString, Topic, lastBeforeKill);
        Assert.Equal(journal, rejoin.Recent.Select(m => m.Cursor));
        await Eventually.TrueAsync(() => journal.All(c => received.Any(m => m.Cursor == c)), 15, "every journal entry after the kill at the web node's client");
        Assert.Equal(journal, received.Select(m => m.Cursor).Where(c => c > lastBeforeKill));
    }

    private static async Task<long> ProgressAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/initiatives/{AuthorizationMatrix.Initiative}"))
            .GetProperty("goals").EnumerateArray().Single(g => g.GetProperty("id").GetString() == "caregivers-trained").GetProperty("progress").GetInt64();

    private static async Task<bool> IsDeclaredDeadAsync(string connectionString, int siloPort)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM cc_cluster_member WHERE port = @port AND status = 6)", connection);
        command.Parameters.AddWithValue("port", siloPort);
        return await command.ExecuteScalarAsync() is true;
    }

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
}
