using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;

namespace ConnectedCalifornia.Web.Localization;

/// <summary>
/// Texts composed in code ("Your name is required.", "3 of 20 seats left") read in the person's language. The
/// grains and helpers keep writing English (one validator, one rule text); a page says it through
/// <see cref="Say"/>: an exact entry of the resource file first, else an entry whose key is a template with
/// placeholders ("{0} is required.", "{0} of {1} seats left") and whose value places the same parts in Spanish.
/// A part that is itself a key (a field's label, a status word) is said in Spanish too; anything else (a number, a
/// name someone typed) stays as written. With no matching entry the English text is shown as it is.
/// </summary>
public static partial class TextTemplates
{
    /// <summary>How many composed texts are remembered per localizer and culture; past it, texts are still said, just not kept.</summary>
    public const int MaxRemembered = 2_000;

    private static readonly ConcurrentDictionary<(Type, string), Template[]> Cache = new();

    // What a text that has no exact entry was said as, per localizer type and culture: the same error or count
    // line is said on every render, and trying every template's pattern on it each time is the slow part.
    private static readonly ConcurrentDictionary<(Type, string, string), ConcurrentDictionary<string, string>> Said = new();

    public static string Say(this IStringLocalizer localizer, string? english)
    {
        if (string.IsNullOrEmpty(english))
        {
            return english ?? string.Empty;
        }

        var exact = localizer[english];
        if (!exact.ResourceNotFound)
        {
            return exact.Value;
        }

        var templates = TemplatesOf(localizer);
        if (templates.Length == 0)
        {
            return english;
        }

        if (!Remembers(localizer))
        {
            return SayThroughTemplates(localizer, english, templates);
        }

        var said = Said.GetOrAdd((localizer.GetType(), CultureInfo.CurrentUICulture.Name, CultureInfo.CurrentCulture.Name), _ => new(StringComparer.Ordinal));
        if (said.TryGetValue(english, out var remembered))
        {
            return remembered;
        }

        var result = SayThroughTemplates(localizer, english, templates);
        if (said.Count < MaxRemembered)
        {
            said.TryAdd(english, result);
        }

        return result;
    }

    private static string SayThroughTemplates(IStringLocalizer localizer, string english, Template[] templates)
    {
        foreach (var template in templates)
        {
            var match = template.Pattern.Match(english);
            if (match.Success)
            {
                var parts = new object[template.Arity];
                for (var i = 0; i < template.Arity; i++)
                {
                    // A part is said in turn (a label, "30 seconds", "Fresno County"); it is shorter than the text, so this ends.
                    parts[i] = localizer.Say(match.Groups["p" + i.ToString(CultureInfo.InvariantCulture)].Value);
                }

                return string.Format(CultureInfo.CurrentCulture, template.Spanish, parts);
            }
        }

        return english;
    }

    /// <summary>Several messages (a field's errors) said one by one and joined.</summary>
    public static string SayAll(this IStringLocalizer localizer, IEnumerable<string> english) =>
        string.Join(" ", english.Select(localizer.Say));

    /// <summary>A refused command's errors by field (<c>CommandResult.ToDictionary()</c>), each message said in the reader's language.</summary>
    public static Dictionary<string, string[]> SayErrors(this IStringLocalizer localizer, IEnumerable<KeyValuePair<string, string[]>> errors) =>
        errors.ToDictionary(e => e.Key, e => e.Value.Select(localizer.Say).ToArray(), StringComparer.Ordinal);

    /// <summary>
    /// Whether what this localizer says may be kept under its type: an <c>IStringLocalizer&lt;T&gt;</c> (as pages
    /// inject) names its resource by its type; a localizer made by hand from a factory does not (every one has the
    /// same type whatever resource it reads), so its templates and texts are worked out each time instead.
    /// </summary>
    private static bool Remembers(IStringLocalizer localizer) => localizer.GetType().IsGenericType;

    private static Template[] TemplatesOf(IStringLocalizer localizer)
    {
        var culture = CultureInfo.CurrentUICulture;
        if (culture.TwoLetterISOLanguageName == "en" || culture.Equals(CultureInfo.InvariantCulture))
        {
            return [];
        }

        return Remembers(localizer)
            ? Cache.GetOrAdd((localizer.GetType(), culture.Name), _ => TemplatesIn(localizer))
            : TemplatesIn(localizer);
    }

    private static Template[] TemplatesIn(IStringLocalizer localizer) => localizer.GetAllStrings(includeParentCultures: true)
        .Where(s => s.Name.Contains("{0}", StringComparison.Ordinal))
        .Select(s => Template.From(s.Name, s.Value))
        // The longest template first, so "{0} of {1} seats left" wins over a shorter one that also matches.
        .OrderByDescending(t => t.Literal)
        .ToArray();

    private sealed record Template(Regex Pattern, int Arity, string Spanish, int Literal)
    {
        public static Template From(string key, string value)
        {
            var arity = 0;
            var pattern = Placeholder().Replace(Regex.Escape(key).Replace(@"\{", "{", StringComparison.Ordinal), m =>
            {
                var n = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                arity = Math.Max(arity, n + 1);
                return $"(?<p{n}>.+?)";
            });
            return new Template(new Regex("^" + pattern + "$", RegexOptions.CultureInvariant | RegexOptions.Singleline), arity, value,
                Placeholder().Replace(key, string.Empty).Length);
        }
    }

    [GeneratedRegex(@"\{(\d)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
