using System.Net;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ConnectedCalifornia.Hosting.Tests;

/// <summary>Builds real hosts with <c>AddNetworkOrleans</c>; no environment variables or appsettings are read.</summary>
internal static class TestHosts
{
    public static HostApplicationBuilder Builder(IDictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(5));
        return builder;
    }

    public static IHost Embedded(string dataDirectory, IDictionary<string, string?>? settings = null)
    {
        var (siloPort, gatewayPort) = FreePorts();
        var builder = Builder(new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["ConnectedCalifornia:Topology"] = "Embedded",
            ["ConnectedCalifornia:DataDirectory"] = dataDirectory,
            ["ConnectedCalifornia:SiloPort"] = siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ConnectedCalifornia:GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        builder.AddNetworkOrleans();
        return builder.Build();
    }

    public static IHost Cluster(string connectionString, string role = "CoHostedSilo", string clusterId = "test-cluster")
    {
        var (siloPort, gatewayPort) = FreePorts();
        var builder = Builder(new Dictionary<string, string?>
        {
            ["ConnectedCalifornia:Topology"] = "Cluster",
            ["ConnectedCalifornia:Role"] = role,
            ["ConnectedCalifornia:ClusterId"] = clusterId,
            ["ConnectedCalifornia:PostgreSql:ConnectionString"] = connectionString,
            ["ConnectedCalifornia:PostgreSql:MaxPoolSize"] = "10",
            ["ConnectedCalifornia:SiloPort"] = siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ConnectedCalifornia:GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        builder.AddNetworkOrleans();
        return builder.Build();
    }

    /// <summary>Two ports that were free a moment ago (the OS hands out distinct ephemeral ports).</summary>
    public static (int SiloPort, int GatewayPort) FreePorts()
    {
        using var first = new TcpListener(IPAddress.Loopback, 0);
        using var second = new TcpListener(IPAddress.Loopback, 0);
        first.Start();
        second.Start();
        return (((IPEndPoint)first.LocalEndpoint).Port, ((IPEndPoint)second.LocalEndpoint).Port);
    }
}

/// <summary>A fresh folder under the temp directory, deleted (with SQLite's pooled handles released) on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "cc-hosting-" + Guid.NewGuid().ToString("N")[..12]);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by another test's pool: leave it to the OS's temp cleaning.
        }
    }
}
