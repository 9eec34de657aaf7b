namespace ConnectedCalifornia.Web.Tests.Authorization;

// The directory feature's rows. Properties (not fields), so the role sets of the main file are
// always initialized when these are read, whatever order the partial files' initializers run in.
public static partial class AuthorizationMatrix
{
    private static MatrixRow[] DirectoryEndpoints =>
    [
        new("GET /api/directory", "/api/directory?language=es&county=06019", Everyone),
        new("GET /api/hsds/", "/api/hsds/", Everyone),
        new("GET /api/hsds/organizations", "/api/hsds/organizations?per_page=5", Everyone),
        new("GET /api/hsds/services", "/api/hsds/services?taxonomy_term_id=legal-aid", Everyone),
        new("GET /api/hsds/services/{serviceId}", "/api/hsds/services/" + ConnectedCalifornia.Web.Directory.Hsds.HsdsExporter.ServiceId(Org, "shelter-housing"), Everyone),
        new("GET /api/hsds/export", "/api/hsds/export", Everyone),

        // A malformed file: an allowed curator gets a report (400) and nothing changes.
        new("POST /api/hsds/import", "/api/hsds/import?dryRun=false", Curators, "{not json"),
    ];

    private static MatrixRow[] DirectoryPages => [];

    private static MatrixRow[] DirectoryHubMethods => [];
}
