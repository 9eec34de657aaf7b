using static ConnectedCalifornia.Web.Tests.Authorization.MatrixRole;

namespace ConnectedCalifornia.Web.Tests.Authorization;

// The cluster page and its JSON (issue 17, item 10): system admins only; curators, leads, staff and anonymous visitors
// are refused (the page shows the cluster's inner workings, for operators).
public static partial class AuthorizationMatrix
{
    private static MatrixRow[] ClusterEndpoints =>
    [
        new("GET /api/admin/cluster", "/api/admin/cluster", [SystemAdmin]),
    ];

    private static MatrixRow[] ClusterPages =>
    [
        new("/admin/cluster", "/admin/cluster", [SystemAdmin]),
    ];
}
