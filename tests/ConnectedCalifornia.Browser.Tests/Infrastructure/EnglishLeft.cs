using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.Playwright;

namespace ConnectedCalifornia.Browser.Tests.Infrastructure;

/// <summary>
/// The pseudo-locale check of a page read in Spanish (issue 18): every piece of text a person sees or hears (text
/// nodes, labels, placeholders, titles) either came from the Spanish resources or is data. A text is cut into what
/// the resources say (every Spanish entry's words between its placeholders) and what the demo data says (every
/// string the seeding writes, the taxonomy's terms, the counties); anything left that holds an English word is English that never went through a
/// localizer. Text inside links, code, elements marked with another language and elements marked
/// <c>translate="no"</c> (stored messages and stored values a history shows) is data by nature (names of
/// organizations, people, events; codes; English quoted on purpose) and is not read.
/// </summary>
public sealed partial class EnglishLeft
{
    /// <summary>Words of English that Spanish does not use: one of them left over is an untranslated text.</summary>
    private static readonly HashSet<string> EnglishWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "the", "and", "your", "you", "with", "this", "that", "will", "has", "have", "was", "were", "are", "is", "not",
        "from", "for", "of", "to", "by", "be", "been", "can", "there", "their", "they", "what", "when", "which", "who",
        "only", "all", "any", "more", "yet", "save", "edit", "cancel", "remove", "add", "search", "loading", "back",
        "manage", "choose", "invite", "accept", "decline", "none", "nothing", "page", "people", "rows", "per", "of",
        "previous", "next", "first", "last", "close", "show", "hide", "select", "clear", "today", "week", "month",
    };

    private readonly string[] _data;
    private readonly string[] _known;

    private EnglishLeft(IEnumerable<string> spanish, IEnumerable<string> data)
    {
        _data = Longest(data);
        _known = Longest(spanish.Concat(_data));
    }

    private static string[] Longest(IEnumerable<string> texts) =>
        [.. texts.Select(s => s.Trim()).Where(k => k.Length >= 3).Distinct(StringComparer.Ordinal).OrderByDescending(k => k.Length)];

    /// <summary>The Spanish resources of the app and the demo data its seeding writes, read from the checkout.</summary>
    public static EnglishLeft FromCheckout()
    {
        var web = Path.Combine(Screenshots.RepositoryRoot, "src", "ConnectedCalifornia.Web");
        var spanish = System.IO.Directory.GetFiles(web, "*.es.resx", SearchOption.AllDirectories)
            .SelectMany(f => XDocument.Load(f).Root!.Elements("data"))
            .Select(d => (string?)d.Element("value") ?? string.Empty)
            .SelectMany(v => Placeholder().Split(v));
        var directory = Path.Combine(Screenshots.RepositoryRoot, "src", "ConnectedCalifornia.Abstractions", "Directory");
        var data = System.IO.Directory.GetFiles(Path.Combine(web, "Seeding"), "*.cs")
            .Append(Path.Combine(directory, "Taxonomy.cs")) // the taxonomy's terms
            .Append(Path.Combine(directory, "California.cs")) // the counties
            .SelectMany(f => Literal().Matches(File.ReadAllText(f)).Select(m => Regex.Unescape(m.Groups[1].Value)))
            .SelectMany(v => Interpolation().Split(v));
        return new EnglishLeft(spanish, data);
    }

    /// <summary>The texts a person sees or hears on the page (data by nature left out, see the class).</summary>
    public static async Task<string[]> TextsAsync(IPage page) => await page.EvaluateAsync<string[]>(CollectScript);

    /// <summary>The texts that are neither resources nor data.</summary>
    public List<string> NotFromResources(IEnumerable<string> texts) =>
        [.. texts.Distinct(StringComparer.Ordinal).Where(HasEnglishWord).Where(t => HasEnglishWord(Without(t, _known))).Select(Short)];

    /// <summary>The English resource texts (<paramref name="english"/>) still shown once the data is taken out.</summary>
    public List<string> EnglishResourceTexts(IEnumerable<string> texts, IReadOnlyList<string> english) =>
        [.. texts.Distinct(StringComparer.Ordinal).Select(t => Without(t, _data)).SelectMany(t => english.Where(e => t.Contains(e, StringComparison.Ordinal))).Distinct(StringComparer.Ordinal)];

    private static string Without(string text, string[] known)
    {
        foreach (var k in known)
        {
            if (text.Contains(k, StringComparison.Ordinal))
            {
                text = text.Replace(k, " ", StringComparison.Ordinal);
            }
        }

        return text;
    }

    private static string Short(string text) => text.Length > 120 ? text[..120] + "…" : text;

    private static bool HasEnglishWord(string text) => Word().Matches(text).Any(m => EnglishWords.Contains(m.Value));

    /// <summary>Visible text nodes and the labels people hear, outside links, code and other languages.</summary>
    private const string CollectScript = """
        () => {
          const skip = 'script,style,noscript,code,pre,a,[lang]:not([lang^="es"]),[translate="no"]';
          const out = [];
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            const el = n.parentElement;
            const text = n.textContent.replace(/\s+/g, ' ').trim();
            if (!text || !el || el.closest(skip)) continue;
            if (!el.checkVisibility({ visibilityProperty: true }) && !el.closest('.cc-visually-hidden')) continue;
            out.push(text);
          }
          for (const el of document.body.querySelectorAll('[aria-label],[placeholder],[title],img[alt]')) {
            if (el.closest(skip)) continue;
            for (const name of ['aria-label', 'placeholder', 'title', 'alt']) {
              const value = el.getAttribute(name);
              if (value && value.trim()) out.push(value.trim());
            }
          }
          return out;
        }
        """;

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"(?<![$@\w])""((?:[^""\\\r\n]|\\.){3,})""")]
    private static partial Regex Literal();

    [GeneratedRegex(@"\{[^{}]*\}")]
    private static partial Regex Interpolation();

    [GeneratedRegex(@"[A-Za-z]+")]
    private static partial Regex Word();
}
