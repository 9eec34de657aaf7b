namespace ConnectedCalifornia.Calendars;

/// <summary>
/// The reminders of an event: to registrants the day before and two hours before the start, and to
/// the hosts the attendance prompt at the end. Which went out is stored in the event's state, so
/// each goes once, even across restarts.
/// </summary>
public static class EventReminders
{
    public const string DayBefore = "day-before";
    public const string TwoHoursBefore = "two-hours-before";
    public const string AttendancePrompt = "attendance-prompt";

    /// <summary>Every reminder of an event with the time it is due.</summary>
    public static IEnumerable<(string Kind, DateTimeOffset DueAt)> Schedule(EventDefinition d) =>
    [
        (DayBefore, d.Start - TimeSpan.FromDays(1)),
        (TwoHoursBefore, d.Start - TimeSpan.FromHours(2)),
        (AttendancePrompt, d.End),
    ];

    /// <summary>When the next reminder not sent yet is due; null for a cancelled event or when all went out.</summary>
    public static DateTimeOffset? NextDue(EventState s)
    {
        if (s.Definition is null || s.Status == EventStatus.Cancelled)
        {
            return null;
        }

        var sent = s.RemindersSent.IsDefault ? [] : s.RemindersSent;
        var due = Schedule(s.Definition).Where(r => !sent.Contains(r.Kind)).Select(r => (DateTimeOffset?)r.DueAt).ToList();
        return due.Count == 0 ? null : due.Min();
    }
}
