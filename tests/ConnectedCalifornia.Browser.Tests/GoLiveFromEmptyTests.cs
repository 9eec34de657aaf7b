using System.Text.Json;
using ConnectedCalifornia.Browser.Tests.Infrastructure;
using ConnectedCalifornia.Testing;
using ConnectedCalifornia.Web.Directory.Hsds;
using Microsoft.Playwright;
using static ConnectedCalifornia.Browser.Tests.Infrastructure.ApiJson;
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

        // The lead accepts too (not privileged yet: no enrolment until the lead leads a task force).
        await using var leadContext = await fixture.NewContextAsync();
        var lead = await leadContext.NewPageAsync();
        await AcceptInvitationAsync(lead, leadEmail, "Sgt. Linh Tran");

        // A nonprofit with no account applies to join (on a phone); its admin's account is made on approval.
        await using var nonprofitContext = await fixture.NewContextAsync(Phone);
        var nonprofit = await nonprofitContext.NewPageAsync();
        await JoinTheNetworkAsync(nonprofit, curator);

        // Its admin defines a site with its bed totals and posts tonight's counts.
        var siteId = await DefineSiteAndPostCountsAsync(nonprofit);

        // The curator forms the county's task force with the lead.
        var taskForceId = await FormTaskForceAsync(curator, leadEmail);

        // The lead, now leading a task force, must enrol before acting; then invites the nonprofit.
        await SignInAsync(lead, leadEmail, Password, enrolled: false);
        await EnrolAuthenticatorAsync(lead, leadEmail);
        await lead.GotoInteractiveAsync($"/task-forces/{taskForceId}");
        await lead.Locator("#invite-org").SelectOptionAsync(NonprofitId);
        await lead.Locator("#invite-role").SelectOptionAsync("VictimServices");
        await lead.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();
        await Expect(lead.GetByText("· invited as Victim services")).ToBeVisibleAsync();

        // The nonprofit's admin accepts and sees the task force at once.
        await nonprofit.GotoInteractiveAsync("/task-forces");
        var accept = nonprofit.GetByRole(AriaRole.Button, new() { Name = $"Accept the invitation of {TaskForceName} for {NonprofitName}" });
        await accept.ClickAsync();
        await Expect(accept).ToHaveCountAsync(0);
        await nonprofit.GotoInteractiveAsync($"/task-forces/{taskForceId}");
        await Expect(nonprofit.GetByRole(AriaRole.Heading, new() { Name = TaskForceName })).ToBeVisibleAsync();
        var member = Assert.Single((await GetJsonAsync(nonprofit, $"/api/task-forces/{taskForceId}")).GetProperty("organizations").EnumerateArray());
        Assert.Equal((NonprofitId, "VictimServices"), (member.GetProperty("organizationId").GetString(), member.GetProperty("role").GetString()));

        // The lead plans an operation for an exact window and asks the nonprofit to stand by.
        var today = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, California).Date;
        var start = today.AddDays(6).AddHours(19).AddMinutes(30); // 7:30 PM
        var end = today.AddDays(7).AddHours(1).AddMinutes(45);    // 1:45 AM the next morning
        await lead.GotoInteractiveAsync($"/task-forces/{taskForceId}/operations/new");
        await lead.GetByLabel("Title").FillAsync("Operation Harvest Moon");
        await Operations.OperationWindowTests.TypeDateTimeAsync(lead.GetByLabel("Starts (Pacific time)"), start);
        await Operations.OperationWindowTests.TypeDateTimeAsync(lead.GetByLabel("Ends (Pacific time)"), end);
        await lead.GetByLabel("General area (every participant sees this)").FillAsync("Central Fresno, Parkway Drive motels");
        await lead.GetByRole(AriaRole.Button, new() { Name = "Plan operation" }).ClickAsync();
        await Expect(lead.GetByRole(AriaRole.Heading, new() { Name = "Operation Harvest Moon" })).ToBeVisibleAsync();
        var operationPath = new Uri(lead.Url).AbsolutePath;
        var operation = await Operations.OperationWindowTests.GetOperationAsync(leadContext, operationPath);
        Assert.Equal(Operations.OperationWindowTests.AsPacific(start), operation.GetProperty("start").GetDateTimeOffset());
        Assert.Equal(Operations.OperationWindowTests.AsPacific(end), operation.GetProperty("end").GetDateTimeOffset());

        await lead.GotoInteractiveAsync(operationPath);
        await lead.GetByRole(AriaRole.Checkbox, new() { Name = NonprofitName }).CheckAsync();
        await lead.GetByLabel("Expected number of people").FillAsync("4");
        await lead.GetByLabel("Ages").SelectOptionAsync("MinorsInvolved");
        await lead.GetByLabel("Housing needs").FillAsync("Emergency beds for up to 2 minors");
        await lead.GetByRole(AriaRole.Button, new() { Name = "Send standby request" }).ClickAsync();
        await Expect(lead.GetByText("Waiting for an answer")).ToBeVisibleAsync();

        // The nonprofit answers; the lead's screen shows it without a reload.
        await nonprofit.GotoInteractiveAsync(operationPath);
        await nonprofit.GetByLabel($"Answer for {NonprofitName}").SelectOptionAsync("Yes");
        await nonprofit.GetByLabel("Advocates").FillAsync("2");
        await nonprofit.GetByRole(AriaRole.Button, new() { Name = "Send answer" }).ClickAsync();
        await Expect(nonprofit.GetByTestId("standby-total")).ToContainTextAsync("2 advocates standing by");
        await Expect(lead.GetByTestId("standby-total")).ToContainTextAsync("2 advocates standing by", new() { Timeout = 15_000 });
        var standby = Assert.Single((await Operations.OperationWindowTests.GetOperationAsync(leadContext, operationPath)).GetProperty("standby").EnumerateArray());
        var reply = Assert.Single(standby.GetProperty("replies").EnumerateArray());
        Assert.Equal((NonprofitId, "Yes", 2), (reply.GetProperty("organizationId").GetString(), reply.GetProperty("response").GetString(), reply.GetProperty("advocates").GetInt32()));

        // It runs, moves to debrief, and the lead closes it after confirming.
        await lead.GetByRole(AriaRole.Button, new() { Name = "Start the operation (active)" }).ClickAsync();
        await lead.GetByRole(AriaRole.Button, new() { Name = "End the operation: move to debrief" }).ClickAsync();
        await lead.GetByRole(AriaRole.Button, new() { Name = "Close the operation (releases held beds)" }).ClickAsync();
        await Expect(lead.GetByRole(AriaRole.Dialog)).ToContainTextAsync("Close the operation?");
        await lead.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Close the operation" }).ClickAsync();
        await Expect(lead.GetByLabel("Status: Closed")).ToBeVisibleAsync();
        Assert.Equal("Closed", (await Operations.OperationWindowTests.GetOperationAsync(leadContext, operationPath)).GetProperty("status").GetString());
        Assert.NotNull(siteId);
    }

    private const string NonprofitName = "Valley Harbor Youth Shelter";
    private const string NonprofitId = "valley-harbor-youth-shelter";
    private const string NonprofitAdmin = "ana.ruiz@valleyharbor.example";
    private const string TaskForceName = "Fresno County Human Trafficking Task Force";
    private static readonly TimeZoneInfo California = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");

    /// <summary>Applies as a nonprofit with no account; the curator approves; the applicant sets up the account from the e-mail.</summary>
    private async Task JoinTheNetworkAsync(IPage applicant, IPage curator)
    {
        // No account: the applicant gives their own name and address with the organization's.
        await applicant.GotoInteractiveAsync("/join");
        await applicant.GetByLabel("Your name").FillAsync("Ana Ruiz");
        await applicant.GetByLabel("Your e-mail address").FillAsync(NonprofitAdmin);
        await applicant.GetByLabel("Organization name").FillAsync(NonprofitName);
        await applicant.GetByLabel("What you do").FillAsync("Emergency shelter and case management for youth 12 to 17 in Fresno County.");
        await applicant.GetByLabel("Public phone").FillAsync("(559) 555-0142");
        await applicant.Locator(".mud-select").Filter(new() { HasText = "Counties served" }).First.ClickAsync();
        await applicant.GetByRole(AriaRole.Option, new() { Name = "Fresno" }).ClickAsync();
        await applicant.GetByRole(AriaRole.Heading, new() { Name = "Apply with a new organization" }).ClickAsync();
        await Expect(applicant.GetByRole(AriaRole.Option, new() { Name = "Fresno" })).ToBeHiddenAsync();
        await Expect(applicant.GetByLabel("Organization name")).ToHaveValueAsync(NonprofitName);
        await applicant.GetByRole(AriaRole.Button, new() { Name = "Submit application" }).ClickAsync();
        await Expect(applicant.GetByTestId("join-sent")).ToContainTextAsync(NonprofitAdmin);

        // The e-mail check: the link opens the application's private page, where the applicant sends it on.
        var confirm = await fixture.MailToAsync(NonprofitAdmin, "Confirm your e-mail address");
        await applicant.GotoInteractiveAsync(BrowserFixture.LinkIn(confirm, "/join/status/"));
        var status = applicant.GetByTestId("join-status-chip");
        await applicant.GetByTestId("join-confirm").ClickAsync();
        await Expect(status).ToHaveTextAsync("Waiting for a curator");

        // The curator's queue shows it live; approving creates the organization and the applicant's account.
        await curator.GotoInteractiveAsync("/curation/applications");
        var request = curator.GetByTestId("join-request").Filter(new() { HasText = NonprofitName });
        await Expect(request).ToContainTextAsync(NonprofitAdmin);
        await request.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Expect(request).ToHaveCountAsync(0, new() { Timeout = 15_000 });
        await Expect(status).ToHaveTextAsync("Approved");

        // The welcome e-mail's one-time link: the applicant chooses a password and is signed in as the admin.
        var welcome = await fixture.MailToAsync(NonprofitAdmin, "Welcome to the network");
        await applicant.GotoAsync(BrowserFixture.LinkIn(welcome, "/Account/AcceptInvitation"));
        await Expect(applicant.GetByText("Ana Ruiz")).ToBeVisibleAsync();
        await applicant.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await applicant.GetByLabel("Password again").FillAsync(Password);
        await applicant.GetByRole(AriaRole.Button, new() { Name = "Set my password and sign in" }).ClickAsync();
        await applicant.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/", new() { WaitUntil = WaitUntilState.Commit });
        var listing = await GetJsonAsync(applicant, $"/api/organizations/{NonprofitId}");
        Assert.Equal((NonprofitName, "Verified"), (listing.GetProperty("name").GetString(), listing.GetProperty("verification").GetString()));
        var network = await GetJsonAsync(applicant, "/api/me/network");
        Assert.Contains(NonprofitId, network.ToString(), StringComparison.Ordinal);
    }

    private static async Task<string> DefineSiteAndPostCountsAsync(IPage admin)
    {
        await admin.GotoInteractiveAsync($"/organizations/{NonprofitId}/sites");
        await admin.GetByLabel("Site name").FillAsync("Harbor House");
        await admin.Locator(".mud-select").Filter(new() { HasText = "County" }).First.ClickAsync();
        await admin.GetByRole(AriaRole.Option, new() { Name = "Fresno" }).ClickAsync();
        await admin.Locator("#total-minors").FillAsync("4");
        await admin.GetByLabel("Site name").FillAsync("Harbor House");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Define the site" }).ClickAsync();
        var siteId = $"{NonprofitId}--harbor-house";
        await Expect(admin.Locator($"[data-site={siteId}]")).ToContainTextAsync("Fresno County", new() { Timeout = 15_000 });

        await admin.GotoInteractiveAsync($"/beds/sites/{siteId}/post");
        await admin.GetByRole(AriaRole.Button, new() { Name = "One more minors" }).ClickAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "One more minors" }).ClickAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save counts (as of now)" }).ClickAsync();
        await Eventually.TrueAsync(async () =>
        {
            var minors = (await GetJsonAsync(admin, $"/api/capacity/sites/{siteId}")).GetProperty("categories").EnumerateArray().Single(c => c.GetProperty("category").GetString() == "minors");
            return minors.GetProperty("total").GetInt32() == 4 && minors.GetProperty("available").GetInt32() == 2 && !minors.GetProperty("isStale").GetBoolean();
        }, what: "the posted count (2 of 4 minors' beds free) is stored");
        return siteId;
    }

    private static async Task<string> FormTaskForceAsync(IPage curator, string leadEmail)
    {
        await curator.GotoInteractiveAsync("/task-forces/new");
        await curator.GetByLabel("Name").FillAsync(TaskForceName);
        await curator.GetByLabel("Description").FillAsync("Law enforcement, prosecutors and service providers of Fresno County.");
        await curator.Locator(".mud-select").Filter(new() { HasText = "Counties served" }).First.ClickAsync();
        await curator.GetByRole(AriaRole.Option, new() { Name = "Fresno" }).ClickAsync();
        await curator.GetByRole(AriaRole.Heading, new() { Name = "Form a task force" }).ClickAsync();
        await Expect(curator.GetByRole(AriaRole.Option, new() { Name = "Fresno" })).ToBeHiddenAsync();
        await curator.GetByLabel("Leads' e-mail addresses").FillAsync(leadEmail);
        await curator.GetByLabel("Name").FillAsync(TaskForceName);
        await Expect(curator.GetByLabel("Name")).ToHaveValueAsync(TaskForceName);
        await curator.GetByRole(AriaRole.Button, new() { Name = "Form the task force" }).ClickAsync();
        await Expect(curator.GetByRole(AriaRole.Heading, new() { Name = TaskForceName })).ToBeVisibleAsync();
        var id = new Uri(curator.Url).AbsolutePath["/task-forces/".Length..];
        var stored = await GetJsonAsync(curator, $"/api/task-forces/{id}");
        var lead = Assert.Single(stored.GetProperty("people").EnumerateArray());
        Assert.Equal(("Sgt. Linh Tran", "Lead"), (lead.GetProperty("displayName").GetString(), lead.GetProperty("role").GetString()));
        return id;
    }

    /// <summary>
    /// An HSDS 3.0 file as a county's 211 might send it: one legal clinic (with its service and county) and one
    /// record without a name, which is refused with the reason; a file with a refusal imports nothing, so the
    /// curator sends it again without that record and imports the clinic.
    /// </summary>
    private static async Task ImportDirectoryAsync(IPage curator)
    {
        var clinic = Guid.NewGuid().ToString();
        var nameless = Guid.NewGuid().ToString();
        object Dataset(bool withNameless) => new
        {
            organization = withNameless
                ? new object[]
                {
                    new { id = clinic, name = "Fresno Survivors Legal Clinic", description = "Free legal help for survivors: T and U visas, vacatur, restraining orders." },
                    new { id = nameless, name = "", description = "A row someone left half done." },
                }
                : [new { id = clinic, name = "Fresno Survivors Legal Clinic", description = "Free legal help for survivors: T and U visas, vacatur, restraining orders." }],
            service = new object[] { new { id = Guid.NewGuid().ToString(), organization_id = clinic, name = "Legal aid", status = "active" } },
            attribute = new object[]
            {
                new { id = Guid.NewGuid().ToString(), link_id = clinic, link_type = "organization", link_entity = "organization", taxonomy_term_id = HsdsVocabulary.TermId(HsdsVocabulary.Counties, "06019") },
            },
        };

        await curator.GotoInteractiveAsync("/curation/import");
        await curator.GetByLabel("HSDS 3.0 data", new() { Exact = false }).SetBlazorInputFilesAsync(new FilePayload
        {
            Name = "fresno-211.json",
            MimeType = "application/json",
            Buffer = JsonSerializer.SerializeToUtf8Bytes(Dataset(withNameless: true)),
        });
        await Expect(curator.GetByTestId("import-summary")).ToContainTextAsync("1 would be created, 0 updated, 0 left as they are, 1 refused");
        await Expect(curator.GetByText("HSDS 3.0 requires an organization's name.")).ToBeVisibleAsync();
        await Expect(curator.GetByTestId("import-refused")).ToContainTextAsync("A file imports whole or not at all");
        await Expect(curator.GetByRole(AriaRole.Button, new() { Name = "Import 1 organization" })).ToHaveCountAsync(0);
        Assert.Equal(0, (await GetJsonAsync(curator, "/api/organizations/")).GetProperty("totalItems").GetInt32());
        await Screenshots.SaveAsync(curator, "hsds-import-preview");

        await curator.GetByLabel("HSDS 3.0 data", new() { Exact = false }).SetBlazorInputFilesAsync(new FilePayload
        {
            Name = "fresno-211-corrected.json",
            MimeType = "application/json",
            Buffer = JsonSerializer.SerializeToUtf8Bytes(Dataset(withNameless: false)),
        });
        await Expect(curator.GetByTestId("import-summary")).ToContainTextAsync("1 would be created, 0 updated, 0 left as they are, 0 refused");
        await curator.GetByRole(AriaRole.Button, new() { Name = "Import 1 organization" }).ClickAsync();
        await Expect(curator.GetByTestId("import-summary")).ToContainTextAsync("1 created, 0 updated, 0 left as they were");
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
}
