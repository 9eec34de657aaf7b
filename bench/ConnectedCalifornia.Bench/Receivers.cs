using ConnectedCalifornia.Web.Live;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace ConnectedCalifornia.Bench;

/// <summary>
/// N SignalR clients joined to one group, and the bookkeeping of one fan-out phase: the time each
/// post was issued and, per client, the time its message arrived. A message is matched to its post
/// either by a predicted version (first version + post index: the bare hub) or, when the versions
/// cannot be predicted (the capacity index's per-county version of a <c>capacity.county</c>
/// announcement), by order: the first new, higher version any client receives belongs to the next
/// post that was issued and has no version yet. Posts are issued one at a time and each produces one
/// announcement, published in order, so arrival order is post order; <see cref="CountyWindowMisses"/>
/// checks that assignment afterwards against each post's wall-clock window.
/// </summary>
public sealed class Receivers : IAsyncDisposable
{
    private readonly HubConnection[] _connections;
    private readonly long[] _issued;
    private readonly long[] _lastReceive;
    private readonly double[][] _latencyMs;
    private readonly long _firstVersion;
    private readonly int _warmupPosts;
    private readonly bool _learnVersions;
    private readonly object _learnLock = new();
    private readonly Dictionary<long, int> _indexOfVersion = [];
    private readonly long[] _learnedVersion;
    private readonly long[] _issuedUnixMs;
    private readonly long[] _returnedUnixMs;
    private int _learned;
    private long _lastLearned = long.MinValue;
    private int _received;
    private int _duplicates;
    private int _unexpected;
    private int _closed;

    /// <param name="learnVersions">Match messages to posts by arrival order of new versions instead of by <paramref name="firstVersion"/> + index.</param>
    public Receivers(int clients, long firstVersion, int warmupPosts, int measuredPosts, bool learnVersions = false)
    {
        _connections = new HubConnection[clients];
        _firstVersion = firstVersion;
        _warmupPosts = warmupPosts;
        _learnVersions = learnVersions;
        _issued = new long[warmupPosts + measuredPosts];
        _learnedVersion = new long[warmupPosts + measuredPosts];
        _issuedUnixMs = new long[warmupPosts + measuredPosts];
        _returnedUnixMs = new long[warmupPosts + measuredPosts];
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
    public void MarkIssued(int postIndex)
    {
        _issuedUnixMs[postIndex] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Volatile.Write(ref _issued[postIndex], Clock.Now());
    }

    /// <summary>Records that the post with this index returned (wall clock, for <see cref="CountyWindowMisses"/>).</summary>
    public void MarkReturned(int postIndex) => _returnedUnixMs[postIndex] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>The version the post with this index produces when versions are predicted (ours: the site's version, checked against PostCount's result).</summary>
    public long VersionOf(int postIndex) => _firstVersion + postIndex;

    /// <summary>How many issued posts were matched to a message version (learned mode).</summary>
    public int Learned => Volatile.Read(ref _learned);

    /// <summary>
    /// Learned mode: posts whose learned county version is not a time in milliseconds within the post's
    /// own call (issued … returned). The capacity index stamps a county announcement with
    /// max(previous + 1, now in ms), taken inside the PostCount call; with posts ≥ 1 ms apart a
    /// version outside that window means the order-based match was wrong. Issued posts that never
    /// got a version are counted too.
    /// </summary>
    public int CountyWindowMisses()
    {
        var misses = 0;
        for (var i = 0; i < _issued.Length; i++)
        {
            if (_issued[i] == 0)
            {
                continue;
            }

            var version = _learnedVersion[i];
            if (version == 0 || version < _issuedUnixMs[i] || version > _returnedUnixMs[i])
            {
                misses++;
            }
        }

        return misses;
    }

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
        var index = _learnVersions ? IndexByArrival(message.Version) : message.Version - _firstVersion;
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

    /// <summary>
    /// The post a version belongs to in learned mode: known versions keep their post; a version higher
    /// than every one seen so far goes to the next issued post without one; anything else is -1.
    /// </summary>
    private long IndexByArrival(long version)
    {
        // Most deliveries are of the newest version: no lock for those (its slot is written before the count).
        var learned = Volatile.Read(ref _learned);
        if (learned > 0 && Volatile.Read(ref _learnedVersion[learned - 1]) == version)
        {
            return learned - 1;
        }

        lock (_learnLock)
        {
            if (_indexOfVersion.TryGetValue(version, out var known))
            {
                return known;
            }

            if (version <= _lastLearned || _learned >= _issued.Length || Volatile.Read(ref _issued[_learned]) == 0)
            {
                return -1;
            }

            var index = _learned;
            _indexOfVersion[version] = index;
            Volatile.Write(ref _learnedVersion[index], version);
            _lastLearned = version;
            Volatile.Write(ref _learned, index + 1);
            return index;
        }
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
