using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace ConnectedCalifornia.Browser.Tests.Infrastructure;

/// <summary>
/// The real web app (co-hosted silo, Identity, Blazor, hub) on a fresh data directory and free silo ports,
/// served by Kestrel on a free loopback port so a real browser can reach it. By default in Development with the
/// demo network seeded; <see cref="Production"/> starts it as an operator would, empty, with only a first admin.
/// </summary>
public sealed class BrowserAppFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly string _environment;

    public BrowserAppFactory()
        : this("Development", new() { ["ConnectedCalifornia:SeedDemoNetwork"] = "true" })
    {
    }

    private BrowserAppFactory(string environment, Dictionary<string, string?> settings)
    {
        _environment = environment;
        DataDirectory = Path.Combine(Path.GetTempPath(), "cc-browser-tests", Guid.NewGuid().ToString("N"));
        _settings = new(settings)
        {
            ["ConnectedCalifornia:DataDirectory"] = DataDirectory,
            ["ConnectedCalifornia:SiloPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["ConnectedCalifornia:GatewayPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["ConnectedCalifornia:QuickExitUrl"] = NeutralSite.Shared.Address,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Orleans"] = "Error",

            // Every browser and test client comes from 127.0.0.1: lift the request limits (sign-in keeps the app's own).
            ["ConnectedCalifornia:Edge:RateLimits:ApiPerMinute"] = "1000000",
            ["ConnectedCalifornia:Edge:RateLimits:PublicFormsPerHour"] = "1000000",
            ["ConnectedCalifornia:Edge:RateLimits:HsdsPerMinute"] = "1000000",
        };
    }

    public string DataDirectory { get; }

    /// <summary>
    /// The app in Production on an empty embedded database: no demo data, no demo accounts, two-factor
    /// required of privileged people without exemption; only <c>ConnectedCalifornia:FirstAdmin</c> is set.
    /// </summary>
    public static BrowserAppFactory Production(string firstAdminEmail, string firstAdminPassword) => new("Production", new()
    {
        ["ConnectedCalifornia:FirstAdmin:Email"] = firstAdminEmail,
        ["ConnectedCalifornia:FirstAdmin:Password"] = firstAdminPassword,
        ["ConnectedCalifornia:FirstAdmin:DisplayName"] = "Dana Whitfield",
    });

    /// <summary>One more setting of the app (call before it starts).</summary>
    public BrowserAppFactory WithSetting(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    /// <summary>Starts Kestrel on a free loopback port and returns the app's address.</summary>
    public Uri Start()
    {
        UseKestrel(0);
        StartServer();
        return ClientOptions.BaseAddress;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Development: the sign-in page lists the demo sign-ins. The built (not published) app serves
        // _content/MudBlazor/* from the build's static web assets manifest only in Development unless asked to.
        builder.UseEnvironment(_environment);
        builder.UseStaticWebAssets();
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
    }

    private static int FreePort()
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
