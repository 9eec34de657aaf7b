namespace ConnectedCalifornia.Web.Identity;

/// <summary>
/// The two network-wide roles kept as Identity roles. Organization and task-force roles are
/// memberships held by the grains (see IUserAccessGrain), because they belong to a specific
/// organization or task force.
/// </summary>
public static class NetworkRoles
{
    public const string Curator = "curator";
    public const string SystemAdmin = "system-admin";
}

/// <summary>Claims the app adds to the sign-in cookie.</summary>
public static class NetworkClaims
{
    public const string DisplayName = "cc:name";

    /// <summary>"true" when the account has two-factor sign-in switched on.</summary>
    public const string TwoFactorEnabled = "cc:2fa";

    /// <summary>How the session was signed in (Identity writes "pwd" or "mfa").</summary>
    public const string AuthenticationMethod = "amr";

    /// <summary>The <see cref="AuthenticationMethod"/> of a sign-in with a second factor.</summary>
    public const string MultiFactor = "mfa";
}
