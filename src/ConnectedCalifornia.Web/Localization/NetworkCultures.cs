using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Localization;

namespace ConnectedCalifornia.Web.Localization;

/// <summary>
/// The languages the network speaks (English, Spanish) and how a request's language is chosen: the cookie the
/// language switch sets (at sign-in it is set from the person's saved choice, so the saved choice wins on every
/// device), then the browser's Accept-Language, then English. Dates, times (always Pacific) and numbers follow.
/// </summary>
public static class NetworkCultures
{
    /// <summary>The claim that carries a person's saved language (an Identity user claim, so it rides in the sign-in cookie).</summary>
    public const string LanguageClaim = "cc:language";

    public const string CookieName = ".cc.culture";

    public static readonly string[] Supported = ["en", "es"];

    public static bool IsSupported(string? culture) => culture is not null && Supported.Contains(culture, StringComparer.Ordinal);

    /// <summary>The name of a language in itself, for the switch.</summary>
    public static string NativeName(string culture) => culture switch
    {
        "es" => "Español",
        _ => "English",
    };

    /// <summary>The cookie value that selects <paramref name="culture"/> for formatting and text alike.</summary>
    public static string CookieValue(string culture) => CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture));

    /// <summary>Writes the language cookie (a year; Secure when the request is).</summary>
    public static void WriteCookie(HttpResponse response, string culture) =>
        response.Cookies.Append(CookieName, CookieValue(culture), new CookieOptions
        {
            Expires = DateTimeOffset.UtcNow.AddYears(1),
            IsEssential = true,
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = response.HttpContext.Request.IsHttps,
        });

    /// <summary>The person's saved language, if any.</summary>
    public static string? SavedLanguage(ClaimsPrincipal user) => SavedLanguage(user.FindFirst(LanguageClaim)?.Value);

    /// <summary>The saved language a <see cref="LanguageClaim"/> value stands for (the claim read from the account store), if any.</summary>
    public static string? SavedLanguage(string? claimValue) => IsSupported(claimValue) ? claimValue : null;

    public static IServiceCollection AddNetworkLocalization(this IServiceCollection services)
    {
        services.AddLocalization();
        services.Configure<RequestLocalizationOptions>(options =>
        {
            var cultures = Supported.Select(c => new CultureInfo(c)).ToList();
            options.DefaultRequestCulture = new RequestCulture("en");
            options.SupportedCultures = cultures;
            options.SupportedUICultures = cultures;
            options.FallBackToParentCultures = true;
            options.FallBackToParentUICultures = true;
            options.RequestCultureProviders =
            [
                new CookieRequestCultureProvider { CookieName = CookieName },
                new AcceptLanguageHeaderRequestCultureProvider(),
            ];
        });
        return services;
    }
}
