namespace ConnectedCalifornia.Web.Tests.Authorization;

// The directory feature's rows. Properties (not fields), so the role sets of the main file are
// always initialized when these are read, whatever order the partial files' initializers run in.
public static partial class AuthorizationMatrix
{
    private static MatrixRow[] DirectoryEndpoints =>
    [
        new("GET /api/directory", "/api/directory?language=es&county=06019", Everyone),
    ];

    private static MatrixRow[] DirectoryPages => [];

    private static MatrixRow[] DirectoryHubMethods => [];
}
