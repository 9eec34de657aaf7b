using System.Net;
using System.Text.RegularExpressions;
using ConnectedCalifornia.Hosting;
using ConnectedCalifornia.Web.Identity;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ConnectedCalifornia.Web.Tests.Hardening;

/// <summary>Sessions kept on the server: sign-out ends them at once, privileged ones idle out after 30 minutes.</summary>
public sealed partial class SessionTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly ClockedSessions _app;

    // The cookie is re-checked against the account on every request, as it is every minute in use: a
    // rebuilt sign-in must keep its own idle timeout (staff must not idle out after the privileged 30 minutes).
    public SessionTests() => _app = new ClockedSessions(_clock) { SecurityStampInterval = TimeSpan.Zero };

    public async Task InitializeAsync() => (await _app.CreateClient().GetAsync("/health/ready")).EnsureSuccessStatusCode();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Session_signing_out_refuses_a_copied_cookie_at_once()
    {
        using var browser = _app.CreateBrowserLikeClient();
        var cookie = await SignIn.AsAsync(browser, _app, MatrixRole.ShelterAdmin.Email()!);
        using var thief = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        thief.DefaultRequestHeaders.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.OK, (await thief.GetAsync("/api/me/network")).StatusCode);

        var manage = await browser.GetStringAsync("/Account/Manage");
        var token = WebUtility.HtmlDecode(TokenPattern().Match(manage).Groups[1].Value);
        var signedOut = await browser.PostAsync("/Account/Logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);

        // No waiting for a security-stamp check: the session is gone from the database.
        Assert.Equal(HttpStatusCode.Unauthorized, (await thief.GetAsync("/api/me/network")).StatusCode);
        Assert.Equal(0, await SessionsOfAsync(MatrixRole.ShelterAdmin));
    }

    [Fact]
    public async Task Session_a_privileged_person_idle_for_30_minutes_is_signed_out_and_staff_are_not()
    {
        using var curator = _app.CreateBrowserLikeClient();
        await SignIn.AsAsync(curator, _app, MatrixRole.Curator.Email()!);
        using var staff = _app.CreateBrowserLikeClient();
        await SignIn.AsAsync(staff, _app, MatrixRole.ShelterStaff.Email()!);

        _clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(HttpStatusCode.OK, (await curator.GetAsync("/api/me/network")).StatusCode);

        // Use keeps the session alive; 31 minutes without a request ends it.
        _clock.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal(HttpStatusCode.Unauthorized, (await curator.GetAsync("/api/me/network")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/api/me/network")).StatusCode);
        Assert.Equal(0, await SessionsOfAsync(MatrixRole.Curator));
    }

    [Fact]
    public async Task Session_rows_of_expired_sign_ins_are_removed_when_someone_signs_in()
    {
        using var first = _app.CreateBrowserLikeClient();
        await SignIn.AsAsync(first, _app, MatrixRole.OtherOrganizationAdmin.Email()!);
        Assert.Equal(1, await SessionsOfAsync(MatrixRole.OtherOrganizationAdmin));

        // Past the 12-hour lifetime nobody asked for the session again; the next sign-in of anyone clears it.
        _clock.Advance(TimeSpan.FromHours(13));
        using var second = _app.CreateBrowserLikeClient();
        await SignIn.AsAsync(second, _app, MatrixRole.TaskForceMember.Email()!);
        Assert.Equal(0, await SessionsOfAsync(MatrixRole.OtherOrganizationAdmin));
    }

    [Fact]
    public async Task Session_keep_me_signed_in_is_not_given_to_privileged_people()
    {
        async Task<string> SignInKeptAsync(MatrixRole role)
        {
            using var client = _app.CreateBrowserLikeClient();
            var page = await client.GetStringAsync("/Account/Login");
            var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = WebUtility.HtmlDecode(TokenPattern().Match(page).Groups[1].Value),
                ["_handler"] = "login",
                ["Input.Email"] = role.Email()!,
                ["Input.Password"] = ConnectedCalifornia.Web.Seeding.DemoNetworkData.DemoPassword,
                ["Input.RememberMe"] = "true",
            }));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            return response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("cc.auth=", StringComparison.Ordinal));
        }

        Assert.Contains("expires=", await SignInKeptAsync(MatrixRole.ShelterStaff), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("expires=", await SignInKeptAsync(MatrixRole.LawEnforcementStaff), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("expires=", await SignInKeptAsync(MatrixRole.TaskForceLead), StringComparison.OrdinalIgnoreCase);
    }

    private async Task<long> SessionsOfAsync(MatrixRole role)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<ApplicationUser>>();
        var user = await users.FindByEmailAsync(role.Email()!);
        var database = _app.Services.GetRequiredService<NetworkDatabase>();
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM cc_sign_in_session WHERE user_id = @user";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@user";
        parameter.Value = user!.Id;
        command.Parameters.Add(parameter);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    private sealed class ClockedSessions(TimeProvider clock) : NetworkAppFactory()
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddKeyedSingleton(ServerSessionStore.ClockKey, clock));
        }
    }
}
