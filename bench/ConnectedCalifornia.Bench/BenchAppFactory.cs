using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ConnectedCalifornia.Bench;

/// <summary>
/// The real web app (co-hosted silo, Identity, hub) in this process: a fresh data directory, free
/// silo and gateway ports, no demo seeding. Embedded (SQLite) unless a PostgreSQL connection string
/// is given (then the cluster topology on that database).
/// </summary>
public class BenchAppFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    public BenchAppFactory(string? postgresConnectionString = null, bool seedDemoNetwork = false)
    {
        PointContentRootAtTheApp();
        DataDirectory = Path.Combine(Path.GetTempPath(), "cc-bench-data", Guid.NewGuid().ToString("N"));
        _settings = new()
        {
            ["ConnectedCalifornia:DataDirectory"] = DataDirectory,
            ["ConnectedCalifornia:SeedDemoNetwork"] = seedDemoNetwork ? "true" : "false",
            ["ConnectedCalifornia:SiloPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["ConnectedCalifornia:GatewayPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Orleans"] = "Error",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Error",

            // The edge allows 300 API/hub requests per client address and minute; every bench client
            // comes from 127.0.0.1, where a real board has its own address. The limiter stays in the
            // pipeline, only its per-address budget is raised so 1,000 clients can connect.
            ["ConnectedCalifornia:Edge:RateLimits:ApiPerMinute"] = "1000000",
        };
        if (postgresConnectionString is not null)
        {
            _settings["ConnectedCalifornia:Topology"] = "Cluster";
            _settings["ConnectedCalifornia:PostgreSql:ConnectionString"] = postgresConnectionString;
            _settings["ConnectedCalifornia:AdvertisedIPAddress"] = "127.0.0.1";
        }
    }

    public string DataDirectory { get; }

    /// <summary>One more setting of the app (call before it starts).</summary>
    public BenchAppFactory WithSetting(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    /// <summary>Starts Kestrel on a free loopback port and returns the app's address (host 127.0.0.1).</summary>
    public Uri StartKestrel()
    {
        UseKestrel(0);
        StartServer();
        var address = ClientOptions.BaseAddress;
        return new UriBuilder(address) { Host = "127.0.0.1" }.Uri;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        // A closed browser page ends its circuit at once, so the circuits benchmark measures only open ones.
        builder.ConfigureServices(services => services.Configure<Microsoft.AspNetCore.Components.Server.CircuitOptions>(o => o.DisconnectedCircuitMaxRetained = 0));
    }

    /// <summary>
    /// WebApplicationFactory looks for MvcTestingAppManifest.json in the current directory (a test
    /// runner's is the bin folder; ours is wherever dotnet run started): read it from the bin folder
    /// and hand the content root over through the setting the factory checks first.
    /// </summary>
    private static void PointContentRootAtTheApp()
    {
        const string Setting = "ASPNETCORE_TEST_CONTENTROOT_CONNECTEDCALIFORNIA_WEB";
        if (Environment.GetEnvironmentVariable(Setting) is { Length: > 0 })
        {
            return;
        }

        var manifest = Path.Combine(AppContext.BaseDirectory, "MvcTestingAppManifest.json");
        if (!File.Exists(manifest))
        {
            return;
        }

        var roots = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(manifest)) ?? [];
        var root = roots.FirstOrDefault(r => r.Key.StartsWith("ConnectedCalifornia.Web,", StringComparison.Ordinal)).Value;
        if (root is not null && System.IO.Directory.Exists(root))
        {
            Environment.SetEnvironmentVariable(Setting, root);
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
