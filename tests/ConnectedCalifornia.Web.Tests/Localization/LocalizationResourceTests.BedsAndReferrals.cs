using System.Text.RegularExpressions;

namespace ConnectedCalifornia.Web.Tests.Localization;

/// <summary>
/// The case manager's night path (issue 18): the county bed board, a site, posting counts, managing sites, the
/// referral form, a referral and the statistics. Besides the resource check every covered page gets, these pages
/// are held to a stricter one: no English written straight into their markup, as a text or as a label, outside
/// their localizers.
/// </summary>
public sealed partial class LocalizationResourceTests
{
    /// <summary>A property, not a field: <see cref="CoveredPages"/> in the other part of this class reads it while it is initialized.</summary>
    private static string[] BedAndReferralPages =>
    [
        "Components/Pages/Capacity/CountyBoard.razor",
        "Components/Pages/Capacity/SitePage.razor",
        "Components/Pages/Capacity/PostCounts.razor",
        "Components/Pages/Capacity/ManageSites.razor",
        "Components/Pages/Referrals/NewReferral.razor",
        "Components/Pages/Referrals/ReferralPage.razor",
        "Components/Pages/Referrals/ReferralStatisticsPage.razor",
        "Components/Pages/Referrals/CountTable.razor",
        "Components/Pages/Referrals/FieldMessage.razor",
        "Components/Shared/PiiWarning.razor",
    ];

    /// <summary>Attributes people read or hear: a literal English value in one of them is a text left out of the resources.</summary>
    private static readonly string[] ReadAttributes = ["Label", "HelperText", "aria-label", "Title", "placeholder", "DataLabel", "title", "alt"];

    [Fact]
    public void PseudoLocale_the_bed_and_referral_pages_write_no_english_outside_their_localizers()
    {
        var literal = EnglishOutsideLocalizers(BedAndReferralPages);
        Assert.True(literal.Count == 0, "English outside the localizers:\n" + string.Join("\n", literal));
    }

    /// <summary>Texts and read attributes of <paramref name="pages"/> written in English straight into their markup.</summary>
    private static List<string> EnglishOutsideLocalizers(IEnumerable<string> pages)
    {
        var literal = new List<string>();
        foreach (var page in pages)
        {
            var razor = File.ReadAllText(Path.Combine(Web, page));
            var markup = Regex.Replace(razor[..MarkupEnd(razor)], @"@\*.*?\*@", string.Empty, RegexOptions.Singleline);

            // Directives (@inject IStringLocalizer<DirectoryText> T, @using, @page ...) are code, not markup: their generics are no tags.
            markup = Regex.Replace(markup, @"^\s*@(inject|using|page|attribute|inherits|implements|layout|rendermode)\b.*$", string.Empty, RegexOptions.Multiline);

            // Text between tags, once Razor expressions and attributes are taken out: "<p>Loading</p>" is English
            // written into the page. The network's name is a name, not a text to translate.
            var text = Regex.Replace(WithoutExpressions(markup), @"\s[\w@:.-]+=""[^""]*""", " ").Replace("Connected California", " ", StringComparison.Ordinal);
            foreach (Match m in Regex.Matches(text, @">([^<>]*)<"))
            {
                foreach (var line in m.Groups[1].Value.Split('\n').Select(l => l.Trim()))
                {
                    if (Regex.IsMatch(line, "[A-Za-z]{2,}") && !IsCode(line))
                    {
                        literal.Add($"{page}: text \"{line}\"");
                    }
                }
            }

            foreach (var attribute in ReadAttributes)
            {
                foreach (Match m in Regex.Matches(markup, $@"\s{attribute}=""([^""@]*[A-Za-z]{{2,}}[^""@]*)"""))
                {
                    literal.Add($"{page}: {attribute}=\"{m.Groups[1].Value}\"");
                }
            }
        }

        return literal;
    }

    /// <summary>Where the page's markup ends: its last @code block (a component's code stays out of the scan).</summary>
    private static int MarkupEnd(string razor)
    {
        var code = razor.LastIndexOf("\n@code", StringComparison.Ordinal);
        return code < 0 ? razor.Length : code;
    }

    /// <summary>A line of C# that Razor reads as code between two tags (a loop, a condition, a lambda's rest), not text for people.</summary>
    private static bool IsCode(string line) =>
        line.StartsWith('{') || line.StartsWith('}') || line.StartsWith('@') || line.EndsWith('{') || line.EndsWith(')')
        || Regex.IsMatch(line, @"^(else|if|foreach|var|case|return)\b|=>|==|!=|&&|\|\||\s=\s|;$");

    /// <summary>The text with every Razor expression (<c>@name.Member[...](...)</c>, <c>@(...)</c>) taken out.</summary>
    private static string WithoutExpressions(string text)
    {
        var kept = new System.Text.StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '@' || i + 1 >= text.Length || !(text[i + 1] == '(' || char.IsLetter(text[i + 1]) || text[i + 1] == '_'))
            {
                kept.Append(text[i]);
                continue;
            }

            i++;
            var start = i;
            while (i < text.Length)
            {
                if (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '.')
                {
                    i++;
                }
                else if (text[i] == ' ' && text[start..i] is "if" or "foreach" or "for" or "while" or "switch" or "using")
                {
                    // @foreach (var a in Enum.GetValues<AgeBracket>()): the statement's head, generics and all.
                    i++;
                }
                else if (text[i] is '(' or '[')
                {
                    i = Closing(text, i) + 1;
                }
                else
                {
                    break;
                }
            }

            i--;
            kept.Append(' ');
        }

        return kept.ToString();
    }

    /// <summary>The index of the bracket that closes the one at <paramref name="open"/> (strings skipped), or the end.</summary>
    private static int Closing(string text, int open)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '"':
                    for (i++; i < text.Length && text[i] != '"'; i++)
                    {
                        if (text[i] == '\\')
                        {
                            i++;
                        }
                    }

                    break;
                case '(' or '[':
                    depth++;
                    break;
                case ')' or ']':
                    if (--depth == 0)
                    {
                        return i;
                    }

                    break;
            }
        }

        return text.Length - 1;
    }
}
