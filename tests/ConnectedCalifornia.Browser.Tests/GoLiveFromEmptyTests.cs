using System.Text.Json;
using ConnectedCalifornia.Browser.Tests.Infrastructure;
using ConnectedCalifornia.Testing;
using ConnectedCalifornia.Web.Directory.Hsds;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConnectedCalifornia.Browser.Tests;

/// <summary>The app as an operator starts it: Production, an empty embedded database, only a first admin configured.</summary>
public sealed class GoLiveFixture : BrowserFixture
{
    public const string FirstAdminEmail = "dana.whitfield@cas-network.example";
    public const string FirstAdminPassword = "First-Admin-Start-2026!";

    protected override BrowserAppFactory CreateApp() => BrowserAppFactory.Production(FirstAdminEmail, FirstAdminPassword);
}

/// <summary>
/// Issue 15's "done when": a real network set up from nothing, through pages only, in Production (no demo
/// data, no exemptions from two-factor). Every person is a new account made from an e-mail the app wrote;
/// every step is checked against what was stored.
/// </summary>
public sealed class GoLiveFromEmptyTests(GoLiveFixture fixture) : IClassFixture<GoLiveFixture>
{
    private const string Password = "Go-Live-Password-2026!";
    private static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    /// <summary>Each person's authenticator key, for the codes they type at sign-in.</summary>
    private readonly Dictionary<string, string> _authenticators = new(StringComparer.OrdinalIgnoreCase);

    [SkippableFact]
    public async Task GoLiveFromEmpty_the_first_admin_builds_a_working_network_through_pages_only()
    {
        TestEnvironment.RequireChromium();
        var curatorEmail = "maria.lopez@cas-network.example";
        var leadEmail = "sgt.tran@fresno-pd.example";

        // The first admin signs in with the configured password and must enrol an authenticator first.
        await using var adminContext = await fixture.NewContextAsync();
        var admin = await adminContext.NewPageAsync();
        await SignInAsync(admin, GoLiveFixture.FirstAdminEmail, GoLiveFixture.FirstAdminPassword, enrolled: false);
        await EnrolAuthenticatorAsync(admin, GoLiveFixture.FirstAdminEmail);

        // Nothing is there yet: no organizations, no demo accounts.
        Assert.Equal(0, (await GetJsonAsync(admin, "/api/organizations/")).GetProperty("totalItems").GetInt32());

        // It invites the statewide curator and the task-force lead by e-mail.
        await InvitePersonAsync(admin, curatorEmail, "María López", curator: true);
        await InvitePersonAsync(admin, leadEmail, "Sgt. Linh Tran", curator: false);
        var people = (await GetJsonAsync(admin, "/api/people/")).GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(people, p => p.GetProperty("email").GetString() == curatorEmail && p.GetProperty("isCurator").GetBoolean());

        // The curator accepts from the e-mail, chooses a password and, being privileged, enrols too.
        await using var curatorContext = await fixture.NewContextAsync();
        var curator = await curatorContext.NewPageAsync();
        await AcceptInvitationAsync(curator, curatorEmail, "María López");
        await EnrolAuthenticatorAsync(curator, curatorEmail);
        await curator.GotoInteractiveAsync("/curation");
        Assert.Equal("/curation", new Uri(curator.Url).AbsolutePath);

        // The curator brings in an existing directory from an HSDS file: a preview first, then the import.
        await ImportDirectoryAsync(curator);
    }

    /// <summary>
    /// An HSDS 3.0 file as a county's 211 might send it: one legal clinic (with its service and county) and one
    /// record without a name, which is refused with the reason and imports nothing.
    /// </summary>
    private static async Task ImportDirectoryAsync(IPage curator)
    {
        var clinic = Guid.NewGuid().ToString();
        var nameless = Guid.NewGuid().ToString();
        var dataset = new
        {
            organization = new object[]
            {
                new { id = clinic, name = "Fresno Survivors Legal Clinic", description = "Free legal help for survivors: T and U visas, vacatur, restraining orders." },
                new { id = nameless, name = "", description = "A row someone left half done." },
            },
            service = new object[] { new { id = Guid.NewGuid().ToString(), organization_id = clinic, name = "Legal aid", status = "active" } },
            attribute = new object[]
            {
                new { id = Guid.NewGuid().ToString(), link_id = clinic, link_type = "organization", link_entity = "organization", taxonomy_term_id = HsdsVocabulary.TermId(HsdsVocabulary.Counties, "06019") },
            },
        };

        await curator.GotoInteractiveAsync("/curation/import");
        await curator.GetByLabel("HSDS 3.0 dataset", new() { Exact = false }).SetInputFilesAsync(new FilePayload
        {
            Name = "fresno-211.json",
            MimeType = "application/json",
            Buffer = JsonSerializer.SerializeToUtf8Bytes(dataset),
        });
        await Expect(curator.GetByTestId("import-summary")).ToContainTextAsync("1 would be created, 0 updated, 0 left as they are, 1 refused. Nothing has changed yet.");
        await Expect(curator.GetByText("HSDS 3.0 requires an organization's id and name.")).ToBeVisibleAsync();
        Assert.Equal(0, (await GetJsonAsync(curator, "/api/organizations/")).GetProperty("totalItems").GetInt32());
        await Screenshots.SaveAsync(curator, "hsds-import-preview");

        await curator.GetByRole(AriaRole.Button, new() { Name = "Import 1 organization" }).ClickAsync();
        await Expect(curator.GetByTestId("import-summary")).ToContainTextAsync("1 created, 0 updated, 0 left as they were, 1 refused.");
        await Expect(curator.GetByRole(AriaRole.Button, new() { Name = "Import 1 organization" })).ToHaveCountAsync(0);
        var imported = await GetJsonAsync(curator, "/api/organizations/fresno-survivors-legal-clinic");
        Assert.Equal("06019", imported.GetProperty("counties")[0].GetProperty("code").GetString());
        Assert.Equal(1, (await GetJsonAsync(curator, "/api/organizations/")).GetProperty("totalItems").GetInt32());
    }

    private async Task InvitePersonAsync(IPage admin, string email, string name, bool curator)
    {
        await admin.GotoInteractiveAsync("/admin/people");
        await admin.GetByLabel("E-mail", new() { Exact = true }).FillAsync(email);
        await admin.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        if (curator)
        {
            await admin.GetByLabel("Curator of the statewide network").CheckAsync();
        }

        await admin.GetByRole(AriaRole.Button, new() { Name = "Send the invitation" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Cell, new() { Name = email })).ToBeVisibleAsync();
    }

    /// <summary>Opens the invitation the app e-mailed, chooses a password and lands signed in.</summary>
    private async Task AcceptInvitationAsync(IPage page, string email, string name)
    {
        var invitation = await fixture.MailToAsync(email, "You are invited");
        await page.GotoAsync(BrowserFixture.LinkIn(invitation, "/Account/AcceptInvitation"));
        await Expect(page.GetByText(name)).ToBeVisibleAsync();
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await page.GetByLabel("Password again").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Set my password and sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath is "/" or "/Account/Manage/EnableAuthenticator", new() { WaitUntil = WaitUntilState.Commit });
    }

    /// <summary>On the enrolment page a privileged person is sent to: reads the key beside the QR code and confirms with a code.</summary>
    private async Task EnrolAuthenticatorAsync(IPage page, string email)
    {
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/Account/Manage/EnableAuthenticator", new() { WaitUntil = WaitUntilState.Commit });
        await Expect(page.GetByText("Two-factor enrolment is required")).ToBeVisibleAsync();
        await Expect(page.Locator("img.cc-qr")).ToBeVisibleAsync();
        var key = (await page.GetByTestId("shared-key").InnerTextAsync()).Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
        await page.GetByLabel("Verification code").FillAsync(Totp.Code(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify and switch on" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Recovery codes" })).ToBeVisibleAsync();
        _authenticators[email] = key;
    }

    private async Task SignInAsync(IPage page, string email, string password, bool enrolled = true)
    {
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        if (enrolled && _authenticators.TryGetValue(email, out var key))
        {
            await page.GetByLabel("Authenticator code").FillAsync(Totp.Code(key));
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        }

        await page.WaitForURLAsync(url => !new Uri(url).AbsolutePath.StartsWith("/Account/Login", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
    }

    /// <summary>Reads what was stored through the API, with the page's own sign-in.</summary>
    private static async Task<JsonElement> GetJsonAsync(IPage page, string path)
    {
        var response = await page.Context.APIRequest.GetAsync(path);
        Assert.True(response.Ok, $"{path}: {response.Status}");
        using var document = JsonDocument.Parse(await response.TextAsync());
        return document.RootElement.Clone();
    }
}
