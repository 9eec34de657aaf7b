using System.Collections.Immutable;
using ConnectedCalifornia.Directory;

namespace ConnectedCalifornia.Web.Directory;

/// <summary>
/// Opening hours as the manage page edits them: one line per weekday such as "9:00-17:00, 18:00-20:00"
/// (24-hour clock, 24:00 = midnight at the end of the day). The grain checks the rules; this only reads the text.
/// </summary>
public static class HoursEditor
{
    public static Dictionary<DayOfWeek, string> Texts(OpeningHours? hours) => OpeningHours.DaysMondayFirst.ToDictionary(
        d => d,
        d => hours is null || hours.AlwaysOpen || hours.Ranges.IsDefault
            ? string.Empty
            : string.Join(", ", hours.Ranges.Where(r => r.Day == d).OrderBy(r => r.Opens).Select(r => $"{Time(r.Opens)}-{Time(r.Closes)}")));

    /// <summary>The hours of the texts (null when no day has hours), or a message naming the day that does not read.</summary>
    public static (OpeningHours? Hours, string? Problem) Parse(bool alwaysOpen, IReadOnlyDictionary<DayOfWeek, string> texts)
    {
        if (alwaysOpen)
        {
            return (OpeningHours.Always, null);
        }

        var ranges = ImmutableArray.CreateBuilder<OpeningRange>();
        foreach (var day in OpeningHours.DaysMondayFirst)
        {
            var text = texts.TryGetValue(day, out var t) ? t?.Trim() ?? string.Empty : string.Empty;
            if (text.Length == 0 || text.Equals("closed", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (var part in text.Split([',', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var ends = part.Split(['-', '–'], StringSplitOptions.TrimEntries);
                if (ends.Length != 2 || Minutes(ends[0]) is not { } opens || Minutes(ends[1]) is not { } closes)
                {
                    return (null, $"{day}: \"{part}\" is not a range such as 9:00-17:00 (24-hour clock).");
                }

                ranges.Add(new OpeningRange(day, opens, closes));
            }
        }

        return ranges.Count == 0 ? (null, null) : (new OpeningHours(false, ranges.ToImmutable()), null);
    }

    private static int? Minutes(string text)
    {
        var parts = text.Split(':');
        if (parts.Length is < 1 or > 2 || !int.TryParse(parts[0], out var hours) || hours is < 0 or > 24)
        {
            return null;
        }

        var minutes = 0;
        if (parts.Length == 2 && (!int.TryParse(parts[1], out minutes) || minutes is < 0 or > 59 || parts[1].Length != 2))
        {
            return null;
        }

        return hours == 24 && minutes > 0 ? null : (hours * 60) + minutes;
    }

    private static string Time(int minutes) => $"{minutes / 60}:{minutes % 60:00}";
}
