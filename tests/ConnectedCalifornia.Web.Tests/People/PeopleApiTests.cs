using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;

namespace ConnectedCalifornia.Web.Tests.People;

/// <summary>How a new colleague joins: a system admin creates the account, the organization's admin invites the address, the person accepts.</summary>
public sealed class PeopleApiTests(SeededAppFixture app) : IClassFixture<SeededAppFixture>
{
    [Fact]
    public async Task A_new_account_created_by_a_system_admin_can_sign_in_and_join_an_organization_that_invited_its_email()
    {
        var (admin, _) = await app.ClientForAsync(MatrixRole.SystemAdmin.Email());
        var email = $"new.advocate.{Guid.NewGuid():N}@example.org";
        var created = await admin.PostAsJsonAsync("/api/people/", new { email, displayName = "Ana Ruiz", temporaryPassword = "Temporary-Pass-2026!" });
        created.EnsureSuccessStatusCode();

        var (orgAdmin, _) = await app.ClientForAsync(MatrixRole.ShelterAdmin.Email());
        var invited = await orgAdmin.PostAsJsonAsync($"/api/organizations/{AuthorizationMatrix.Org}/members", new { email, role = "Staff" });
        Assert.Equal(HttpStatusCode.Accepted, invited.StatusCode);

        using var newcomer = await SignedInAsync(email);
        await AcceptAsync(newcomer);
        var network = await newcomer.GetFromJsonAsync<JsonElement>("/api/me/network");
        Assert.Contains(network.GetProperty("organizations").EnumerateArray(), o => o.GetProperty("id").GetString() == AuthorizationMatrix.Org);
    }

    [Fact]
    public async Task An_invitation_to_an_email_without_an_account_waits_for_the_account_with_that_email()
    {
        var (orgAdmin, _) = await app.ClientForAsync(MatrixRole.ShelterAdmin.Email());
        var email = $"later.{Guid.NewGuid():N}@example.org";

        var response = await orgAdmin.PostAsJsonAsync($"/api/organizations/{AuthorizationMatrix.Org}/members", new { email, role = "Admin" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var waiting = await orgAdmin.GetFromJsonAsync<JsonElement>($"/api/organizations/{AuthorizationMatrix.Org}/member-invitations");
        Assert.Contains(waiting.EnumerateArray(), i => i.GetProperty("email").GetString() == email && i.GetProperty("role").GetString() == "Admin");

        var (admin, _) = await app.ClientForAsync(MatrixRole.SystemAdmin.Email());
        (await admin.PostAsJsonAsync("/api/people/", new { email, displayName = "Lee Later", temporaryPassword = "Temporary-Pass-2026!" })).EnsureSuccessStatusCode();
        using var newcomer = await SignedInAsync(email);
        await AcceptAsync(newcomer);

        var organization = await orgAdmin.GetFromJsonAsync<JsonElement>($"/api/organizations/{AuthorizationMatrix.Org}");
        Assert.Contains(organization.GetProperty("members").EnumerateArray(), m => m.GetProperty("displayName").GetString() == "Lee Later" && m.GetProperty("role").GetString() == "Admin");
    }

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = app.Factory.CreateBrowserLikeClient();
        var signIn = await SignIn.PostLoginAsync(client, email, "Temporary-Pass-2026!");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return client;
    }

    private static async Task AcceptAsync(HttpClient person)
    {
        var invitations = await person.GetFromJsonAsync<JsonElement>("/api/me/invitations");
        Assert.Contains(invitations.EnumerateArray(), i => i.GetProperty("organizationId").GetString() == AuthorizationMatrix.Org);
        (await person.PutAsJsonAsync($"/api/me/invitations/{AuthorizationMatrix.Org}", new { accept = true })).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task An_invalid_new_account_is_refused_field_by_field_and_nothing_is_created()
    {
        var (admin, _) = await app.ClientForAsync(MatrixRole.SystemAdmin.Email());
        var response = await admin.PostAsJsonAsync("/api/people/", new { email = "not-an-email", displayName = "", temporaryPassword = "short" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("email", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("displayName", out _));

        var weak = await admin.PostAsJsonAsync("/api/people/", new { email = "weak.password@example.org", displayName = "Weak", temporaryPassword = "short" });
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        var list = await admin.GetFromJsonAsync<JsonElement>("/api/people/?search=weak.password");
        Assert.Equal(0, list.GetProperty("totalItems").GetInt32());
    }
}

/// <summary>A new installation gets its first system admin from configuration, once.</summary>
public sealed class FirstAdminTests
{
    [Fact]
    public async Task The_first_admin_from_configuration_can_sign_in_and_administer()
    {
        await using var app = new FirstAdminFactory();
        using var client = app.CreateBrowserLikeClient();
        var response = await SignIn.PostLoginAsync(client, "first.admin@example.org", "First-Admin-Pass-2026!");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        // A system admin outside the demo enrols in two-factor sign-in first, even in Development.
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/people/")).StatusCode);
        await TwoFactor.EnrolThroughPagesAsync(client);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/people/")).StatusCode);
    }

    private sealed class FirstAdminFactory : NetworkAppFactory
    {
        public FirstAdminFactory()
            : base(seed: false)
        {
        }

        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("ConnectedCalifornia:FirstAdmin:Email", "first.admin@example.org");
            builder.UseSetting("ConnectedCalifornia:FirstAdmin:Password", "First-Admin-Pass-2026!");
        }
    }
}
