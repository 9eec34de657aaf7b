namespace ConnectedCalifornia.Web.Tests.Authorization;

// The directory's taxonomy rows (issue 3). Properties, like the other partial files.
public static partial class AuthorizationMatrix
{
    private static MatrixRow[] TaxonomyEndpoints =>
    [
        new("GET /api/taxonomy/", "/api/taxonomy/", Everyone),
        new("GET /api/taxonomy/history", "/api/taxonomy/history?max=5", Curators),

        // Invalid bodies (a code with capitals, an empty label): an allowed curator gets a validation problem and nothing changes.
        new("POST /api/taxonomy/{vocabulary}/terms", "/api/taxonomy/services/terms", Curators, """{"code":"Not A Code","label":"Peer support"}"""),
        new("PUT /api/taxonomy/{vocabulary}/terms/{code}", "/api/taxonomy/services/terms/legal-aid", Curators, """{"label":""}"""),
    ];

    private static MatrixRow[] TaxonomyPages =>
    [
        new("/taxonomy", "/taxonomy", Curators),
    ];

    private static MatrixRow[] TaxonomyHubMethods => [];
}
