using System.Text.Json;
using ConnectedCalifornia.Web.Seeding;
using static ConnectedCalifornia.Web.Tests.Authorization.MatrixRole;

namespace ConnectedCalifornia.Web.Tests.Authorization;

/// <summary>
/// A relationship fixture's row: an entry point and who may see the confidential thing it is about.
/// With <see cref="Reveals"/>, every role that may call the entry point gets an answer, and the answer
/// reveals the confidential tier only to <see cref="Sees"/>; without it, only <see cref="Sees"/> is let in.
/// A path starting with "hub:" is a hub Join of that topic.
/// </summary>
public sealed record RelationshipRow(string Name, string Path, MatrixRole[] Sees, Func<string, bool>? Reveals = null)
{
    public override string ToString() => Name;
}

// Consent to task forces and organizations: the endpoints, and the relationship fixture of a
// confidential shelter invited to (not in) the Fresno task force. Properties, so the role sets of the
// main file are initialized whatever order the partial files' initializers run in.
public static partial class AuthorizationMatrix
{
    /// <summary>Oak Hollow Family Haven: a confidential shelter the Fresno task force invited and that has not accepted.</summary>
    public const string InvitedShelter = DemoNetworkData.InvitedShelterKey;

    /// <summary>The invited shelter's confidential address (Visibility.Organization).</summary>
    public const string InvitedShelterAddress = "88 Hollow Oak Trail";

    public static readonly string InvitedShelterSite = DemoCapacityData.MainSiteOf(InvitedShelter);

    private static MatrixRow[] TaskForceEndpoints =>
    [
        // An unknown organization (curators), an unknown task force (leaving), an unknown invitation: allowed calls change nothing.
        new("PUT /api/task-forces/{taskForceId}/organizations/{organizationId}/direct", $"/api/task-forces/{TaskForce}/organizations/no-such-org/direct", Curators, """{"role":"Other","reason":""}"""),
        new("GET /api/organizations/{organizationId}/task-forces", $"/api/organizations/{Org}/task-forces", OrgAdmins),
        new("DELETE /api/organizations/{organizationId}/task-forces/{taskForceId}", $"/api/organizations/{Org}/task-forces/no-such-task-force", OrgAdmins),

        // Member invitations: the person answers their own (nobody has one for Bright Orchard, so every answer is refused and changes nothing).
        new("GET /api/me/invitations", "/api/me/invitations", SignedIn),
        new("PUT /api/me/invitations/{organizationId}", $"/api/me/invitations/{Org}", SignedIn, """{"accept":true}"""),
        new("GET /api/organizations/{organizationId}/member-invitations", $"/api/organizations/{Org}/member-invitations", OrgAdmins),
        new("DELETE /api/organizations/{organizationId}/member-invitations/{invitationId}", $"/api/organizations/{Org}/member-invitations/no-such-invitation", OrgAdmins),
    ];

    /// <summary>
    /// What the Fresno task force's lead and member (and everyone else) see of a confidential shelter the
    /// task force invited: nothing of its confidential tier until one of its own admins accepts. It has no
    /// demo members, so only a system admin sees it.
    /// </summary>
    public static RelationshipRow[] InvitedOrganizationRows =>
    [
        new("GET /api/organizations/{invited shelter}", $"/api/organizations/{InvitedShelter}", [SystemAdmin],
            body => body.Contains(InvitedShelterAddress, StringComparison.Ordinal) || JsonDocument.Parse(body).RootElement.GetProperty("members").ValueKind == JsonValueKind.Array),
        new("page /organizations/{invited shelter}", $"/organizations/{InvitedShelter}", [SystemAdmin], body => body.Contains(InvitedShelterAddress, StringComparison.Ordinal)),
        new("GET /api/capacity/sites/{invited shelter's confidential site}", $"/api/capacity/sites/{InvitedShelterSite}", [SystemAdmin]),
        new("GET /api/capacity/counties/{its county}/sites", "/api/capacity/counties/06107/sites", [SystemAdmin], body => body.Contains(InvitedShelter, StringComparison.Ordinal)),
        new("page /beds/sites/{invited shelter's site}/post", $"/beds/sites/{InvitedShelterSite}/post", [SystemAdmin]),
        new("hub Join(site of the invited shelter)", $"hub:site:{InvitedShelterSite}", [SystemAdmin]),
    ];
}
