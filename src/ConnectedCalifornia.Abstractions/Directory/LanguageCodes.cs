using System.Collections.Frozen;
using System.Globalization;

namespace ConnectedCalifornia.Directory;

/// <summary>
/// The other ways a language code arrives from partner systems, read as the network's own code. The network keeps
/// ISO 639-1 (two letters) where a language has one and ISO 639-3 otherwise ("hmn", "ase"); HSDS allows ISO 639-1
/// or 639-3, and 211 systems also send ISO 639-2 bibliographic codes ("spa", "chi", "per") and BCP 47 tags
/// ("es-MX", "zh-Hant-TW"). <see cref="Candidates"/> gives, in order, the codes a given one may stand for; the
/// caller takes the first its taxonomy knows, so a language curators add ("pt", "mix") is matched the same way.
/// </summary>
public static class LanguageCodes
{
    /// <summary>
    /// Three-letter codes read the same on every machine: ISO 639-2/T (= 639-3) codes of the languages the network
    /// seeds (the runtime's culture data varies by system and lacks some, such as Tagalog), ISO 639-2/B codes that
    /// differ from 639-2/T, and ISO 639-3 individual languages of the macrolanguages Californians speak most
    /// (Chinese, Persian, Arabic, Punjabi, Filipino as Tagalog, Hmong).
    /// </summary>
    private static readonly FrozenDictionary<string, string> Alternatives = new Dictionary<string, string>
    {
        // ISO 639-2/T of the seeded languages.
        ["eng"] = "en", ["spa"] = "es", ["zho"] = "zh", ["vie"] = "vi", ["tgl"] = "tl", ["kor"] = "ko", ["hye"] = "hy",
        ["fas"] = "fa", ["rus"] = "ru", ["pan"] = "pa", ["khm"] = "km", ["ara"] = "ar", ["jpn"] = "ja", ["tha"] = "th",

        // ISO 639-2/B (bibliographic) codes.
        ["chi"] = "zh", ["per"] = "fa", ["arm"] = "hy", ["ger"] = "de", ["fre"] = "fr", ["dut"] = "nl", ["gre"] = "el",
        ["cze"] = "cs", ["rum"] = "ro", ["slo"] = "sk", ["alb"] = "sq", ["bur"] = "my", ["geo"] = "ka", ["ice"] = "is",
        ["mac"] = "mk", ["mao"] = "mi", ["may"] = "ms", ["tib"] = "bo", ["wel"] = "cy", ["baq"] = "eu",

        // ISO 639-3 individual languages read as their macrolanguage's code.
        ["cmn"] = "zh", ["yue"] = "zh", ["hak"] = "zh", ["nan"] = "zh", ["wuu"] = "zh",
        ["pes"] = "fa", ["prs"] = "fa",
        ["arb"] = "ar", ["apc"] = "ar", ["arz"] = "ar", ["ary"] = "ar", ["acm"] = "ar",
        ["pnb"] = "pa",
        ["fil"] = "tl",
        ["mnp"] = "hmn", ["mww"] = "hmn", ["hnj"] = "hmn", ["blu"] = "hmn",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Three-letter ISO 639-2/T codes to two-letter ISO 639-1 codes, from the runtime's culture data.</summary>
    private static readonly Lazy<FrozenDictionary<string, string>> TwoLetterOf = new(() =>
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var culture in CultureInfo.GetCultures(CultureTypes.NeutralCultures))
        {
            var two = culture.TwoLetterISOLanguageName;
            var three = culture.ThreeLetterISOLanguageName;
            if (two.Length == 2 && three.Length == 3 && two != three)
            {
                map.TryAdd(three.ToLowerInvariant(), two.ToLowerInvariant());
            }
        }

        return map.ToFrozenDictionary(StringComparer.Ordinal);
    });

    /// <summary>
    /// The codes <paramref name="code"/> may stand for, most specific first: the code as given (lower case), its
    /// primary language subtag when it is a BCP 47 tag, then the two-letter code or macrolanguage code a three-letter
    /// one maps to. Empty for nothing usable.
    /// </summary>
    public static IEnumerable<string> Candidates(string? code)
    {
        var given = code?.Trim().Replace('_', '-').ToLowerInvariant();
        if (string.IsNullOrEmpty(given))
        {
            yield break;
        }

        yield return given;
        var primary = given.Split('-')[0];
        if (primary != given && primary.Length > 0)
        {
            yield return primary;
        }

        if (primary.Length == 3)
        {
            if (Alternatives.TryGetValue(primary, out var alternative))
            {
                yield return alternative;
            }

            if (TwoLetterOf.Value.TryGetValue(primary, out var two))
            {
                yield return two;
            }
        }
    }

    /// <summary>The first of <paramref name="code"/>'s <see cref="Candidates"/> that <paramref name="isKnown"/> accepts, else null.</summary>
    public static string? Resolve(string? code, Func<string, bool> isKnown) => Candidates(code).FirstOrDefault(isKnown);
}
