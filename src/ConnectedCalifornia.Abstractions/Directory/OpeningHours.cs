using System.Collections.Immutable;
using System.Globalization;

namespace ConnectedCalifornia.Directory;

/// <summary>
/// One opening range of one weekday, in minutes after midnight Pacific time: <see cref="Opens"/>
/// 0–1439, <see cref="Closes"/> after it, at most 1440 (midnight at the end of the day). Hours that
/// run past midnight are two ranges: 20:00–24:00 and 00:00–02:00 of the next day.
/// </summary>
[GenerateSerializer, Immutable, Alias("cc.OpeningRange")]
public sealed record OpeningRange(
    [property: Id(0)] DayOfWeek Day,
    [property: Id(1)] int Opens,
    [property: Id(2)] int Closes)
{
    public const int EndOfDay = 24 * 60;

    public static string Clock(int minutes) =>
        minutes is 0 or EndOfDay ? "12:00 AM"
            : new DateTime(2000, 1, 1).AddMinutes(minutes).ToString("h:mm tt", CultureInfo.GetCultureInfo("en-US"));

    public override string ToString() => $"{Day.ToString()[..3]} {Clock(Opens)}–{Clock(Closes)}";
}

/// <summary>
/// A listing's weekly opening hours in Pacific time: open 24/7, or zero or more ranges per weekday.
/// Times are wall-clock times in America/Los_Angeles, so 9:00 AM stays 9:00 AM across the
/// daylight-saving changes.
/// </summary>
[GenerateSerializer, Immutable, Alias("cc.OpeningHours")]
public sealed record OpeningHours(
    [property: Id(0)] bool AlwaysOpen,
    [property: Id(1)] ImmutableArray<OpeningRange> Ranges)
{
    public const int MaxRangesPerDay = 3;

    public static OpeningHours Always { get; } = new(true, []);

    /// <summary>The days of the week in the order listings show and forms edit them: Monday first.</summary>
    public static ImmutableArray<DayOfWeek> DaysMondayFirst { get; } =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    /// <summary>The same hours each weekday (Monday to Friday).</summary>
    public static OpeningHours Weekdays(int opens, int closes) =>
        new(false, [.. Enum.GetValues<DayOfWeek>().Where(d => d is not (DayOfWeek.Saturday or DayOfWeek.Sunday)).Select(d => new OpeningRange(d, opens, closes))]);

    private ImmutableArray<OpeningRange> Safe => Ranges.IsDefault ? [] : Ranges;

    /// <summary>Whether it is open at a Pacific wall-clock time.</summary>
    public bool IsOpenAt(DateTime pacific)
    {
        if (AlwaysOpen)
        {
            return true;
        }

        var minute = (pacific.Hour * 60) + pacific.Minute;
        return Safe.Any(r => r is not null && r.Day == pacific.DayOfWeek && minute >= r.Opens && minute < r.Closes);
    }

    /// <summary>"Open now · closes 5:00 PM", "Closed · opens Mon 9:00 AM", "Open 24/7" at a Pacific wall-clock time.</summary>
    public string StatusAt(DateTime pacific)
    {
        if (AlwaysOpen)
        {
            return "Open 24/7";
        }

        var minute = (pacific.Hour * 60) + pacific.Minute;
        var today = Safe.Where(r => r is not null && r.Day == pacific.DayOfWeek).OrderBy(r => r.Opens).ToList();
        if (today.FirstOrDefault(r => minute >= r.Opens && minute < r.Closes) is { } open)
        {
            // A range to midnight followed by one from midnight reads as one.
            var closes = open.Closes;
            var day = pacific.DayOfWeek;
            var daysOn = 0;
            while (closes == OpeningRange.EndOfDay && daysOn < 7
                && Safe.FirstOrDefault(r => r is not null && r.Day == Next(day) && r.Opens == 0) is { } carry)
            {
                day = Next(day);
                closes = carry.Closes;
                daysOn++;
            }

            return daysOn == 0 ? $"Open now · closes {OpeningRange.Clock(closes)}" : $"Open now · closes {day.ToString()[..3]} {OpeningRange.Clock(closes)}";
        }

        if (today.FirstOrDefault(r => r.Opens > minute) is { } later)
        {
            return $"Closed · opens {OpeningRange.Clock(later.Opens)}";
        }

        for (var d = 1; d <= 7; d++)
        {
            var day = (DayOfWeek)(((int)pacific.DayOfWeek + d) % 7);
            if (Safe.Where(r => r is not null && r.Day == day).OrderBy(r => r.Opens).FirstOrDefault() is { } next)
            {
                return $"Closed · opens {day.ToString()[..3]} {OpeningRange.Clock(next.Opens)}";
            }
        }

        return "Closed";
    }

    /// <summary>The hours as one line per weekday with hours, Monday first.</summary>
    public IEnumerable<(DayOfWeek Day, string Hours)> Week()
    {
        foreach (var day in DaysMondayFirst)
        {
            var ranges = Safe.Where(r => r is not null && r.Day == day).OrderBy(r => r.Opens).ToList();
            yield return (day, AlwaysOpen ? "Open 24 hours" : ranges.Count == 0 ? "Closed" : string.Join(", ", ranges.Select(r => $"{OpeningRange.Clock(r.Opens)}–{OpeningRange.Clock(r.Closes)}")));
        }
    }

    public override string ToString() => AlwaysOpen ? "Open 24/7" : string.Join("; ", Safe.OrderBy(r => DaysMondayFirst.IndexOf(r.Day)).ThenBy(r => r.Opens));

    private static DayOfWeek Next(DayOfWeek day) => (DayOfWeek)(((int)day + 1) % 7);
}
