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
/// Joining the network without an account (issue 15), through real HTTP and a real SMTP server on loopback:
/// apply, confirm the address from the e-mail, a curator approves, and the account made (or found) for the
/// address is the new organization's admin. What is asserted is what was stored and what the server received.
/// </summary>
public sealed class JoinWithoutAccountTests(SmtpAppFixture fixture) : JoinWithoutAccountTestBase(fixture), IClassFixture<SmtpAppFixture>
{
    [Fact]
    public async Task Join_without_account_confirmed_and_approved_creates_the_account_as_the_organizations_admin()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var name = $"Valley Worker Justice Clinic {suffix}";
        var organizationId = $"valley-worker-justice-clinic-{suffix}";
        var email = $"marisol.{suffix}@example.org";
        using var applicant = App.Factory.CreateBrowserLikeClient();

        var applied = await applicant.PostAsJsonAsync("/api/applications/public", Application(name, "Marisol Ortega", email), Json);
        Assert.True(applied.StatusCode == HttpStatusCode.Accepted, await applied.Content.ReadAsStringAsync());

        // Until the address is confirmed the curators do not see it.
        var (curator, _) = await App.ClientForAsync(MatrixRole.Curator.Email());
        Assert.DoesNotContain(await OpenAsync(curator), r => r.OrganizationId == organizationId);

        var confirm = await ArrivesAsync(email, "Confirm your e-mail address");
        Assert.Contains(name, confirm.Subject, StringComparison.Ordinal);
        Assert.DoesNotContain("our website lists our staff", confirm.TextBody, StringComparison.Ordinal); // the note stays in the app
        var statusPath = Invitations.LinkIn(confirm, "/join/status/");
        var token = statusPath["/join/status/".Length..];
        var waiting = await applicant.GetFromJsonAsync<JoinRequestDetails>($"/api/applications/public/{token}", Json);
        Assert.Equal(JoinRequestStatus.AwaitingEmail, waiting!.Status);
        Assert.Equal(email, waiting.ApplicantEmail);
        Assert.Equal(HttpStatusCode.OK, (await applicant.GetAsync(statusPath)).StatusCode);

        (await applicant.PostAsync($"/api/applications/public/{token}/confirmation", null)).EnsureSuccessStatusCode();
        var queued = Assert.Single(await OpenAsync(curator), r => r.OrganizationId == organizationId);
        Assert.Equal(JoinRequestStatus.Submitted, queued.Status);
        await ArrivesAsync(MatrixRole.Curator.Email()!, $"New application to join: {name}");

        var decided = await curator.PostAsJsonAsync($"/api/curation/applications/{queued.Id}/decision", new { decision = "Approve" });
        Assert.True(decided.IsSuccessStatusCode, await decided.Content.ReadAsStringAsync());

        // Stored: the organization, verified, whose admin is the account created for the address.
        var account = await FindAccountAsync(email);
        Assert.NotNull(account);
        Assert.Equal("Marisol Ortega", account.DisplayName);
        var organization = await App.Factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IOrganizationGrain>(organizationId).GetDetails();
        Assert.NotNull(organization);
        Assert.Equal(VerificationStatus.Verified, organization.Verification);
        var admin = Assert.Single(organization.Members);
        Assert.Equal((account.Id, OrganizationRole.Admin), (admin.UserId, admin.Role));
        var approved = await applicant.GetFromJsonAsync<JoinRequestDetails>($"/api/applications/public/{token}", Json);
        Assert.Equal((JoinRequestStatus.Approved, account.Id), (approved!.Status, approved.ApplicantId));

        // The welcome message sets up the account; then the applicant signs in and finds the request and the organization theirs.
        var welcome = await ArrivesAsync(email, "Welcome to the network");
        var setUp = await Invitations.SetPasswordAsync(App.Factory.CreateBrowserLikeClient(), Invitations.LinkIn(welcome, "/Account/AcceptInvitation"), "Valley-Clinic-Passphrase-42");
        Assert.Equal(HttpStatusCode.Redirect, setUp.StatusCode);
        account = await FindAccountAsync(email);
        Assert.True(account!.EmailConfirmed);
        using var member = App.Factory.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.Redirect, (await SignIn.PostLoginAsync(member, email, "Valley-Clinic-Passphrase-42")).StatusCode);
        var mine = await member.GetFromJsonAsync<JoinRequestSummary[]>("/api/applications/mine", Json);
        Assert.Contains(mine!, r => r.OrganizationId == organizationId && r.Status == JoinRequestStatus.Approved);
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync($"/organizations/{organizationId}/manage")).StatusCode);
    }

    [Fact]
    public async Task Join_without_account_with_an_address_that_has_an_account_attaches_the_membership_to_it()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var email = MatrixRole.TaskForceMember.Email()!;
        var existing = (await FindAccountAsync(email))!;
        var organizationId = $"harbor-light-outreach-{suffix}";
        using var applicant = App.Factory.CreateBrowserLikeClient();

        // The public form answers the same whether or not the address has an account.
        var applied = await applicant.PostAsJsonAsync("/api/applications/public", Application($"Harbor Light Outreach {suffix}", "Dana Whitfield", email), Json);
        var unknown = await applicant.PostAsJsonAsync("/api/applications/public", Application($"Harbor Dawn Outreach {suffix}", "Dana Whitfield", $"nobody.{suffix}@example.org"), Json);
        Assert.Equal(unknown.StatusCode, applied.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, applied.StatusCode);

        var confirm = await ArrivesAsync(email, $"Confirm your e-mail address: Harbor Light Outreach {suffix}");
        var token = Invitations.LinkIn(confirm, "/join/status/")["/join/status/".Length..];
        (await applicant.PostAsync($"/api/applications/public/{token}/confirmation", null)).EnsureSuccessStatusCode();
        var (curator, _) = await App.ClientForAsync(MatrixRole.Curator.Email());
        var queued = Assert.Single(await OpenAsync(curator), r => r.OrganizationId == organizationId);
        (await curator.PostAsJsonAsync($"/api/curation/applications/{queued.Id}/decision", new { decision = "Approve" })).EnsureSuccessStatusCode();

        var users = App.Factory.Services.CreateScope().ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        Assert.Single(users.Users.Where(u => u.NormalizedEmail == email.ToUpperInvariant()));
        var organization = await App.Factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IOrganizationGrain>(organizationId).GetDetails();
        Assert.Equal((existing.Id, OrganizationRole.Admin), (organization!.Members.Single().UserId, organization.Members.Single().Role));

        var welcome = await ArrivesAsync(email, "Welcome to the network");
        Assert.Contains("You already have a Connected California account", welcome.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("/Account/AcceptInvitation", welcome.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Join_without_account_refuses_bad_input_and_a_bad_link_and_changes_nothing()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        using var applicant = App.Factory.CreateBrowserLikeClient();
        var before = Fixture.Smtp.Messages.Count();

        var refused = await applicant.PostAsJsonAsync("/api/applications/public", Application($"Refused Clinic {suffix}", " ", "not an address"), Json);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("Your name", errors.GetProperty("applicantName")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("name@example.org", errors.GetProperty("applicantEmail")[0].GetString(), StringComparison.Ordinal);

        var tooLong = await applicant.PostAsJsonAsync("/api/applications/public", Application($"Refused Clinic {suffix}", new string('a', 121), $"{new string('b', 250)}@example.org"), Json);
        var tooLongErrors = (await tooLong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(tooLongErrors.TryGetProperty("applicantName", out _) && tooLongErrors.TryGetProperty("applicantEmail", out _));

        Assert.Equal(HttpStatusCode.NotFound, (await applicant.GetAsync("/api/applications/public/CfDJ8-forged")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await applicant.PostAsync("/api/applications/public/CfDJ8-forged/confirmation", null)).StatusCode);

        // Nothing stored, nothing sent.
        Assert.Null(await App.Factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IOrganizationGrain>($"refused-clinic-{suffix}").GetDetails());
        await Task.Delay(500);
        Assert.DoesNotContain(Fixture.Smtp.Messages.Skip(before), m => (m.Subject ?? string.Empty).Contains($"Refused Clinic {suffix}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Join_without_account_rejected_is_told_by_email_and_no_account_is_made()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var email = $"pat.{suffix}@example.org";
        var organizationId = $"not-a-field-org-{suffix}";
        using var applicant = App.Factory.CreateBrowserLikeClient();
        (await applicant.PostAsJsonAsync("/api/applications/public", Application($"Not A Field Org {suffix}", "Pat Lee", email), Json)).EnsureSuccessStatusCode();
        var token = Invitations.LinkIn(await ArrivesAsync(email, "Confirm your e-mail address"), "/join/status/")["/join/status/".Length..];
        (await applicant.PostAsync($"/api/applications/public/{token}/confirmation", null)).EnsureSuccessStatusCode();
        var (curator, _) = await App.ClientForAsync(MatrixRole.Curator.Email());
        var queued = Assert.Single(await OpenAsync(curator), r => r.OrganizationId == organizationId);

        var noReason = await curator.PostAsJsonAsync($"/api/curation/applications/{queued.Id}/decision", new { decision = "Reject", reason = "" });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        (await curator.PostAsJsonAsync($"/api/curation/applications/{queued.Id}/decision", new { decision = "Reject", reason = "This is a catering company, not a service organization." })).EnsureSuccessStatusCode();

        var told = await ArrivesAsync(email, "Not approved");
        Assert.DoesNotContain("catering company", told.TextBody, StringComparison.Ordinal); // the reason is read on the private page
        // The message's own private link opens the same application, with the reason.
        var toldToken = Invitations.LinkIn(told, "/join/status/")["/join/status/".Length..];
        var rejected = await applicant.GetFromJsonAsync<JoinRequestDetails>($"/api/applications/public/{toldToken}", Json);
        Assert.Equal(queued.Id, rejected!.Id);
        Assert.Equal((JoinRequestStatus.Rejected, "This is a catering company, not a service organization."), (rejected!.Status, rejected.Reason));
        Assert.Null(await FindAccountAsync(email));
        Assert.Null(await App.Factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IOrganizationGrain>(organizationId).GetDetails());
    }
}
