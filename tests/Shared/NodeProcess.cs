using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace ConnectedCalifornia.Testing;

/// <summary>
/// A cluster node (the built ConnectedCalifornia.Silo or ConnectedCalifornia.Web) in a process of its own on
/// loopback, configured by environment variables as an operator would. <see cref="Kill"/> is a crash (SIGKILL):
/// the node says goodbye to no one and writes nothing down, so the others must find out. Shared by the failover
/// tests and the <c>failover</c> benchmark (which links this file; it needs no test framework).
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private NodeProcess(Process process, int siloPort, int gatewayPort) => (_process, SiloPort, GatewayPort) = (process, siloPort, gatewayPort);

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>What the node wrote to its console (standard output and error), line by line.</summary>
    public IReadOnlyCollection<string> Output => _output;

    /// <summary>
    /// Starts <paramref name="assemblyPath"/> with the cluster settings of a node on loopback (PostgreSQL, the given
    /// silo and gateway ports, Warning logs) and <paramref name="more"/> settings on top, in its own folder.
    /// </summary>
    public static NodeProcess Start(string assemblyPath, string postgresConnectionString, int siloPort, int gatewayPort, IReadOnlyDictionary<string, string>? more = null)
    {
        var start = new ProcessStartInfo(DotnetHost(), [assemblyPath])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(assemblyPath)!,
            Environment =
            {
                ["DOTNET_ENVIRONMENT"] = "Production",
                ["ConnectedCalifornia__Topology"] = "Cluster",
                ["ConnectedCalifornia__PostgreSql__ConnectionString"] = postgresConnectionString,
                ["ConnectedCalifornia__PostgreSql__MaxPoolSize"] = "10",
                ["ConnectedCalifornia__AdvertisedIPAddress"] = "127.0.0.1",
                ["ConnectedCalifornia__SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
                ["ConnectedCalifornia__GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture),
                // A silo-only node's metrics listener (web nodes serve /metrics on their own port and ignore this).
                ["ConnectedCalifornia__Observability__MetricsPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
                ["Logging__LogLevel__Default"] = "Warning",
                ["Logging__LogLevel__ConnectedCalifornia"] = "Information",
                ["Logging__Console__FormatterName"] = "simple",
            },
        };
        foreach (var (key, value) in more ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{Path.GetFileName(assemblyPath)} did not start.");
        var node = new NodeProcess(process, siloPort, gatewayPort);
        process.OutputDataReceived += (_, line) => node.Keep(line.Data);
        process.ErrorDataReceived += (_, line) => node.Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    /// <summary>Throws with the node's console output when it has exited.</summary>
    public void ThrowIfExited()
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"The node on silo port {SiloPort} exited with {_process.ExitCode}: {string.Join(Environment.NewLine, Output)}");
        }
    }

    /// <summary>Whether the cluster's membership table lists this node's silo as active.</summary>
    public async Task<bool> IsActiveMemberAsync(string connectionString) =>
        await MemberStatusAsync(connectionString, SiloPort) == ActiveStatus;

    /// <summary>Orleans' <c>SiloStatus</c> values as stored in the membership table.</summary>
    public const int ActiveStatus = 3;

    public const int DeadStatus = 6;

    /// <summary>The status of the newest incarnation of the silo on this port, or null while it has none (or no table).</summary>
    public static async Task<int?> MemberStatusAsync(string connectionString, int siloPort)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT status FROM cc_cluster_member WHERE port = @port ORDER BY generation DESC LIMIT 1", connection);
        command.Parameters.AddWithValue("port", siloPort);
        try
        {
            return await command.ExecuteScalarAsync() is int status ? status : null;
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return null; // the first node has not created the schema yet
        }
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

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The dotnet host that runs this process (the SDK tells child processes where it is).</summary>
    public static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host
        : Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self
        : "dotnet";

    private void Keep(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }
}
