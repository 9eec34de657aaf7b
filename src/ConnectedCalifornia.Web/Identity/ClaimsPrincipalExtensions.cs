using System.Security.Claims;
using ConnectedCalifornia.Network;

namespace ConnectedCalifornia.Web.Identity;

public static class ClaimsPrincipalExtensions
{
    public static string? UserId(this ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? user.FindFirstValue(ClaimTypes.NameIdentifier) : null;

    public static string DisplayName(this ClaimsPrincipal user) =>
        user.FindFirstValue(NetworkClaims.DisplayName) ?? user.Identity?.Name ?? "Member";

    /// <summary>The account has two-factor sign-in switched on (an authenticator is enrolled).</summary>
    public static bool HasTwoFactor(this ClaimsPrincipal user) => user.HasClaim(NetworkClaims.TwoFactorEnabled, "true");

    /// <summary>
    /// This session was signed in with a second factor (an authenticator or recovery code, or the code that
    /// enrolled the authenticator): Identity's "amr" claim says "mfa". A browser remembered for two-factor
    /// signs in with "pwd" only, so it does not count.
    /// </summary>
    public static bool SignedInWithSecondFactor(this ClaimsPrincipal user) => user.HasClaim(NetworkClaims.AuthenticationMethod, NetworkClaims.MultiFactor);

    public static bool IsCurator(this ClaimsPrincipal user) => user.IsInRole(NetworkRoles.Curator);

    public static bool IsSystemAdmin(this ClaimsPrincipal user) => user.IsInRole(NetworkRoles.SystemAdmin);

    /// <summary>The signed-in person as the actor recorded on every change they make.</summary>
    public static Actor ToActor(this ClaimsPrincipal user) =>
        new(user.UserId() ?? throw new InvalidOperationException("Only a signed-in person can act."), user.DisplayName());
}
