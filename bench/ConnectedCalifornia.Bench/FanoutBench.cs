using System.Collections.Immutable;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using ConnectedCalifornia.Capacity;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Web.Live;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConnectedCalifornia.Bench;

/// <summary>
/// Live fan-out: a capacity count posted through <see cref="ISiteCapacityGrain.PostCount"/> on the
/// real app, delivered to N SignalR clients of <c>county:06019</c> as what a county bed board hears
/// of it (the capacity index's <c>capacity.county</c> announcement), against a bare SignalR hub
/// broadcasting a message of the same shape and size to N clients of one group, in the same run.
/// </summary>
public sealed class FanoutBench(BenchOptions options)
{
    public const string County = "06019";
    private const string Category = CapacityCategories.AdultWomen;
    private const int Total = 1000;
    private const int OrganizationIdLength = 24;
    private const string SiteName = "Bench Harbor House";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly int _clients = options.Int("clients", 1000, 1, 5000);
    private readonly double _rate = options.Double("rate", 10, 0.5, 200);
    private readonly int _seconds = options.Int("seconds", 20, 1, 120);
    private readonly int _warmup = options.Int("warmup", 3, 0, 30);
    private readonly int _drain = options.Int("drain", 5, 1, 30);
    private readonly int _rounds = options.Int("rounds", 4, 1, 20);

    private static string Topic => Topics.County(County);

    public async Task<BenchReport> RunAsync(CancellationToken token)
    {
        var warmupPosts = (int)Math.Round(_warmup * _rate);
        var perRound = Math.Max(1, (int)Math.Round(_seconds * _rate / _rounds));
        var measuredPosts = perRound * _rounds;
        Console.WriteLine($"fanout: {_clients} clients per path, {_rate}/s for {_seconds} s in {_rounds} alternating rounds after {_warmup} s warm-up ({measuredPosts} measured posts per path)");

        Console.WriteLine("our path: starting the app ...");
        await using var app = new BenchAppFactory();
        var appUri = app.StartKestrel();
        var site = await DefineSiteAsync(app.Services.GetRequiredService<IGrainFactory>());
        var firstVersion = (await site.GetSnapshot())!.Version + 1;
        var countyName = California.NameOf(County) + " County";

        Console.WriteLine("bare hub: starting ...");
        await using var bareApp = StartBareHub();
        await bareApp.StartAsync(token);
        var bareUri = new Uri(bareApp.Urls.First());
        var hub = bareApp.Services.GetRequiredService<IHubContext<BareHub>>();

        // Ours: the county version is the capacity index's own (max(previous + 1, now in ms)), not
        // predictable: matched by arrival order and checked against each post's time window; the
        // predicted first version is the site's, checked against PostCount's result. Bare: versions
        // of the same 13 digits, predicted.
        await using var oursRx = new Receivers(_clients, firstVersion, warmupPosts, measuredPosts, learnVersions: true);
        await using var bareRx = new Receivers(_clients, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), warmupPosts, measuredPosts);
        var connecting = Stopwatch.StartNew();
        await oursRx.ConnectAsync(new Uri(appUri, NetworkHub.Path), Topic, token);
        Console.WriteLine($"our path: {_clients} clients joined {Topic} in {connecting.Elapsed.TotalSeconds:F1} s at {appUri}");
        connecting.Restart();
        await bareRx.ConnectAsync(new Uri(bareUri, BareHub.Path), Topic, token);
        Console.WriteLine($"bare hub: {_clients} clients joined {Topic} in {connecting.Elapsed.TotalSeconds:F1} s at {bareUri}");

        var oursCalls = new List<double>(oursRx.TotalPosts);
        var bareCalls = new List<double>(bareRx.TotalPosts);
        var oursPath = new Path(oursRx, async index =>
        {
            var issued = Clock.Now();
            var result = await site.PostCount(Category, (int)(index % Total), Actor.System);
            oursCalls.Add(Clock.Ms(issued, Clock.Now()));
            oursRx.MarkReturned(index);
            BenchData.EnsureSucceeded(result, "post a count");
            return result.Version;
        });
        var barePath = new Path(bareRx, async index =>
        {
            var issued = Clock.Now();
            var version = bareRx.VersionOf(index);
            await hub.Clients.Group(Topic).SendAsync(nameof(INetworkClient.Announcement), BareMessage(version, countyName), token);
            bareCalls.Add(Clock.Ms(issued, Clock.Now()));
            return version;
        });

        await PostAsync(oursPath, 0, warmupPosts, token);
        await PostAsync(barePath, 0, warmupPosts, token);
        for (var round = 0; round < _rounds; round++)
        {
            var from = warmupPosts + (round * perRound);
            var (first, second) = round % 2 == 0 ? (oursPath, barePath) : (barePath, oursPath);
            await PostAsync(first, from, from + perRound, token);
            await first.Receivers.DrainAsync(TimeSpan.FromSeconds(1), token);
            await PostAsync(second, from, from + perRound, token);
            await second.Receivers.DrainAsync(TimeSpan.FromSeconds(1), token);
        }

        await oursRx.DrainAsync(TimeSpan.FromSeconds(_drain), token);
        await bareRx.DrainAsync(TimeSpan.FromSeconds(_drain), token);
        var ours = (Result: oursRx.Result("ours", oursPath.Late, oursPath.Mismatches, LatencyStats.Of(oursCalls), perRound),
            Sample: oursRx.Sample ?? throw new InvalidOperationException("No announcement reached any client."));
        var bare = bareRx.Result("bare", barePath.Late, barePath.Mismatches, LatencyStats.Of(bareCalls), perRound);
        Console.WriteLine(Describe(ours.Result));
        Console.WriteLine(Describe(bare));

        var ourBytes = JsonSerializer.SerializeToUtf8Bytes(ours.Sample, Json).Length;
        var bareBytes = JsonSerializer.SerializeToUtf8Bytes(BareMessage(bareRx.VersionOf(0), countyName), Json).Length;
        var windowMisses = oursRx.CountyWindowMisses();
        if (ours.Sample.Kind != AnnouncementKinds.CapacityCounty)
        {
            throw new InvalidOperationException($"The clients of {Topic} heard '{ours.Sample.Kind}', not '{AnnouncementKinds.CapacityCounty}'.");
        }

        var ratio = ours.Result.Latency.P99 / bare.Latency.P99;
        var table = new List<string>
        {
            "| | our path (site grain → capacity index → publisher → bridge → hub) | bare SignalR hub | ratio ours / bare |",
            "|---|---:|---:|---:|",
            Row("latency p50 (ms)", ours.Result.Latency.P50, bare.Latency.P50),
            Row("latency p95 (ms)", ours.Result.Latency.P95, bare.Latency.P95),
            Row("latency p99 (ms)", ours.Result.Latency.P99, bare.Latency.P99),
            Row("latency max (ms)", ours.Result.Latency.Max, bare.Latency.Max),
            Row("latency mean (ms)", ours.Result.Latency.Mean, bare.Latency.Mean),
            Row("deliveries/s", ours.Result.DeliveriesPerSecond, bare.DeliveriesPerSecond),
            Row("posts/s achieved", ours.Result.PostsPerSecond, bare.PostsPerSecond),
            $"| deliveries expected | {ours.Result.Expected} | {bare.Expected} | |",
            $"| delivered | {ours.Result.Delivered} | {bare.Delivered} | |",
            $"| **missed** | {ours.Result.Missed} | {bare.Missed} | |",
            $"| duplicates / unexpected versions | {ours.Result.Duplicates} / {ours.Result.Unexpected} | {bare.Duplicates} / {bare.Unexpected} | |",
            $"| connections closed during run | {ours.Result.ClosedConnections} | {bare.ClosedConnections} | |",
            $"| posts issued > 1 interval late | {ours.Result.LatePosts} | {bare.LatePosts} | |",
            $"| message payload (JSON bytes, one sample) | {ourBytes} | {bareBytes} | |",
            $"| posts matched to a message / issued | {oursRx.Learned} / {oursRx.TotalPosts} | (predicted) | |",
            $"| checks failed: PostCount version ≠ site's next / county version outside its post's call | {ours.Result.VersionMismatches} / {windowMisses} | {bare.VersionMismatches} / – | |",
        };
        table.Add($"| issuing call p50 / p99 (ms): PostCount (ours), awaited SendAsync (bare) | {ours.Result.PostCall!.P50:F1} / {ours.Result.PostCall.P99:F1} | {bare.PostCall!.P50:F1} / {bare.PostCall.P99:F1} | |");

        var verdict = ratio <= 1.5
            ? $"**p99 ratio {ratio:F2} ≤ 1.5: goal met.**"
            : $"**p99 ratio {ratio:F2} > 1.5: goal NOT met.**";
        if (windowMisses > 0 || ours.Result.VersionMismatches > 0)
        {
            verdict += $" (Matching checks failed: {ours.Result.VersionMismatches} / {windowMisses}; the latencies above are not trustworthy.)";
        }
        return new BenchReport(
            "fanout",
            "Live fan-out: capacity change → SignalR clients",
            [
                $"clients: {_clients} (SignalR .NET client, WebSockets, 127.0.0.1, JSON protocol, anonymous like a public county board), group `{Topic}`",
                $"posts: {_rate}/s per path, {_warmup} s warm-up ({warmupPosts} posts, not measured), then {_seconds} s measured per path ({measuredPosts} posts in {_rounds} rounds of {perRound}); final drain ≤ {_drain} s",
                "our path: embedded topology (SQLite), real app on Kestrel in this process (edge pipeline on; per-address hub/API rate limit raised because all clients share 127.0.0.1); one public site in 06019; ISiteCapacityGrain.PostCount(Actor.System) from the app's IGrainFactory; the clients receive the capacity index's `capacity.county` announcement (county code, per-county version, no actor), one per post",
                "bare: minimal Hub on its own Kestrel WebApplication in this process, IHubContext.Clients.Group(...).SendAsync of an AnnouncementMessage built like the index's (same kind, county, title, summary, empty actor, a 13-digit version; same size)",
                $"order: both servers run and both sets of {_clients} clients stay connected for the whole run; warm-up ours then bare, then {_rounds} measured rounds alternating ours/bare (ABBA…), 1 s drain between; clients, servers and poster share the process and its CPUs",
                "latency: client receive time − time the post (our path) or SendAsync (bare) was issued; one process, Stopwatch clock. Matching: bare by predicted Version; ours by arrival order of new county versions (one announcement per post, posts one at a time), each checked to be a millisecond time inside its own PostCount call",
            ],
            table,
            [verdict]);
    }

    private static async Task<ISiteCapacityGrain> DefineSiteAsync(IGrainFactory grains)
    {
        var organizationId = $"bench-org-{Guid.NewGuid():N}"[..OrganizationIdLength];
        var created = await grains.GetGrain<IOrganizationGrain>(organizationId).Create(BenchData.Organization(), Actor.System);
        BenchData.EnsureSucceeded(created, "create the organization");
        var site = grains.GetGrain<ISiteCapacityGrain>($"{organizationId}--main");
        var defined = await site.Define(
            new SiteDefinition(organizationId, SiteName, County, Confidential: false, [new CategoryDefinition(Category, Total)]),
            Actor.System);
        BenchData.EnsureSucceeded(defined, "define the site");
        return site;
    }

    private static WebApplication StartBareHub()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSignalR().AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        var app = builder.Build();
        app.MapHub<BareHub>(BareHub.Path);
        return app;
    }

    /// <summary>
    /// Issues posts [from, to) of a path at the slots of a steady schedule, one at a time, never
    /// catching up in a burst (a late post moves the schedule); counts late posts and posts that
    /// produced another version than expected.
    /// </summary>
    private async Task PostAsync(Path path, int from, int to, CancellationToken token)
    {
        var interval = (long)(Stopwatch.Frequency / _rate);
        var next = Clock.Now() + interval;
        for (var i = from; i < to; i++)
        {
            await Clock.UntilAsync(next, token);
            var now = Clock.Now();
            if (now - next > interval)
            {
                path.Late++;
                next = now;
            }

            path.Receivers.MarkIssued(i);
            var version = await path.Post(i).WaitAsync(TimeSpan.FromSeconds(10), token);
            if (version != path.Receivers.VersionOf(i))
            {
                path.Mismatches++;
            }

            next += interval;
        }
    }

    /// <summary>One path under test: its clients and how it posts (post index → version produced).</summary>
    private sealed class Path(Receivers receivers, Func<int, Task<long>> post)
    {
        public Receivers Receivers { get; } = receivers;

        public Func<int, Task<long>> Post { get; } = post;

        public int Late { get; set; }

        public int Mismatches { get; set; }
    }

    /// <summary>
    /// The baseline's message: what the capacity index announces on a county topic for a change
    /// (kind <c>capacity.county</c>, the county code, "Fresno County", "Capacity changed in …", no
    /// actor, a millisecond-sized version), so both paths send the same shape and size.
    /// </summary>
    private static AnnouncementMessage BareMessage(long version, string countyName) => new(
        NetworkAnnouncement.ContractVersion,
        Topic,
        AnnouncementKinds.CapacityCounty,
        County,
        version,
        countyName,
        "Capacity changed in " + countyName,
        DateTimeOffset.UtcNow,
        string.Empty);

    private static string Row(string name, double ours, double bare) =>
        $"| {name} | {ours:F1} | {bare:F1} | {ours / bare:F2} |";

    private static string Describe(PhaseResult r) =>
        $"{r.Name}: p50 {r.Latency.P50:F1} ms, p95 {r.Latency.P95:F1} ms, p99 {r.Latency.P99:F1} ms, max {r.Latency.Max:F1} ms; " +
        $"{r.Delivered}/{r.Expected} delivered ({r.Missed} missed), {r.DeliveriesPerSecond:F0} deliveries/s";
}

/// <summary>The baseline: a hub that only adds a connection to a group.</summary>
public sealed class BareHub : Hub
{
    public const string Path = "/hubs/bare";

    public async Task<JoinResult> Join(string topic)
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, topic);
        return new JoinResult(true, null, ImmutableArray<AnnouncementMessage>.Empty);
    }
}
