using ConnectedCalifornia.Web.Seeding;
using static ConnectedCalifornia.Web.Tests.Authorization.MatrixRole;

namespace ConnectedCalifornia.Web.Tests.Authorization;

// The operations feature's rows. Properties (not fields), so the role sets of the main file are
// always initialized when these are read, whatever order the partial files' initializers run in.
//
// The demo operation is led by the Sierra Mirador PD (the task-force lead's organization) with
// Bright Orchard (the shelter users' organization) asked to stand by. The task-force member's
// organization, the officer's, the other shelter's and the curator take no part: they see nothing.
public static partial class AuthorizationMatrix
{
    public const string Operation = DemoOperationsData.OperationKey;

    private static MatrixRole[] OperationViewers => [TaskForceLead, ShelterStaff, ShelterAdmin, SystemAdmin];

    /// <summary>The demo referral, linked to the demo operation by Bright Orchard (its receiver) when the demo is seeded.</summary>
    private const string LinkedReferral = DemoReferralData.ReferralId;

    private const string Linked = " (a referral linked to an operation)";

    private static MatrixRole[] OperationLeads => [TaskForceLead, SystemAdmin];

    /// <summary>Members of Bright Orchard, the organization these rows act for.</summary>
    private static MatrixRole[] ShelterMembers => [ShelterStaff, ShelterAdmin, SystemAdmin];

    private static MatrixRow[] OperationEndpoints =>
    [
        new("POST /api/task-forces/{taskForceId}/operations", $"/api/task-forces/{TaskForce}/operations", OperationLeads,
            """{"title":"","type":"Outreach","start":"2030-01-01T10:00:00Z","end":"2029-01-01T10:00:00Z","counties":[],"generalArea":"","leadAgencyId":""}"""),
        new("GET /api/operations/", "/api/operations/", SignedIn),
        new("GET /api/operations/{operationId}", $"/api/operations/{Operation}", OperationViewers),
        new("GET /api/operations/{operationId}/summary", $"/api/operations/{Operation}/summary", OperationViewers),
        new("GET /api/operations/{operationId}/history", $"/api/operations/{Operation}/history", OperationLeads),
        new("PUT /api/operations/{operationId}/plan", $"/api/operations/{Operation}/plan", OperationLeads,
            """{"title":"","type":"Outreach","start":"2030-01-01T10:00:00Z","end":"2029-01-01T10:00:00Z","counties":[],"generalArea":"","leadAgencyId":""}"""),
        new("PUT /api/operations/{operationId}/status", $"/api/operations/{Operation}/status", OperationLeads, """{"status":"Closed"}"""),
        new("PUT /api/operations/{operationId}/participants/{organizationId}", $"/api/operations/{Operation}/participants/no-such-org", OperationLeads, """{"role":"Other"}"""),
        new("DELETE /api/operations/{operationId}/participants/{organizationId}", $"/api/operations/{Operation}/participants/{DemoOperationsData.LeadAgencyKey}", OperationLeads),
        new("PUT /api/operations/{operationId}/assignments/{assignmentId}", $"/api/operations/{Operation}/assignments/matrix-task", OperationLeads,
            """{"organizationId":"no-such-org","task":"","owner":"","status":"Open"}"""),
        new("POST /api/operations/{operationId}/standby", $"/api/operations/{Operation}/standby", OperationLeads,
            """{"organizationIds":[],"expectedPeople":-1,"ages":"Unknown","languages":[],"safetyRisks":"","housingNeeds":""}"""),
        new("PUT /api/operations/{operationId}/standby/{requestId}/answers/{organizationId}",
            $"/api/operations/{Operation}/standby/{DemoOperationsData.StandbyRequestKey}/answers/{Org}", ShelterMembers, """{"response":"Yes","advocates":-1}"""),
        new("POST /api/operations/{operationId}/holds", $"/api/operations/{Operation}/holds", [TaskForceLead, ShelterStaff, ShelterAdmin, SystemAdmin],
            $$"""{"siteId":"{{Site}}","category":"no-such-category","holderOrganizationId":"{{Org}}"}"""),
        new("POST /api/operations/{operationId}/timeline", $"/api/operations/{Operation}/timeline", ShelterMembers, $$"""{"organizationId":"{{Org}}","text":""}"""),
        new("POST /api/operations/{operationId}/referrals", $"/api/operations/{Operation}/referrals", OperationViewers, """{"referralId":""}"""),
        new("PUT /api/task-forces/{taskForceId}/counties", $"/api/task-forces/{TaskForce}/counties", [Curator, SystemAdmin], """{"counties":["99999"]}"""),

        // Relationship fixture (issue 13): the demo referral (Valley Compass to Bright Orchard) is linked to the demo operation.
        // The operation's people see that a referral is linked and the counts; the referral itself only its two organizations.
        new("GET /api/operations/{operationId}" + Linked, $"/api/operations/{Operation}", OperationViewers),
        new("GET /api/operations/{operationId}/summary" + Linked, $"/api/operations/{Operation}/summary", OperationViewers),
        new("GET /api/operations/{operationId}/history" + Linked, $"/api/operations/{Operation}/history", OperationLeads),
        new("POST /api/operations/{operationId}/referrals" + Linked, $"/api/operations/{Operation}/referrals", OperationViewers, $$"""{"referralId":"{{LinkedReferral}}"}"""),
        new("GET /api/referrals/{referralId}" + Linked, $"/api/referrals/{LinkedReferral}", [ShelterStaff, ShelterAdmin, TaskForceMember, SystemAdmin]),
        new("PUT /api/operations/{operationId}/review/{itemId}", $"/api/operations/{Operation}/review/matrix-item", OperationLeads, """{"text":"","owner":"","status":"Open"}"""),
        new("PUT /api/operations/{operationId}/outcome", $"/api/operations/{Operation}/outcome", OperationLeads, """{"peopleAssisted":-1}"""),

        // Task-force invitations (came with this feature): an unknown organization, and no open invitation, change nothing.
        new("PUT /api/task-forces/{taskForceId}/invitations/{organizationId}", $"/api/task-forces/{TaskForce}/invitations/no-such-org", [TaskForceLead, SystemAdmin], """{"role":"Other"}"""),
        new("PUT /api/organizations/{organizationId}/task-force-invitations/{taskForceId}", $"/api/organizations/{Org}/task-force-invitations/{TaskForce}", [ShelterAdmin, SystemAdmin], """{"accept":true}"""),
        new("GET /api/me/task-force-invitations", "/api/me/task-force-invitations", SignedIn),
        new("DELETE /api/task-forces/{taskForceId}/invitations/{organizationId}", $"/api/task-forces/{TaskForce}/invitations/no-such-org", [TaskForceLead, SystemAdmin]),
    ];

    private static MatrixRow[] OperationPages =>
    [
        new("/operations", "/operations", SignedIn),
        new("/operations/{operationId}", $"/operations/{Operation}", OperationViewers),
        new("/operations/{operationId}" + Linked, $"/operations/{Operation}", OperationViewers),
        new("/referrals/{referralId}" + Linked, $"/referrals/{LinkedReferral}", [ShelterStaff, ShelterAdmin, TaskForceMember, SystemAdmin]),
        new("/task-forces/{taskForceId}/operations/new", $"/task-forces/{TaskForce}/operations/new", OperationLeads),
    ];

    private static MatrixRow[] OperationHubMethods =>
    [
        new("hub Join(operation)", $"operation:{Operation}", OperationViewers),
        new("hub Join(operation" + Linked + ")", $"operation:{Operation}", OperationViewers),
        new("hub Join(referral" + Linked + ")", $"referral:{LinkedReferral}", [ShelterStaff, ShelterAdmin, TaskForceMember, SystemAdmin]),

        // A shelter's operations list (issue 15): its own members only; someone else's organization is refused.
        new("hub Join(operations)", $"operations:{Org}", [ShelterStaff, ShelterAdmin, SystemAdmin]),
        new("hub Join(operations of another organization)", $"operations:{OtherShelter}", [OtherOrganizationAdmin, SystemAdmin]),

        // An organization's task-force invitations (issue 15): those who answer them, its admins; not its staff.
        new("hub Join(task-force-invitations)", $"task-force-invitations:{Org}", [ShelterAdmin, SystemAdmin]),
        new("hub Join(task-force-invitations of another organization)", $"task-force-invitations:{OtherShelter}", [OtherOrganizationAdmin, SystemAdmin]),
    ];
}
