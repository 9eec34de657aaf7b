namespace ConnectedCalifornia.Web.Tests.Authorization;

// The directory's taxonomy rows (issue 3). Properties, like the other partial files.
public static partial class AuthorizationMatrix
{
    private static MatrixRow[] TaxonomyEndpoints => [];

    private static MatrixRow[] TaxonomyPages => [];

    private static MatrixRow[] TaxonomyHubMethods => [];
}
