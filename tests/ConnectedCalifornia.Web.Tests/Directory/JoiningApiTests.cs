using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Web.Directory;
using ConnectedCalifornia.Web.Seeding;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ConnectedCalifornia.Web.Tests.Directory;

/// <summary>The app with the demo network and a fake network clock, shared by the joining API tests.</summary>
public sealed class JoiningAppFixture : IAsyncLifetime
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public NetworkAppFactory Factory { get; private set; } = null!;

    private readonly Dictionary<string, HttpClient> _clients = [];

    public async Task InitializeAsync()
    {
        Factory = new NetworkAppFactory { NetworkClock = Clock };
        using var client = Factory.CreateBrowserLikeClient();
        (await client.GetAsync("/health/ready")).EnsureSuccessStatusCode();
    }

    public async Task<HttpClient> ClientForAsync(MatrixRole role)
    {
        if (_clients.TryGetValue(role.Email()!, out var existing))
        {
            return existing;
        }

        var client = Factory.CreateBrowserLikeClient();
        await SignIn.AsAsync(client, Factory, role.Email()!);
        return _clients[role.Email()!] = client;
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        await Factory.DisposeAsync();
    }
}

/// <summary>Applying, claiming, curators deciding and re-verifying, through the real API.</summary>
public sealed class JoiningApiTests(JoiningAppFixture app) : IClassFixture<JoiningAppFixture>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    private static OrganizationProfile Profile(string name) => new(
        name, OrganizationKind.Nonprofit, "Street outreach and drop-in services for youth.", "https://outreach.example.org",
        ["case-management"], ["minors-csec"], ["en", "es"], ["06019"],
        [new Contact("Main line", ContactKind.Phone, "(559) 555-0142", Visibility.Public)], AcceptingReferrals: true);

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
    }

    [Fact]
    public async Task An_application_sent_back_for_changes_is_corrected_and_approved_and_the_applicant_becomes_admin_of_a_verified_listing()
    {
        var applicant = await app.ClientForAsync(MatrixRole.TaskForceLead);
        var curator = await app.ClientForAsync(MatrixRole.Curator);

        // Bad input: nothing is submitted, and the problem names the field.
        var bad = await applicant.PostAsJsonAsync("/api/applications", new { profile = Profile("Valley Lights Outreach") with { Counties = [] } }, Json);
        Assert.True((await ProblemAsync(bad)).TryGetProperty("counties", out _));
        Assert.Empty((await applicant.GetFromJsonAsync<JoinRequestSummary[]>("/api/applications/mine", Json))!);

        var submitted = await applicant.PostAsJsonAsync("/api/applications", new { profile = Profile("Valley Lights Outreach"), note = "Ask for Priya." }, Json);
        submitted.EnsureSuccessStatusCode();
        var id = (await submitted.Content.ReadFromJsonAsync<JoiningApi.Submitted>(Json))!.Id;
        var open = await curator.GetFromJsonAsync<JoinRequestSummary[]>("/api/curation/applications", Json);
        Assert.Contains(open!, r => r.Id == id && r.OrganizationId == "valley-lights-outreach" && r.Kind == JoinRequestKind.NewOrganization);

        var noReason = await curator.PostAsJsonAsync($"/api/curation/applications/{id}/decision", new { decision = "RequestChanges", reason = "" }, Json);
        Assert.True((await ProblemAsync(noReason)).TryGetProperty("reason", out _));
        (await curator.PostAsJsonAsync($"/api/curation/applications/{id}/decision", new { decision = "RequestChanges", reason = "Add a public e-mail address." }, Json)).EnsureSuccessStatusCode();

        var mine = Assert.Single((await applicant.GetFromJsonAsync<JoinRequestSummary[]>("/api/applications/mine", Json))!);
        Assert.Equal((JoinRequestStatus.ChangesRequested, "Add a public e-mail address."), (mine.Status, mine.Reason));

        // Only the applicant and curators read the request.
        var stranger = await app.ClientForAsync(MatrixRole.LawEnforcementStaff);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/applications/{id}")).StatusCode);

        var corrected = Profile("Valley Lights Outreach") with { Contacts = [.. Profile("x").Contacts, new Contact("E-mail", ContactKind.Email, "hello@outreach.example.org", Visibility.Public)] };
        (await applicant.PutAsJsonAsync($"/api/applications/{id}", new { profile = corrected, note = "Added." }, Json)).EnsureSuccessStatusCode();
        (await curator.PostAsJsonAsync($"/api/curation/applications/{id}/decision", new { decision = "Approve" }, Json)).EnsureSuccessStatusCode();

        var listing = await applicant.GetFromJsonAsync<OrganizationView>("/api/organizations/valley-lights-outreach", Json);
        Assert.Equal(VerificationStatus.Verified, listing!.Verification);
        Assert.Equal(app.Clock.GetUtcNow(), listing.VerifiedAt);
        Assert.Contains(listing.Members!.Value, m => m.DisplayName == "Sgt. Priya Sandhu" && m.Role == OrganizationRole.Admin);
        Assert.Contains(listing.Contacts, c => c.Value == "hello@outreach.example.org");
        Assert.DoesNotContain((await curator.GetFromJsonAsync<JoinRequestSummary[]>("/api/curation/applications", Json))!, r => r.Id == id);
        Assert.Equal(JoinRequestStatus.Approved, Assert.Single((await applicant.GetFromJsonAsync<JoinRequestSummary[]>("/api/applications/mine", Json))!).Status);
    }

    [Fact]
    public async Task A_claim_of_a_listing_without_an_admin_is_refused_twice_and_approval_makes_the_claimant_its_admin()
    {
        var listing = DemoNetworkData.Organizations.First(o => !DemoNetworkData.Users.Any(u => u.Organizations.Any(m => m.OrganizationKey == o.Key)) && o.Key != "valley-lights-outreach");
        var claimant = await app.ClientForAsync(MatrixRole.TaskForceMember);
        var curator = await app.ClientForAsync(MatrixRole.Curator);

        // A listing that has an admin cannot be claimed.
        var taken = await claimant.PostAsJsonAsync($"/api/organizations/{AuthorizationMatrix.Org}/claims", new { note = "" }, Json);
        Assert.True((await ProblemAsync(taken)).TryGetProperty("organizationId", out _));

        var claim = await claimant.PostAsJsonAsync($"/api/organizations/{listing.Key}/claims", new { note = "I coordinate their outreach." }, Json);
        claim.EnsureSuccessStatusCode();
        var id = (await claim.Content.ReadFromJsonAsync<JoiningApi.Submitted>(Json))!.Id;
        var again = await claimant.PostAsJsonAsync($"/api/organizations/{listing.Key}/claims", new { note = "Again" }, Json);
        Assert.True((await ProblemAsync(again)).TryGetProperty("organizationId", out _));
        Assert.Equal(HttpStatusCode.Forbidden, (await claimant.PutAsJsonAsync($"/api/organizations/{listing.Key}/profile", listing.Profile, Json)).StatusCode);

        var noReason = await curator.PostAsJsonAsync($"/api/curation/applications/{id}/decision", new { decision = "Reject" }, Json);
        Assert.True((await ProblemAsync(noReason)).TryGetProperty("reason", out _));
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        (await curator.PostAsJsonAsync($"/api/curation/applications/{id}/decision", new { decision = "Approve" }, Json)).EnsureSuccessStatusCode();

        var view = await claimant.GetFromJsonAsync<OrganizationView>($"/api/organizations/{listing.Key}", Json);
        Assert.Equal((VerificationStatus.Verified, app.Clock.GetUtcNow()), (view!.Verification, view.VerifiedAt!.Value));
        Assert.Contains(view.Members!.Value, m => m.Role == OrganizationRole.Admin);
        (await claimant.PutAsJsonAsync($"/api/organizations/{listing.Key}/profile", listing.Profile with { Description = "Claimed and edited." }, Json)).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task A_year_later_a_verified_listing_is_flagged_its_admin_confirms_and_a_curator_verifies_it_again()
    {
        var admin = await app.ClientForAsync(MatrixRole.ShelterAdmin);
        var curator = await app.ClientForAsync(MatrixRole.Curator);
        var org = AuthorizationMatrix.Org;
        Assert.True(DemoNetworkData.FindOrganization(org)!.Verified);
        var before = await admin.GetFromJsonAsync<OrganizationView>($"/api/organizations/{org}", Json);

        // Not due yet: the admin has nothing to confirm.
        Assert.True((await ProblemAsync(await admin.PostAsync($"/api/organizations/{org}/reverification-request", null))).TryGetProperty("organizationId", out _));

        app.Clock.Advance(TimeSpan.FromDays(366));
        var grains = app.Factory.Services.GetRequiredService<IGrainFactory>();
        await grains.GetGrain<IReverificationGrain>(IReverificationGrain.Key).Sweep();

        var stale = await curator.GetFromJsonAsync<StaleListing[]>("/api/curation/reverification", Json);
        var flag = Assert.Single(stale!, s => s.OrganizationId == org);
        Assert.Equal(before!.VerifiedAt, flag.VerifiedAt);
        Assert.Contains("Confirm our listing is still correct", await admin.GetStringAsync($"/organizations/{org}/manage"));

        (await admin.PostAsync($"/api/organizations/{org}/reverification-request", null)).EnsureSuccessStatusCode();
        flag = Assert.Single((await curator.GetFromJsonAsync<StaleListing[]>("/api/curation/reverification", Json))!, s => s.OrganizationId == org);
        Assert.Equal("Daniel Vang", flag.ConfirmedByName);

        (await curator.PostAsync($"/api/curation/reverification/{org}", null)).EnsureSuccessStatusCode();
        Assert.DoesNotContain((await curator.GetFromJsonAsync<StaleListing[]>("/api/curation/reverification", Json))!, s => s.OrganizationId == org);
        var after = await admin.GetFromJsonAsync<OrganizationView>($"/api/organizations/{org}", Json);
        Assert.Equal(app.Clock.GetUtcNow(), after!.VerifiedAt);
        var history = await admin.GetFromJsonAsync<JsonElement>($"/api/organizations/{org}/history?max=5");
        Assert.Contains(history.EnumerateArray(), r => r.GetProperty("field").GetString() == "verifiedAt" && r.GetProperty("actorName").GetString() != "Daniel Vang");
    }
}
