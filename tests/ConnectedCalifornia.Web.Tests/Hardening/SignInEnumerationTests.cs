using System.Diagnostics;
using System.Net;
using ConnectedCalifornia.Web.Identity;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace ConnectedCalifornia.Web.Tests.Hardening;

/// <summary>
/// Account enumeration through the sign-in form (issue 14, item 9): an address without an account is
/// answered exactly like a real account, wrong password after wrong password, through the lockout and
/// the throttle, over real HTTP against the real app.
/// </summary>
public sealed class SignInEnumerationTests : IAsyncLifetime
{
    private const string Unknown = "nobody-here-at-all@demo.connectedcalifornia.example";

    // One client may try one account 7 times (above the lockout of 5) before the throttle refuses it, so both rules show.
    private readonly NetworkAppFactory _app = new NetworkAppFactory()
        .WithSetting("ConnectedCalifornia:Edge:RateLimits:SignInFailuresPerAccountAndClient", "7");

    public async Task InitializeAsync() => (await _app.CreateClient().GetAsync("/health/ready")).EnsureSuccessStatusCode();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Enumeration_unknown_and_real_accounts_get_the_same_answers_lockout_and_throttle()
    {
        var known = MatrixRole.TaskForceMember.Email()!;
        var forKnown = await AttemptsAsync(known);
        var forUnknown = await AttemptsAsync(Unknown);

        // Four wrong passwords are answered "do not match"; the fifth locks (Identity's lockout), the sixth
        // and seventh are refused as locked, and then the throttle answers 429: the same for both.
        var expected = new[] { "200 mismatch", "200 mismatch", "200 mismatch", "200 mismatch", "302 /Account/Lockout", "302 /Account/Lockout", "302 /Account/Lockout", "429" };
        Assert.Equal(expected, forKnown.Select(a => a.Answer));
        Assert.Equal(expected, forUnknown.Select(a => a.Answer));

        // Timing: both check a password hash of the same cost (the audit saw real accounts answered 25 times
        // slower). Loose bounds: this compares the two paths on a shared machine, it is not a benchmark.
        var knownMs = Median(forKnown.Take(4).Select(a => a.Milliseconds));
        var unknownMs = Median(forUnknown.Take(4).Select(a => a.Milliseconds));
        Assert.True(unknownMs * 5 > knownMs && knownMs * 5 > unknownMs, $"known {knownMs:F0} ms, unknown {unknownMs:F0} ms");

        // Stored: the real account is locked in the database.
        await using var scope = _app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        Assert.True(await users.IsLockedOutAsync((await users.FindByEmailAsync(known))!));
        Assert.Null(await users.FindByEmailAsync(Unknown));
    }

    private async Task<List<(string Answer, double Milliseconds)>> AttemptsAsync(string email)
    {
        using var client = _app.CreateBrowserLikeClient();
        var answers = new List<(string, double)>();
        for (var i = 0; i < 8; i++)
        {
            var watch = Stopwatch.StartNew();
            var response = await SignIn.PostLoginAsync(client, email, "wrong-guess-" + i);
            watch.Stop();
            var answer = response.StatusCode switch
            {
                HttpStatusCode.OK when (await response.Content.ReadAsStringAsync()).Contains("do not match an account", StringComparison.Ordinal) => "200 mismatch",
                HttpStatusCode.Redirect => "302 " + new Uri(new Uri("http://localhost"), response.Headers.Location!).AbsolutePath,
                var status => ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            answers.Add((answer, watch.Elapsed.TotalMilliseconds));
        }

        return answers;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
