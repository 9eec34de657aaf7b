using System.Text;
using System.Text.RegularExpressions;

namespace ConnectedCalifornia.Network;

/// <summary>Keys of network participants: lowercase slugs such as <c>fresno-harbor-house</c>.</summary>
public static partial class Identifiers
{
    public const int MaxKeyLength = 80;

    public static bool IsValidKey(string? key) =>
        !string.IsNullOrEmpty(key) && key.Length <= MaxKeyLength && KeyPattern().IsMatch(key);

    /// <summary>Makes a key from a display name: "Fresno Harbor House" becomes "fresno-harbor-house".</summary>
    public static string Slugify(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name.Normalize(NormalizationForm.FormD).ToLowerInvariant())
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[^1] != '-' && (char.IsWhiteSpace(c) || c is '-' or '_' or '/' or '&' or '.'))
            {
                builder.Append('-');
            }
        }

        var slug = builder.ToString().Trim('-');
        return slug.Length > MaxKeyLength ? slug[..MaxKeyLength].TrimEnd('-') : slug;
    }

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();
}
