using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;

namespace ConnectedCalifornia.Web.Tests.People;

/// <summary>An organization admin invites a person by e-mail address; the person joins only by accepting (issue 13, finding 7).</summary>
public sealed class MemberInvitationApiTests(SeededAppFixture app) : IClassFixture<SeededAppFixture>
{
    private const string Org = AuthorizationMatrix.Org;
    private const string Password = "Temporary-Pass-2026!";

    [Fact]
    public async Task Org_admin_cannot_add_a_person_without_their_acceptance()
    {
        var email = await CreateAccountAsync("Noor Haddad");
        var (orgAdmin, _) = await app.ClientForAsync(MatrixRole.ShelterAdmin.Email());

        var invited = await orgAdmin.PostAsJsonAsync($"/api/organizations/{Org}/members", new { email, role = "Admin" });

        Assert.Equal(HttpStatusCode.Accepted, invited.StatusCode);
        Assert.DoesNotContain(await MemberNamesAsync(orgAdmin), n => n == "Noor Haddad");
        using var person = await SignInAsync(email);
        Assert.DoesNotContain((await person.GetFromJsonAsync<JsonElement>("/api/me/network")).GetProperty("organizations").EnumerateArray(), o => o.GetProperty("id").GetString() == Org);
        Assert.Equal(JsonValueKind.Null, (await person.GetFromJsonAsync<JsonElement>($"/api/organizations/{Org}")).GetProperty("members").ValueKind);
        Assert.Equal(HttpStatusCode.Forbidden, (await person.GetAsync($"/api/organizations/{Org}/history")).StatusCode);

        // Nobody else answers for the person: another signed-in person has no invitation of this organization.
        var (someoneElse, _) = await app.ClientForAsync(MatrixRole.OtherOrganizationAdmin.Email());
        Assert.Equal(HttpStatusCode.BadRequest, (await someoneElse.PutAsJsonAsync($"/api/me/invitations/{Org}", new { accept = true })).StatusCode);
        Assert.Empty((await someoneElse.GetFromJsonAsync<JsonElement>("/api/me/invitations")).EnumerateArray());

        var mine = Assert.Single((await person.GetFromJsonAsync<JsonElement>("/api/me/invitations")).EnumerateArray());
        Assert.Equal((Org, "Admin"), (mine.GetProperty("organizationId").GetString(), mine.GetProperty("role").GetString()));
        (await person.PutAsJsonAsync($"/api/me/invitations/{Org}", new { accept = true })).EnsureSuccessStatusCode();

        Assert.Contains(await MemberNamesAsync(orgAdmin), n => n == "Noor Haddad");
        Assert.Contains((await person.GetFromJsonAsync<JsonElement>("/api/me/network")).GetProperty("organizations").EnumerateArray(), o => o.GetProperty("id").GetString() == Org);
        Assert.Empty((await person.GetFromJsonAsync<JsonElement>("/api/me/invitations")).EnumerateArray());
        var history = await orgAdmin.GetFromJsonAsync<JsonElement>($"/api/organizations/{Org}/history?max=5");
        Assert.Contains(history.EnumerateArray(), r => r.GetProperty("field").GetString() == "memberInvitations" && r.GetProperty("newValue").GetString() == "accepted");
    }

    [Fact]
    public async Task A_declined_invitation_adds_nobody()
    {
        var email = await CreateAccountAsync("Dana Cline");
        var (orgAdmin, _) = await app.ClientForAsync(MatrixRole.ShelterAdmin.Email());
        Assert.Equal(HttpStatusCode.Accepted, (await orgAdmin.PostAsJsonAsync($"/api/organizations/{Org}/members", new { email, role = "Staff" })).StatusCode);
        using var person = await SignInAsync(email);

        (await person.PutAsJsonAsync($"/api/me/invitations/{Org}", new { accept = false })).EnsureSuccessStatusCode();

        Assert.DoesNotContain(await MemberNamesAsync(orgAdmin), n => n == "Dana Cline");
        Assert.Equal(HttpStatusCode.BadRequest, (await person.PutAsJsonAsync($"/api/me/invitations/{Org}", new { accept = true })).StatusCode);
        Assert.DoesNotContain(await MemberNamesAsync(orgAdmin), n => n == "Dana Cline");
    }

    [Fact]
    public async Task Adding_a_member_answers_the_same_whether_or_not_the_address_has_an_account()
    {
        var withAccount = await CreateAccountAsync("Ines Account");
        var withoutAccount = $"no.account.{Guid.NewGuid():N}@example.org";
        var (orgAdmin, _) = await app.ClientForAsync(MatrixRole.ShelterAdmin.Email());

        using var first = await orgAdmin.PostAsJsonAsync($"/api/organizations/{Org}/members", new { email = withAccount, role = "Staff" });
        using var second = await orgAdmin.PostAsJsonAsync($"/api/organizations/{Org}/members", new { email = withoutAccount, role = "Staff" });

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(first.StatusCode, second.StatusCode);
        var a = await first.Content.ReadFromJsonAsync<JsonElement>();
        var b = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(a.GetProperty("message").GetString(), b.GetProperty("message").GetString());
        Assert.Equal(a.EnumerateObject().Select(p => p.Name), b.EnumerateObject().Select(p => p.Name));
        Assert.Equal(first.Headers.Location?.ToString(), second.Headers.Location?.ToString());
        var waiting = (await orgAdmin.GetFromJsonAsync<JsonElement>($"/api/organizations/{Org}/member-invitations")).EnumerateArray().Select(i => i.GetProperty("email").GetString()).ToList();
        Assert.Contains(withAccount, waiting);
        Assert.Contains(withoutAccount, waiting);

        // An address that is not one is refused with a field error, and nothing is recorded.
        using var invalid = await orgAdmin.PostAsJsonAsync($"/api/organizations/{Org}/members", new { email = "not an address", role = "Staff" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.True((await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("email", out _));
        Assert.Equal(waiting.Count, (await orgAdmin.GetFromJsonAsync<JsonElement>($"/api/organizations/{Org}/member-invitations")).GetArrayLength());
    }

    [Fact]
    public async Task Made_up_user_ids_are_refused()
    {
        var (orgAdmin, _) = await app.ClientForAsync(MatrixRole.ShelterAdmin.Email());
        var before = await orgAdmin.GetFromJsonAsync<JsonElement>($"/api/organizations/{Org}");

        using var response = await orgAdmin.PutAsJsonAsync($"/api/organizations/{Org}/members/made-up-user-id", new { displayName = "Nobody", role = "Admin" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("userId", out _));
        var after = await orgAdmin.GetFromJsonAsync<JsonElement>($"/api/organizations/{Org}");
        Assert.Equal(before.GetProperty("version").GetInt64(), after.GetProperty("version").GetInt64());
        Assert.DoesNotContain(after.GetProperty("members").EnumerateArray(), m => m.GetProperty("userId").GetString() == "made-up-user-id");

        // Changing the role of an existing member still works.
        var staff = after.GetProperty("members").EnumerateArray().First(m => m.GetProperty("role").GetString() == "Staff");
        var staffId = staff.GetProperty("userId").GetString();
        (await orgAdmin.PutAsJsonAsync($"/api/organizations/{Org}/members/{staffId}", new { role = "Admin" })).EnsureSuccessStatusCode();
        (await orgAdmin.PutAsJsonAsync($"/api/organizations/{Org}/members/{staffId}", new { role = "Staff" })).EnsureSuccessStatusCode();
        var roles = (await orgAdmin.GetFromJsonAsync<JsonElement>($"/api/organizations/{Org}")).GetProperty("members").EnumerateArray();
        Assert.Contains(roles, m => m.GetProperty("userId").GetString() == staffId && m.GetProperty("role").GetString() == "Staff");
    }

    private async Task<string> CreateAccountAsync(string displayName)
    {
        var (admin, _) = await app.ClientForAsync(MatrixRole.SystemAdmin.Email());
        var email = $"person.{Guid.NewGuid():N}@example.org";
        Assert.Equal(HttpStatusCode.Redirect, (await Invitations.InviteAndSetUpAsync(app.Factory, admin, email, displayName, Password)).StatusCode);
        return email;
    }

    private async Task<HttpClient> SignInAsync(string email)
    {
        var client = app.Factory.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.Redirect, (await SignIn.PostLoginAsync(client, email, Password)).StatusCode);
        return client;
    }

    private static async Task<List<string?>> MemberNamesAsync(HttpClient orgAdmin) =>
        [.. (await orgAdmin.GetFromJsonAsync<JsonElement>($"/api/organizations/{Org}")).GetProperty("members").EnumerateArray().Select(m => m.GetProperty("displayName").GetString())];
}
