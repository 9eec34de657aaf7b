using System.Diagnostics;
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
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet", [SiloHost])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment =
            {
                ["DOTNET_ENVIRONMENT"] = "Production",
                ["ConnectedCalifornia__Topology"] = "Cluster",
                ["ConnectedCalifornia__PostgreSql__ConnectionString"] = postgres.ConnectionString,
                ["ConnectedCalifornia__AdvertisedIPAddress"] = "127.0.0.1",
                ["ConnectedCalifornia__SiloPort"] = siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["ConnectedCalifornia__GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Logging__LogLevel__Default"] = "Warning",
                ["Logging__LogLevel__ConnectedCalifornia"] = "Information",
            },
        };
        using var process = Process.Start(start)!;
        var said = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data?.Contains("server GC", StringComparison.Ordinal) == true)
            {
                said.TrySetResult(line.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var line = await said.Task.WaitAsync(TimeSpan.FromSeconds(60));

            // What the runtime chose in that process: server GC, unless the machine has one processor (then it cannot).
            Assert.Contains($"server GC {Environment.ProcessorCount > 1}", line, StringComparison.Ordinal);
            Assert.Contains("GC latency mode Interactive", line, StringComparison.Ordinal); // concurrent GC on
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }
}
