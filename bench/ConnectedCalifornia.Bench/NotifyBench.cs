using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using ConnectedCalifornia.Calendars;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;
using MailKit.Net.Smtp;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace ConnectedCalifornia.Bench;

/// <summary>
/// Notifications: public registrations (real commands on event grains) each cause a confirmation e-mail
/// that goes through the grain's outbox, the delivery loop and MailKit to an SMTP server in this process
/// on loopback. Measured: delivered/s and the time from the causing command to the message arriving,
/// lost and duplicated messages; next to a bare MailKit loop sending the same messages to the same server on
/// the same number of connections (the goal's comparison) and, for reference, on one.
/// </summary>
public sealed class NotifyBench(BenchOptions options)
{
    private readonly int _count = options.Int("notifications", 1000, 10, 100_000);
    private readonly int _concurrency = options.Int("concurrency", 16, 1, 256);

    /// <summary>How many events the registrations spread over (1 reproduces the first runs: every command on one grain).</summary>
    private readonly int _events = options.Int("events", 100, 1, 10_000);

    public async Task<BenchReport> RunAsync(CancellationToken token)
    {
        var loadAtStart = BenchReport.LoadAverage() ?? "unknown";
        var port = BenchAppFactory.FreePort();
        var arrivals = new ConcurrentQueue<(string To, string MessageId, long At, byte[] Raw)>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(token);
        var server = new SmtpServer.SmtpServer(
            new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port))).Build(),
            Provider(new Store(arrivals)));
        var serving = server.StartAsync(stop.Token);
        Console.WriteLine($"notify: {_count} public registrations over {_events} events ({_concurrency} at a time), SMTP server on 127.0.0.1:{port}");

        await using var app = new BenchAppFactory();
        app.WithSetting("ConnectedCalifornia:Mail:Host", "127.0.0.1")
            .WithSetting("ConnectedCalifornia:Mail:Port", port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithSetting("ConnectedCalifornia:Mail:Security", "None");
        app.StartKestrel();
        var grains = app.Services.GetRequiredService<IGrainFactory>();
        var host = "bench-host-" + Guid.NewGuid().ToString("N")[..8];
        BenchData.EnsureSucceeded(await grains.GetGrain<IOrganizationGrain>(host).Create(BenchData.Organization(), Actor.System), "create the host");
        var run = Guid.NewGuid().ToString("N")[..8];
        var start = DateTimeOffset.UtcNow.AddDays(14);
        var definition = new EventDefinition("Bench training", "A benchmark event.", EventKind.Training, [host], null, null, FanoutBench.County,
            start, start.AddHours(2), Online: false, "1 Bench Street, Fresno, CA", HideAddressUntilRegistered: false, OnlineLink: null,
            0, null, EventAudience.Public);
        var eventIds = Enumerable.Range(0, _events).Select(i => $"bench-event-{run}-{i}").ToArray();
        foreach (var eventId in eventIds)
        {
            BenchData.EnsureSucceeded(await grains.GetGrain<IEventGrain>(eventId).Define(definition, Actor.System, EventHostRights.AnyHost), "publish the event");
        }

        // A short warm-up (JIT, connections), not measured.
        await RegisterAsync(grains, eventIds, "warm", 50, _concurrency, token);
        await WaitForAsync(arrivals, a => a.To.StartsWith("warm", StringComparison.Ordinal), 50, token);
        arrivals.Clear();

        var started = new ConcurrentDictionary<string, long>();
        var first = Clock.Now();
        await RegisterAsync(grains, eventIds, "person", _count, _concurrency, token, started);
        var commandsDone = Clock.Now();
        await WaitForAsync(arrivals, a => a.To.StartsWith("person", StringComparison.Ordinal), _count, token, TimeSpan.FromSeconds(120));
        var ours = arrivals.Where(a => a.To.StartsWith("person", StringComparison.Ordinal)).ToList();
        var last = ours.Max(a => a.At);
        var latencies = ours.Where(a => started.ContainsKey(a.To)).Select(a => Clock.Ms(started[a.To], a.At)).ToList();
        var lost = started.Keys.Count(k => ours.All(a => a.To != k));
        var duplicates = ours.Count - ours.Select(a => a.MessageId).Distinct(StringComparer.Ordinal).Count();
        var oursPerSecond = ours.Count / Clock.Seconds(first, last);
        var drainAfterCommands = Clock.Seconds(commandsDone, last);

        // The delivery path alone: the same commands with the node's delivery loop stopped, so their
        // notifications wait in the outbox; then the loop is started and drains them (expansion,
        // rendering, the mail queue, SMTP), timed from its start to the last message accepted.
        var delivery = app.Services.GetRequiredService<ConnectedCalifornia.Web.Notifications.NotificationDelivery>();
        await delivery.StopAsync(token);
        arrivals.Clear();
        await RegisterAsync(grains, eventIds, "backlog", _count, _concurrency, token);
        var loopStarted = Clock.Now();
        await delivery.StartAsync(token);
        await WaitForAsync(arrivals, a => a.To.StartsWith("backlog", StringComparison.Ordinal), _count, token, TimeSpan.FromSeconds(120));
        var backlog = arrivals.Where(a => a.To.StartsWith("backlog", StringComparison.Ordinal)).ToList();
        var backlogDuplicates = backlog.Count - backlog.Select(a => a.MessageId).Distinct(StringComparer.Ordinal).Count();
        var backlogPerSecond = backlog.Count == 0 ? 0 : backlog.Count / Clock.Seconds(loopStarted, backlog.Max(a => a.At));

        // The bare loop: the same messages, re-sent by plain MailKit clients to the same server; on one
        // connection, and on as many as the delivery loop uses (like with like for the goal).
        var messages = ours.Select(a => MimeMessage.Load(new MemoryStream(a.Raw))).ToList();
        var connections = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ConnectedCalifornia.Web.Notifications.MailOptions>>().Value.SmtpConnections;
        arrivals.Clear();
        var (barePerSecond, bareLatencies) = await BareAsync(messages, 1, port, token);
        arrivals.Clear();
        var (bareSamePerSecond, bareSameLatencies) = await BareAsync(messages, connections, port, token);
        await stop.CancelAsync();
        server.Shutdown();
        try
        {
            await serving.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        }
        catch (Exception exception) when (exception is OperationCanceledException or TimeoutException)
        {
        }

        var stats = LatencyStats.Of(latencies);
        var bare = LatencyStats.Of(bareLatencies);
        var bareSame = LatencyStats.Of(bareSameLatencies);
        var ratio = oursPerSecond / bareSamePerSecond;
        var backlogRatio = backlogPerSecond / bareSamePerSecond;
        var goal = backlogRatio >= 0.5 && stats.P99 <= 5000 && lost == 0 && duplicates == 0 && backlog.Count == _count && backlogDuplicates == 0;
        var judged = $"The goal is judged on **delivery alone against the bare loop on the same {connections} connections** (both send a ready backlog of the same messages to the same server over {connections} connections: like with like), and on the p99 latency end to end (from the causing command to the message accepted). End to end throughput is reported beside it, but the commands set its pace, which a bare loop does not have.";
        return new BenchReport(
            "notify",
            "Notifications: registration confirmations through the outbox vs a bare MailKit loop",
            [
                $"notifications: {_count} public registrations spread over {_events} events (as real traffic is: many events, each with a few registrations at a time; `--events 1` puts them all on one grain), {_concurrency} concurrent callers of IEventGrain.Register (the real command); each writes its confirmation into the event's state with the change, hands it to the outbox table (SQLite, embedded topology), and the delivery loop renders it (text, HTML, .ics attachment) and sends it with MailKit",
                "SMTP server: the SmtpServer package in this process on loopback, timestamping each message as it is accepted",
                "latency: from the start of the causing command to the message being accepted by the server",
                $"bare: plain MailKit SmtpClients sending the same messages (as received), ready in memory, to the same server: on {connections} connections at once (each taking the next message), the number the delivery loop uses, and for reference on 1",
                $"delivery alone: {_count} more registrations made while the node's delivery loop is stopped, then the loop is started; timed from its start to the last message accepted ({connections} SMTP connections, `ConnectedCalifornia:Mail:SmtpConnections`)",
                $"load average (1, 5, 15 min) at the start: {loadAtStart}; at the end: {BenchReport.LoadAverage() ?? "unknown"}",
            ],
            [
                $"| | our path (command → outbox → delivery loop → MailKit) | bare MailKit loop, {connections} connections | ratio ours / bare ({connections} connections) |",
                "|---|---:|---:|---:|",
                $"| delivered/s, delivery alone (a backlog of {_count} in the outbox): **the goal's figure** | {backlogPerSecond:F0} | {bareSamePerSecond:F0} | {backlogRatio:F2} |",
                $"| delivered/s, end to end (commands and delivery together) | {oursPerSecond:F0} | {bareSamePerSecond:F0} | {ratio:F2} |",
                $"| delivered/s, bare loop on 1 connection (reference) | | {barePerSecond:F0} | |",
                $"| latency p50 (ms) | {stats.P50:F0} | {bareSame.P50:F1} (1 connection: {bare.P50:F1}) | |",
                $"| latency p99 (ms) | {stats.P99:F0} | {bareSame.P99:F1} (1 connection: {bare.P99:F1}) | |",
                $"| latency max (ms) | {stats.Max:F0} | {bareSame.Max:F1} (1 connection: {bare.Max:F1}) | |",
                $"| delivered | {ours.Count} of {_count} | {messages.Count} | |",
                $"| lost | {lost} | | |",
                $"| duplicates (same Message-ID twice) | {duplicates} | | |",
                $"| commands finished after (s) | {Clock.Seconds(first, commandsDone):F2} | | |",
                $"| last message after the last command (s) | {drainAfterCommands:F2} | | |",
                $"| delivery alone: delivered, duplicates | {backlog.Count} of {_count}, {backlogDuplicates} | | |",
            ],
            [
                goal
                    ? $"**Goal met: delivery alone {backlogRatio:F2}× the bare loop's throughput on the same {connections} connections (≥ 0.5), p99 end to end {stats.P99:F0} ms (≤ 5 s), none lost, no duplicates.** End to end {ratio:F2}× (the commands set that pace: last message {drainAfterCommands:F2} s after the last command)."
                    : $"**Goal NOT met: delivery alone {backlogRatio:F2}× the bare loop's throughput on the same {connections} connections (goal ≥ 0.5; end to end {ratio:F2}×), p99 end to end {stats.P99:F0} ms (goal ≤ 5 s), {lost + (_count - backlog.Count)} lost, {duplicates + backlogDuplicates} duplicates.**",
                judged,
            ]);
    }

    /// <summary>Sends the messages over <paramref name="connections"/> plain MailKit connections at once (each takes the next); delivered/s and each send's time.</summary>
    private static async Task<(double PerSecond, List<double> Latencies)> BareAsync(List<MimeMessage> messages, int connections, int port, CancellationToken token)
    {
        var clients = new List<SmtpClient>();
        for (var i = 0; i < connections; i++)
        {
            var client = new SmtpClient();
            var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(IPAddress.Loopback, port, token);
            await client.ConnectAsync(socket, "127.0.0.1", port, MailKit.Security.SecureSocketOptions.None, token);
            clients.Add(client);
        }

        var latencies = new ConcurrentBag<double>();
        var next = -1;
        var start = Clock.Now();
        await Task.WhenAll(clients.Select(async client =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < messages.Count)
            {
                var before = Clock.Now();
                await client.SendAsync(messages[i], token);
                latencies.Add(Clock.Ms(before, Clock.Now()));
            }
        }));
        var end = Clock.Now();
        foreach (var client in clients)
        {
            await client.DisconnectAsync(true, token);
            client.Dispose();
        }

        return (messages.Count / Clock.Seconds(start, end), [.. latencies]);
    }

    private static async Task RegisterAsync(IGrainFactory grains, string[] eventIds, string prefix, int count, int concurrency, CancellationToken token, ConcurrentDictionary<string, long>? started = null)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count && !token.IsCancellationRequested)
            {
                var address = $"{prefix}{i}@bench.example.org";
                started?.TryAdd(address, Clock.Now());
                var result = await grains.GetGrain<IEventGrain>(eventIds[i % eventIds.Length]).Register(new RegistrationRequest(null, $"Bench Person {i}", address), Actor.System);
                BenchData.EnsureSucceeded(result.Result, "register");
            }
        }));
    }

    private static async Task WaitForAsync(ConcurrentQueue<(string To, string MessageId, long At, byte[] Raw)> arrivals, Func<(string To, string MessageId, long At, byte[] Raw), bool> match, int count, CancellationToken token, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (arrivals.Count(match) < count && DateTime.UtcNow < until)
        {
            await Task.Delay(20, token);
        }
    }

    private static SmtpServer.ComponentModel.ServiceProvider Provider(Store store)
    {
        var provider = new SmtpServer.ComponentModel.ServiceProvider();
        provider.Add(store);
        provider.Add(new NoDelayListenerFactory());
        return provider;
    }

    /// <summary>
    /// The server's accepted connections with TCP_NODELAY (inherited from the listening socket on Linux),
    /// as a production mail server's are: otherwise every reply waits for a delayed ACK and the test
    /// server, not the app, sets the pace (about 11 messages/s).
    /// </summary>
    private sealed class NoDelayListenerFactory : SmtpServer.Net.EndpointListenerFactory
    {
        public override SmtpServer.Net.IEndpointListener CreateListener(IEndpointDefinition endpointDefinition)
        {
            var listener = new System.Net.Sockets.TcpListener(endpointDefinition.Endpoint);
            listener.Server.NoDelay = true;
            listener.Start();
            // The package's listener type takes the TcpListener in a constructor it does not make public.
            return (SmtpServer.Net.IEndpointListener)Activator.CreateInstance(
                typeof(SmtpServer.Net.EndpointListener), System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public,
                null, [listener, (Action)listener.Stop], null)!;
        }
    }

    private sealed class Store(ConcurrentQueue<(string To, string MessageId, long At, byte[] Raw)> arrivals) : MessageStore
    {
        public override Task<SmtpServer.Protocol.SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            var at = Clock.Now();
            var raw = buffer.ToArray();
            var message = MimeMessage.Load(new MemoryStream(raw));
            arrivals.Enqueue((message.To.Mailboxes.First().Address, message.MessageId ?? string.Empty, at, raw));
            return Task.FromResult(SmtpServer.Protocol.SmtpResponse.Ok);
        }
    }
}
