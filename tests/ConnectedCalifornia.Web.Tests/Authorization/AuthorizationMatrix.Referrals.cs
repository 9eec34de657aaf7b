namespace ConnectedCalifornia.Web.Tests.Authorization;

// The referrals feature's rows. Properties (not fields), so the role sets of the main file are
// always initialized when these are read, whatever order the partial files' initializers run in.
public static partial class AuthorizationMatrix
{
    private static MatrixRow[] ReferralEndpoints => [];

    private static MatrixRow[] ReferralPages => [];

    private static MatrixRow[] ReferralHubMethods => [];
}
