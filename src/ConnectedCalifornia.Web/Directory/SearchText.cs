using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace ConnectedCalifornia.Web.Directory;

/// <summary>
/// How the directory reads words, the same way for listings and for what people type: folded
/// (lowercase, accents dropped: "Español" is "espanol", "niña" is "nina"), split into whole words
/// (apostrophes join: "Men's" is "mens"), common English and Spanish words ignored, and each word cut
/// to a stem by a small suffix stripper for English and Spanish inflections (plurals, -ing, -ed,
/// the final vowel of Spanish gender: "shelters" = "shelter", "abogadas" = "abogados").
/// </summary>
public static class SearchText
{
    /// <summary>Words that carry no meaning in a search ("where can I find a shelter for teens" searches shelter, teens).</summary>
    public static readonly FrozenSet<string> StopWords = new[]
    {
        // English
        "a", "an", "the", "and", "or", "of", "for", "to", "in", "on", "at", "by", "with", "from", "into", "about",
        "where", "what", "who", "how", "when", "which", "can", "could", "i", "im", "me", "my", "we", "our", "us", "you",
        "your", "is", "are", "am", "be", "was", "there", "any", "some", "someone", "somewhere", "find", "get", "need",
        "needs", "looking", "look", "want", "please", "do", "does", "that", "this", "it", "near", "nearby", "around",
        "close", "help", "place", "places", "go", "have", "has", "will", "would", "should", "if", "than", "then",
        // Spanish
        "el", "la", "los", "las", "un", "una", "unos", "unas", "y", "o", "u", "de", "del", "al", "en", "para", "por",
        "con", "sin", "que", "donde", "adonde", "como", "quien", "cual", "yo", "mi", "mis", "me", "nos", "su", "sus",
        "es", "son", "esta", "estan", "estoy", "hay", "algun", "alguna", "alguien", "encontrar", "busco", "buscar",
        "necesito", "necesita", "quiero", "puedo", "puede", "ayuda", "ayudar", "cerca", "lugar", "se", "le", "lo", "te",
        "favor", "mas",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Lowercase without accents; apostrophes dropped, every other mark a space.</summary>
    public static string Fold(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var decomposed = text.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var ch in decomposed)
        {
            if (ch is '\'' or '\u2019' or '\u02bc')
            {
                continue; // Men's = mens
            }

            var category = CharUnicodeInfo.GetUnicodeCategory(ch);
            if (category == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            sb.Append(char.IsLetterOrDigit(ch) ? char.ToLowerInvariant(ch) : ' ');
        }

        return sb.ToString();
    }

    /// <summary>The folded words of a text, in order (stop words kept).</summary>
    public static string[] Words(string? text) =>
        Fold(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public static bool IsStopWord(string folded) => StopWords.Contains(folded);

    /// <summary>The stem of a folded word: the same for the inflections of one English or Spanish word.</summary>
    public static string Stem(string word)
    {
        if (word.Length <= 3 || !char.IsLetter(word[^1]))
        {
            return word;
        }

        var w = word;
        if (w.EndsWith("ies", StringComparison.Ordinal) && w.Length > 4)
        {
            w = w[..^3] + "y"; // families = family
        }
        else if (w.EndsWith("es", StringComparison.Ordinal) && w.Length > 4 && IsPluralEsStem(w[..^2]))
        {
            w = w[..^2]; // mujeres = mujer, legales = legal, churches = church
        }
        else if (w[^1] == 's' && w[^2] is not 's' and not 'u' and not 'i')
        {
            w = w[..^1]; // shelters = shelter, refugios = refugio (not address, status, this)
        }

        if (w.Length > 5 && w.EndsWith("ing", StringComparison.Ordinal))
        {
            w = w[..^3]; // housing = hous, counseling = counsel
        }
        else if (w.Length > 4 && w.EndsWith("ed", StringComparison.Ordinal))
        {
            w = w[..^2]; // exploited = exploit
        }

        if (w.Length >= 4 && w[^1] is 'a' or 'o' or 'e')
        {
            w = w[..^1]; // abogada = abogado = abogad, house = hous
        }

        return w;
    }

    private static bool IsPluralEsStem(string stem) =>
        stem[^1] is 's' or 'x' or 'z' or 'r' or 'l' or 'n' or 'd' or 'j'
        || stem.EndsWith("ch", StringComparison.Ordinal) || stem.EndsWith("sh", StringComparison.Ordinal);

    /// <summary>How many typing mistakes a word of this length may have: none under 4 letters, one up to 7, two from 8.</summary>
    public static int Tolerance(int length) => length < 4 ? 0 : length < 8 ? 1 : 2;

    /// <summary>
    /// Whether <paramref name="a"/> and <paramref name="b"/> are at most <paramref name="max"/> edits
    /// apart (insertions, deletions, substitutions and swaps of two neighbouring letters).
    /// </summary>
    public static bool WithinEdits(string a, string b, int max)
    {
        if (Math.Abs(a.Length - b.Length) > max)
        {
            return false;
        }

        var n = a.Length;
        var m = b.Length;
        Span<int> previous2 = stackalloc int[m + 1];
        Span<int> previous = stackalloc int[m + 1];
        Span<int> current = stackalloc int[m + 1];
        for (var j = 0; j <= m; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= n; i++)
        {
            current[0] = i;
            var rowMin = i;
            for (var j = 1; j <= m; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var d = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d = Math.Min(d, previous2[j - 2] + 1);
                }

                current[j] = d;
                rowMin = Math.Min(rowMin, d);
            }

            if (rowMin > max)
            {
                return false;
            }

            var t = previous2;
            previous2 = previous;
            previous = current;
            current = t;
        }

        return previous[m] <= max;
    }
}
