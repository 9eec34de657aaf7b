using System.Globalization;
using ConnectedCalifornia.Calendars;
using ConnectedCalifornia.Web.Calendars;
using ConnectedCalifornia.Web.Localization;
using Microsoft.Extensions.Localization;

namespace ConnectedCalifornia.Web.Components.Pages.Calendars;

/// <summary>How the event page says a series' rule: "Part of a series: every Tuesday and Thursday until Thursday, March 21, 2030."</summary>
public static class SeriesText
{
    public static string Rule(SeriesView series, IStringLocalizer<EventsText> t)
    {
        var culture = CultureInfo.CurrentUICulture;
        var last = series.Occurrences.IsDefaultOrEmpty ? series.Series.Start : series.Occurrences[^1].RecurrenceId;
        var until = Shared.Pacific.ToPacific(last).ToString("D", culture);
        var rule = series.Rule;
        if (rule.Frequency == RecurrenceFrequency.Monthly)
        {
            var day = Shared.Pacific.ToPacific(series.Series.Start).Day;
            return rule.Interval == 1
                ? t.Say($"Part of a series: monthly on day {day} until {until}.")
                : t.Say($"Part of a series: every {rule.Interval} months on day {day} until {until}.");
        }

        var names = rule.Weekdays.OrderBy(d => ((int)d + 6) % 7).Select(d => culture.DateTimeFormat.GetDayName(d)).ToList();
        var days = names.Count <= 1 ? string.Join(string.Empty, names) : $"{string.Join(", ", names.Take(names.Count - 1))} {t["and"]} {names[^1]}";
        return rule.Interval == 1
            ? t.Say($"Part of a series: every {days} until {until}.")
            : t.Say($"Part of a series: every {rule.Interval} weeks on {days} until {until}.");
    }
}
