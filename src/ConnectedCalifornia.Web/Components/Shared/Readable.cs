using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ConnectedCalifornia.Web.Components.Shared;

/// <summary>
/// Stored texts as people read them. Histories, audit logs and feed summaries are written by the
/// grains in a stable form ("InProgress -> Completed", "legislation.billNumber", times in UTC); pages
/// show them with words, arrows and California time. The stored text itself never changes (an audit
/// log's hash chain covers it).
/// </summary>
public static partial class Readable
{
    /// <summary>
    /// Every member of the network's enums whose name joins several words ("InProgress", "LeadAgency"),
    /// with its words ("In progress", "Lead agency"). Single words ("Active") read well as they are.
    /// </summary>
    private static readonly FrozenDictionary<string, string> EnumWords = typeof(ConnectedCalifornia.Network.CommandResult).Assembly
        .GetTypes()
        .Where(t => t.IsEnum && t.IsPublic)
        .SelectMany(Enum.GetNames)
        .Where(name => name.Skip(1).Any(char.IsUpper))
        .Distinct(StringComparer.Ordinal)
        .ToFrozenDictionary(name => name, Words, StringComparer.Ordinal);

    /// <summary>"InProgress" → "In progress", "ApprovedByVoters" → "Approved by voters", "billNumber" → "Bill number".</summary>
    public static string Words(string name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return name;
        }

        var text = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (i > 0 && char.IsUpper(c) && !char.IsUpper(name[i - 1]))
            {
                text.Append(' ').Append(char.ToLowerInvariant(c));
            }
            else
            {
                text.Append(i == 0 ? char.ToUpperInvariant(c) : c);
            }
        }

        return text.ToString().Replace('-', ' ');
    }

    /// <summary>
    /// A stored detail or summary for a page: enum names as words, "->" as an arrow, and times
    /// stamped in UTC ("2026-12-06 18:00 UTC") in California time.
    /// </summary>
    public static string Text(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        var result = UtcStamp().Replace(text, m =>
            DateTime.TryParseExact(m.Groups["at"].Value, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var utc)
                ? Pacific.Format(new DateTimeOffset(utc, TimeSpan.Zero))
                : m.Value);
        result = Identifier().Replace(result, m => EnumWords.TryGetValue(m.Value, out var words) ? words : m.Value);
        return result.Replace(" -> ", " → ", StringComparison.Ordinal);
    }

    /// <summary>A history's field key: "legislation.billNumber" → "Legislation: bill number", "adult-women.available" → "Adult women: available".</summary>
    public static string Field(string? field)
    {
        if (string.IsNullOrEmpty(field))
        {
            return field ?? string.Empty;
        }

        var parts = field.Split('.', StringSplitOptions.RemoveEmptyEntries).Select(Words).ToArray();
        for (var i = 1; i < parts.Length; i++)
        {
            parts[i] = parts[i].ToLowerInvariant();
        }

        return string.Join(": ", parts);
    }

    [GeneratedRegex(@"(?<at>\d{4}-\d{2}-\d{2} \d{2}:\d{2}) UTC", RegexOptions.CultureInvariant)]
    private static partial Regex UtcStamp();

    [GeneratedRegex(@"\b[A-Z][a-z]+(?:[A-Z][a-z]+)+\b", RegexOptions.CultureInvariant)]
    private static partial Regex Identifier();
}
