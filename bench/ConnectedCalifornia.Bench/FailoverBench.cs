using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Testing;
using ConnectedCalifornia.Web.Live;
using ConnectedCalifornia.Web.Seeding;
using Microsoft.AspNetCore.SignalR.Client;
using Npgsql;

namespace ConnectedCalifornia.Bench;

/// <summary>
/// A node killed under load (issue 17): two web nodes with co-hosted silos, each the built ConnectedCalifornia.Web in
/// a process of its own on loopback, on one PostgreSQL database. A signed-in curator writes an initiative's progress
/// through both nodes at a steady rate; one hub client per node follows the initiative's topic. Each kill SIGKILLs one
/// node (alternating), waits until the cluster declares it dead, starts it again on the same ports, and measures what
/// users saw: the survivor's failed requests and error window against the detection time, announcements missing at
/// the survivor's client and at the killed node's client before and after it rejoins with its cursor, and how long
/// that client takes to reconnect once the node answers again.
/// </summary>
public sealed partial class FailoverBench(BenchOptions options)
{
    private const string Initiative = "fresno-foster-youth-working-group";
    private const string ProgressPath = $"/api/initiatives/{Initiative}/goals/caregivers-trained/progress";
    private static readonly string Topic = Topics.Initiative(Initiative);

    private readonly int _kills = options.Int("kills", 2, 1, 6);
    private readonly double _rate = options.Double("rate", 10, 1, 50);
    private readonly int _steady = options.Int("steady", 5, 2, 60);
    private readonly int _downtime = options.Int("downtime", 3, 0, 60);

    private readonly ConcurrentQueue<Write> _writes = new();
    private volatile bool _paused;
    private int _inFlight;

    public async Task<BenchReport> RunAsync(CancellationToken token)
    {
        var connectionString = options.Text("postgres")
            ?? Environment.GetEnvironmentVariable("CC_BENCH_POSTGRES")
            ?? Environment.GetEnvironmentVariable("CC_TEST_POSTGRES")
            ?? throw new InvalidOperationException("failover needs PostgreSQL: set CC_BENCH_POSTGRES (or CC_TEST_POSTGRES) to a connection string of a user that may create databases.");
        var database = $"cc_bench_{Guid.NewGuid():N}"[..24];
        var admin = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false }.ConnectionString;
        var target = new NpgsqlConnectionStringBuilder(connectionString) { Database = database }.ConnectionString;
        var loadAtStart = BenchReport.LoadAverage();
        Console.WriteLine($"failover: 2 web nodes (co-hosted silos) on database {database}, {_rate}/s writes per node, {_kills} kills, load average {loadAtStart}");
        await ExecuteAsync(admin, $"CREATE DATABASE \"{database}\"", token);

        var nodes = new WebNode[2];
        var clients = new Follower[2];
        var kills = new List<Kill>();
        using var stopWriters = CancellationTokenSource.CreateLinkedTokenSource(token);
        var writers = new List<Task>();
        try
        {
            nodes[0] = await WebNode.StartAsync(target, NodeProcess.FreePort(), NodeProcess.FreePort(), NodeProcess.FreePort(), seed: true, token);
            Console.WriteLine($"node A ready at {nodes[0].Address} (demo seeded)");
            nodes[1] = await WebNode.StartAsync(target, NodeProcess.FreePort(), NodeProcess.FreePort(), NodeProcess.FreePort(), seed: false, token);
            Console.WriteLine($"node B ready at {nodes[1].Address}");

            // One sign-in serves both nodes: the cookie's keys are in the database.
            var cookie = await SignInAsync(nodes[0].Address, $"curator@{DemoNetworkData.UserEmailDomain}", token);
            for (var i = 0; i < 2; i++)
            {
                clients[i] = await Follower.StartAsync(nodes[i].Address, token);
            }

            for (var i = 0; i < 2; i++)
            {
                var node = i;
                writers.Add(Task.Run(() => WriteAsync(nodes, node, cookie, stopWriters.Token), CancellationToken.None));
            }

            for (var k = 0; k < _kills; k++)
            {
                var victim = k % 2 == 0 ? 1 : 0; // B first: A seeded the demo, so many grains live on A's silo too
                kills.Add(await KillOnceAsync(k + 1, nodes, clients, victim, target, token));
            }
        }
        finally
        {
            await stopWriters.CancelAsync();
            await Task.WhenAll(writers.Select(w => w.ContinueWith(_ => { }, TaskScheduler.Default)));
            foreach (var client in clients.Where(c => c is not null))
            {
                await client.DisposeAsync();
            }

            foreach (var node in nodes.Where(n => n is not null))
            {
                await node.DisposeAsync();
            }

            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", CancellationToken.None);
        }

        return Report(kills, loadAtStart);
    }

    private async Task<Kill> KillOnceAsync(int number, WebNode[] nodes, Follower[] clients, int victim, string connectionString, CancellationToken token)
    {
        var survivor = 1 - victim;
        var name = victim == 0 ? "A" : "B";
        var phaseStart = Clock.Now();
        await Task.Delay(TimeSpan.FromSeconds(_steady), token);

        var killed = nodes[victim];
        var killedAt = Clock.Now();
        killed.Kill();
        Console.WriteLine($"kill {number}: node {name} killed (SIGKILL)");

        // Detection: the survivor's silo declares the dead one's incarnation dead in the membership table.
        while (await NodeProcess.MemberStatusAsync(connectionString, killed.SiloPort) != NodeProcess.DeadStatus)
        {
            if (Clock.Seconds(killedAt, Clock.Now()) > 180)
            {
                throw new TimeoutException($"node {name} was not declared dead within 180 s");
            }

            await Task.Delay(50, token);
        }

        var detectedAt = Clock.Now();
        Console.WriteLine($"kill {number}: declared dead after {Clock.Seconds(killedAt, detectedAt):F1} s");
        await Task.Delay(TimeSpan.FromSeconds(_downtime), token);

        // The node comes back on the same ports; "back" is the first moment it answers HTTP (its silo started before Kestrel).
        var restartedAt = Clock.Now();
        nodes[victim] = await WebNode.StartAsync(connectionString, killed.HttpPort, killed.SiloPort, killed.GatewayPort, seed: false, token, onAnswering: () => clients[victim].MarkNodeBack());
        await killed.DisposeAsync();
        var back = clients[victim].NodeBackAt!.Value;
        var readyAt = Clock.Now();
        Console.WriteLine($"kill {number}: node {name} answering {Clock.Seconds(restartedAt, back):F1} s after its start, ready after {Clock.Seconds(restartedAt, readyAt):F1} s");

        var reconnectedAt = await clients[victim].ReconnectedAsync(TimeSpan.FromSeconds(120), token);
        var liveBeforeRejoin = clients[victim].Versions();
        var rejoinAt = Clock.Now();
        var recovered = await clients[victim].RejoinAsync(token);
        Console.WriteLine($"kill {number}: client of node {name} reconnected {Clock.Seconds(back, reconnectedAt):F2} s after the node answered; {recovered} announcements caught up by cursor");

        await Task.Delay(TimeSpan.FromSeconds(_steady), token);

        // Writes pause so every acknowledged write can be accounted for.
        _paused = true;
        while (Volatile.Read(ref _inFlight) > 0)
        {
            await Task.Delay(10, token);
        }

        var phaseEnd = Clock.Now();
        var writes = _writes.Where(w => w.Started >= phaseStart && w.Started < phaseEnd).ToList();
        var acknowledged = writes.Where(w => w.Version is not null).Select(w => w.Version!.Value).ToHashSet();
        var drainUntil = Clock.Now() + (long)(20 * System.Diagnostics.Stopwatch.Frequency);
        while (Clock.Now() < drainUntil && (!acknowledged.IsSubsetOf(clients[survivor].Versions()) || !acknowledged.IsSubsetOf(clients[victim].Versions())))
        {
            await Task.Delay(50, token);
        }

        var ackedBeforeRejoin = writes.Where(w => w.Version is not null && w.Ended < rejoinAt).Select(w => w.Version!.Value).ToHashSet();
        var survivorWrites = writes.Where(w => w.Node == survivor && w.Started >= killedAt).ToList();
        var failed = survivorWrites.Where(w => w.Version is null).ToList();
        var survivorVersions = clients[survivor].Versions();
        var victimVersions = clients[victim].Versions();
        var kill = new Kill(
            number,
            name,
            Detection: Clock.Seconds(killedAt, detectedAt),
            ErrorWindow: failed.Count == 0 ? 0 : Clock.Seconds(killedAt, failed.Max(w => w.Ended)),
            SurvivorWrites: survivorWrites.Count,
            SurvivorFailed: Count(failed),
            SurvivorSlowest: survivorWrites.Select(w => Clock.Seconds(w.Started, w.Ended)).DefaultIfEmpty(0).Max(),
            KilledNodeFailed: Count(writes.Where(w => w.Node == victim && w.Version is null)),
            Acknowledged: acknowledged.Count,
            SurvivorMissing: acknowledged.Count(v => !survivorVersions.Contains(v)),
            SurvivorLongestWait: clients[survivor].LongestWait(writes),
            GapBeforeCatchUp: ackedBeforeRejoin.Count(v => !liveBeforeRejoin.Contains(v)),
            GapAfterCatchUp: acknowledged.Count(v => !victimVersions.Contains(v)),
            Reconnect: Clock.Seconds(back, reconnectedAt),
            NodeBackAfterStart: Clock.Seconds(restartedAt, back),
            Recovered: recovered);
        Console.WriteLine($"kill {number}: {kill}");
        _paused = false;
        return kill;
    }

    private static string Count(IEnumerable<Write> failed)
    {
        var groups = failed.GroupBy(w => w.Outcome).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}: {g.Count()}").ToList();
        return groups.Count == 0 ? "none" : string.Join(", ", groups);
    }

    private async Task WriteAsync(WebNode[] nodes, int node, string cookie, CancellationToken token)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, ConnectTimeout = TimeSpan.FromSeconds(5) }) { Timeout = TimeSpan.FromSeconds(30) };
        var interval = TimeSpan.FromSeconds(1 / _rate);
        var next = Clock.Now();
        while (!token.IsCancellationRequested)
        {
            next += (long)(interval.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
            if (!_paused)
            {
                Interlocked.Increment(ref _inFlight);
                var started = Clock.Now();
                string outcome;
                long? version = null;
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(nodes[node].Address, ProgressPath)) { Content = JsonContent.Create(new { amount = 1 }) };
                    request.Headers.Add("Cookie", cookie);
                    using var response = await http.SendAsync(request, token);
                    outcome = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
                    if (response.IsSuccessStatusCode)
                    {
                        version = (await response.Content.ReadFromJsonAsync<JsonElement>(token)).GetProperty("version").GetInt64();
                    }
                }
                catch (HttpRequestException exception)
                {
                    outcome = exception.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused } ? "connection refused" : "connection lost";
                }
                catch (TaskCanceledException) when (!token.IsCancellationRequested)
                {
                    outcome = "timeout (30 s)";
                }
                catch (OperationCanceledException)
                {
                    Interlocked.Decrement(ref _inFlight);
                    return;
                }

                _writes.Enqueue(new Write(node, started, Clock.Now(), outcome, version));
                Interlocked.Decrement(ref _inFlight);
            }

            try
            {
                await Clock.UntilAsync(Math.Max(next, Clock.Now()), token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task<string> SignInAsync(Uri node, string email, CancellationToken token)
    {
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = node };
        var form = await http.GetStringAsync("/Account/Login", token);
        var antiforgery = WebUtility.HtmlDecode(TokenPattern().Match(form).Groups[1].Value);
        using var response = await http.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = antiforgery,
            ["_handler"] = "login",
            ["Input.Email"] = email,
            ["Input.Password"] = DemoNetworkData.DemoPassword,
        }), token);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Signing in as {email} answered {(int)response.StatusCode}.");
        }

        return string.Join("; ", response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken token)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(token);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(token);
    }

    private BenchReport Report(List<Kill> kills, string? loadAtStart)
    {
        var table = new List<string>
        {
            "| kill | node | detection (s) | error window at the survivor (s) | survivor's requests / failed by status | survivor's slowest request (s) | killed node's requests failed | acknowledged writes | missing at survivor's client | survivor's longest ack → announcement (s) | killed node's client: gap before catch-up | after catch-up | caught up by cursor | node answering after start (s) | client reconnect after node answers (s) |",
            "|---:|---|---:|---:|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        };
        table.AddRange(kills.Select(k =>
            string.Create(CultureInfo.InvariantCulture, $"| {k.Number} | {k.Node} | {k.Detection:F1} | {k.ErrorWindow:F1} | {k.SurvivorWrites} / {k.SurvivorFailed} | {k.SurvivorSlowest:F1} | {k.KilledNodeFailed} | {k.Acknowledged} | {k.SurvivorMissing} | {k.SurvivorLongestWait:F1} | {k.GapBeforeCatchUp} | {k.GapAfterCatchUp} | {k.Recovered} | {k.NodeBackAfterStart:F1} | {k.Reconnect:F2} |")));
        var windowMet = kills.All(k => k.ErrorWindow <= k.Detection);
        var gapMet = kills.All(k => k.GapAfterCatchUp == 0 && k.SurvivorMissing == 0);
        var reconnectMet = kills.All(k => k.Reconnect <= 5);
        string Verdict(bool met) => met ? "**met**" : "**not met**";
        return new BenchReport(
            "failover",
            "a node SIGKILLed under steady writes (two web nodes, PostgreSQL)",
            [
                "nodes: two web nodes, each the built ConnectedCalifornia.Web (Development, demo seeded by the first) with a co-hosted silo, in processes of their own on 127.0.0.1, cluster topology on one fresh PostgreSQL database (created and dropped by the run)",
                string.Create(CultureInfo.InvariantCulture, $"writes: the demo curator (one sign-in, the cookie used on both nodes) posts `POST {ProgressPath}` {{\"amount\":1}} through each node at {_rate}/s (one writer per node, 30 s timeout); every acknowledged write's initiative version is recorded"),
                $"clients: one .NET SignalR client per node (WebSockets, the app's `ReconnectSchedule`: retries at 0, 1, 2, 3, 4 s, then every 4–5 s) joined to `{Topic}`; after reconnecting, the killed node's client calls `JoinAfter` with the last cursor it applied",
                string.Create(CultureInfo.InvariantCulture, $"each kill: {_steady} s of writes, SIGKILL of one node (B, then A, alternating), wait until the cluster declares it dead, {_downtime} s more, start it again on the same ports, wait for its client to reconnect and rejoin, {_steady} s more writes; then writes pause and both clients get up to 20 s to hear every acknowledged write"),
                "detection: kill → the dead incarnation's row in the membership table (`cc_cluster_member`) says Dead (polled every 50 ms)",
                "error window: kill → end of the last failed request through the surviving node (0 when none failed); requests to the killed node while it is down are counted apart (a load balancer takes a node out on its readiness); the survivor's slowest request shows how long a request that did succeed was held (e.g. by a grain on the dead silo until its death was declared)",
                "gap before catch-up: acknowledged writes of the phase that the killed node's client had not heard live when it rejoined; after catch-up: those still missing after `JoinAfter` and the drain (goal 0); the survivor's client must miss none either",
                "client reconnect: the killed node's first HTTP answer after its restart (`/health/live`, polled every 50 ms) → the client's `Reconnected` event",
            ],
            table,
            [
                string.Create(CultureInfo.InvariantCulture, $"Goals (docs/benchmarks/README.md, issue 17): error window ≤ detection time: {Verdict(windowMet)}; gap after catch-up 0 (and 0 missing at the survivor): {Verdict(gapMet)}; reconnect ≤ 5 s after the node is back: {Verdict(reconnectMet)}."),
                $"Machine: shared with other engineers' builds and tests on its {Environment.ProcessorCount} cores (load average {loadAtStart} when the run started, {BenchReport.LoadAverage()} at its end); detection and start-up times stretch with that load, the goals are ratios to detection and counts, which do not.",
            ]);
    }

    private sealed record Write(int Node, long Started, long Ended, string Outcome, long? Version);

    private sealed record Kill(
        int Number,
        string Node,
        double Detection,
        double ErrorWindow,
        int SurvivorWrites,
        string SurvivorFailed,
        double SurvivorSlowest,
        string KilledNodeFailed,
        int Acknowledged,
        int SurvivorMissing,
        double SurvivorLongestWait,
        int GapBeforeCatchUp,
        int GapAfterCatchUp,
        double Reconnect,
        double NodeBackAfterStart,
        int Recovered);

    /// <summary>A web node process: the built ConnectedCalifornia.Web with its silo, Kestrel on a loopback port.</summary>
    private sealed class WebNode : IAsyncDisposable
    {
        private readonly NodeProcess _process;

        private WebNode(NodeProcess process, int httpPort) => (_process, HttpPort) = (process, httpPort);

        public int HttpPort { get; }

        public int SiloPort => _process.SiloPort;

        public int GatewayPort => _process.GatewayPort;

        public Uri Address => new($"http://127.0.0.1:{HttpPort}");

        /// <summary>Starts the node; <paramref name="onAnswering"/> runs at its first HTTP answer; returns when it is ready.</summary>
        public static async Task<WebNode> StartAsync(string connectionString, int httpPort, int siloPort, int gatewayPort, bool seed, CancellationToken token, Action? onAnswering = null)
        {
            var dataDirectory = Path.Combine(Path.GetTempPath(), "cc-bench-failover", Guid.NewGuid().ToString("N"));
            var node = new WebNode(NodeProcess.Start(WebHostPath(), connectionString, siloPort, gatewayPort, new Dictionary<string, string>
            {
                ["DOTNET_ENVIRONMENT"] = "Development",
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{httpPort}",
                ["ConnectedCalifornia__DataDirectory"] = dataDirectory,
                ["ConnectedCalifornia__SeedDemoNetwork"] = seed ? "true" : "false",
                ["ConnectedCalifornia__Edge__RateLimits__ApiPerMinute"] = "1000000",
                ["ConnectedCalifornia__Edge__RateLimits__SignInFailuresPerClient"] = "1000000",
                ["ConnectedCalifornia__Edge__RateLimits__SignInFailuresPerAccountAndClient"] = "1000000",
            }), httpPort);
            using var http = new HttpClient { BaseAddress = node.Address, Timeout = TimeSpan.FromSeconds(10) };
            var started = Clock.Now();
            var answering = false;
            try
            {
                while (true)
                {
                    node._process.ThrowIfExited();
                    if (Clock.Seconds(started, Clock.Now()) > 300)
                    {
                        throw new TimeoutException($"The web node on port {httpPort} was not ready within 300 s: {string.Join(Environment.NewLine, node._process.Output.TakeLast(20))}");
                    }

                    try
                    {
                        if (!answering)
                        {
                            using var live = await http.GetAsync("/health/live", token);
                            answering = live.IsSuccessStatusCode;
                            if (answering)
                            {
                                onAnswering?.Invoke();
                            }
                        }

                        if (answering)
                        {
                            using var ready = await http.GetAsync("/health/ready", token);
                            if (ready.IsSuccessStatusCode)
                            {
                                return node;
                            }
                        }
                    }
                    catch (HttpRequestException)
                    {
                        // Not listening yet.
                    }
                    catch (TaskCanceledException) when (!token.IsCancellationRequested)
                    {
                        // Busy starting.
                    }

                    await Task.Delay(50, token);
                }
            }
            catch
            {
                await node.DisposeAsync();
                throw;
            }
        }

        public void Kill() => _process.Kill();

        public ValueTask DisposeAsync() => _process.DisposeAsync();

        /// <summary>The built web host (this project references it, so it is built with the bench).</summary>
        private static string WebHostPath()
        {
            var path = typeof(FailoverBench).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "WebHost").Value!;
            return File.Exists(path) ? path : throw new FileNotFoundException($"The web host is not built at {path}: build bench/ConnectedCalifornia.Bench first.", path);
        }
    }

    /// <summary>A hub client following the initiative's topic; remembers every version it heard (live or caught up) and when.</summary>
    private sealed class Follower : IAsyncDisposable
    {
        private readonly HubConnection _connection;
        private readonly ConcurrentDictionary<long, long> _heardAt = new();
        private long _lastCursor;
        private TaskCompletionSource<long> _reconnected = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private Follower(HubConnection connection) => _connection = connection;

        public long? NodeBackAt { get; private set; }

        public static async Task<Follower> StartAsync(Uri node, CancellationToken token)
        {
            var connection = new HubConnectionBuilder()
                .WithUrl(new Uri(node, NetworkHub.Path))
                .WithAutomaticReconnect(new Schedule())
                .Build();
            var follower = new Follower(connection);
            connection.On<AnnouncementMessage>(nameof(INetworkClient.Announcement), message => follower.Heard(message));
            connection.Reconnecting += _ =>
            {
                follower._reconnected = new(TaskCreationOptions.RunContinuationsAsynchronously);
                return Task.CompletedTask;
            };
            connection.Reconnected += _ =>
            {
                follower._reconnected.TrySetResult(Clock.Now());
                return Task.CompletedTask;
            };
            await connection.StartAsync(token);
            var joined = await connection.InvokeAsync<JoinResult>(nameof(NetworkHub.Join), Topic, token);
            return joined.Joined ? follower : throw new InvalidOperationException($"Joining {Topic} failed: {joined.Error}");
        }

        public void MarkNodeBack() => NodeBackAt = Clock.Now();

        public HashSet<long> Versions() => [.. _heardAt.Keys];

        public async Task<long> ReconnectedAsync(TimeSpan timeout, CancellationToken token) =>
            await _reconnected.Task.WaitAsync(timeout, token);

        /// <summary>Joins again after the last cursor applied, as the app's clients do, until the journal says it is complete.</summary>
        public async Task<int> RejoinAsync(CancellationToken token)
        {
            var recovered = 0;
            while (true)
            {
                var result = await _connection.InvokeAsync<JoinResult>(nameof(NetworkHub.JoinAfter), Topic, Interlocked.Read(ref _lastCursor), token);
                if (!result.Joined)
                {
                    throw new InvalidOperationException($"Rejoining {Topic} failed: {result.Error}");
                }

                foreach (var message in result.Recent)
                {
                    recovered += Heard(message) ? 1 : 0;
                }

                if (result.Complete || result.Recent.IsEmpty)
                {
                    return recovered;
                }
            }
        }

        /// <summary>The longest time from a write's acknowledgement to this client hearing its announcement.</summary>
        public double LongestWait(IEnumerable<Write> writes) =>
            writes.Where(w => w.Version is not null && _heardAt.ContainsKey(w.Version.Value))
                .Select(w => Math.Max(0, Clock.Seconds(w.Ended, _heardAt[w.Version!.Value])))
                .DefaultIfEmpty(0)
                .Max();

        public ValueTask DisposeAsync() => _connection.DisposeAsync();

        private bool Heard(AnnouncementMessage message)
        {
            if (message.Topic != Topic)
            {
                return false;
            }

            long seen;
            while ((seen = Interlocked.Read(ref _lastCursor)) < message.Cursor && Interlocked.CompareExchange(ref _lastCursor, message.Cursor, seen) != seen)
            {
            }

            return _heardAt.TryAdd(message.Version, Clock.Now());
        }

        private sealed class Schedule : IRetryPolicy
        {
            public TimeSpan? NextRetryDelay(RetryContext retryContext) => ReconnectSchedule.Next(retryContext.PreviousRetryCount);
        }
    }
}
