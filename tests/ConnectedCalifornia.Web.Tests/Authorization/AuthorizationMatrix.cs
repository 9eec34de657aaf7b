using static ConnectedCalifornia.Web.Tests.Authorization.MatrixRole;

namespace ConnectedCalifornia.Web.Tests.Authorization;

/// <summary>One entry point (endpoint, page or hub method) and who may use it.</summary>
/// <param name="Key">"METHOD /route/{pattern}" for endpoints and pages, "hub Method(argument)" for hub methods.</param>
/// <param name="Path">The concrete request path (or the hub method's argument).</param>
/// <param name="Body">A JSON body for commands. Bodies are invalid on purpose where possible, so an allowed call changes nothing.</param>
public sealed record MatrixRow(string Key, string Path, MatrixRole[] Allowed, string? Body = null)
{
    public override string ToString() => Key;
}

/// <summary>
/// The authorization matrix: every endpoint, page and hub method of the app × every role. A new
/// entry point without a row here fails <see cref="AuthorizationMatrixTests.Every_entry_point_has_a_row"/>.
/// </summary>
public static partial class AuthorizationMatrix
{
    public const string Org = "bright-orchard-youth-shelter";
    public const string TaskForce = "fresno-valley-task-force";
    public const string Initiative = "fresno-foster-youth-working-group";

    /// <summary>Bright Orchard's main site: a confidential shelter (its organization's address is confidential).</summary>
    public const string Site = "bright-orchard-youth-shelter--main";

    /// <summary>An ordinary (not confidential) site in the confidential site's county, and a shelter of another organization's admin.</summary>
    private static readonly string OrdinarySite = ConnectedCalifornia.Web.Seeding.DemoCapacityData.Sites.First(s => !s.Definition.Confidential && s.Definition.County == "06019").SiteId;
    private const string OtherShelter = "juniper-gate-womens-shelter";

    private static readonly MatrixRole[] Everyone = MatrixRoles.All;
    private static readonly MatrixRole[] SignedIn = MatrixRoles.SignedIn;
    private static readonly MatrixRole[] OrgEditors = [ShelterAdmin, Curator, SystemAdmin];
    private static readonly MatrixRole[] OrgAdmins = [ShelterAdmin, SystemAdmin];
    private static readonly MatrixRole[] Curators = [Curator, SystemAdmin];
    // Admins of a member organization see their task force (Bright Orchard is in the Fresno task force).
    private static readonly MatrixRole[] TaskForcePeople = [ShelterAdmin, TaskForceLead, TaskForceMember, Curator, SystemAdmin];
    private static readonly MatrixRole[] TaskForceLeads = [TaskForceLead, SystemAdmin];
    private static readonly MatrixRole[] InitiativeManagers = [ShelterAdmin, Curator, SystemAdmin];
    private static readonly MatrixRole[] InitiativeParticipants = [ShelterStaff, ShelterAdmin, TaskForceLead, TaskForceMember, Curator, SystemAdmin];

    // A confidential site is seen by its organization and the members of its task forces only; holding needs seeing it.
    private static readonly MatrixRole[] SiteViewers = [ShelterStaff, ShelterAdmin, TaskForceLead, TaskForceMember, SystemAdmin];
    private static readonly MatrixRole[] SiteStaff = [ShelterStaff, ShelterAdmin, SystemAdmin];

    // An empty name is invalid: an allowed caller gets a validation problem and nothing changes.
    private const string InvalidProfile = """{"name":"","kind":"Nonprofit","description":"","services":[],"populations":[],"languages":[],"counties":[],"contacts":[],"acceptingReferrals":false}""";

    /// <summary>Every endpoint: the rows below and each feature's rows (AuthorizationMatrix.&lt;Feature&gt;.cs).</summary>
    public static MatrixRow[] Endpoints => [.. CoreEndpoints, .. DirectoryEndpoints, .. CurationEndpoints, .. JoiningEndpoints, .. LibraryEndpoints, .. TaxonomyEndpoints, .. ReferralEndpoints, .. CalendarEndpoints, .. OperationEndpoints, .. TaskForceEndpoints, .. SetUpEndpoints, .. NotificationEndpoints, .. LocalizationEndpoints, .. InsightsEndpoints, .. ClusterEndpoints];

    /// <summary>Every page.</summary>
    public static MatrixRow[] Pages => [.. CorePages, .. DirectoryPages, .. CurationPages, .. JoiningPages, .. LibraryPages, .. TaxonomyPages, .. ReferralPages, .. CalendarPages, .. OperationPages, .. SetUpPages, .. NotificationPages, .. InsightsPages, .. ClusterPages];

    /// <summary>Every hub method with its argument; every <c>hub Join(x)</c> row is also a <c>hub JoinAfter(x)</c> row (<see cref="WithJoinAfter"/>).</summary>
    public static MatrixRow[] HubMethods => WithJoinAfter([.. CoreHubMethods, .. DirectoryHubMethods, .. CurationHubMethods, .. JoiningHubMethods, .. LibraryHubMethods, .. TaxonomyHubMethods, .. ReferralHubMethods, .. CalendarHubMethods, .. OperationHubMethods]);

    /// <summary>
    /// Catching up follows the same rule as joining (issue 17): each <c>hub Join(x)</c> row gives a
    /// <c>hub JoinAfter(x)</c> row with the same topic and roles, unless one is listed already.
    /// </summary>
    private static MatrixRow[] WithJoinAfter(MatrixRow[] rows) =>
    [
        .. rows,
        .. rows.Where(r => r.Key.StartsWith("hub Join(", StringComparison.Ordinal))
            .Select(r => r with { Key = "hub JoinAfter(" + r.Key["hub Join(".Length..] })
            .Where(derived => !rows.Any(r => r.Key == derived.Key)),
    ];

    private static readonly MatrixRow[] CoreEndpoints =
    [
        // Directory API
        new("GET /api/organizations/", "/api/organizations?page=1&pageSize=5", Everyone),
        new("GET /api/organizations/{organizationId}", $"/api/organizations/{Org}", Everyone),
        new("POST /api/organizations/", "/api/organizations/", Curators, """{"id":"","profile":""" + InvalidProfile + "}"),
        new("PUT /api/organizations/{organizationId}/profile", $"/api/organizations/{Org}/profile", OrgEditors, InvalidProfile),
        new("PUT /api/organizations/{organizationId}/verification", $"/api/organizations/{Org}/verification", Curators, """{"status":"Verified"}"""),
        new("POST /api/organizations/{organizationId}/members", $"/api/organizations/{Org}/members", OrgAdmins, """{"email":"not-an-address","role":"Staff"}"""),
        new("PUT /api/organizations/{organizationId}/members/{userId}", $"/api/organizations/{Org}/members/matrix-user", OrgAdmins, """{"displayName":"","role":"Staff"}"""),
        new("DELETE /api/organizations/{organizationId}/members/{userId}", $"/api/organizations/{Org}/members/nobody-here", OrgAdmins),
        new("PUT /api/organizations/{organizationId}/two-factor", $"/api/organizations/{Org}/two-factor", OrgAdmins, """{"required":false}"""),
        new("GET /api/organizations/{organizationId}/history", $"/api/organizations/{Org}/history", OrgEditors),

        // Task forces API
        new("GET /api/task-forces/", "/api/task-forces/", SignedIn),
        new("GET /api/task-forces/{taskForceId}", $"/api/task-forces/{TaskForce}", TaskForcePeople),
        new("PUT /api/task-forces/{taskForceId}/organizations/{organizationId}", $"/api/task-forces/{TaskForce}/organizations/no-such-org", TaskForceLeads, """{"role":"Other"}"""),
        new("DELETE /api/task-forces/{taskForceId}/organizations/{organizationId}", $"/api/task-forces/{TaskForce}/organizations/no-such-org", TaskForceLeads),
        new("PUT /api/task-forces/{taskForceId}/people/{userId}", $"/api/task-forces/{TaskForce}/people/matrix-user", TaskForcePeopleManagers, """{"displayName":"","role":"Member"}"""),
        new("DELETE /api/task-forces/{taskForceId}/people/{userId}", $"/api/task-forces/{TaskForce}/people/nobody-here", TaskForcePeopleManagers),
        new("POST /api/task-forces/{taskForceId}/notices", $"/api/task-forces/{TaskForce}/notices", TaskForcePeople, """{"text":""}"""),

        // Initiatives API
        new("GET /api/initiatives/", "/api/initiatives/", Everyone),
        new("GET /api/initiatives/{initiativeId}", $"/api/initiatives/{Initiative}", Everyone),
        new("PUT /api/initiatives/{initiativeId}/goals/{goalId}", $"/api/initiatives/{Initiative}/goals/caregivers-trained", InitiativeManagers, """{"title":"","target":0,"unit":""}"""),
        new("POST /api/initiatives/{initiativeId}/goals/{goalId}/progress", $"/api/initiatives/{Initiative}/goals/no-such-goal/progress", InitiativeParticipants, """{"amount":1}"""),

        // Capacity (bed board) API; command bodies are invalid, so allowed calls change nothing
        new("GET /api/capacity/statewide", "/api/capacity/statewide", Everyone),
        new("GET /api/capacity/counties/{fips}", "/api/capacity/counties/06019", Everyone),
        new("GET /api/capacity/counties/{fips}/sites", "/api/capacity/counties/06019/sites", SignedIn),
        new("GET /api/capacity/sites/{siteId}", $"/api/capacity/sites/{Site}", SiteViewers),
        new("PUT /api/capacity/sites/{siteId}", $"/api/capacity/sites/{Site}", OrgAdmins, """{"name":"","county":"06019","confidential":true,"categories":[]}"""),
        new("POST /api/capacity/sites/{siteId}/counts/{category}", $"/api/capacity/sites/{Site}/counts/minors", SiteStaff, """{"available":-1}"""),
        new("POST /api/capacity/sites/{siteId}/holds", $"/api/capacity/sites/{Site}/holds", SiteViewers, """{"category":"no-such-category","holderOrganizationId":"no-such-org"}"""),
        new("DELETE /api/capacity/sites/{siteId}/holds/{holdId}", $"/api/capacity/sites/{Site}/holds/no-such-hold", SiteViewers),
        // A site of the organization that was never defined: an allowed admin gets 404 and nothing changes.
        new("POST /api/capacity/sites/{siteId}/retire", $"/api/capacity/sites/{Org}--never-defined/retire", OrgAdmins),
        new("POST /api/capacity/sites/{siteId}/holds/{holdId}/convert", $"/api/capacity/sites/{Site}/holds/no-such-hold/convert", SiteViewers, """{"referenceId":"matrix-reference"}"""),

        // People (system admins)
        new("GET /api/people/", "/api/people/", [SystemAdmin]),
        new("POST /api/people/", "/api/people/", [SystemAdmin], """{"email":"not-an-email","displayName":""}"""),
        new("PUT /api/people/{userId}/curator", "/api/people/no-such-user/curator", [SystemAdmin], """{"curator":false}"""),

        // Me, account, operations
        new("GET /api/me/network", "/api/me/network", SignedIn),
        new("POST /Account/Logout", "/Account/Logout", Everyone),
        new("POST /Account/LogoutEverywhere", "/Account/LogoutEverywhere", SignedIn),
        new("ANY /health/live", "/health/live", Everyone),
        new("ANY /health/ready", "/health/ready", Everyone),
        // Prometheus metrics: anyone on a private address (the matrix runs locally); public callers are refused (ObservabilityTests).
        new("ANY /metrics", "/metrics", Everyone),
        new("GET /openapi/{documentName}.json", "/openapi/v1.json", Everyone),
        new("GET /api/reference/{documentName?}", "/api/reference/", Everyone),
        new("ANY /hubs/network/negotiate", "/hubs/network/negotiate?negotiateVersion=1", Everyone),
        new("ANY /hubs/network", "/hubs/network", Everyone),
        new("GET /api/reference/scalar.js", "/api/reference/scalar.js", Everyone),
        new("GET /api/reference/scalar.aspnetcore.js", "/api/reference/scalar.aspnetcore.js", Everyone),
        new("GET /api/reference/favicon.svg", "/api/reference/favicon.svg", Everyone),

        // Static files of wwwroot and packages (the app's stylesheet, MudBlazor's assets)
        new("GET /{**path:file}", "/app.css", Everyone),
        new("HEAD /{**path:file}", "/app.css", Everyone),
    ];

    /// <summary>Pages (Razor component routes), checked with a GET as a browser would.</summary>
    private static readonly MatrixRow[] CorePages =
    [
        new("/", "/", Everyone),
        new("/organizations", "/organizations", Everyone),
        new("/organizations/{organizationId}", $"/organizations/{Org}", Everyone),
        new("/organizations/{organizationId}/manage", $"/organizations/{Org}/manage", OrgEditors),
        new("/task-forces", "/task-forces", SignedIn),
        new("/task-forces/{taskForceId}", $"/task-forces/{TaskForce}", TaskForcePeople),
        new("/initiatives", "/initiatives", Everyone),
        new("/initiatives/{initiativeId}", $"/initiatives/{Initiative}", Everyone),
        new("/admin/people", "/admin/people", [SystemAdmin]),
        new("/beds", "/beds", Everyone),
        new("/beds/{fips}", "/beds/06019", Everyone),
        new("/beds/sites/{siteId}/post", $"/beds/sites/{Site}/post", SiteStaff),
        new("/beds/sites/{siteId}", $"/beds/sites/{Site}", SiteViewers),
        new("/organizations/{organizationId}/sites", $"/organizations/{Org}/sites", OrgAdmins),
        new("/not-found", "/not-found", Everyone),
        new("/Error", "/Error", Everyone),
        new("/Account/Login", "/Account/Login", Everyone),
        new("/Account/LoginWith2fa", "/Account/LoginWith2fa", Everyone),
        new("/Account/LoginWithRecoveryCode", "/Account/LoginWithRecoveryCode", Everyone),
        new("/Account/Lockout", "/Account/Lockout", Everyone),
        new("/Account/ForgotPassword", "/Account/ForgotPassword", Everyone),
        new("/Account/ResetPassword", "/Account/ResetPassword", Everyone),
        new("/Account/ConfirmEmailChange", "/Account/ConfirmEmailChange", Everyone),
        new("/Account/AcceptInvitation", "/Account/AcceptInvitation?userId=nobody&code=nothing", Everyone),
        new("/Account/AccessDenied", "/Account/AccessDenied", Everyone),
        new("/Account/InvalidUser", "/Account/InvalidUser", Everyone),
        new("/Account/Manage", "/Account/Manage", SignedIn),
        new("/Account/Manage/ChangePassword", "/Account/Manage/ChangePassword", SignedIn),
        new("/Account/Manage/Email", "/Account/Manage/Email", SignedIn),
        new("/Account/Manage/TwoFactorAuthentication", "/Account/Manage/TwoFactorAuthentication", SignedIn),
        new("/Account/Manage/EnableAuthenticator", "/Account/Manage/EnableAuthenticator", SignedIn),
        new("/Account/Manage/Disable2fa", "/Account/Manage/Disable2fa", SignedIn),
        new("/Account/Manage/GenerateRecoveryCodes", "/Account/Manage/GenerateRecoveryCodes", SignedIn),
        new("/Account/Manage/ResetAuthenticator", "/Account/Manage/ResetAuthenticator", SignedIn),
    ];

    /// <summary>Hub methods of /hubs/network with the argument they are called with.</summary>
    private static readonly MatrixRow[] CoreHubMethods =
    [
        new("hub Join(statewide)", "statewide", Everyone),
        new("hub Join(county)", "county:06019", Everyone),
        new("hub Join(initiative)", $"initiative:{Initiative}", Everyone),
        new("hub Join(org)", $"org:{Org}", SignedIn),
        new("hub Join(site)", $"site:{Site}", SiteViewers),
        new("hub Join(task-force)", $"task-force:{TaskForce}", [TaskForceLead, TaskForceMember, Curator, SystemAdmin]), // not member organizations' admins: the topic carries members-only events

        // Relationship fixture (issue 13): the confidential site is seen through site:, org:, county: and
        // statewide (rows above: only site: is closed), beside an ordinary site of the same county. Who may
        // join is here; PrivacyAnnouncementAudienceTests proves that org:, county: and statewide carry
        // nothing of the site (county totals only) and site: nothing its joiners may not read.
        new("hub Join(site, ordinary, same county)", $"site:{OrdinarySite}", SignedIn),
        new("hub Join(org, another shelter)", $"org:{OtherShelter}", SignedIn),
        new("hub Join(unknown topic)", "referral-inbox:anything", []),
        new("hub Join(person, somebody else's notifications)", "person:somebody-else", []),
        new("hub Leave(statewide)", "statewide", Everyone),

        // Catching up after a reconnect: the same rule as Join, and nothing of a refused topic (issue 17).
        new("hub JoinAfter(statewide)", "statewide", Everyone),
        new("hub JoinAfter(org)", $"org:{Org}", SignedIn),
        new("hub JoinAfter(site)", $"site:{Site}", SiteViewers),
    ];
}
