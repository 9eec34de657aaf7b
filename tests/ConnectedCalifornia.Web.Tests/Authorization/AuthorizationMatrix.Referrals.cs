using ConnectedCalifornia.Web.Seeding;
using static ConnectedCalifornia.Web.Tests.Authorization.MatrixRole;

namespace ConnectedCalifornia.Web.Tests.Authorization;

// The referrals feature's rows. Properties (not fields), so the role sets of the main file are
// always initialized when these are read, whatever order the partial files' initializers run in.
//
// The demo referral goes from Valley Compass (the task-force member's organization) to Bright
// Orchard (the shelter staff's and admin's). Commands are refused before the body is read for
// anyone who is not a member of either organization, system admins included: they may read the
// record (without the person's details), never act. Bodies are invalid, so allowed calls change nothing.
public static partial class AuthorizationMatrix
{
    private const string Referral = DemoReferralData.ReferralId;

    private static MatrixRole[] ReceiverMembers => [ShelterStaff, ShelterAdmin, SystemAdmin];

    private static MatrixRole[] ReferralParties => [ShelterStaff, ShelterAdmin, TaskForceMember, SystemAdmin];

    private static MatrixRole[] ReferralActors => [ShelterStaff, ShelterAdmin, TaskForceMember];

    private static MatrixRow[] ReferralEndpoints =>
    [
        new("GET /api/organizations/{organizationId}/referrals/", $"/api/organizations/{Org}/referrals/?box=inbox", ReceiverMembers),
        new("POST /api/organizations/{organizationId}/referrals/", $"/api/organizations/{Org}/referrals/", [ShelterStaff, ShelterAdmin], """{"toOrganizationId":"","services":[]}"""),
        new("GET /api/organizations/{organizationId}/referrals/capacity/{toOrganizationId}", $"/api/organizations/{Org}/referrals/capacity/juniper-gate-womens-shelter", ReceiverMembers),
        new("GET /api/referrals/statistics", "/api/referrals/statistics", [TaskForceLead, TaskForceMember, Curator, SystemAdmin]),
        new("GET /api/referrals/{referralId}", $"/api/referrals/{Referral}", ReferralParties),
        new("POST /api/referrals/{referralId}/transitions", $"/api/referrals/{Referral}/transitions", ReferralActors, """{"to":"NoSuchStatus"}"""),
        new("PUT /api/referrals/{referralId}/consent", $"/api/referrals/{Referral}/consent", ReferralActors, """{"purpose":"","writtenConsentConfirmed":false}"""),
        new("DELETE /api/referrals/{referralId}/consent", $"/api/referrals/{Referral}/consent", ReferralActors),
        new("POST /api/referrals/{referralId}/notes", $"/api/referrals/{Referral}/notes", ReferralActors, """{"text":""}"""),
        new("GET /api/referrals/{referralId}/audit", $"/api/referrals/{Referral}/audit", [ShelterAdmin, SystemAdmin]),
    ];

    private static MatrixRow[] ReferralPages =>
    [
        new("/referrals", "/referrals", SignedIn),
        new("/referrals/statistics", "/referrals/statistics", [TaskForceLead, TaskForceMember, Curator, SystemAdmin]),
        new("/referrals/{referralId}", $"/referrals/{Referral}", ReferralParties),
        new("/organizations/{organizationId}/referrals", $"/organizations/{Org}/referrals", ReceiverMembers),
        new("/organizations/{organizationId}/referrals/new", $"/organizations/{Org}/referrals/new", ReceiverMembers),
    ];

    private static MatrixRow[] ReferralHubMethods =>
    [
        new("hub Join(referrals)", $"referrals:{Org}", ReceiverMembers),
        new("hub Join(referral)", $"referral:{Referral}", ReferralParties),
        new("hub Join(referral, unknown)", "referral:rf-no-such-referral", [SystemAdmin]),
    ];
}
