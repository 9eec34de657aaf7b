using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ConnectedCalifornia.Web.Capacity;
using ConnectedCalifornia.Web.Seeding;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Capacity;
using ConnectedCalifornia.Web.Tests.Infrastructure;

namespace ConnectedCalifornia.Web.Tests.Hardening;

/// <summary>
/// Commands sent with an Idempotency-Key are applied once: a retry after a lost answer gets the first answer
/// and changes nothing, the same key with another body is refused, concurrent duplicates place one hold.
/// Asserted on what the site stored (read back through the API).
/// </summary>
public sealed class IdempotencyTests(SeededAppFixture app) : IClassFixture<SeededAppFixture>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    private async Task<(string SiteId, string Category, HttpClient Officer, HttpClient Admin)> SiteWithFreeBedsAsync()
    {
        var site = DemoCapacityData.Sites.First(s => !s.Definition.Confidential && CapacityApiTests.PoliceTaskForcePartners.Contains(s.Definition.OrganizationId));
        var category = site.Definition.Categories[0];
        var (admin, _) = await app.ClientForAsync(MatrixRole.SystemAdmin.Email());
        (await admin.PostAsJsonAsync($"/api/capacity/sites/{site.SiteId}/counts/{category.Category}", new { available = category.Total })).EnsureSuccessStatusCode();
        var (officer, _) = await app.ClientForAsync(MatrixRole.LawEnforcementStaff.Email());
        return (site.SiteId, category.Category, officer, admin);
    }

    private static HttpRequestMessage Hold(string siteId, string category, string key, string purpose = "Test hold") =>
        new(HttpMethod.Post, $"/api/capacity/sites/{siteId}/holds")
        {
            Content = JsonContent.Create(new { category, holderOrganizationId = "harbor-point-police-department", purpose }),
            Headers = { { "Idempotency-Key", key } },
        };

    private async Task<SiteCapacityView> SiteAsync(HttpClient client, string siteId) =>
        (await client.GetFromJsonAsync<SiteCapacityView>($"/api/capacity/sites/{siteId}", Json))!;

    [Fact]
    public async Task Idempotency_a_retried_hold_with_the_same_key_places_one_hold_and_returns_the_first_answer()
    {
        var (siteId, category, officer, admin) = await SiteWithFreeBedsAsync();
        var before = (await SiteAsync(admin, siteId)).Categories.Single(c => c.Category == category);
        var key = Guid.NewGuid().ToString();

        var first = await officer.SendAsync(Hold(siteId, category, key));
        var retry = await officer.SendAsync(Hold(siteId, category, key));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        var placed = await first.Content.ReadFromJsonAsync<CapacityApi.HoldPlaced>(Json);
        var replayed = await retry.Content.ReadFromJsonAsync<CapacityApi.HoldPlaced>(Json);
        Assert.Equal(placed!.HoldId, replayed!.HoldId);
        Assert.True(retry.Headers.TryGetValues("Idempotency-Replayed", out var marker) && marker.Single() == "true");
        Assert.False(first.Headers.Contains("Idempotency-Replayed"));

        var stored = await SiteAsync(admin, siteId);
        Assert.Equal(placed.HoldId, Assert.Single(stored.Holds).HoldId);
        var after = stored.Categories.Single(c => c.Category == category);
        Assert.Equal((before.Available - 1, before.Held + 1), (after.Available, after.Held));

        // The same key with another body is another command: refused, nothing changed.
        var other = await officer.SendAsync(Hold(siteId, category, key, purpose: "Another hold"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal("application/problem+json", other.Content.Headers.ContentType?.MediaType);
        Assert.Single((await SiteAsync(admin, siteId)).Holds);

        // A new key is a new command.
        Assert.Equal(HttpStatusCode.OK, (await officer.SendAsync(Hold(siteId, category, Guid.NewGuid().ToString()))).StatusCode);
        Assert.Equal(2, (await SiteAsync(admin, siteId)).Holds.Length);
        foreach (var hold in (await SiteAsync(admin, siteId)).Holds)
        {
            (await admin.DeleteAsync($"/api/capacity/sites/{siteId}/holds/{hold.HoldId}")).EnsureSuccessStatusCode();
        }
    }

    [Fact]
    public async Task Idempotency_simultaneous_duplicates_place_one_hold()
    {
        var (siteId, category, officer, admin) = await SiteWithFreeBedsAsync();
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => officer.SendAsync(Hold(siteId, category, key))));

        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        var ids = new HashSet<string>();
        foreach (var response in responses.Where(r => r.StatusCode == HttpStatusCode.OK))
        {
            ids.Add((await response.Content.ReadFromJsonAsync<CapacityApi.HoldPlaced>(Json))!.HoldId);
        }

        var hold = Assert.Single((await SiteAsync(admin, siteId)).Holds);
        Assert.Equal([hold.HoldId], ids);
        (await admin.DeleteAsync($"/api/capacity/sites/{siteId}/holds/{hold.HoldId}")).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task Idempotency_a_retried_anonymous_registration_returns_the_first_answer_and_registers_once()
    {
        var (host, _) = await app.ClientForAsync(MatrixRole.ShelterAdmin.Email());
        var eventId = await TestEvents.CreatePublicAsync(host, "Idempotency training", DateTimeOffset.UtcNow.AddDays(12), TimeSpan.FromHours(2), capacity: 10);
        using var anonymous = app.Factory.CreateBrowserLikeClient();
        var key = Guid.NewGuid().ToString();
        HttpRequestMessage Register() => new(HttpMethod.Post, $"/api/calendar/events/{eventId}/registrations")
        {
            Content = JsonContent.Create(new { name = "Retry Volunteer", email = "retry.volunteer@example.org" }),
            Headers = { { "Idempotency-Key", key } },
        };

        var first = await anonymous.SendAsync(Register());
        var retry = await anonymous.SendAsync(Register());

        // Without an account the answer never carries the registration (issue 14, item 9: it goes by e-mail only):
        // the retry gets the same 202 "check your e-mail" answer, replayed, and the person is registered once.
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Equal("true", retry.Headers.GetValues("Idempotency-Replayed").Single());
        var roster = await host.GetStringAsync($"/api/calendar/events/{eventId}/roster");
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(roster, "retry.volunteer@example.org", System.Text.RegularExpressions.RegexOptions.IgnoreCase));
    }

    [Fact]
    public async Task Idempotency_a_key_that_is_not_a_short_visible_text_is_refused_and_nothing_changes()
    {
        var (siteId, category, officer, admin) = await SiteWithFreeBedsAsync();

        var response = await officer.SendAsync(Hold(siteId, category, new string('k', 201)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Idempotency-Key", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty((await SiteAsync(admin, siteId)).Holds);
    }
}
