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
        new("GET /api/hsds/services/{id}", "/api/hsds/services/" + ConnectedCalifornia.Web.Directory.Hsds.HsdsExporter.ServiceId(Org, "shelter-housing"), Everyone),

        // The rest of the HSDA read API: public directory data only, for everyone (HsdaReadApiTests checks what they show).
        new("GET /api/hsds/organizations/{id}", "/api/hsds/organizations/" + ConnectedCalifornia.Web.Directory.Hsds.HsdsExporter.OrganizationId(Org) + "?full_service=true", Everyone),
        new("GET /api/hsds/service_at_locations", "/api/hsds/service_at_locations?full=true&postcode=93701", Everyone),
        new("GET /api/hsds/service_at_locations/{id}", "/api/hsds/service_at_locations/" + Guid.Empty, Everyone),
        new("GET /api/hsds/taxonomies", "/api/hsds/taxonomies", Everyone),
        new("GET /api/hsds/taxonomies/{id}", "/api/hsds/taxonomies/" + ConnectedCalifornia.Web.Directory.Hsds.HsdsVocabulary.Taxonomies[0].Id, Everyone),
        new("GET /api/hsds/taxonomy_terms", "/api/hsds/taxonomy_terms?taxonomy_id=iso-639", Everyone),
        new("GET /api/hsds/taxonomy_terms/{id}", "/api/hsds/taxonomy_terms/" + ConnectedCalifornia.Web.Directory.Hsds.HsdsVocabulary.TermId("connected-california-services", "legal-aid"), Everyone),
        new("GET /api/hsds/export", "/api/hsds/export", Everyone),

        // A malformed file: an allowed curator gets a report (400) and nothing changes.
        new("POST /api/hsds/import", "/api/hsds/import?dryRun=false", Curators, "{not json"),
    ];

    private static MatrixRow[] DirectoryPages => [];

    private static MatrixRow[] DirectoryHubMethods => [];
}
