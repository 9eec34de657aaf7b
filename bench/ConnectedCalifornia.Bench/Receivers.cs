using ConnectedCalifornia.Web.Live;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace ConnectedCalifornia.Bench;

/// <summary>
/// N SignalR clients joined to one group, and the bookkeeping of one fan-out phase: the time each
/// post was issued (by the version it produces) and, per client, the time each one arrived.
/// </summary>
public sealed class Receivers : IAsyncDisposable
{
    private readonly HubConnection[] _connections;
    private readonly long[] _issued;
    private readonly long[] _lastReceive;
    private readonly double[][] _latencyMs;
    private readonly long _firstVersion;
    private readonly int _warmupPosts;
    private int _received;
    private int _duplicates;
    private int _unexpected;
    private int _closed;

    public Receivers(int clients, long firstVersion, int warmupPosts, int measuredPosts)
    {
        _connections = new HubConnection[clients];
        _firstVersion = firstVersion;
        _warmupPosts = warmupPosts;
        _issued = new long[warmupPosts + measuredPosts];
        _lastReceive = new long[warmupPosts + measuredPosts];
        _latencyMs = new double[clients][];
        for (var i = 0; i < clients; i++)
        {
            _latencyMs[i] = new double[measuredPosts];
            Array.Fill(_latencyMs[i], double.NaN);
        }
    }

    public int Clients => _connections.Length;

    public int TotalPosts => _issued.Length;

    public int MeasuredPosts => _issued.Length - _warmupPosts;

    public int Received => Volatile.Read(ref _received);

    public int Expected => Clients * MeasuredPosts;

    /// <summary>The first message that arrived (any client), to copy its shape into the baseline.</summary>
    public AnnouncementMessage? Sample { get; private set; }

    /// <summary>Connects every client over WebSockets (no negotiation) and joins the topic, 50 at a time.</summary>
    public async Task ConnectAsync(Uri hubUrl, string topic, CancellationToken token)
    {
        using var gate = new SemaphoreSlim(50);
        var tasks = new Task[_connections.Length];
        for (var i = 0; i < _connections.Length; i++)
        {
            var client = i;
            tasks[i] = Task.Run(
                async () =>
                {
                    await gate.WaitAsync(token);
                    try
                    {
                        var connection = new HubConnectionBuilder()
                            .WithUrl(hubUrl, HttpTransportType.WebSockets, o => o.SkipNegotiation = true)
                            .Build();
                        connection.On<AnnouncementMessage>(nameof(INetworkClient.Announcement), m => OnMessage(client, m));
                        connection.Closed += _ =>
                        {
                            Interlocked.Increment(ref _closed);
                            return Task.CompletedTask;
                        };
                        _connections[client] = connection;
                        await connection.StartAsync(token);
                        var joined = await connection.InvokeAsync<JoinResult>("Join", topic, token);
                        if (!joined.Joined)
                        {
                            throw new InvalidOperationException($"Client {client} could not join {topic}: {joined.Error}");
                        }
                    }
                    finally
                    {
                        gate.Release();
                    }
                },
                token);
        }

        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(60), token);
    }

    /// <summary>Records that the post with this index (producing version first + index) is issued now.</summary>
    public void MarkIssued(int postIndex) => Volatile.Write(ref _issued[postIndex], Clock.Now());

    public long VersionOf(int postIndex) => _firstVersion + postIndex;

    public int WarmupPosts => _warmupPosts;

    /// <summary>Waits until every delivery of the measured posts issued so far arrived, or the drain time is up.</summary>
    public async Task DrainAsync(TimeSpan drain, CancellationToken token)
    {
        var issued = _issued.Skip(_warmupPosts).Count(t => Volatile.Read(ref t) != 0);
        var until = Clock.Now() + (long)(drain.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
        while (Received < Clients * issued && Clock.Now() < until)
        {
            await Task.Delay(20, token);
        }
    }

    public PhaseResult Result(string name, int latePosts, int versionMismatches, LatencyStats? postCall, int postsPerRound)
    {
        var latencies = new List<double>(Received);
        foreach (var perClient in _latencyMs)
        {
            latencies.AddRange(perClient.Where(l => !double.IsNaN(l)));
        }

        // Rates over the time this path was active: per round, from its first post to its last delivery.
        double active = 0;
        double posting = 0;
        var intervals = 0;
        for (var from = _warmupPosts; from < _issued.Length; from += postsPerRound)
        {
            var to = Math.Min(from + postsPerRound, _issued.Length);
            var last = _lastReceive.AsSpan(from, to - from).ToArray().Max();
            active += last > _issued[from] ? Clock.Seconds(_issued[from], last) : 0;
            posting += Clock.Seconds(_issued[from], _issued[to - 1]);
            intervals += to - from - 1;
        }

        return new PhaseResult(
            name,
            LatencyStats.Of(latencies),
            Expected,
            latencies.Count,
            Expected - latencies.Count,
            _duplicates,
            _unexpected,
            _closed,
            latencies.Count / active,
            intervals / posting,
            latePosts,
            versionMismatches,
            postCall);
    }

    private void OnMessage(int client, AnnouncementMessage message)
    {
        var now = Clock.Now();
        Sample ??= message;
        var index = message.Version - _firstVersion;
        if (index < 0 || index >= _issued.Length)
        {
            Interlocked.Increment(ref _unexpected);
            return;
        }

        var issued = Volatile.Read(ref _issued[index]);
        if (issued == 0)
        {
            Interlocked.Increment(ref _unexpected);
            return;
        }

        if (index < _warmupPosts)
        {
            return;
        }

        ref var slot = ref _latencyMs[client][index - _warmupPosts];
        if (!double.IsNaN(slot))
        {
            Interlocked.Increment(ref _duplicates);
            return;
        }

        slot = Clock.Ms(issued, now);
        Interlocked.Increment(ref _received);
        ref var last = ref _lastReceive[index];
        long seen;
        do
        {
            seen = Volatile.Read(ref last);
        }
        while (now > seen && Interlocked.CompareExchange(ref last, now, seen) != seen);
    }

    public async ValueTask DisposeAsync()
    {
        using var gate = new SemaphoreSlim(100);
        await Task.WhenAll(_connections.Where(c => c is not null).Select(async c =>
        {
            await gate.WaitAsync();
            try
            {
                await c.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (TimeoutException)
            {
            }
            finally
            {
                gate.Release();
            }
        }));
    }
}

/// <summary>The figures of one fan-out phase.</summary>
/// <param name="DeliveriesPerSecond">Deliveries measured, over the time the path was active (each round: first post to last delivery).</param>
/// <param name="PostsPerSecond">The post rate actually achieved within rounds.</param>
/// <param name="PostCall">For our path: how long the PostCount call took (issue to reply).</param>
public sealed record PhaseResult(
    string Name,
    LatencyStats Latency,
    int Expected,
    int Delivered,
    int Missed,
    int Duplicates,
    int Unexpected,
    int ClosedConnections,
    double DeliveriesPerSecond,
    double PostsPerSecond,
    int LatePosts,
    int VersionMismatches,
    LatencyStats? PostCall);
