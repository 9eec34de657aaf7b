using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Testing;
using ConnectedCalifornia.Web.Identity;
using ConnectedCalifornia.Web.Seeding;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace ConnectedCalifornia.Web.Tests.Identity;

/// <summary>Sign-in rules people rely on: lockout, two-factor required by an organization, sign out everywhere.</summary>
public sealed partial class SignInTests : IAsyncLifetime
{
    private const string Org = AuthorizationMatrix.Org;
    private readonly NetworkAppFactory _app = new() { SecurityStampInterval = TimeSpan.Zero };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_for_ten_minutes_even_against_the_right_password()
    {
        using var client = _app.CreateBrowserLikeClient();
        var email = MatrixRole.LawEnforcementStaff.Email()!;
        for (var i = 1; i < IdentitySetup.MaxFailedAttempts; i++)
        {
            var failed = await SignIn.PostLoginAsync(client, email, "wrong-password-" + i);
            Assert.True(failed.StatusCode == HttpStatusCode.OK, $"attempt {i}: {(int)failed.StatusCode} {failed.Headers.Location}");
            Assert.Contains("do not match an account", await failed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var fifth = await SignIn.PostLoginAsync(client, email, "wrong-password-5");
        Assert.Contains("Account/Lockout", fifth.Headers.Location!.ToString(), StringComparison.Ordinal);

        var locked = await SignIn.PostLoginAsync(client, email, DemoNetworkData.DemoPassword);
        Assert.Equal(HttpStatusCode.Redirect, locked.StatusCode);
        Assert.Contains("Account/Lockout", locked.Headers.Location!.ToString(), StringComparison.Ordinal);

        await using var scope = _app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByEmailAsync(email);
        var end = await users.GetLockoutEndDateAsync(user!);
        Assert.InRange(end!.Value - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10.1));
    }

    [Fact]
    public async Task An_admin_without_two_factor_cannot_require_it_and_nothing_changes()
    {
        using var admin = _app.CreateBrowserLikeClient();
        await SignIn.AsAsync(admin, _app, MatrixRole.ShelterAdmin.Email()!);

        var response = await admin.PutAsJsonAsync($"/api/organizations/{Org}/two-factor", new { required = true });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("your own account first", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var view = await admin.GetFromJsonAsync<JsonElement>($"/api/organizations/{Org}");
        Assert.False(view.GetProperty("requireTwoFactor").GetBoolean());
    }

    [Fact]
    public async Task When_an_org_requires_two_factor_a_member_without_it_loses_confidential_access_until_signing_in_with_a_code()
    {
        using var admin = await SignInWithTwoFactorAsync(MatrixRole.ShelterAdmin.Email()!);
        using var staff = _app.CreateBrowserLikeClient();
        await SignIn.AsAsync(staff, _app, MatrixRole.ShelterStaff.Email()!);
        Assert.True(await SeesConfidentialAsync(staff));

        (await admin.PutAsJsonAsync($"/api/organizations/{Org}/two-factor", new { required = true })).EnsureSuccessStatusCode();

        Assert.False(await SeesConfidentialAsync(staff));
        var network = await staff.GetFromJsonAsync<JsonElement>("/api/me/network");
        Assert.Contains(network.GetProperty("awaitingTwoFactor").EnumerateArray(), n => n.GetString() == "Bright Orchard Youth Shelter");
        Assert.True(await SeesConfidentialAsync(admin));

        // The staff member switches on an authenticator and signs in again with a code.
        using var again = await SignInWithTwoFactorAsync(MatrixRole.ShelterStaff.Email()!);
        Assert.True(await SeesConfidentialAsync(again));

        // Switching on two-factor changed the account's security stamp: the old session without it has ended.
        Assert.False(await SeesConfidentialAsync(staff));
        (await admin.PutAsJsonAsync($"/api/organizations/{Org}/two-factor", new { required = false })).EnsureSuccessStatusCode();
    }

    /// <summary>Switches on an authenticator for the account and signs in with password and a TOTP code.</summary>
    private async Task<HttpClient> SignInWithTwoFactorAsync(string email)
    {
        string key;
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = (await users.FindByEmailAsync(email))!;
            await users.ResetAuthenticatorKeyAsync(user);
            key = (await users.GetAuthenticatorKeyAsync(user))!;
            await users.SetTwoFactorEnabledAsync(user, true);
        }

        var client = _app.CreateBrowserLikeClient();
        var first = await SignIn.PostLoginAsync(client, email, DemoNetworkData.DemoPassword);
        Assert.Contains("LoginWith2fa", first.Headers.Location!.ToString(), StringComparison.Ordinal);
        var page = await client.GetStringAsync(first.Headers.Location!.ToString().TrimStart('~'));
        var token = TokenPattern().Match(page).Groups[1].Value;
        var second = await client.PostAsync("/Account/LoginWith2fa", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            ["_handler"] = "login-with-2fa",
            ["Input.TwoFactorCode"] = Totp.Code(key),
        }));
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        return client;
    }

    [Fact]
    public async Task Opening_the_authenticator_set_up_page_keeps_this_and_the_other_sessions_signed_in()
    {
        var email = MatrixRole.TaskForceMember.Email()!;
        using var laptop = _app.CreateBrowserLikeClient();
        using var phone = _app.CreateBrowserLikeClient();
        await SignIn.AsAsync(laptop, _app, email);
        await SignIn.AsAsync(phone, _app, email);

        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync("/Account/Manage/EnableAuthenticator")).StatusCode);

        // The first key is stored, and scanning it takes as long as it takes: nobody is signed out
        // (the app's stamp check runs on every request here).
        using (var scope = _app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            Assert.False(string.IsNullOrEmpty(await users.GetAuthenticatorKeyAsync((await users.FindByEmailAsync(email))!)));
        }

        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync("/api/me/network")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/api/me/network")).StatusCode);
    }

    [Fact]
    public async Task Sign_out_everywhere_ends_the_other_sessions_of_the_account()
    {
        var email = MatrixRole.Curator.Email()!;
        using var laptop = _app.CreateBrowserLikeClient();
        using var phone = _app.CreateBrowserLikeClient();
        await SignIn.AsAsync(laptop, _app, email);
        await SignIn.AsAsync(phone, _app, email);
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/api/me/network")).StatusCode);

        var manage = await laptop.GetStringAsync("/Account/Manage");
        var token = TokenPattern().Match(manage).Groups[1].Value;
        var response = await laptop.PostAsync("/Account/LogoutEverywhere", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await phone.GetAsync("/api/me/network")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await laptop.GetAsync("/api/me/network")).StatusCode);
    }

    [Fact]
    public async Task Sign_out_everywhere_without_the_antiforgery_token_changes_nothing()
    {
        using var client = _app.CreateBrowserLikeClient();
        await SignIn.AsAsync(client, _app, MatrixRole.TaskForceLead.Email()!);
        var response = await client.PostAsync("/Account/LogoutEverywhere", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me/network")).StatusCode);
    }

    private static async Task<bool> SeesConfidentialAsync(HttpClient client)
    {
        var view = await client.GetFromJsonAsync<JsonElement>($"/api/organizations/{Org}");
        return view.GetProperty("contacts").EnumerateArray().Any(c => c.GetProperty("visibility").GetString() == nameof(Visibility.Organization));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}

/// <summary>In Production the sign-in page never lists demo accounts, even when the demo network is seeded.</summary>
public sealed class ProductionSignInPageTests
{
    [Fact]
    public async Task The_production_sign_in_page_lists_no_demo_account()
    {
        await using var app = new NetworkAppFactory(environment: "Production");
        using var client = app.CreateBrowserLikeClient();
        var html = await client.GetStringAsync("/Account/Login");
        Assert.Contains("Sign in", html, StringComparison.Ordinal);
        Assert.DoesNotContain(DemoNetworkData.UserEmailDomain, html, StringComparison.Ordinal);
        Assert.DoesNotContain(DemoNetworkData.DemoPassword, html, StringComparison.Ordinal);
    }
}
