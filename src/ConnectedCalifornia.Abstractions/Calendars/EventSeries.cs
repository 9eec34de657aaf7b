using System.Collections.Immutable;
using ConnectedCalifornia.Network;

namespace ConnectedCalifornia.Calendars;

[Alias("cc.RecurrenceFrequency")]
public enum RecurrenceFrequency
{
    /// <summary>On chosen weekdays, every <see cref="RecurrenceRule.Interval"/> weeks (weeks start on Monday).</summary>
    Weekly = 0,

    /// <summary>On the first occurrence's day of the month, every <see cref="RecurrenceRule.Interval"/> months; months without that day are skipped.</summary>
    Monthly = 1,
}

/// <summary>
/// How a series repeats, in California's wall-clock time (a 6 pm training stays at 6 pm across daylight saving).
/// Exactly one end: after <see cref="Count"/> occurrences, or on the date <see cref="Until"/> (inclusive).
/// </summary>
/// <param name="Weekdays">Weekly only: the days it takes place; the first occurrence's day must be one of them.</param>
[GenerateSerializer, Immutable, Alias("cc.RecurrenceRule")]
public sealed record RecurrenceRule(
    [property: Id(0)] RecurrenceFrequency Frequency,
    [property: Id(1)] int Interval,
    [property: Id(2)] ImmutableArray<DayOfWeek> Weekdays,
    [property: Id(3)] int? Count,
    [property: Id(4)] DateOnly? Until)
{
    /// <summary>A series has at most this many occurrences.</summary>
    public const int MaxOccurrences = 52;

    /// <summary>The last occurrence starts at most this long after the first.</summary>
    public static readonly TimeSpan MaxSpan = TimeSpan.FromDays(366);

    public const int MaxInterval = 12;

    /// <summary>
    /// The occurrences' starts (wall-clock times in California turned into instants), from <paramref name="first"/> on,
    /// at most <paramref name="limit"/> of them (the caller refuses a rule that gives more than it allows).
    /// </summary>
    public ImmutableArray<DateTimeOffset> Expand(DateTimeOffset first, int limit = MaxOccurrences + 1)
    {
        var local = TimeZoneInfo.ConvertTime(first, CaliforniaTime.Zone).DateTime;
        var firstDate = DateOnly.FromDateTime(local);
        var time = TimeOnly.FromDateTime(local);
        var interval = Math.Max(1, Interval);
        var dates = new List<DateOnly>();
        var cap = Math.Min(limit, Count ?? int.MaxValue);

        // Bounded loops: the caller refuses more than a year or MaxOccurrences, so ten years of steps is more than enough.
        if (Frequency == RecurrenceFrequency.Monthly)
        {
            for (var m = 0; m <= 120 && dates.Count < cap; m += interval)
            {
                var month = new DateOnly(firstDate.Year, firstDate.Month, 1).AddMonths(m);
                if (Until is { } until && month > until)
                {
                    break;
                }

                if (firstDate.Day <= DateTime.DaysInMonth(month.Year, month.Month))
                {
                    var date = new DateOnly(month.Year, month.Month, firstDate.Day);
                    if (Until is { } last && date > last)
                    {
                        break;
                    }

                    dates.Add(date);
                }
            }
        }
        else
        {
            var days = Weekdays.IsDefaultOrEmpty ? [firstDate.DayOfWeek] : Weekdays;
            var monday = firstDate.AddDays(-(((int)firstDate.DayOfWeek + 6) % 7));
            for (var w = 0; w <= 520 && dates.Count < cap; w += interval)
            {
                var week = monday.AddDays(7 * w);
                if (Until is { } until && week > until)
                {
                    break;
                }

                for (var d = 0; d < 7 && dates.Count < cap; d++)
                {
                    var date = week.AddDays(d);
                    if (date >= firstDate && days.Contains(date.DayOfWeek) && (Until is not { } last || date <= last))
                    {
                        dates.Add(date);
                    }
                }
            }
        }

        return [.. dates.Select(d => FromPacific(d.ToDateTime(time)))];
    }

    /// <summary>A wall-clock time in California as an instant.</summary>
    public static DateTimeOffset FromPacific(DateTime local)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return new DateTimeOffset(unspecified, CaliforniaTime.Zone.GetUtcOffset(unspecified));
    }
}

/// <summary>One occurrence of a series: its event (registration, seats, waitlist, holds are that event's) and its start by the rule.</summary>
[GenerateSerializer, Immutable, Alias("cc.SeriesOccurrence")]
public sealed record SeriesOccurrence(
    [property: Id(0)] string EventId,
    [property: Id(1)] DateTimeOffset RecurrenceId);

/// <summary>A recurring series: the definition its occurrences share (the first one's times), its rule, and its occurrences in order.</summary>
/// <param name="Sequence">The iCalendar SEQUENCE of the series' VEVENT: 0 when published, +1 with every change to the whole series.</param>
[GenerateSerializer, Immutable, Alias("cc.EventSeriesSnapshot")]
public sealed record EventSeriesSnapshot(
    [property: Id(0)] string SeriesId,
    [property: Id(1)] EventDefinition Definition,
    [property: Id(2)] RecurrenceRule Rule,
    [property: Id(3)] ImmutableArray<SeriesOccurrence> Occurrences,
    [property: Id(4)] int Sequence,
    [property: Id(5)] long Version,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] DateTimeOffset UpdatedAt)
{
    /// <summary>
    /// The series as a calendar row (its first occurrence's times, no registrant, the address only when public): what
    /// the authorizer decides audience and hosts on, as for each occurrence, and what the feeds' series VEVENT says.
    /// </summary>
    public CalendarEventRow ToRow()
    {
        var d = Definition;
        return new CalendarEventRow(
            SeriesId, d.Title, d.Description, d.Kind, d.HostOrganizationIds, [], d.InitiativeId, d.TaskForceId, d.County,
            d.Start, d.End, d.Online, d.Online || d.HideAddressUntilRegistered ? null : d.Address, d.Capacity, 0, 0, d.Fee, d.Audience,
            EventStatus.Scheduled, Sequence, d.TrainingType, d.CreditHours, CreatedAt, UpdatedAt, Version, SeriesId: SeriesId);
    }
}

[GenerateSerializer, Immutable, Alias("cc.SeriesResult")]
public sealed record SeriesResult(
    [property: Id(0)] CommandResult Result,
    [property: Id(1)] ImmutableArray<SeriesOccurrence> Occurrences)
{
    public bool Succeeded => Result.Succeeded;
}

/// <summary>
/// A recurring series of events (key: the series id). It owns the rule and the list of its occurrences; each
/// occurrence is an ordinary event (<see cref="IEventGrain"/>, key <c>{seriesId}-{yyyymmdd}</c>) linked to the
/// series, so registration, seats, waitlist, confirmation holds, reminders and attendance are each occurrence's own.
/// </summary>
[Alias("cc.IEventSeriesGrain")]
public interface IEventSeriesGrain : IGrainWithStringKey
{
    /// <summary>Null until the series is published.</summary>
    [Alias("GetSnapshot")]
    Task<EventSeriesSnapshot?> GetSnapshot();

    /// <summary>
    /// Publishes the series: <paramref name="first"/> is the first occurrence (its start and end give every
    /// occurrence's time of day); the rule gives the dates. Refused whole (nothing published) when the definition or
    /// the rule is invalid, or the rule gives more than <see cref="RecurrenceRule.MaxOccurrences"/> occurrences or a
    /// year. Publishing again with the same definition and rule completes an interrupted publication.
    /// </summary>
    [Alias("Publish")]
    Task<SeriesResult> Publish(EventDefinition first, RecurrenceRule rule, Actor actor, EventHostRights rights);

    /// <summary>
    /// Changes the whole series (title, description, place, seats, hosts...; not its times): every occurrence not yet
    /// past and not cancelled takes the change, keeping its own (possibly moved) time; past ones stay as they were.
    /// </summary>
    [Alias("Update")]
    Task<CommandResult> Update(EventDefinition definition, Actor actor, EventHostRights rights);

    /// <summary>Cancels one occurrence (its registrants are told); the rest of the series is unchanged.</summary>
    [Alias("CancelOccurrence")]
    Task<CommandResult> CancelOccurrence(string eventId, Actor actor);

    /// <summary>Moves one occurrence to another time; the rest of the series is unchanged.</summary>
    [Alias("MoveOccurrence")]
    Task<CommandResult> MoveOccurrence(string eventId, DateTimeOffset start, DateTimeOffset end, Actor actor, EventHostRights rights);
}
