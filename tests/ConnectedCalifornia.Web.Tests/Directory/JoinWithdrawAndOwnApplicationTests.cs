using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Web.Identity;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using ConnectedCalifornia.Web.Tests.Notifications;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace ConnectedCalifornia.Web.Tests.Directory;

/// <summary>
/// Two rules of joining without an account (issue 15), through real HTTP and a real SMTP server on loopback:
/// the applicant withdraws from the private link (stored; the link then only shows it), and a curator cannot
/// decide an application made under their own e-mail address (a specific message; another curator can).
/// </summary>
public sealed class JoinWithdrawAndOwnApplicationTests(SmtpAppFixture fixture) : JoinWithoutAccountTestBase(fixture), IClassFixture<SmtpAppFixture>
{
    [Fact]
    public async Task Join_withdrawn_from_the_private_link_is_stored_leaves_the_queue_and_the_link_only_views()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var organizationId = $"evening-outreach-{suffix}";
        var email = $"rosa.{suffix}@example.org";
        using var applicant = App.Factory.CreateBrowserLikeClient();
        (await applicant.PostAsJsonAsync("/api/applications/public", Application($"Evening Outreach {suffix}", "Rosa Diaz", email), Json)).EnsureSuccessStatusCode();
        var token = Invitations.LinkIn(await ArrivesAsync(email, "Confirm your e-mail address"), "/join/status/")["/join/status/".Length..];
        (await applicant.PostAsync($"/api/applications/public/{token}/confirmation", null)).EnsureSuccessStatusCode();
        var (curator, _) = await App.ClientForAsync(MatrixRole.Curator.Email());
        var queued = Assert.Single(await OpenAsync(curator), r => r.OrganizationId == organizationId);

        var withdrawn = await applicant.PostAsync($"/api/applications/public/{token}/withdrawal", null);
        Assert.True(withdrawn.IsSuccessStatusCode, await withdrawn.Content.ReadAsStringAsync());

        // Stored: the grain's state and history, and the curators' queue no longer lists it.
        var grain = App.Factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IJoinRequestGrain>(queued.Id);
        Assert.Equal(JoinRequestStatus.Withdrawn, (await grain.GetDetails())!.Status);
        Assert.Contains(await grain.GetHistory(10), r => r.Field == "status" && r.NewValue == nameof(JoinRequestStatus.Withdrawn));
        Assert.DoesNotContain(await OpenAsync(curator), r => r.Id == queued.Id);

        // The link still shows it, and does nothing else: confirm, resubmit and withdraw again are refused.
        var viewed = await applicant.GetFromJsonAsync<JoinRequestDetails>($"/api/applications/public/{token}", Json);
        Assert.Equal(JoinRequestStatus.Withdrawn, viewed!.Status);
        var confirmAgain = await applicant.PostAsync($"/api/applications/public/{token}/confirmation", null);
        Assert.Equal(HttpStatusCode.BadRequest, confirmAgain.StatusCode);
        Assert.Contains("withdrew", await confirmAgain.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var resubmit = await applicant.PutAsJsonAsync($"/api/applications/public/{token}", new { profile = Profile($"Evening Outreach {suffix}"), note = "again" }, Json);
        Assert.Equal(HttpStatusCode.BadRequest, resubmit.StatusCode);
        var twice = await applicant.PostAsync($"/api/applications/public/{token}/withdrawal", null);
        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
        Assert.Contains("cannot be withdrawn any more", await twice.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Nor can a curator approve it any more.
        var approve = await curator.PostAsJsonAsync($"/api/curation/applications/{queued.Id}/decision", new { decision = "Approve" });
        Assert.Equal(HttpStatusCode.BadRequest, approve.StatusCode);
        Assert.Contains("withdrew this application", await approve.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(JoinRequestStatus.Withdrawn, (await grain.GetDetails())!.Status);
        Assert.Null(await App.Factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IOrganizationGrain>(organizationId).GetDetails());
        Assert.Null(await FindAccountAsync(email));
    }

    [Fact]
    public async Task Join_withdrawal_with_a_made_up_link_is_a_not_found_and_changes_nothing()
    {
        using var applicant = App.Factory.CreateBrowserLikeClient();
        var response = await applicant.PostAsync("/api/applications/public/not-a-real-link/withdrawal", null);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Join_application_under_the_curators_own_address_is_refused_to_that_curator_with_a_clear_reason()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var organizationId = $"curators-own-clinic-{suffix}";
        var curatorEmail = MatrixRole.Curator.Email()!;
        using var applicant = App.Factory.CreateBrowserLikeClient();
        (await applicant.PostAsJsonAsync("/api/applications/public", Application($"Curators Own Clinic {suffix}", "Jordan Ellis", curatorEmail), Json)).EnsureSuccessStatusCode();
        var token = Invitations.LinkIn(await ArrivesAsync(curatorEmail, "Confirm your e-mail address", $"Curators Own Clinic {suffix}"), "/join/status/")["/join/status/".Length..];
        (await applicant.PostAsync($"/api/applications/public/{token}/confirmation", null)).EnsureSuccessStatusCode();
        var (curator, _) = await App.ClientForAsync(curatorEmail);
        var queued = Assert.Single(await OpenAsync(curator), r => r.OrganizationId == organizationId);

        foreach (var decision in new object[] { new { decision = "Approve" }, new { decision = "Reject", reason = "Testing my own." } })
        {
            var refused = await curator.PostAsJsonAsync($"/api/curation/applications/{queued.Id}/decision", decision);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            var message = problem.GetProperty("errors").GetProperty("decision")[0].GetString()!;
            Assert.Contains($"made with your own e-mail address ({curatorEmail})", message, StringComparison.Ordinal);
            Assert.Contains("ask another curator", message, StringComparison.Ordinal);
        }

        // Nothing changed: still waiting, no organization.
        var grains = App.Factory.Services.GetRequiredService<IGrainFactory>();
        Assert.Equal(JoinRequestStatus.Submitted, (await grains.GetGrain<IJoinRequestGrain>(queued.Id).GetDetails())!.Status);
        Assert.Null(await grains.GetGrain<IOrganizationGrain>(organizationId).GetDetails());

        // Someone else who reviews applications (here the system admin) may approve it: the curator's account becomes its admin.
        var (other, _) = await App.ClientForAsync(MatrixRole.SystemAdmin.Email());
        var approved = await other.PostAsJsonAsync($"/api/curation/applications/{queued.Id}/decision", new { decision = "Approve" });
        Assert.True(approved.IsSuccessStatusCode, await approved.Content.ReadAsStringAsync());
        var organization = await grains.GetGrain<IOrganizationGrain>(organizationId).GetDetails();
        Assert.Equal((await FindAccountAsync(curatorEmail))!.Id, Assert.Single(organization!.Members).UserId);
    }
}
