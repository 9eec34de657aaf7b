using System.Net;
using System.Text.RegularExpressions;

namespace ConnectedCalifornia.Web.Tests.Infrastructure;

/// <summary>The antiforgery token a page's form carries, as a browser posts it back.</summary>
public static partial class FormToken
{
    /// <summary>The token of the first form on <paramref name="html"/> (empty when there is none).</summary>
    public static string From(string html) => WebUtility.HtmlDecode(TokenPattern().Match(html).Groups[1].Value);

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
