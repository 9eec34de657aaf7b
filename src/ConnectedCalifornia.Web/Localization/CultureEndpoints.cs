using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using ConnectedCalifornia.Web.Identity;
using System.Security.Claims;

namespace ConnectedCalifornia.Web.Localization;

/// <summary>
/// The language switch posts here: the choice is kept in a cookie (a Blazor circuit keeps the culture it started
/// with, so the page is loaded again) and, for a signed-in person, saved with their account so every device and
/// every e-mail follows it.
/// </summary>
public static class CultureEndpoints
{
    public const string Path = "/culture";

    public static WebApplication MapCultureEndpoints(this WebApplication app)
    {
        app.MapPost(Path, ChooseAsync).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ChooseAsync(HttpContext http, UserManager<ApplicationUser> users, [FromForm] string? culture, [FromForm] string? returnUrl)
    {
        if (!NetworkCultures.IsSupported(culture))
        {
            return TypedResults.Problem(title: "Unknown language", detail: "Choose en (English) or es (Español); nothing was changed.", statusCode: StatusCodes.Status400BadRequest);
        }

        NetworkCultures.WriteCookie(http.Response, culture!);
        if (http.User.Identity?.IsAuthenticated == true && await users.GetUserAsync(http.User) is { } account)
        {
            var claims = (await users.GetClaimsAsync(account)).Where(c => c.Type == NetworkCultures.LanguageClaim).ToList();
            if (claims.Count > 0)
            {
                await users.RemoveClaimsAsync(account, claims);
            }

            await users.AddClaimAsync(account, new Claim(NetworkCultures.LanguageClaim, culture!));
        }

        return TypedResults.LocalRedirect(IsLocal(returnUrl) ? returnUrl! : "/");
    }

    /// <summary>
    /// Only paths of this site: never another host, never a protocol-relative or back-slashed address, and no
    /// control characters (a browser drops a tab in "/\t/evil.example" and goes to another host; LocalRedirect
    /// would throw on it, a 500).
    /// </summary>
    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Contains('\\', StringComparison.Ordinal) && !url.Any(char.IsControl);
}
