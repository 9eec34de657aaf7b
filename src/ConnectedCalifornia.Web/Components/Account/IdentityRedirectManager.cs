using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using ConnectedCalifornia.Web.Identity;

namespace ConnectedCalifornia.Web.Components.Account;

internal sealed class IdentityRedirectManager(NavigationManager navigationManager)
{
    public const string StatusCookieName = "Identity.StatusMessage";

    private static readonly CookieBuilder StatusCookieBuilder = new()
    {
        SameSite = SameSiteMode.Strict,
        HttpOnly = true,
        IsEssential = true,
        MaxAge = TimeSpan.FromSeconds(5),
    };

    public void RedirectTo(string? uri)
    {
        navigationManager.NavigateTo(LocalOnly(uri));
    }

    /// <summary>
    /// Only somewhere inside this app: a relative path, or an absolute address of this app made relative.
    /// Anything else (another site, "//host", a backslash trick, a scheme) goes home instead of failing.
    /// </summary>
    private string LocalOnly(string? uri)
    {
        if (string.IsNullOrWhiteSpace(uri) || uri.Contains('\\') || uri.Any(char.IsControl))
        {
            return "";
        }

        if (Uri.IsWellFormedUriString(uri, UriKind.Relative) && !uri.StartsWith("//", StringComparison.Ordinal))
        {
            return uri;
        }

        return Uri.TryCreate(uri, UriKind.Absolute, out var absolute)
            && Uri.TryCreate(navigationManager.BaseUri, UriKind.Absolute, out var home)
            && Uri.Compare(absolute, home, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0
                ? navigationManager.ToBaseRelativePath(absolute.AbsoluteUri)
                : "";
    }

    public void RedirectTo(string uri, Dictionary<string, object?> queryParameters)
    {
        var uriWithoutQuery = navigationManager.ToAbsoluteUri(uri).GetLeftPart(UriPartial.Path);
        var newUri = navigationManager.GetUriWithQueryParameters(uriWithoutQuery, queryParameters);
        RedirectTo(newUri);
    }

    public void RedirectToWithStatus(string uri, string message, HttpContext context)
    {
        context.Response.Cookies.Append(StatusCookieName, message, StatusCookieBuilder.Build(context));
        RedirectTo(uri);
    }

    private string CurrentPath => navigationManager.ToAbsoluteUri(navigationManager.Uri).GetLeftPart(UriPartial.Path);

    public void RedirectToCurrentPage() => RedirectTo(CurrentPath);

    public void RedirectToCurrentPageWithStatus(string message, HttpContext context)
        => RedirectToWithStatus(CurrentPath, message, context);

    public void RedirectToInvalidUser(UserManager<ApplicationUser> userManager, HttpContext context)
        => RedirectToWithStatus("Account/InvalidUser", $"Error: Unable to load user with ID '{userManager.GetUserId(context.User)}'.", context);
}
