using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace ConnectedCalifornia.Web.Identity;

public static class AccountEndpoints
{
    /// <summary>Sign-out ends this session on the server; sign-out everywhere ends every session of the person (and renews the security stamp).</summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/Account").ExcludeFromDescription();

        account.MapPost("/Logout", async (SignInManager<ApplicationUser> signIn, [FromForm] string? returnUrl) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect(SafeLocal(returnUrl));
        }).WithName("SignOut").AllowAnonymous();

        account.MapPost("/LogoutEverywhere", async (HttpContext http, IAntiforgery antiforgery, UserManager<ApplicationUser> users, SignInManager<ApplicationUser> signIn, ServerSessionStore sessions) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return Results.BadRequest();
            }

            if (await users.GetUserAsync(http.User) is { } user)
            {
                await users.UpdateSecurityStampAsync(user);
                await sessions.RemoveAllAsync(user.Id);
            }

            await signIn.SignOutAsync();
            return Results.LocalRedirect("~/");
        }).WithName("SignOutEverywhere").RequireAuthorization();

        return app;
    }

    private static string SafeLocal(string? returnUrl) =>
        returnUrl is { Length: > 0 and < 500 } && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? "~" + returnUrl
            : "~/";
}
