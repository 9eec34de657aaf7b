using static ConnectedCalifornia.Web.Tests.Authorization.MatrixRole;

namespace ConnectedCalifornia.Web.Tests.Authorization;

// Task forces and initiatives set up through the product (issue 15). Properties, so the role sets of the
// main file are initialized whatever order the partial files' initializers run in. Bodies are invalid
// (or change nothing), so an allowed call changes nothing.
public static partial class AuthorizationMatrix
{
    /// <summary>Curators and the task force's leads manage its people.</summary>
    private static MatrixRole[] TaskForcePeopleManagers => [TaskForceLead, Curator, SystemAdmin];

    private static MatrixRow[] SetUpEndpoints =>
    [
        new("POST /api/task-forces/", "/api/task-forces/", Curators, """{"name":"","leadEmails":[]}"""),
        new("PUT /api/task-forces/{taskForceId}", $"/api/task-forces/{TaskForce}", Curators, """{"name":"","counties":[]}"""),
        new("PUT /api/task-forces/{taskForceId}/archived", $"/api/task-forces/{TaskForce}/archived", Curators, """{"archived":false}"""),
        new("POST /api/task-forces/{taskForceId}/people", $"/api/task-forces/{TaskForce}/people", TaskForcePeopleManagers, """{"email":"","role":null}"""),
        new("POST /api/initiatives/", "/api/initiatives/", Curators, """{"name":""}"""),
        new("PUT /api/initiatives/{initiativeId}", $"/api/initiatives/{Initiative}", InitiativeManagers, """{"name":""}"""),
        new("PUT /api/initiatives/{initiativeId}/requests/{organizationId}", $"/api/initiatives/{Initiative}/requests/no-such-org", Curators, """{"approve":true}"""),
        new("PUT /api/organizations/{organizationId}/initiatives/{initiativeId}", $"/api/organizations/{Org}/initiatives/no-such-initiative", OrgAdmins, """{"join":true}"""),
    ];

    private static MatrixRow[] SetUpPages =>
    [
        new("/task-forces/new", "/task-forces/new", Curators),
        new("/task-forces/{taskForceId}/edit", $"/task-forces/{TaskForce}/edit", Curators),
        new("/initiatives/new", "/initiatives/new", Curators),
        new("/initiatives/{initiativeId}/manage", $"/initiatives/{Initiative}/manage", InitiativeManagers),
    ];
}
