namespace ConnectedCalifornia.Web.Tests.Authorization;

// The directory's curation rows (issue 3). Properties, like the other partial files.
public static partial class AuthorizationMatrix
{
    private static MatrixRow[] CurationEndpoints => [];

    private static MatrixRow[] CurationPages => [];

    private static MatrixRow[] CurationHubMethods => [];
}
