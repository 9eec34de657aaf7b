using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;

namespace ConnectedCalifornia.Web.Tests.People;

/// <summary>
/// How a new colleague joins: a system admin or an organization's admin invites the address, the
/// invitation e-mail carries a one-time link where the person chooses a password, then they accept.
/// </summary>
public sealed partial class PeopleApiTests(SeededAppFixture app) : IClassFixture<SeededAppFixture>
{
    private const string Password = "Valley-Oak-Morning-2026";

    [Fact]
    public async Task A_person_invited_by_a_system_admin_sets_up_their_account_from_the_email_and_joins_an_organization_that_invited_them()
    {
        var (admin, _) = await app.ClientForAsync(MatrixRole.SystemAdmin.Email());
        var email = $"new.advocate.{Guid.NewGuid():N}@example.org";
        var setUp = await Invitations.InviteAndSetUpAsync(app.Factory, admin, email, "Ana Ruiz", Password);
        Assert.Equal(HttpStatusCode.Redirect, setUp.StatusCode);

        var (orgAdmin, _) = await app.ClientForAsync(MatrixRole.ShelterAdmin.Email());
        var invited = await orgAdmin.PostAsJsonAsync($"/api/organizations/{AuthorizationMatrix.Org}/members", new { email, role = "Staff" });
        Assert.Equal(HttpStatusCode.Accepted, invited.StatusCode);

        // The account exists already: the organization's e-mail leads to the invitations, no new set-up link.
        var mail = await Invitations.MailToAsync(app.Factory, email, "You are invited: Bright Orchard");
        Assert.DoesNotContain("/Account/AcceptInvitation", mail.TextBody, StringComparison.Ordinal);

        using var newcomer = await SignedInAsync(email);
        await AcceptAsync(newcomer);
        var network = await newcomer.GetFromJsonAsync<JsonElement>("/api/me/network");
        Assert.Contains(network.GetProperty("organizations").EnumerateArray(), o => o.GetProperty("id").GetString() == AuthorizationMatrix.Org);
    }

    [Fact]
    public async Task An_organization_admins_invitation_to_an_address_without_an_account_sets_the_account_up_by_email()
    {
        var (orgAdmin, _) = await app.ClientForAsync(MatrixRole.ShelterAdmin.Email());
        var email = $"later.{Guid.NewGuid():N}@example.org";

        var response = await orgAdmin.PostAsJsonAsync($"/api/organizations/{AuthorizationMatrix.Org}/members", new { email, role = "Admin" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var waiting = await orgAdmin.GetFromJsonAsync<JsonElement>($"/api/organizations/{AuthorizationMatrix.Org}/member-invitations");
        Assert.Contains(waiting.EnumerateArray(), i => i.GetProperty("email").GetString() == email && i.GetProperty("role").GetString() == "Admin");

        var mail = await Invitations.MailToAsync(app.Factory, email, "You are invited: Bright Orchard");
        Assert.Contains("as an admin", mail.TextBody, StringComparison.Ordinal);
        var link = Invitations.LinkIn(mail, "/Account/AcceptInvitation");
        using (var person = app.Factory.CreateBrowserLikeClient())
        {
            // Two passwords that differ change nothing; the link still works after that.
            var mismatch = await Invitations.SetPasswordAsync(person, link, Password, "Something-Else-2026!");
            Assert.Equal(HttpStatusCode.OK, mismatch.StatusCode);
            Assert.Contains("not the same", await mismatch.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Redirect, (await Invitations.SetPasswordAsync(person, link, Password)).StatusCode);
        }

        // The link works once.
        using (var stranger = app.Factory.CreateBrowserLikeClient())
        {
            var again = await stranger.GetStringAsync(link);
            Assert.Contains("expired or was already used", again, StringComparison.Ordinal);
        }

        using var newcomer = await SignedInAsync(email);
        await AcceptAsync(newcomer);
        var organization = await orgAdmin.GetFromJsonAsync<JsonElement>($"/api/organizations/{AuthorizationMatrix.Org}");
        Assert.Contains(organization.GetProperty("members").EnumerateArray(), m => m.GetProperty("role").GetString() == "Admin" && m.GetProperty("displayName").GetString() == email.Split('@')[0]);
    }

    [Fact]
    public async Task A_forgotten_password_is_reset_by_email_and_an_unknown_address_gets_the_same_answer_and_no_mail()
    {
        var (admin, _) = await app.ClientForAsync(MatrixRole.SystemAdmin.Email());
        var email = $"forgetful.{Guid.NewGuid():N}@example.org";
        Assert.Equal(HttpStatusCode.Redirect, (await Invitations.InviteAndSetUpAsync(app.Factory, admin, email, "Fran Forgetful", Password)).StatusCode);

        using var person = app.Factory.CreateBrowserLikeClient();
        var known = await PostFormAsync(person, "/Account/ForgotPassword", "forgot-password", new() { ["Input.Email"] = email });
        var unknownAddress = $"nobody.{Guid.NewGuid():N}@example.org";
        var unknown = await PostFormAsync(person, "/Account/ForgotPassword", "forgot-password", new() { ["Input.Email"] = unknownAddress });
        Assert.Equal(Answer(await known.Content.ReadAsStringAsync()), Answer(await unknown.Content.ReadAsStringAsync()));

        var mail = await Invitations.MailToAsync(app.Factory, email, "Reset your Connected California password");
        var link = Invitations.LinkIn(mail, "/Account/ResetPassword");
        var reset = await PostFormAsync(person, link, "reset-password", new() { ["Input.Password"] = "New-River-Stone-2026", ["Input.ConfirmPassword"] = "New-River-Stone-2026" }, carryHidden: ["Input.Email", "Input.Code"]);
        Assert.Contains("Your password was changed", await reset.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var signedIn = app.Factory.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.Redirect, (await SignIn.PostLoginAsync(signedIn, email, "New-River-Stone-2026")).StatusCode);
        Assert.DoesNotContain(System.IO.Directory.GetFiles(Path.Combine(app.Factory.DataDirectory, "mail"), "*.eml"),
            f => File.ReadAllText(f).Contains(unknownAddress, StringComparison.OrdinalIgnoreCase));

        static string Answer(string page) => System.Text.RegularExpressions.Regex.Match(page, "data-testid=\"reset-sent\">([^<]+)<").Groups[1].Value;
    }

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = app.Factory.CreateBrowserLikeClient();
        var signIn = await SignIn.PostLoginAsync(client, email, Password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return client;
    }

    private static async Task AcceptAsync(HttpClient person)
    {
        var invitations = await person.GetFromJsonAsync<JsonElement>("/api/me/invitations");
        Assert.Contains(invitations.EnumerateArray(), i => i.GetProperty("organizationId").GetString() == AuthorizationMatrix.Org);
        (await person.PutAsJsonAsync($"/api/me/invitations/{AuthorizationMatrix.Org}", new { accept = true })).EnsureSuccessStatusCode();
    }

    internal static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, string handler, Dictionary<string, string> fields, string[]? carryHidden = null)
    {
        var page = await client.GetStringAsync(path);
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"");
        Assert.True(token.Success, $"{path} shows its form");
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value);
        fields["_handler"] = handler;
        foreach (var name in carryHidden ?? [])
        {
            fields[name] = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(page, $"name=\"{System.Text.RegularExpressions.Regex.Escape(name)}\" value=\"([^\"]*)\"").Groups[1].Value);
        }

        return await client.PostAsync(path, new FormUrlEncodedContent(fields));
    }

    [Fact]
    public async Task An_invalid_invitation_is_refused_field_by_field_and_nothing_is_created()
    {
        var (admin, _) = await app.ClientForAsync(MatrixRole.SystemAdmin.Email());
        var response = await admin.PostAsJsonAsync("/api/people/", new { email = "not-an-email", displayName = "" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("email", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("displayName", out _));

        // Temporary passwords are gone: the person always chooses their own.
        var withPassword = await admin.PostAsJsonAsync("/api/people/", new { email = "temporary.password@example.org", displayName = "Tem Porary", temporaryPassword = "Temporary-Pass-2026!" });
        Assert.Equal(HttpStatusCode.BadRequest, withPassword.StatusCode);
        Assert.True((await withPassword.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("temporaryPassword", out _));
        var bidi = await admin.PostAsJsonAsync("/api/people/", new { email = "bidi.name@example.org", displayName = "Ana \u202EziuR" });
        Assert.Equal(HttpStatusCode.BadRequest, bidi.StatusCode);
        foreach (var search in new[] { "temporary.password", "bidi.name" })
        {
            var list = await admin.GetFromJsonAsync<JsonElement>($"/api/people/?search={search}");
            Assert.Equal(0, list.GetProperty("totalItems").GetInt32());
        }
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
