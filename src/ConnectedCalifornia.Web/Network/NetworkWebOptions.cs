namespace ConnectedCalifornia.Web;

/// <summary>Settings of the web app under <c>ConnectedCalifornia</c> (the Orleans settings live in the hosting project).</summary>
public sealed class NetworkWebOptions
{
    public const string Section = "ConnectedCalifornia";

    /// <summary>Seed the fictional demo network and its demo sign-ins on start. On in Development, off otherwise.</summary>
    public bool SeedDemoNetwork { get; set; }
}
