using System.Collections.Concurrent;
using ConnectedCalifornia.Capacity;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ConnectedCalifornia.Bench;

/// <summary>
/// Durable writes: capacity counts posted through site grains of the cluster topology (state in
/// PostgreSQL) against bare Npgsql single-row upserts, same concurrency and duration, in one fresh
/// database that is dropped at the end.
/// </summary>
public sealed class DurableBench(BenchOptions options)
{
    private const string Category = CapacityCategories.AdultWomen;
    private const int Total = 1000;

    private readonly int _concurrency = options.Int("concurrency", 16, 1, 256);
    private readonly int _sites = options.Int("sites", 64, 1, 10_000);
    private readonly int _seconds = options.Int("seconds", 15, 1, 120);
    // Long enough for tiered compilation to finish on both paths: the app's path is far more code than one
    // upsert, and with 3 s its measured window still spent 12–20% of the CPU in the JIT (see the README).
    private readonly int _warmup = options.Int("warmup", 10, 0, 60);

    public async Task<BenchReport> RunAsync(CancellationToken token)
    {
        var connectionString = options.Text("postgres")
            ?? Environment.GetEnvironmentVariable("CC_BENCH_POSTGRES")
            ?? Environment.GetEnvironmentVariable("CC_TEST_POSTGRES")
            ?? throw new InvalidOperationException("durable needs PostgreSQL: set CC_BENCH_POSTGRES (or CC_TEST_POSTGRES) to a connection string of a user that may create databases.");
        var sites = Math.Max(_sites, _concurrency);
        var database = $"cc_bench_{Guid.NewGuid():N}"[..24];
        var admin = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false }.ConnectionString;
        var target = new NpgsqlConnectionStringBuilder(connectionString) { Database = database }.ConnectionString;
        Console.WriteLine($"durable: {_concurrency} concurrent writers over {sites} sites, {_seconds} s after {_warmup} s warm-up, database {database}");

        await ExecuteAsync(admin, $"CREATE DATABASE \"{database}\"", token);
        WorkResult ours;
        WorkResult bare;
        WorkResult tuned;
        try
        {
            ours = await RunOursAsync(target, sites, token);
            Console.WriteLine(Describe("ours", ours));
            bare = await RunBareAsync(target, sites, tuned: false, token);
            Console.WriteLine(Describe("bare", bare));
            tuned = await RunBareAsync(target, sites, tuned: true, token);
            Console.WriteLine(Describe("bare, prepared", tuned));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", CancellationToken.None);
        }

        var ratio = ours.PerSecond / bare.PerSecond;
        var table = new List<string>
        {
            "| | our path (ISiteCapacityGrain.PostCount, cluster topology) | bare Npgsql upsert | ratio ours / bare | bare upsert, prepared like the app's connections | ratio ours / prepared bare |",
            "|---|---:|---:|---:|---:|---:|",
            $"| durable updates/s | {ours.PerSecond:F0} | {bare.PerSecond:F0} | {ratio:F2} | {tuned.PerSecond:F0} | {ours.PerSecond / tuned.PerSecond:F2} |",
            $"| call latency p50 (ms) | {ours.Latency.P50:F1} | {bare.Latency.P50:F1} | {ours.Latency.P50 / bare.Latency.P50:F2} | {tuned.Latency.P50:F1} | {ours.Latency.P50 / tuned.Latency.P50:F2} |",
            $"| call latency p95 (ms) | {ours.Latency.P95:F1} | {bare.Latency.P95:F1} | {ours.Latency.P95 / bare.Latency.P95:F2} | {tuned.Latency.P95:F1} | {ours.Latency.P95 / tuned.Latency.P95:F2} |",
            $"| call latency p99 (ms) | {ours.Latency.P99:F1} | {bare.Latency.P99:F1} | {ours.Latency.P99 / bare.Latency.P99:F2} | {tuned.Latency.P99:F1} | {ours.Latency.P99 / tuned.Latency.P99:F2} |",
            $"| calls measured | {ours.Latency.Count} | {bare.Latency.Count} | | {tuned.Latency.Count} | |",
            $"| failed calls | {ours.Failures} | {bare.Failures} | | {tuned.Failures} | |",
        };
        var verdict = ratio >= 0.5
            ? $"**throughput ratio {ratio:F2} ≥ 0.5: goal met.**"
            : $"**throughput ratio {ratio:F2} < 0.5: goal NOT met.**";
        return new BenchReport(
            "durable",
            "Durable capacity updates: grains on PostgreSQL vs bare Npgsql",
            [
                $"PostgreSQL: a fresh database per run (dropped at the end), server at {new NpgsqlConnectionStringBuilder(connectionString).Host}:{new NpgsqlConnectionStringBuilder(connectionString).Port}",
                $"writers: {_concurrency} concurrent loops, {sites} sites (writer w posts to sites w, w+{_concurrency}, …: no two writers share a site); {_warmup} s warm-up, {_seconds} s measured",
                "our path: the real app in this process, Topology=Cluster on that database (one co-hosted silo, app's default pool: Max Pool Size 20); each call is ISiteCapacityGrain.PostCount(Actor.System), which validates, writes the site's state (counts, holds, change records not archived yet), hands its change record to the silo's change archive (batched multi-row INSERTs into cc_change_history), updates the capacity index grain in memory (saved behind, at most once a second for count-only changes), then announces",
                $"bare: NpgsqlDataSource (Max Pool Size {_concurrency}), table bench_capacity(site_id, category, available, version, updated_at, PK(site_id, category)); each call is one INSERT … ON CONFLICT DO UPDATE, autocommit; the goal compares with this one",
                "bare, prepared: the same with the connection options the app sets (Max Auto Prepare=64, Auto Prepare Min Usages=2, No Reset On Close=true), shown for fairness",
                "order: our path first (the app is stopped before the bare phases), then bare, then bare prepared, in the same database",
            ],
            table,
            [verdict]);
    }

    private async Task<WorkResult> RunOursAsync(string connectionString, int sites, CancellationToken token)
    {
        Console.WriteLine("our path: starting the app (cluster topology) ...");
        await using var app = new BenchAppFactory(connectionString);
        var grains = app.Services.GetRequiredService<IGrainFactory>();
        var organizationId = $"bench-org-{Guid.NewGuid():N}"[..24];
        BenchData.EnsureSucceeded(await grains.GetGrain<IOrganizationGrain>(organizationId).Create(BenchData.Organization(), Actor.System), "create the organization");

        var handles = new ISiteCapacityGrain[sites];
        using (var gate = new SemaphoreSlim(_concurrency))
        {
            await Task.WhenAll(Enumerable.Range(0, sites).Select(async i =>
            {
                await gate.WaitAsync(token);
                try
                {
                    handles[i] = grains.GetGrain<ISiteCapacityGrain>($"{organizationId}--site-{i}");
                    var definition = new SiteDefinition(organizationId, $"Bench site {i}", FanoutBench.County, Confidential: false, [new CategoryDefinition(Category, Total)]);
                    BenchData.EnsureSucceeded(await handles[i].Define(definition, Actor.System), "define a site");
                }
                finally
                {
                    gate.Release();
                }
            })).WaitAsync(TimeSpan.FromSeconds(60), token);
        }

        Console.WriteLine($"our path: {sites} sites defined");
        return await RunWorkersAsync(
            sites,
            async (site, iteration) =>
            {
                var result = await handles[site].PostCount(Category, iteration % Total, Actor.System);
                BenchData.EnsureSucceeded(result, "post a count");
            },
            token);
    }

    private async Task<WorkResult> RunBareAsync(string connectionString, int sites, bool tuned, CancellationToken token)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = _concurrency };
        if (tuned)
        {
            (builder.MaxAutoPrepare, builder.AutoPrepareMinUsages, builder.NoResetOnClose) = (64, 2, true);
        }

        var table = tuned ? "bench_capacity_prepared" : "bench_capacity";
        await using var source = NpgsqlDataSource.Create(builder.ConnectionString);
        await using (var create = source.CreateCommand(
            $"CREATE TABLE {table} (site_id text NOT NULL, category text NOT NULL, available integer NOT NULL, version bigint NOT NULL, updated_at timestamptz NOT NULL, PRIMARY KEY (site_id, category))"))
        {
            await create.ExecuteNonQueryAsync(token);
        }

        var upsert =
            $"INSERT INTO {table} (site_id, category, available, version, updated_at) VALUES ($1, $2, $3, 1, $4) " +
            $"ON CONFLICT (site_id, category) DO UPDATE SET available = EXCLUDED.available, version = {table}.version + 1, updated_at = EXCLUDED.updated_at";
        return await RunWorkersAsync(
            sites,
            async (site, iteration) =>
            {
                await using var command = source.CreateCommand(upsert);
                command.Parameters.Add(new NpgsqlParameter { Value = $"site-{site}" });
                command.Parameters.Add(new NpgsqlParameter { Value = Category });
                command.Parameters.Add(new NpgsqlParameter { Value = iteration % Total });
                command.Parameters.Add(new NpgsqlParameter { Value = DateTimeOffset.UtcNow });
                await command.ExecuteNonQueryAsync(token);
            },
            token);
    }

    /// <summary>Runs the writers for warm-up + measured time; only calls issued after the warm-up count.</summary>
    private async Task<WorkResult> RunWorkersAsync(int sites, Func<int, int, Task> call, CancellationToken token)
    {
        var frequency = System.Diagnostics.Stopwatch.Frequency;
        var start = Clock.Now();
        var measuredFrom = start + (_warmup * frequency);
        var end = measuredFrom + (_seconds * frequency);
        var latencies = new ConcurrentBag<double[]>();
        var failures = 0;
        await Task.WhenAll(Enumerable.Range(0, _concurrency).Select(worker => Task.Run(
            async () =>
            {
                var mine = new List<double>();
                var iteration = 0;
                var site = worker;
                while (Clock.Now() < end && !token.IsCancellationRequested)
                {
                    var issued = Clock.Now();
                    try
                    {
                        await call(site, iteration).WaitAsync(TimeSpan.FromSeconds(10), token);
                        var done = Clock.Now();
                        if (issued >= measuredFrom && done <= end)
                        {
                            mine.Add(Clock.Ms(issued, done));
                        }
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        if (Interlocked.Increment(ref failures) <= 3)
                        {
                            Console.Error.WriteLine($"writer {worker}: {ex.GetType().Name}: {ex.Message}");
                        }
                    }

                    iteration++;
                    site += _concurrency;
                    if (site >= sites)
                    {
                        site = worker;
                    }
                }

                latencies.Add([.. mine]);
            },
            token)));

        var all = latencies.SelectMany(l => l).ToArray();
        return new WorkResult(all.Length / (double)_seconds, LatencyStats.Of(all), failures);
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken token)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(token);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(token);
    }

    private static string Describe(string name, WorkResult r) =>
        $"{name}: {r.PerSecond:F0} updates/s, p50 {r.Latency.P50:F1} ms, p99 {r.Latency.P99:F1} ms, {r.Failures} failed";

    private sealed record WorkResult(double PerSecond, LatencyStats Latency, int Failures);
}
