using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Npgsql;

namespace ConnectedCalifornia.Web.Tests.Infrastructure;

/// <summary>
/// A silo-only cluster node: the built ConnectedCalifornia.Silo host in a process of its own, on free loopback ports
/// of a PostgreSQL cluster, configured by environment variables as an operator would. <see cref="Kill"/> is a
/// crash (SIGKILL): the node says goodbye to no one and writes nothing down, so the others must find out.
/// </summary>
public sealed class SiloNode : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private SiloNode(Process process, int siloPort, int gatewayPort) => (_process, SiloPort, GatewayPort) = (process, siloPort, gatewayPort);

    public int SiloPort { get; }

    public int GatewayPort { get; }

    /// <summary>What the node wrote to its console (standard output and error), line by line.</summary>
    public IReadOnlyCollection<string> Output => _output;

    /// <summary>Starts the node and waits until the cluster lists it as active.</summary>
    public static async Task<SiloNode> StartAsync(string postgresConnectionString, int timeoutSeconds = 60)
    {
        var (siloPort, gatewayPort) = (NetworkAppFactory.FreePort(), NetworkAppFactory.FreePort());
        var start = new ProcessStartInfo(DotnetHost(), [SiloHostPath()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment =
            {
                ["DOTNET_ENVIRONMENT"] = "Production",
                ["ConnectedCalifornia__Topology"] = "Cluster",
                ["ConnectedCalifornia__PostgreSql__ConnectionString"] = postgresConnectionString,
                ["ConnectedCalifornia__PostgreSql__MaxPoolSize"] = "10",
                ["ConnectedCalifornia__AdvertisedIPAddress"] = "127.0.0.1",
                ["ConnectedCalifornia__SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
                ["ConnectedCalifornia__GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture),
                ["Logging__LogLevel__Default"] = "Warning",
                ["Logging__LogLevel__ConnectedCalifornia"] = "Information",
                ["Logging__Console__FormatterName"] = "simple",
            },
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("The silo node did not start.");
        var node = new SiloNode(process, siloPort, gatewayPort);
        process.OutputDataReceived += (_, line) => node.Keep(line.Data);
        process.ErrorDataReceived += (_, line) => node.Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await Eventually.TrueAsync(
                async () => process.HasExited
                    ? throw new InvalidOperationException($"The silo node exited with {process.ExitCode}: {string.Join(Environment.NewLine, node.Output)}")
                    : await node.IsActiveAsync(postgresConnectionString),
                timeoutSeconds,
                $"silo-only node on port {siloPort} active in the cluster");
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }

        return node;
    }

    /// <summary>The node dies at once (SIGKILL): its sockets are reset by the operating system, nothing else happens.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.WaitForExit(10_000);
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            Kill();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }

    private async Task<bool> IsActiveAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM cc_cluster_member WHERE port = @port AND status = 3)", connection);
        command.Parameters.AddWithValue("port", SiloPort);
        try
        {
            return await command.ExecuteScalarAsync() is true;
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return false; // the first node has not created the schema yet
        }
    }

    /// <summary>The built silo host (the test project builds it first; see its project file).</summary>
    private static string SiloHostPath()
    {
        var path = typeof(SiloNode).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "SiloHost").Value!;
        return File.Exists(path) ? path : throw new FileNotFoundException($"The silo host is not built at {path}: build ConnectedCalifornia.Silo first.", path);
    }

    /// <summary>The dotnet host that runs these tests (the SDK tells child processes where it is).</summary>
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
