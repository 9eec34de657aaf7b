using System.Globalization;
using ConnectedCalifornia.Web.Directory;
using Microsoft.Extensions.DependencyInjection;

namespace ConnectedCalifornia.Bench;

/// <summary>
/// Readiness under a burst of HSDS exports: the real app with a large public directory answers
/// <c>--exports</c> concurrent <c>GET /api/hsds/export</c> (each the whole directory) while a prober
/// asks <c>GET /health/ready</c> every 50 ms; its latency during the burst is compared with the same
/// probe on the idle app. The export is cached per version of the directory and the burst is sent
/// twice: once right after the directory changed (the first request builds the export) and once warm.
/// </summary>
public sealed class ExportBurstBench(BenchOptions options)
{
    private readonly int _organizations = options.Int("organizations", 20_000, 100, 200_000);
    private readonly int _exports = options.Int("exports", 100, 1, 2_000);

    public async Task<BenchReport> RunAsync(CancellationToken token)
    {
        var documents = DirectoryBench.Generate(_organizations, new Random(20_000));
        Console.WriteLine($"exportburst: starting the app with {documents.Length:N0} generated organizations ...");
        await using var app = new DirectoryBenchAppFactory(documents);

        // Every bench client comes from 127.0.0.1; the per-address HSDS limit (6 a minute) would refuse
        // all but six, so it is raised to measure the work of a burst from many addresses.
        app.WithSetting("ConnectedCalifornia:Edge:RateLimits:HsdsPerMinute", "1000000");
        var address = app.StartKestrel();
        var index = app.Services.GetRequiredService<DirectoryIndex>();
        await index.EnsureLoadedAsync();
        foreach (var document in documents)
        {
            index.Apply(document);
        }

        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(3) };
        for (var i = 0; i < 20; i++)
        {
            (await client.GetAsync("/health/ready", token)).EnsureSuccessStatusCode();
        }

        var idle = await ProbeAsync(client, Task.Delay(TimeSpan.FromSeconds(5), token), token);
        Console.WriteLine($"exportburst: idle readiness p95 {idle.Stats.P95:F1} ms; cold burst of {_exports} exports ...");
        var cold = await BurstAsync(address, client, token);
        Console.WriteLine($"exportburst: cold burst {cold.Seconds:F2} s, readiness max {cold.Ready.Max:F1} ms; warm burst ...");
        var warm = await BurstAsync(address, client, token);
        Console.WriteLine($"exportburst: warm burst {warm.Seconds:F2} s, readiness max {warm.Ready.Max:F1} ms");

        string Row(string name, Func<LatencyStats, double> pick) =>
            string.Create(CultureInfo.InvariantCulture, $"| {name} | {pick(idle.Stats):F1} | {pick(cold.Ready):F1} | {pick(warm.Ready):F1} |");
        var worst = Math.Max(cold.Ready.Max, warm.Ready.Max);
        var verdict = worst < 1_000
            ? $"**Readiness stayed under 1 s during both bursts (slowest probe {worst:F0} ms): goal met.**"
            : $"**The slowest readiness probe during a burst took {worst:F0} ms (goal: under 1 s): goal NOT met.**";
        return new BenchReport(
            "exportburst",
            $"Readiness during {_exports} concurrent HSDS exports",
            [
                $"{documents.Length:N0} generated organizations in the directory index (the same generator as the directory benchmark); one export is {cold.Bytes / 1_048_576.0:F1} MB",
                $"{_exports} concurrent `GET /api/hsds/export` on separate connections, each body read to the end (into one 80 kB buffer per request: the client runs in the app's process); the per-address HSDS limit raised for the run (all requests come from 127.0.0.1)",
                "cold: the first burst after the directory was filled (the export is built once for that version, the other requests wait for it); warm: the same burst again",
                "readiness: `GET /health/ready` on its own connection every 50 ms while the burst runs (idle: for 5 s before it)",
                "the real app in this process (embedded topology, Kestrel on loopback)",
            ],
            [
                "| /health/ready latency (ms) | idle | cold burst | warm burst |",
                "|---|---:|---:|---:|",
                Row("p50", s => s.P50),
                Row("p95", s => s.P95),
                Row("p99", s => s.P99),
                Row("max", s => s.Max),
                string.Create(CultureInfo.InvariantCulture, $"| probes | {idle.Stats.Count} | {cold.Ready.Count} | {warm.Ready.Count} |"),
                string.Create(CultureInfo.InvariantCulture, $"| burst duration (s) | | {cold.Seconds:F2} | {warm.Seconds:F2} |"),
                string.Create(CultureInfo.InvariantCulture, $"| export latency p50 / max (ms) | | {cold.Export.P50:F0} / {cold.Export.Max:F0} | {warm.Export.P50:F0} / {warm.Export.Max:F0} |"),
                string.Create(CultureInfo.InvariantCulture, $"| answers not 200 | | {cold.Failed} | {warm.Failed} |"),
            ],
            [verdict, "The audit measured 7.9 s for /health/ready under 100 exports of 16 MB before the export was cached per version and streamed from the cache."]);
    }

    private sealed record Burst(double Seconds, LatencyStats Ready, LatencyStats Export, long Bytes, int Failed);

    private async Task<Burst> BurstAsync(Uri address, HttpClient prober, CancellationToken token)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = _exports };
        using var exporter = new HttpClient(handler) { BaseAddress = address, Timeout = TimeSpan.FromMinutes(3) };
        var latencies = new double[_exports];
        var failed = 0;
        long bytes = 0;
        var start = Clock.Now();
        var exports = Task.WhenAll(Enumerable.Range(0, _exports).Select(async i =>
        {
            var t0 = Clock.Now();
            using var response = await exporter.GetAsync("/api/hsds/export", HttpCompletionOption.ResponseHeadersRead, token);

            // The body is read to the end into one small buffer: the client shares the process with the app,
            // and keeping 100 copies of the export would measure the client's garbage collections instead.
            await using var body = await response.Content.ReadAsStreamAsync(token);
            var buffer = new byte[81_920];
            long length = 0;
            int read;
            while ((read = await body.ReadAsync(buffer, token)) > 0)
            {
                length += read;
            }

            latencies[i] = Clock.Ms(t0, Clock.Now());
            if (response.StatusCode != System.Net.HttpStatusCode.OK)
            {
                Interlocked.Increment(ref failed);
            }
            else
            {
                Interlocked.Exchange(ref bytes, length);
            }
        }));
        var probe = await ProbeAsync(prober, exports, token);
        await exports;
        return new Burst(Clock.Seconds(start, Clock.Now()), probe.Stats, LatencyStats.Of(latencies), bytes, failed);
    }

    private static async Task<(LatencyStats Stats, int Count)> ProbeAsync(HttpClient client, Task until, CancellationToken token)
    {
        var probes = new List<double>();
        do
        {
            var t0 = Clock.Now();
            using var response = await client.GetAsync("/health/ready", token);
            response.EnsureSuccessStatusCode();
            probes.Add(Clock.Ms(t0, Clock.Now()));
            await Task.WhenAny(until, Task.Delay(50, token));
        }
        while (!until.IsCompleted);
        return (LatencyStats.Of(probes), probes.Count);
    }
}
