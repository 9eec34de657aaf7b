using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ConnectedCalifornia.Web.Identity;
using ConnectedCalifornia.Web.Seeding;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace ConnectedCalifornia.Web.Tests.Hardening;

/// <summary>
/// The app's edge as an attacker meets it, through real HTTP against the real app with the app's own
/// default limits: rate limits, sign-in throttling, JSON-only commands, security headers, redirects.
/// </summary>
public sealed class HardeningTests : IAsyncLifetime
{
    private readonly NetworkAppFactory _app = new NetworkAppFactory()
        .WithDefaultEdgeLimits()
        .WithSetting("ConnectedCalifornia:Edge:RateLimits:ApiPerMinute", "40")
        .WithSetting("ConnectedCalifornia:Edge:RateLimits:PublicFormsPerHour", "2");

    public async Task InitializeAsync() => (await _app.CreateClient().GetAsync("/health/ready")).EnsureSuccessStatusCode();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task RateLimit_the_api_answers_429_with_retry_after_and_a_problem()
    {
        using var client = _app.CreateBrowserLikeClient();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 60 && refused is null; i++)
        {
            var response = await client.GetAsync("/api/initiatives/");
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused = response;
            }
        }

        Assert.NotNull(refused);
        Assert.True(int.Parse(refused!.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) is > 0 and <= 60);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal(429, problem.RootElement.GetProperty("status").GetInt32());

        // Pages are not counted against the API's limit.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/initiatives")).StatusCode);
    }

    [Fact]
    public async Task RateLimit_anonymous_event_registration_refuses_a_bot_and_stores_nothing_more()
    {
        using var anonymous = _app.CreateBrowserLikeClient();
        var eventId = DemoCalendarData.AwarenessNight;
        var before = await RegisteredAsync(anonymous, eventId);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            var response = await anonymous.PostAsJsonAsync($"/api/calendar/events/{eventId}/registrations", new { name = $"Bot {i}", email = $"bot{i}@example.org" });
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(before + 2, await RegisteredAsync(anonymous, eventId));
        Assert.Equal(2, statuses.Count(s => s == HttpStatusCode.Accepted));
        Assert.Equal(2, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task RateLimit_one_client_cannot_lock_somebody_elses_account()
    {
        using var attacker = _app.CreateBrowserLikeClient();
        var email = MatrixRole.LawEnforcementStaff.Email()!;
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            statuses.Add((await SignIn.PostLoginAsync(attacker, email, "guess-" + i)).StatusCode);
        }

        // Three guesses are checked; every later attempt is refused before the password is looked at.
        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.All(statuses.Skip(3), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
        var refused = await SignIn.PostLoginAsync(attacker, email, DemoNetworkData.DemoPassword);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter is not null || refused.Headers.Contains("Retry-After"));
        Assert.Contains("Too many sign-in attempts", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // What is stored: the account is not locked and counts only the three checked guesses.
        await using var scope = _app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByEmailAsync(email);
        Assert.False(await users.IsLockedOutAsync(user!));
        Assert.Equal(3, await users.GetAccessFailedCountAsync(user!));
    }

    [Fact]
    public async Task RateLimit_sign_in_answers_unknown_and_real_accounts_alike()
    {
        using var client = _app.CreateBrowserLikeClient();
        var known = await SignIn.PostLoginAsync(client, MatrixRole.Curator.Email()!, "not-the-password");
        var unknown = await SignIn.PostLoginAsync(client, "nobody-at-all@demo.connectedcalifornia.example", "not-the-password");

        Assert.Equal(known.StatusCode, unknown.StatusCode);
        Assert.Contains("do not match an account", await known.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("do not match an account", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ContentType_a_command_sent_as_text_plain_is_refused_with_415_and_changes_nothing()
    {
        var (client, _) = await SignedInAsync(MatrixRole.ShelterStaff);
        var site = $"/api/capacity/sites/{AuthorizationMatrix.Site}";
        var before = JsonDocument.Parse(await client.GetStringAsync(site)).RootElement.GetProperty("version").GetInt64();

        using var plain = new StringContent("""{"available":1}""", Encoding.UTF8, "text/plain");
        var refused = await client.PostAsync($"{site}/counts/minors", plain);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["available"] = "1" });
        var formRefused = await client.PostAsync($"{site}/counts/minors", form);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, refused.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, formRefused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, JsonDocument.Parse(await client.GetStringAsync(site)).RootElement.GetProperty("version").GetInt64());

        // The same command as JSON is taken.
        var taken = await client.PostAsJsonAsync($"{site}/counts/minors", new { available = 1 });
        Assert.True(taken.IsSuccessStatusCode, $"JSON answered {(int)taken.StatusCode}");
    }

    [Fact]
    public async Task SecurityHeaders_pages_and_api_answers_carry_a_strict_policy()
    {
        using var client = _app.CreateBrowserLikeClient();
        var page = await client.GetAsync("/");
        var html = await page.Content.ReadAsStringAsync();
        var csp = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        var nonce = System.Text.RegularExpressions.Regex.Match(csp, "'nonce-([^']+)'").Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(nonce));
        Assert.Contains($"nonce=\"{nonce}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("script-src 'self' 'unsafe-inline'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("same-origin", page.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("camera=()", page.Headers.GetValues("Permissions-Policy").Single(), StringComparison.Ordinal);

        // A second page gets a fresh nonce.
        var again = (await client.GetAsync("/")).Headers.GetValues("Content-Security-Policy").Single();
        Assert.NotEqual(csp, again);

        var (member, _) = await SignedInAsync(MatrixRole.ShelterAdmin);
        foreach (var path in new[] { "/api/me/network", $"/api/organizations/{AuthorizationMatrix.Org}" })
        {
            var api = await member.GetAsync(path);
            Assert.True(api.Headers.CacheControl?.NoStore, $"{path} may be cached");
        }

        Assert.True((await member.GetAsync("/")).Headers.CacheControl?.NoStore, "a signed-in page may be cached");
    }

    [Fact]
    public async Task Hardening_the_hsds_export_is_made_once_per_version_and_revalidated_with_its_etag()
    {
        using var anonymous = _app.CreateBrowserLikeClient();
        var first = await anonymous.GetAsync("/api/hsds/export");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var etag = first.Headers.ETag!;
        var body = await first.Content.ReadAsByteArrayAsync();
        Assert.Contains("public", first.Headers.CacheControl!.ToString(), StringComparison.Ordinal);

        using var again = new HttpRequestMessage(HttpMethod.Get, "/api/hsds/export");
        again.Headers.IfNoneMatch.Add(etag);
        var notModified = await anonymous.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());

        // A change to the directory is a new version: a new ETag and a body that shows the change.
        var (curator, _) = await SignedInAsync(MatrixRole.Curator);
        var profile = DemoNetworkData.FindOrganization(AuthorizationMatrix.Org)!.Profile with { Description = "Youth shelter with a new evening drop-in." };
        (await curator.PutAsJsonAsync($"/api/organizations/{AuthorizationMatrix.Org}/profile", profile, new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } })).EnsureSuccessStatusCode();
        HttpResponseMessage? changed = null;
        await Eventually.TrueAsync(async () =>
        {
            using var check = new HttpRequestMessage(HttpMethod.Get, "/api/hsds/export");
            check.Headers.IfNoneMatch.Add(etag);
            changed = await anonymous.SendAsync(check);
            return changed.StatusCode == HttpStatusCode.OK;
        });
        Assert.NotEqual(etag, changed!.Headers.ETag);
        Assert.Contains("new evening drop-in", await changed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotEmpty(body);
    }

    [Theory]
    [InlineData("https://evil.example/steal")]
    [InlineData("//evil.example/steal")]
    [InlineData("/\\evil.example")]
    [InlineData("javascript:alert(1)")]
    public async Task Sign_in_with_an_external_returnUrl_goes_home_instead_of_failing(string returnUrl)
    {
        using var client = _app.CreateBrowserLikeClient();
        var page = await client.GetStringAsync("/Account/Login?ReturnUrl=" + Uri.EscapeDataString(returnUrl));
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            ["_handler"] = "login",
            ["Input.Email"] = MatrixRole.TaskForceMember.Email()!,
            ["Input.Password"] = DemoNetworkData.DemoPassword,
        });
        var response = await client.PostAsync("/Account/Login?ReturnUrl=" + Uri.EscapeDataString(returnUrl), form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.True(!location.IsAbsoluteUri || location.Host == "localhost", $"redirected to {location}");
        Assert.DoesNotContain("evil", location.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("javascript", location.ToString(), StringComparison.Ordinal);
    }

    private static async Task<int> RegisteredAsync(HttpClient client, string eventId) =>
        JsonDocument.Parse(await client.GetStringAsync("/api/calendar/events?audience=Public")).RootElement.EnumerateArray()
            .Single(e => e.GetProperty("eventId").GetString() == eventId).GetProperty("registered").GetInt32();

    private async Task<(HttpClient Client, string Cookie)> SignedInAsync(MatrixRole role)
    {
        var client = _app.CreateBrowserLikeClient();
        var cookie = await SignIn.AsAsync(client, _app, role.Email()!);
        return (client, cookie);
    }
}
