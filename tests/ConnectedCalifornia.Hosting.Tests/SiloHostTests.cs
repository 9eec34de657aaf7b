using System.Reflection;
using System.Text.Json;

namespace ConnectedCalifornia.Hosting.Tests;

/// <summary>The built silo-only host (ConnectedCalifornia.Silo) as an operator runs it.</summary>
public sealed class SiloHostTests
{
    private static string SiloHost => typeof(SiloHostTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "SiloHost").Value!;

    [Fact]
    public void The_silo_host_asks_the_runtime_for_server_and_concurrent_GC()
    {
        var runtimeConfig = Path.ChangeExtension(SiloHost, ".runtimeconfig.json");
        Assert.True(File.Exists(runtimeConfig), $"the silo host is built: {runtimeConfig}");
        using var json = JsonDocument.Parse(File.ReadAllText(runtimeConfig));
        var properties = json.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");
        Assert.True(properties.GetProperty("System.GC.Server").GetBoolean());
        Assert.True(properties.GetProperty("System.GC.Concurrent").GetBoolean());
    }

    [SkippableFact]
    public async Task A_running_silo_only_node_says_it_runs_with_server_GC()
    {
        await using var postgres = await PostgresTestDatabase.CreateAsync();
        var (siloPort, gatewayPort) = TestHosts.FreePorts();
        await using var node = NodeProcess.Start(SiloHost, postgres.ConnectionString, siloPort, gatewayPort);
        string? line = null;
        await Eventually.TrueAsync(
            () =>
            {
                node.ThrowIfExited();
                line = node.Output.FirstOrDefault(l => l.Contains("server GC", StringComparison.Ordinal));
                return line is not null;
            },
            60,
            "the silo-only node's start line");

        // What the runtime chose in that process: server GC, unless the machine has one processor (then it cannot).
        Assert.Contains($"server GC {Environment.ProcessorCount > 1}", line, StringComparison.Ordinal);
        Assert.Contains("GC latency mode Interactive", line, StringComparison.Ordinal); // concurrent GC on
    }

    [SkippableFact]
    public async Task A_silo_only_node_serves_its_metrics_for_Prometheus_like_a_web_node()
    {
        await using var postgres = await PostgresTestDatabase.CreateAsync();
        var (siloPort, gatewayPort) = TestHosts.FreePorts();
        var metricsPort = NodeProcess.FreePort();
        await using var node = NodeProcess.Start(SiloHost, postgres.ConnectionString, siloPort, gatewayPort, new Dictionary<string, string>
        {
            ["ConnectedCalifornia__Observability__MetricsPort"] = metricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        await Eventually.TrueAsync(
            async () =>
            {
                node.ThrowIfExited();
                return await node.IsActiveMemberAsync(postgres.ConnectionString);
            },
            60,
            "the silo-only node active in the cluster");

        // Prometheus scrapes it as it scrapes a web node: the silo's Orleans meters, the runtime's, Npgsql's (its
        // membership table is in PostgreSQL), under the node's own service name.
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{metricsPort}") };
        var metrics = string.Empty;
        await Eventually.TrueAsync(
            async () =>
            {
                try
                {
                    using var response = await http.GetAsync("/metrics");
                    metrics = await response.Content.ReadAsStringAsync();
                    return response.IsSuccessStatusCode && metrics.Contains("orleans_", StringComparison.Ordinal) && metrics.Contains("db_client_", StringComparison.Ordinal);
                }
                catch (HttpRequestException)
                {
                    return false; // the listener starts just after the silo joins
                }
            },
            30,
            "the silo's /metrics with Orleans and Npgsql figures");
        Assert.Contains("service_name=\"ConnectedCalifornia.Silo\"", metrics, StringComparison.Ordinal);
        Assert.Contains("dotnet_gc_", metrics, StringComparison.Ordinal);
        Assert.Contains("# TYPE ", metrics, StringComparison.Ordinal);

        // Only for the cluster's private network: a request relayed from elsewhere needs the token (none is set here).
        using var relayed = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        relayed.Headers.Add("X-Forwarded-For", "203.0.113.9");
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await http.SendAsync(relayed)).StatusCode);
    }
}
