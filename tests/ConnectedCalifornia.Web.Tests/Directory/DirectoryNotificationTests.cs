using System.Net.Http.Json;
using System.Text.Json;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Web.Directory;
using ConnectedCalifornia.Web.Seeding;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Notifications;

namespace ConnectedCalifornia.Web.Tests.Directory;

/// <summary>
/// Directory e-mails through the real pipeline: the curators hear of an application, the applicant of
/// the decision, an organization's admins of the decision on their listing changes and of their
/// listing's yearly check; the applicant's note and the curators' reasons stay in the app.
/// </summary>
[Collection(NotificationKindsCollection.Name)]
public sealed class DirectoryNotificationTests(NotificationKindsFixture app)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
    private static readonly string Curator = MatrixRole.Curator.Email()!;
    private static readonly string ShelterAdmin = MatrixRole.ShelterAdmin.Email()!;
    private static readonly string ShelterStaff = MatrixRole.ShelterStaff.Email()!;

    internal static OrganizationProfile Profile(string name, string description = "Street outreach and drop-in services for youth.") => new(
        name, OrganizationKind.Nonprofit, description, "https://outreach.example.org",
        ["case-management"], ["minors-csec"], ["en", "es"], ["06019"],
        [new Contact("Main line", ContactKind.Phone, "(559) 555-0142", Visibility.Public)], AcceptingReferrals: true);

    [Fact]
    public async Task Notification_application_reaches_the_curators_and_their_decisions_the_applicant()
    {
        var applicantEmail = MatrixRole.OtherOrganizationAdmin.Email()!;
        var applicant = await app.ClientForAsync(applicantEmail);
        var curator = await app.ClientForAsync(Curator);
        var name = "Delta Bridges Outreach " + Guid.NewGuid().ToString("N")[..5];
        var submitted = await applicant.PostAsJsonAsync("/api/applications", new { profile = Profile(name), note = "Ask for Priya at the front desk." }, Json);
        Assert.True(submitted.IsSuccessStatusCode, await submitted.Content.ReadAsStringAsync());
        var id = (await submitted.Content.ReadFromJsonAsync<JoiningApi.Submitted>(Json))!.Id;

        var received = await app.ArrivesAsync(Curator, $"New application to join: {name}");
        Assert.Contains("/curation/applications", received.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Priya", received.TextBody + received.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain(applicantEmail, app.Recipients($"New application to join: {name}"));

        (await curator.PostAsJsonAsync($"/api/curation/applications/{id}/decision", new { decision = "RequestChanges", reason = "Add the director's direct line." }, Json)).EnsureSuccessStatusCode();
        var changes = await app.ArrivesAsync(applicantEmail, $"Changes requested: {name}");
        Assert.DoesNotContain("direct line", changes.TextBody + changes.HtmlBody, StringComparison.Ordinal);

        (await applicant.PutAsJsonAsync($"/api/applications/{id}", new { profile = Profile(name), note = "Added." }, Json)).EnsureSuccessStatusCode();
        int Received() => app.Smtp.Messages.Count(m => NotificationKindsFixture.To(m) == Curator && m.Subject!.Contains(name, StringComparison.Ordinal));
        await Eventually.TrueAsync(() => Task.FromResult(Received() >= 2), 30);
        Assert.Equal(2, Received());

        (await curator.PostAsJsonAsync($"/api/curation/applications/{id}/decision", new { decision = "Approve" }, Json)).EnsureSuccessStatusCode();
        var welcome = await app.ArrivesAsync(applicantEmail, $"Welcome to the network: {name}");
        Assert.Contains("/manage", welcome.TextBody, StringComparison.Ordinal);
        Assert.Equal([applicantEmail], app.Recipients($"Welcome to the network: {name}"));
    }

    [Fact]
    public async Task Notification_listing_change_decision_and_yearly_check_reach_the_organizations_admins()
    {
        var admin = await app.ClientForAsync(ShelterAdmin);
        var curator = await app.ClientForAsync(Curator);
        var seeded = DemoNetworkData.FindOrganization(AuthorizationMatrix.Org)!.Profile;
        (await admin.PutAsJsonAsync($"/api/organizations/{AuthorizationMatrix.Org}/profile", seeded with { Website = "https://bright-orchard.example.org/changed" }, Json)).EnsureSuccessStatusCode();
        var review = await curator.GetFromJsonAsync<JsonElement>($"/api/organizations/{AuthorizationMatrix.Org}/change-request");
        var revision = review.GetProperty("open").GetProperty("revision").GetInt64();
        (await curator.PostAsJsonAsync(
            $"/api/organizations/{AuthorizationMatrix.Org}/change-request/decisions",
            new { revision, decisions = new[] { new { field = "website", accept = false, reason = "The new page does not load." } } })).EnsureSuccessStatusCode();

        var decided = await app.ArrivesAsync(ShelterAdmin, "Listing changes decided: Bright Orchard");
        Assert.Contains("Not accepted: website", decided.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("does not load", decided.TextBody + decided.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain(ShelterStaff, app.Recipients("Listing changes decided: Bright Orchard"));

        // A year after verification (one second here) the sweep flags the listing and tells its admins, once.
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var sweep = app.Grains.GetGrain<IReverificationGrain>(IReverificationGrain.Key);
        await sweep.Sweep();
        await sweep.Sweep();
        var due = await app.ArrivesAsync(ShelterAdmin, "Time to check your listing: Bright Orchard");
        Assert.Contains($"/organizations/{AuthorizationMatrix.Org}/manage", due.TextBody, StringComparison.Ordinal);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Single(app.Smtp.Messages, m => NotificationKindsFixture.To(m) == ShelterAdmin && m.Subject!.Contains("Time to check your listing: Bright Orchard", StringComparison.Ordinal));
        Assert.DoesNotContain(ShelterStaff, app.Recipients("Time to check your listing: Bright Orchard"));
    }
}
