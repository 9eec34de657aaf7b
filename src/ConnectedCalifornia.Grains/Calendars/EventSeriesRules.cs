using System.Collections.Immutable;
using System.Globalization;
using ConnectedCalifornia.Network;

namespace ConnectedCalifornia.Calendars;

/// <summary>The rules of a recurring series, checked before anything is published or changed.</summary>
internal static class EventSeriesRules
{
    /// <summary>An occurrence's id is the series id and its date (<c>-yyyymmdd</c>), so the series id leaves room for it.</summary>
    public const int MaxSeriesKeyLength = Identifiers.MaxKeyLength - 9;

    /// <summary>Only trainings and campaign actions repeat (a weekly training, a monthly signature table); meetings and other events are published one by one.</summary>
    public static void ValidateKind(EventKind kind, FieldValidator v)
    {
        if (kind is not (EventKind.Training or EventKind.CampaignAction))
        {
            v.Add("kind", "Only trainings and campaign actions can repeat; publish this event on its own.");
        }
    }

    /// <summary>Validates the rule against the first occurrence; the occurrences' starts when it is valid.</summary>
    public static ImmutableArray<DateTimeOffset> Validate(RecurrenceRule? rule, DateTimeOffset first, FieldValidator v)
    {
        if (rule is null)
        {
            v.Add("recurrence", "Say how the series repeats: weekly on chosen weekdays or monthly, and when it ends.");
            return [];
        }

        v.Defined("recurrence.frequency", rule.Frequency, "How often it repeats");
        if (rule.Interval is < 1 or > RecurrenceRule.MaxInterval)
        {
            v.Add("recurrence.interval", $"Repeat every 1 to {RecurrenceRule.MaxInterval} {(rule.Frequency == RecurrenceFrequency.Monthly ? "months" : "weeks")} (it is {rule.Interval}).");
        }

        var firstDay = TimeZoneInfo.ConvertTime(first, CaliforniaTime.Zone).DayOfWeek;
        var weekdays = rule.Weekdays.IsDefault ? [] : rule.Weekdays;
        if (rule.Frequency == RecurrenceFrequency.Weekly)
        {
            if (weekdays.IsEmpty)
            {
                v.Add("recurrence.weekdays", "Choose the weekdays a weekly series takes place on.");
            }
            else if (weekdays.Any(d => !Enum.IsDefined(d)) || weekdays.Distinct().Count() != weekdays.Length)
            {
                v.Add("recurrence.weekdays", "Each weekday once, from Sunday to Saturday.");
            }
            else if (!weekdays.Contains(firstDay))
            {
                v.Add("recurrence.weekdays", $"The first date is a {firstDay}: include {firstDay} in the weekdays, or start the series on one of them.");
            }
        }
        else if (!weekdays.IsEmpty)
        {
            v.Add("recurrence.weekdays", "A monthly series repeats on the first date's day of the month; leave the weekdays empty.");
        }

        if (rule.Count is null == rule.Until is null)
        {
            v.Add("recurrence.end", "End the series either after a number of occurrences or on a date (one of the two).");
        }
        else if (rule.Count is { } count && count is < 2 or > RecurrenceRule.MaxOccurrences)
        {
            v.Add("recurrence.count", $"A series has 2 to {RecurrenceRule.MaxOccurrences} occurrences (it asks for {count}).");
        }
        else if (rule.Until is { } until)
        {
            var firstDate = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(first, CaliforniaTime.Zone).DateTime);
            if (until <= firstDate)
            {
                v.Add("recurrence.until", $"The end date ({Date(until)}) must be after the first date ({Date(firstDate)}).");
            }
            else if (until > firstDate.AddYears(1))
            {
                v.Add("recurrence.until", $"A series runs at most a year: end it by {Date(firstDate.AddYears(1))} and publish the next year's series later.");
            }
        }

        if (v.HasErrors)
        {
            return [];
        }

        var starts = rule.Expand(first);
        if (starts.Length > RecurrenceRule.MaxOccurrences)
        {
            v.Add("recurrence", $"This rule makes more than {RecurrenceRule.MaxOccurrences} occurrences; end it earlier or repeat less often.");
        }
        else if (starts.Length < 2)
        {
            v.Add("recurrence", "This rule makes a single occurrence; publish it as a single event, or end the series later.");
        }
        else if (starts[^1] - starts[0] > RecurrenceRule.MaxSpan)
        {
            v.Add("recurrence", $"A series runs at most a year; this rule ends on {Date(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(starts[^1], CaliforniaTime.Zone).DateTime))}. End it earlier.");
        }

        return v.HasErrors ? [] : starts;
    }

    /// <summary>An occurrence's end: the first occurrence's length in wall-clock time, so a 6–8 pm training stays 6–8 pm across daylight saving.</summary>
    public static DateTimeOffset EndOf(DateTimeOffset start, EventDefinition first)
    {
        var wallLength = TimeZoneInfo.ConvertTime(first.End, CaliforniaTime.Zone).DateTime - TimeZoneInfo.ConvertTime(first.Start, CaliforniaTime.Zone).DateTime;
        return RecurrenceRule.FromPacific(TimeZoneInfo.ConvertTime(start, CaliforniaTime.Zone).DateTime + wallLength);
    }

    public static string OccurrenceId(string seriesId, DateTimeOffset recurrenceId) =>
        $"{seriesId}-{TimeZoneInfo.ConvertTime(recurrenceId, CaliforniaTime.Zone):yyyyMMdd}";

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
