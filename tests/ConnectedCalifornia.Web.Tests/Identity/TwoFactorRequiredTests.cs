using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ConnectedCalifornia.Web.Identity;
using ConnectedCalifornia.Web.Seeding;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace ConnectedCalifornia.Web.Tests.Identity;

/// <summary>
/// Issue 14, item 2: system admins, curators, law-enforcement members and task-force leads must enrol in
/// two-factor sign-in before they can act; in Production nobody is exempt.
/// </summary>
public sealed class TwoFactorRequiredTests : IAsyncLifetime
{
    private const string AdminEmail = "first.admin@twofactor.example";
    private const string AdminPassword = "TwoFactor-Admin-2026!";
    private const string StaffPassword = "Temporary-Pass-2026!";

    // The cookie is re-checked against the account on every request, so a session signed in with a code
    // must keep that through the refresh (Identity's "amr" claim), or every call below would be refused.
    private readonly NetworkAppFactory _app = new NetworkAppFactory(seed: false, environment: "Production") { SecurityStampInterval = TimeSpan.Zero }
        .WithSetting("ConnectedCalifornia:FirstAdmin:Email", AdminEmail)
        .WithSetting("ConnectedCalifornia:FirstAdmin:Password", AdminPassword);

    public async Task InitializeAsync() => (await _app.CreateClient().GetAsync("/health/ready")).EnsureSuccessStatusCode();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task TwoFactorRequired_in_production_the_first_admin_can_only_enrol_until_signed_in_with_a_code()
    {
        using var admin = _app.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.Redirect, (await SignIn.PostLoginAsync(admin, AdminEmail, AdminPassword)).StatusCode);

        // Before enrolment: every call is refused with the reason, every page but enrolment redirects to it.
        var refused = await admin.GetAsync("/api/people/");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Two-factor enrolment is required", problem.GetProperty("title").GetString());
        Assert.Contains("Two-factor enrolment is required", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("/Account/Manage/EnableAuthenticator", problem.GetProperty("enrol").GetString());
        Assert.Contains("system admin", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync("/api/me/network")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.PostAsync("/hubs/network/negotiate?negotiateVersion=1", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.PostAsync("/_blazor/negotiate?negotiateVersion=1", null)).StatusCode);
        foreach (var page in new[] { "/", "/Account/Manage", "/admin/people", "/Account/Manage/ChangePassword" })
        {
            var redirected = await admin.GetAsync(page);
            Assert.True(redirected.StatusCode == HttpStatusCode.Redirect, $"{page} answered {(int)redirected.StatusCode}");
            Assert.Equal(RequiredTwoFactor.EnablePath, redirected.Headers.Location!.OriginalString);
        }

        var overview = await admin.GetAsync(RequiredTwoFactor.OverviewPath);
        Assert.Equal(HttpStatusCode.OK, overview.StatusCode);
        Assert.Contains("Two-factor enrolment is required", await overview.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await TwoFactorEnabledAsync(AdminEmail));

        // Enrolment through the real page: the QR code and key, then a code from the authenticator.
        var (key, confirmed) = await TwoFactor.EnrolThroughPagesAsync(admin);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        var codes = await confirmed.Content.ReadAsStringAsync();
        Assert.Contains("Recovery codes", codes, StringComparison.Ordinal);
        Assert.True(await TwoFactorEnabledAsync(AdminEmail));

        // The code just given counts for this session; a new sign-in needs the code again.
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/people/")).StatusCode);
        using var again = _app.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.Redirect, (await TwoFactor.SignInWithCodeAsync(again, AdminEmail, AdminPassword, key)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/api/people/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/Account/Manage")).StatusCode);

        // A password alone no longer signs the admin in at all.
        using var passwordOnly = _app.CreateBrowserLikeClient();
        var half = await SignIn.PostLoginAsync(passwordOnly, AdminEmail, AdminPassword);
        Assert.Contains("LoginWith2fa", half.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await passwordOnly.GetAsync("/api/people/")).StatusCode);
    }

    [Fact]
    public async Task TwoFactorRequired_a_remembered_browser_is_not_a_second_factor_for_a_privileged_session()
    {
        using var admin = _app.CreateBrowserLikeClient();
        await SignIn.PostLoginAsync(admin, AdminEmail, AdminPassword);
        var (key, _) = await TwoFactor.EnrolThroughPagesAsync(admin);

        using var browser = _app.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.Redirect, (await TwoFactor.SignInWithCodeAsync(browser, AdminEmail, AdminPassword, key, rememberMachine: true)).StatusCode);
        var manage = await browser.GetStringAsync(RequiredTwoFactor.OverviewPath);
        var signedOut = await browser.PostAsync("/Account/Logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = TwoFactor.Token(manage) }));
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);

        // The remembered browser skips the code page, so this session was signed in with the password only.
        var signedIn = await SignIn.PostLoginAsync(browser, AdminEmail, AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.DoesNotContain("LoginWith2fa", signedIn.Headers.Location!.ToString(), StringComparison.Ordinal);
        var refused = await browser.GetAsync("/api/people/");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("sign in with a code", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var page = await browser.GetAsync("/");
        Assert.Equal(RequiredTwoFactor.OverviewPath, page.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task TwoFactorRequired_in_production_ordinary_staff_are_not_forced_but_law_enforcement_members_are()
    {
        using var admin = _app.CreateBrowserLikeClient();
        await SignIn.PostLoginAsync(admin, AdminEmail, AdminPassword);
        await TwoFactor.EnrolThroughPagesAsync(admin);

        var advocate = await AddMemberAsync(admin, "valley-advocates", "Nonprofit", "advocate");
        var officer = await AddMemberAsync(admin, "valley-police", "LawEnforcement", "officer");

        using var staff = _app.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.Redirect, (await SignIn.PostLoginAsync(staff, advocate, StaffPassword)).StatusCode);
        var network = await staff.GetAsync("/api/me/network");
        Assert.Equal(HttpStatusCode.OK, network.StatusCode);
        Assert.Contains("valley-advocates", await network.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/Account/Manage")).StatusCode);

        using var police = _app.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.Redirect, (await SignIn.PostLoginAsync(police, officer, StaffPassword)).StatusCode);
        var refused = await police.GetAsync("/api/me/network");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("law-enforcement", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(RequiredTwoFactor.EnablePath, (await police.GetAsync("/Account/Manage")).Headers.Location!.OriginalString);
    }

    /// <summary>The admin creates an organization of the kind and an account, and adds the account as its staff; returns the e-mail.</summary>
    private async Task<string> AddMemberAsync(HttpClient admin, string organizationId, string kind, string name)
    {
        var created = await admin.PostAsJsonAsync("/api/organizations/", new
        {
            id = organizationId,
            profile = new
            {
                name = "Valley " + name,
                kind,
                description = "A test organization.",
                services = Array.Empty<string>(),
                populations = Array.Empty<string>(),
                languages = Array.Empty<string>(),
                counties = new[] { "06019" },
                contacts = Array.Empty<object>(),
                acceptingReferrals = false,
            },
        });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var email = $"{name}@{organizationId}.example";
        Assert.Equal(HttpStatusCode.Redirect, (await Invitations.InviteAndSetUpAsync(_app, admin, email, "Valley " + name, StaffPassword)).StatusCode);
        (await admin.PostAsJsonAsync($"/api/organizations/{organizationId}/members", new { email, role = "Staff" })).EnsureSuccessStatusCode();

        // A person joins an organization only by accepting its invitation (before that they are in no privileged role).
        using var person = _app.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.Redirect, (await SignIn.PostLoginAsync(person, email, StaffPassword)).StatusCode);
        (await person.PutAsJsonAsync($"/api/me/invitations/{organizationId}", new { accept = true })).EnsureSuccessStatusCode();
        return email;
    }

    private async Task<bool> TwoFactorEnabledAsync(string email)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        return await users.GetTwoFactorEnabledAsync((await users.FindByEmailAsync(email))!);
    }
}

/// <summary>The Development demo stays explorable: its privileged demo accounts may skip enrolment there (and only there).</summary>
public sealed class TwoFactorRequiredDevelopmentTests(SeededAppFixture app) : IClassFixture<SeededAppFixture>
{
    [Fact]
    public async Task TwoFactorRequired_in_development_a_demo_curator_is_not_forced_and_the_sign_in_page_says_so()
    {
        var (curator, _) = await app.ClientForAsync(MatrixRole.Curator.Email());
        Assert.Equal(HttpStatusCode.OK, (await curator.GetAsync("/api/curation/applications")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await curator.GetAsync("/Account/Manage")).StatusCode);
        var overview = await curator.GetStringAsync(RequiredTwoFactor.OverviewPath);
        Assert.Contains("may skip two-factor sign-in because the app runs in Development", overview, StringComparison.Ordinal);

        using var anonymous = app.Factory.CreateBrowserLikeClient();
        var login = await anonymous.GetStringAsync("/Account/Login");
        Assert.Contains("may skip two-factor sign-in", login, StringComparison.Ordinal);
        Assert.Contains(DemoNetworkData.UserEmailDomain, login, StringComparison.Ordinal);
    }
}
