using ConnectedCalifornia.Web.Seeding;
using ConnectedCalifornia.Web.Tests.Infrastructure;

namespace ConnectedCalifornia.Web.Tests.Seeding;

/// <summary>
/// A first run in Development, logging at the appsettings.json level (Information): seeding the demo is quiet
/// (a grain's per-change line is Debug: the change history keeps every change), and the last thing the app
/// says, once it listens, is how to sign in.
/// </summary>
public sealed class FirstRunLogTests
{
    [Fact]
    public async Task A_first_run_seeds_quietly_and_then_says_how_to_sign_in()
    {
        await using var app = new NetworkAppFactory().WithSetting("Logging:LogLevel:Default", "Information");
        using var client = app.CreateClient();
        Assert.True((await client.GetAsync("/health/ready")).IsSuccessStatusCode);

        string[] lines = [];
        await Eventually.TrueAsync(() => (lines = [.. app.Logs.Lines]).Any(l => l.Contains("The demo network is ready at", StringComparison.Ordinal)), what: "The sign-in hint");

        var ready = Assert.Single(lines, l => l.Contains("The demo network is ready at", StringComparison.Ordinal));
        Assert.Contains($"Sign in as curator@{DemoNetworkData.UserEmailDomain} with the password {DemoNetworkData.DemoPassword}", ready, StringComparison.Ordinal);
        var ours = lines.TakeWhile(l => l != ready).Count(l => l.StartsWith("Information ConnectedCalifornia.", StringComparison.Ordinal));
        Assert.True(ours < 60, $"Seeding the demo said {ours} lines at Information before the sign-in hint (the grains' per-change lines belong at Debug).");
    }
}
