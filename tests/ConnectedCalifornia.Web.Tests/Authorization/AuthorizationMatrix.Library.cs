namespace ConnectedCalifornia.Web.Tests.Authorization;

// The directory's library rows (issue 3). Properties, like the other partial files.
public static partial class AuthorizationMatrix
{
    private static MatrixRow[] LibraryEndpoints => [];

    private static MatrixRow[] LibraryPages => [];

    private static MatrixRow[] LibraryHubMethods => [];
}
