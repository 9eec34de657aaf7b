using ConnectedCalifornia.Web;

var builder = WebApplication.CreateBuilder(NetworkWebExtensions.StartOptions(args));
builder.AddNetworkWeb();

var app = builder.Build();
app.MapNetworkWeb();
app.Run();

/// <summary>The web app's entry point (public for WebApplicationFactory in tests).</summary>
public partial class Program;
