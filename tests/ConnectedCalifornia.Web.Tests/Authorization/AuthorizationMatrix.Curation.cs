using static ConnectedCalifornia.Web.Tests.Authorization.MatrixRole;

namespace ConnectedCalifornia.Web.Tests.Authorization;

// The directory's curation rows (issue 3). Properties, like the other partial files.
public static partial class AuthorizationMatrix
{
    private static MatrixRow[] CurationEndpoints =>
    [
        new("GET /api/curation/change-requests", "/api/curation/change-requests", Curators),

        // The organization's own admins and curators see its open request and decisions.
        new("GET /api/organizations/{organizationId}/change-request/", $"/api/organizations/{Org}/change-request", [ShelterAdmin, Curator, SystemAdmin]),

        // No decisions: an allowed curator gets a validation problem and nothing changes.
        new("POST /api/organizations/{organizationId}/change-request/decisions", $"/api/organizations/{Org}/change-request/decisions", Curators, """{"revision":0,"decisions":[]}"""),
    ];

    private static MatrixRow[] CurationPages =>
    [
        new("/curation", "/curation", Curators),
        new("/curation/{OrganizationId}", $"/curation/{Org}", Curators),
    ];

    private static MatrixRow[] CurationHubMethods =>
    [
        // The curators' topic is followed by their pages through the node's bridge; no one joins it as a SignalR group.
        new("hub Join(curation)", "curation", []),
    ];
}
