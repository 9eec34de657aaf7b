using static ConnectedCalifornia.Web.Tests.Authorization.MatrixRole;

namespace ConnectedCalifornia.Web.Tests.Authorization;

// Joining the network (issue 3): applications, claims, curators' decisions and re-verification.
// Properties, like the other partial files. Bodies are invalid, or the target does not exist or
// cannot take the command (Bright Orchard has an admin, so it cannot be claimed, and it is not due
// for re-verification), so an allowed call changes nothing.
public static partial class AuthorizationMatrix
{
    private const string NoSuchRequest = "a-00000000000000000000000000000000";

    /// <summary>A private link that no application has: every read and command answers 404 or a field error.</summary>
    private const string NoSuchLink = "CfDJ8-not-a-link";

    private static MatrixRow[] JoiningEndpoints =>
    [
        // Without an account (issue 15): anyone may apply and use the private link they are sent.
        new("POST /api/applications/public", "/api/applications/public", MatrixRoles.All, """{"profile":""" + InvalidProfile + ""","applicantName":"","applicantEmail":"not-an-address"}"""),
        new("GET /api/applications/public/{token}", $"/api/applications/public/{NoSuchLink}", MatrixRoles.All),
        new("POST /api/applications/public/{token}/confirmation", $"/api/applications/public/{NoSuchLink}/confirmation", MatrixRoles.All),
        new("PUT /api/applications/public/{token}", $"/api/applications/public/{NoSuchLink}", MatrixRoles.All, """{"note":""}"""),
        new("POST /api/applications/public/{token}/withdrawal", $"/api/applications/public/{NoSuchLink}/withdrawal", MatrixRoles.All),
        new("POST /api/applications/", "/api/applications/", SignedIn, """{"profile":""" + InvalidProfile + "}"),
        new("GET /api/applications/mine", "/api/applications/mine", SignedIn),
        new("GET /api/applications/{requestId}", $"/api/applications/{NoSuchRequest}", SignedIn),
        new("PUT /api/applications/{requestId}", $"/api/applications/{NoSuchRequest}", SignedIn, """{"note":""}"""),
        new("POST /api/organizations/{organizationId}/claims", $"/api/organizations/{Org}/claims", SignedIn, """{"note":""}"""),
        new("POST /api/organizations/{organizationId}/reverification-request", $"/api/organizations/{Org}/reverification-request", OrgAdmins),
        new("GET /api/curation/applications", "/api/curation/applications", Curators),
        new("POST /api/curation/applications/{requestId}/decision", $"/api/curation/applications/{NoSuchRequest}/decision", Curators, """{"decision":"Reject","reason":""}"""),
        new("GET /api/curation/reverification", "/api/curation/reverification", Curators),
        new("POST /api/curation/reverification/{organizationId}", "/api/curation/reverification/no-such-org", Curators),
    ];

    private static MatrixRow[] JoiningPages =>
    [
        new("/join", "/join", MatrixRoles.All),
        new("/join/status/{Token}", $"/join/status/{NoSuchLink}", MatrixRoles.All),
        new("/curation/applications", "/curation/applications", Curators),
        new("/curation/reverification", "/curation/reverification", Curators),
        new("/curation/import", "/curation/import", Curators),
    ];

    // An application's own topic is followed through the bridge by its page only: no one joins it on the hub.
    private static MatrixRow[] JoiningHubMethods =>
    [
        new("hub Join(join-request)", $"join-request:{NoSuchRequest}", []),
    ];
}
