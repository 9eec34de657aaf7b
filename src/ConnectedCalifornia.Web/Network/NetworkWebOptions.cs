namespace ConnectedCalifornia.Web;

/// <summary>Settings of the web app under <c>ConnectedCalifornia</c> (the Orleans settings live in the hosting project).</summary>
public sealed class NetworkWebOptions
{
    public const string Section = "ConnectedCalifornia";

    /// <summary>Seed the fictional demo network and its demo sign-ins on start. On in Development, off otherwise.</summary>
    public bool SeedDemoNetwork { get; set; }

    /// <summary>Settings of the web front-end under <c>ConnectedCalifornia:Web</c>.</summary>
    public NetworkWebSettings Web { get; set; } = new();
}

/// <summary>Settings under <c>ConnectedCalifornia:Web</c>.</summary>
public sealed class NetworkWebSettings
{
    /// <summary>
    /// Origins other than the app's own (e.g. <c>https://beds.example.org</c>) whose pages may connect to
    /// the live-update hub. Empty by default: only pages of the app itself (and clients that send no Origin).
    /// </summary>
    public string[] AllowedOrigins { get; set; } = [];
}
