using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConnectedCalifornia.Web.Tests.Infrastructure;

/// <summary>
/// The real web app (co-hosted silo, Identity, hub, API) on a fresh data directory and free ports.
/// Embedded (SQLite) by default; pass a PostgreSQL connection string for the cluster topology.
/// </summary>
public class NetworkAppFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    private readonly string _environment;

    /// <summary>
    /// Whether this app may start from a copy of the seeded template instead of seeding the demo itself: only
    /// an embedded Development app on its own fresh data folder, with no setting changed (a setting such as
    /// an SMTP server could change what seeding does).
    /// </summary>
    private readonly bool _mayStartFromTemplate;

    private bool _settingsChanged;

    public NetworkAppFactory(string? dataDirectory = null, string? postgresConnectionString = null, bool seed = true, string environment = "Development")
        : this(dataDirectory, postgresConnectionString, seed, environment, mayStartFromTemplate: true)
    {
    }

    private NetworkAppFactory(string? dataDirectory, string? postgresConnectionString, bool seed, string environment, bool mayStartFromTemplate)
    {
        _environment = environment;
        _mayStartFromTemplate = mayStartFromTemplate && seed && dataDirectory is null && postgresConnectionString is null && environment == "Development";
        DataDirectory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "cc-web-tests", Guid.NewGuid().ToString("N"));
        _settings = new()
        {
            ["ConnectedCalifornia:DataDirectory"] = DataDirectory,
            ["ConnectedCalifornia:SeedDemoNetwork"] = seed ? "true" : "false",
            ["ConnectedCalifornia:SiloPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ConnectedCalifornia:GatewayPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in UnlimitedEdge)
        {
            _settings[key] = value;
        }

        if (postgresConnectionString is not null)
        {
            _settings["ConnectedCalifornia:Topology"] = "Cluster";
            _settings["ConnectedCalifornia:PostgreSql:ConnectionString"] = postgresConnectionString;
            _settings["ConnectedCalifornia:AdvertisedIPAddress"] = "127.0.0.1";
        }
    }

    public string DataDirectory { get; }

    /// <summary>
    /// Every test request comes from one address, so the suites lift the rate limits; the hardening
    /// tests put the real defaults back (<see cref="WithDefaultEdgeLimits"/>) or set their own.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> UnlimitedEdge = new Dictionary<string, string>
    {
        ["ConnectedCalifornia:Edge:RateLimits:ApiPerMinute"] = "1000000",
        ["ConnectedCalifornia:Edge:RateLimits:PublicFormsPerHour"] = "1000000",
        ["ConnectedCalifornia:Edge:RateLimits:HsdsPerMinute"] = "1000000",
        ["ConnectedCalifornia:Edge:RateLimits:SignInFailuresPerClient"] = "1000000",
        ["ConnectedCalifornia:Edge:RateLimits:SignInFailuresPerAccountAndClient"] = "1000000",
        ["ConnectedCalifornia:Edge:RateLimits:SignInFailuresBeforeDelay"] = "1000000",
    };

    /// <summary>The app's own rate limits (call before the app starts).</summary>
    public NetworkAppFactory WithDefaultEdgeLimits()
    {
        foreach (var key in UnlimitedEdge.Keys)
        {
            _settings.Remove(key);
        }

        return this;
    }

    /// <summary>One more setting of the app (call before the app starts).</summary>
    public NetworkAppFactory WithSetting(string key, string? value)
    {
        _settingsChanged = true;
        _settings[key] = value;
        return this;
    }

    /// <summary>How often cookies are re-checked against the account (a test of sign-out everywhere sets zero).</summary>
    public TimeSpan SecurityStampInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The app's network clock (the grains' and pages' "now"); the real clock when not set.</summary>
    public TimeProvider? NetworkClock { get; init; }

    /// <summary>Where log lines of the app were written, for tests that scan them.</summary>
    public CapturingLoggerProvider Logs { get; } = new();

    /// <summary>
    /// Seeding the demo is most of an app's start, and some sixty test classes
    /// each start a seeded app of their own. The first one seeds a template app once per test run, which is
    /// then stopped; every later eligible app starts on a copy of its data folder. That is a restart of a seeded
    /// network (the seeder finds everything there and changes nothing), which production does on every start,
    /// so each class still gets its own untouched network, only sooner.
    /// </summary>
    protected override IHost CreateHost(IHostBuilder builder)
    {
        // The template was seeded on the real clock by this class itself: an app with its own clock or host
        // configuration seeds for real.
        if (_mayStartFromTemplate && !_settingsChanged && NetworkClock is null && GetType() == typeof(NetworkAppFactory))
        {
            SeededTemplate.CopyTo(DataDirectory);
        }

        return base.CreateHost(builder);
    }

    private static class SeededTemplate
    {
        private static readonly Lazy<Task<string>> Folder = new(SeedAsync, LazyThreadSafetyMode.ExecutionAndPublication);

        public static void CopyTo(string target)
        {
            // Off the caller's synchronization context: xunit's limits its threads, and the template app needs some.
            var source = Task.Run(() => Folder.Value).GetAwaiter().GetResult();
            foreach (var file in System.IO.Directory.GetFiles(source, "*", SearchOption.AllDirectories))
            {
                var copy = Path.Combine(target, Path.GetRelativePath(source, file));
                System.IO.Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
                File.Copy(file, copy);
            }
        }

        private static async Task<string> SeedAsync()
        {
            var template = new NetworkAppFactory(null, null, seed: true, "Development", mayStartFromTemplate: false);
            using (var client = template.CreateBrowserLikeClient())
            {
                (await client.GetAsync("/health/ready")).EnsureSuccessStatusCode();
            }

            await template.DisposeAsync();

            // Pooled connections keep the database file open; close them so the copy is the whole database.
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            return template.DataDirectory;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        builder.ConfigureServices(services =>
        {
            services.Configure<Microsoft.AspNetCore.Identity.SecurityStampValidatorOptions>(o => o.ValidationInterval = SecurityStampInterval);
            if (NetworkClock is not null)
            {
                services.AddKeyedSingleton(ConnectedCalifornia.Network.NetworkClock.Key, NetworkClock);
            }
        });
    }

    /// <summary>A client that keeps cookies and does not follow redirects (so tests see 302s).</summary>
    public HttpClient CreateBrowserLikeClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>A SignalR connection to /hubs/network on this app, signed in when a cookie is given, reconnecting on the app's schedule.</summary>
    public HubConnection CreateHubConnection(string? cookie = null) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(Server.BaseAddress, "/hubs/network"), o =>
            {
                o.HttpMessageHandlerFactory = _ => Server.CreateHandler();
                o.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.LongPolling;
                if (cookie is not null)
                {
                    o.Headers["Cookie"] = cookie;
                }
            })
            .WithAutomaticReconnect(new HubReconnectPolicy())
            .Build();

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
