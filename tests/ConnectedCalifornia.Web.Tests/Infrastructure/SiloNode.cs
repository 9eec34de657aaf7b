using System.Reflection;

namespace ConnectedCalifornia.Web.Tests.Infrastructure;

/// <summary>
/// A silo-only cluster node: the built ConnectedCalifornia.Silo host in a process of its own (<see cref="NodeProcess"/>),
/// on free loopback ports of a PostgreSQL cluster. <see cref="Kill"/> is a crash (SIGKILL).
/// </summary>
public sealed class SiloNode : IAsyncDisposable
{
    private readonly NodeProcess _process;

    private SiloNode(NodeProcess process) => _process = process;

    public int SiloPort => _process.SiloPort;

    public int GatewayPort => _process.GatewayPort;

    /// <summary>What the node wrote to its console (standard output and error), line by line.</summary>
    public IReadOnlyCollection<string> Output => _process.Output;

    /// <summary>Starts the node and waits until the cluster lists it as active.</summary>
    public static async Task<SiloNode> StartAsync(string postgresConnectionString, int timeoutSeconds = 60)
    {
        var node = new SiloNode(NodeProcess.Start(SiloHostPath(), postgresConnectionString, NodeProcess.FreePort(), NodeProcess.FreePort()));
        try
        {
            await Eventually.TrueAsync(
                async () =>
                {
                    node._process.ThrowIfExited();
                    return await node._process.IsActiveMemberAsync(postgresConnectionString);
                },
                timeoutSeconds,
                $"silo-only node on port {node.SiloPort} active in the cluster");
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }

        return node;
    }

    /// <summary>The node dies at once (SIGKILL): its sockets are reset by the operating system, nothing else happens.</summary>
    public void Kill() => _process.Kill();

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    /// <summary>The built silo host (the test project builds it first; see its project file).</summary>
    private static string SiloHostPath()
    {
        var path = typeof(SiloNode).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "SiloHost").Value!;
        return File.Exists(path) ? path : throw new FileNotFoundException($"The silo host is not built at {path}: build ConnectedCalifornia.Silo first.", path);
    }
}
