using static ConnectedCalifornia.Web.Tests.Authorization.MatrixRole;

namespace ConnectedCalifornia.Web.Tests.Authorization;

// Network intelligence (issue 20). Properties, like the other partial files. Coverage, gaps and referral outcomes are for
// curators and system admins (statewide) and task-force leads (their task forces' counties): the Fresno
// lead sees Fresno, Madera, Tulare and Kings, and is refused another county by name (Los Angeles, 06037).
public static partial class AuthorizationMatrix
{
    private static MatrixRole[] CoverageViewers => [TaskForceLead, Curator, SystemAdmin];

    private static MatrixRow[] InsightsEndpoints =>
    [
        new("GET /api/insights/coverage", "/api/insights/coverage", CoverageViewers),
        new("GET /api/insights/coverage (a county of the lead's task force)", "/api/insights/coverage?county=06019", CoverageViewers),
        new("GET /api/insights/coverage (a county outside the lead's task forces)", "/api/insights/coverage?county=06037", [Curator, SystemAdmin]),
        new("GET /api/insights/gaps", "/api/insights/gaps", CoverageViewers),
        new("GET /api/insights/referrals", "/api/insights/referrals", CoverageViewers),
        new("GET /api/insights/referrals (a county of the lead's task force)", "/api/insights/referrals?county=06019", CoverageViewers),
        new("GET /api/insights/referrals (a county outside the lead's task forces)", "/api/insights/referrals?county=06037", [Curator, SystemAdmin]),
        new("GET /api/insights/capacity", "/api/insights/capacity", CoverageViewers),
        new("GET /api/insights/capacity (a county of the lead's task force)", "/api/insights/capacity?county=06019&category=minors&days=90", CoverageViewers),
        new("GET /api/insights/capacity (a county outside the lead's task forces)", "/api/insights/capacity?county=06037", [Curator, SystemAdmin]),
        new("GET /api/insights/training", "/api/insights/training", CoverageViewers),
        new("GET /api/insights/training (a county of the lead's task force)", "/api/insights/training?county=06019", CoverageViewers),
        new("GET /api/insights/training (a county outside the lead's task forces)", "/api/insights/training?county=06037", [Curator, SystemAdmin]),

        // Training records: everyone signed in has a transcript; an organization's admins (its training officers) and curators see its staff
        // training; a certificate's PDF goes to its holder (the demo officer's seeded certificate), their agency's admins and curators.
        new("GET /api/account/transcript", "/api/account/transcript", MatrixRoles.SignedIn),
        new("GET /api/organizations/{organizationId}/training", $"/api/organizations/{Org}/training", [ShelterAdmin, Curator, SystemAdmin]),
        new("GET /api/certificates/{code}/pdf", $"/api/certificates/{ConnectedCalifornia.Web.Seeding.DemoTrainingData.OfficerCertificate}/pdf", [LawEnforcementStaff, Curator, SystemAdmin]),
    ];

    private static MatrixRow[] InsightsPages =>
    [
        new("/insights/coverage", "/insights/coverage", CoverageViewers),
        new("/insights/referrals", "/insights/referrals", CoverageViewers),
        new("/insights/capacity", "/insights/capacity", CoverageViewers),
        new("/insights/training", "/insights/training", CoverageViewers),
        new("/account/transcript", "/account/transcript", MatrixRoles.SignedIn),
        new("/organizations/{organizationId}/training", $"/organizations/{Org}/training", [ShelterAdmin, Curator, SystemAdmin]),
    ];
}
