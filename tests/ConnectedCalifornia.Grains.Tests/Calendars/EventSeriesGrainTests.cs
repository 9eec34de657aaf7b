using System.Collections.Immutable;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Testing;
using static ConnectedCalifornia.Testing.TestData;

namespace ConnectedCalifornia.Calendars.Tests;

/// <summary>
/// Recurring series (issue 21): the rule's dates in California's wall-clock time across daylight saving, the limits,
/// registration per occurrence (seats, waitlist, holds), cancelling and moving one occurrence, and a change to the
/// whole series reaching only the occurrences not yet started.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class EventSeriesGrainTests(ClusterFixture fixture)
{
    private static readonly Actor Host = new("host-1", "Hana Host");
    private static readonly Actor Public = new("public", "Public registrant");
    private static readonly TimeZoneInfo Pacific = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");
    private readonly IGrainFactory _grains = fixture.Client;

    private ICalendarIndexGrain Index => _grains.GetGrain<ICalendarIndexGrain>(GrainKeys.CalendarIndex);

    /// <summary>6 pm Pacific on a wall-clock date.</summary>
    private static DateTimeOffset Evening(int year, int month, int day) => RecurrenceRule.FromPacific(new DateTime(year, month, day, 18, 0, 0));

    private static RecurrenceRule Weekly(int? count, params DayOfWeek[] days) => new(RecurrenceFrequency.Weekly, 1, [.. days], count, null);

    private async Task<(IEventSeriesGrain Series, EventDefinition First)> NewSeriesAsync(DateTimeOffset start, int capacity = 20)
    {
        var host = await CreateOrganizationAsync(_grains);
        var first = EventGrainTests.Training(host, capacity) with { Start = start, End = start + TimeSpan.FromHours(2), Title = "Weekly volunteer training" };
        return (_grains.GetGrain<IEventSeriesGrain>(NewKey("series")), first);
    }

    private async Task<ImmutableArray<SeriesOccurrence>> PublishAsync(IEventSeriesGrain series, EventDefinition first, RecurrenceRule rule)
    {
        var result = await series.Publish(first, rule, Host, EventHostRights.AnyHost);
        Assert.True(result.Succeeded, string.Join("; ", result.Result.Errors.Select(e => e.Message)));
        return result.Occurrences;
    }

    [Fact]
    public async Task Recurring_weekly_series_publishes_each_occurrence_as_an_event_at_the_same_wall_clock_time_across_daylight_saving()
    {
        // Tuesdays and Thursdays from Tuesday 5 March 2030; clocks go forward on Sunday 10 March.
        var (series, first) = await NewSeriesAsync(Evening(2030, 3, 5));
        var occurrences = await PublishAsync(series, first, Weekly(6, DayOfWeek.Tuesday, DayOfWeek.Thursday));

        Assert.Equal([5, 7, 12, 14, 19, 21], occurrences.Select(o => TimeZoneInfo.ConvertTime(o.RecurrenceId, Pacific).Day));
        foreach (var occurrence in occurrences)
        {
            var row = await Index.GetEvent(occurrence.EventId);
            Assert.NotNull(row);
            var local = TimeZoneInfo.ConvertTime(row.Start, Pacific);
            Assert.Equal((18, 20), (local.Hour, TimeZoneInfo.ConvertTime(row.End, Pacific).Hour));
            Assert.Equal((series.GetPrimaryKeyString(), (DateTimeOffset?)occurrence.RecurrenceId), (row.SeriesId, row.RecurrenceId));
            Assert.Equal("Weekly volunteer training", row.Title);
        }

        Assert.Equal([-8, -8, -7, -7, -7, -7], occurrences.Select(o => (int)Pacific.GetUtcOffset(o.RecurrenceId).TotalHours));
        Assert.Equal($"{series.GetPrimaryKeyString()}-20300312", occurrences[2].EventId);
        var snapshot = await series.GetSnapshot();
        Assert.Equal(occurrences.ToArray(), snapshot!.Occurrences.ToArray());

        // Publishing the same series again changes nothing (it only completes an interrupted publication).
        var again = await series.Publish(first, Weekly(6, DayOfWeek.Tuesday, DayOfWeek.Thursday), Host, EventHostRights.AnyHost);
        Assert.True(again.Succeeded);
        Assert.Equal(snapshot.Version, (await series.GetSnapshot())!.Version);
    }

    [Fact]
    public async Task Recurring_every_two_weeks_until_a_date_and_monthly_on_the_31st_give_the_rule_dates()
    {
        var (fortnightly, first) = await NewSeriesAsync(Evening(2030, 4, 1));
        var every2 = await PublishAsync(fortnightly, first, new RecurrenceRule(RecurrenceFrequency.Weekly, 2, [DayOfWeek.Monday], null, new DateOnly(2030, 5, 27)));
        Assert.Equal(["04-01", "04-15", "04-29", "05-13", "05-27"], every2.Select(o => TimeZoneInfo.ConvertTime(o.RecurrenceId, Pacific).ToString("MM-dd", System.Globalization.CultureInfo.InvariantCulture)));

        // Months without a 31st are skipped, as RFC 5545 says.
        var (monthly, firstMonthly) = await NewSeriesAsync(Evening(2030, 1, 31));
        var months = await PublishAsync(monthly, firstMonthly, new RecurrenceRule(RecurrenceFrequency.Monthly, 1, [], 4, null));
        Assert.Equal(["01-31", "03-31", "05-31", "07-31"], months.Select(o => TimeZoneInfo.ConvertTime(o.RecurrenceId, Pacific).ToString("MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task Recurring_rules_beyond_52_occurrences_or_a_year_or_that_contradict_the_first_date_are_refused_and_publish_nothing()
    {
        var (series, first) = await NewSeriesAsync(Evening(2030, 3, 5));
        var cases = new (RecurrenceRule Rule, string Field, string Says)[]
        {
            (new(RecurrenceFrequency.Weekly, 1, [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday], null, new DateOnly(2030, 12, 31)), "recurrence", "more than 52"),
            (Weekly(53, DayOfWeek.Tuesday), "recurrence.count", "2 to 52"),
            (new(RecurrenceFrequency.Monthly, 1, [], null, new DateOnly(2031, 6, 1)), "recurrence.until", "at most a year"),
            (Weekly(4, DayOfWeek.Wednesday), "recurrence.weekdays", "Tuesday"),
            (new(RecurrenceFrequency.Weekly, 1, [DayOfWeek.Tuesday], 4, new DateOnly(2030, 6, 1)), "recurrence.end", "one of the two"),
            (new(RecurrenceFrequency.Weekly, 13, [DayOfWeek.Tuesday], 4, null), "recurrence.interval", "1 to 12"),
            (new(RecurrenceFrequency.Monthly, 1, [DayOfWeek.Tuesday], 4, null), "recurrence.weekdays", "leave the weekdays empty"),
        };

        foreach (var (rule, field, says) in cases)
        {
            var result = await series.Publish(first, rule, Host, EventHostRights.AnyHost);
            Assert.False(result.Succeeded);
            Assert.Contains(result.Result.Errors, e => e.Field == field && e.Message.Contains(says, StringComparison.Ordinal));
        }

        Assert.Null(await series.GetSnapshot());
        Assert.Null(await _grains.GetGrain<IEventGrain>($"{series.GetPrimaryKeyString()}-20300305").GetSnapshot());
        Assert.Null(await Index.GetEvent($"{series.GetPrimaryKeyString()}-20300305"));
    }

    [Fact]
    public async Task Recurring_registration_is_per_occurrence_with_its_own_seats_waitlist_and_confirmation_holds()
    {
        var (series, first) = await NewSeriesAsync(Evening(2030, 3, 5), capacity: 1);
        var occurrences = await PublishAsync(series, first, Weekly(3, DayOfWeek.Tuesday));
        var second = _grains.GetGrain<IEventGrain>(occurrences[1].EventId);
        var third = _grains.GetGrain<IEventGrain>(occurrences[2].EventId);

        var rita = await second.Register(new RegistrationRequest(null, "Rita Registrant", "rita@example.org"), Public);
        var sam = await second.Register(new RegistrationRequest(null, "Sam Second", "sam@example.org"), Public);
        var samThird = await third.Register(new RegistrationRequest(null, "Sam Second", "sam@example.org"), Public);

        Assert.Equal(RegistrationStatus.Registered, rita.Registration!.Status);
        Assert.NotNull(rita.Registration.ConfirmBy);
        Assert.Equal(RegistrationStatus.Waitlisted, sam.Registration!.Status);
        Assert.Equal(RegistrationStatus.Registered, samThird.Registration!.Status);
        Assert.Equal((1, 1), ((await Index.GetEvent(occurrences[1].EventId))!.Registered, (await Index.GetEvent(occurrences[1].EventId))!.Waitlisted));
        Assert.Equal(0, (await Index.GetEvent(occurrences[0].EventId))!.Registered);

        // Rita's seat freed on the second date goes to Sam there; the third date is untouched.
        Assert.True((await second.CancelRegistration(rita.Registration.RegistrationId, Public)).Succeeded);
        Assert.Equal(RegistrationStatus.Registered, (await second.GetRegistration(sam.Registration.RegistrationId))!.Status);
        Assert.Equal(1, (await third.GetSnapshot())!.Registered);
    }

    [Fact]
    public async Task Recurring_cancelling_one_occurrence_tells_its_registrants_and_leaves_the_rest_of_the_series()
    {
        var (series, first) = await NewSeriesAsync(Evening(2030, 3, 5));
        var occurrences = await PublishAsync(series, first, Weekly(4, DayOfWeek.Tuesday));
        var second = _grains.GetGrain<IEventGrain>(occurrences[1].EventId);
        var registration = (await second.Register(new RegistrationRequest("member-1", "Mia Member", "mia@example.org"), new Actor("member-1", "Mia Member"))).Registration!;
        var before = (await series.GetSnapshot())!.Sequence;

        Assert.True((await series.CancelOccurrence(occurrences[1].EventId, Host)).Succeeded);

        var cancelled = await second.GetSnapshot();
        Assert.Equal(EventStatus.Cancelled, cancelled!.Status);
        Assert.Equal([registration.RegistrationId], cancelled.Cancellation!.RegistrantsToTell.ToArray());
        Assert.All(new[] { occurrences[0], occurrences[2], occurrences[3] }, o => Assert.Equal(EventStatus.Scheduled, Index.GetEvent(o.EventId).Result!.Status));
        Assert.Equal(before + 1, (await series.GetSnapshot())!.Sequence);

        var again = await series.CancelOccurrence(occurrences[1].EventId, Host);
        Assert.Contains(again.Errors, e => e.Message.Contains("already cancelled", StringComparison.Ordinal));
        Assert.True((await series.CancelOccurrence("another-series-20300305", Host)).NotFound);
    }

    [Fact]
    public async Task Recurring_moving_one_occurrence_keeps_its_recurrence_id_and_leaves_the_rest()
    {
        var (series, first) = await NewSeriesAsync(Evening(2030, 3, 5));
        var occurrences = await PublishAsync(series, first, Weekly(4, DayOfWeek.Tuesday));
        var newStart = RecurrenceRule.FromPacific(new DateTime(2030, 3, 20, 19, 0, 0));

        Assert.True((await series.MoveOccurrence(occurrences[2].EventId, newStart, newStart.AddHours(2), Host, EventHostRights.AnyHost)).Succeeded);

        var moved = (await Index.GetEvent(occurrences[2].EventId))!;
        Assert.Equal((newStart, (DateTimeOffset?)occurrences[2].RecurrenceId, EventStatus.Changed), (moved.Start, moved.RecurrenceId, moved.Status));
        Assert.Equal(occurrences[3].RecurrenceId, (await Index.GetEvent(occurrences[3].EventId))!.Start);

        // A move is validated as any event change: an end before the start changes nothing.
        var refused = await series.MoveOccurrence(occurrences[3].EventId, newStart, newStart.AddHours(-1), Host, EventHostRights.AnyHost);
        Assert.Contains(refused.Errors, e => e.Field == "end");
        Assert.Equal(occurrences[3].RecurrenceId, (await Index.GetEvent(occurrences[3].EventId))!.Start);
    }

    [Fact]
    public async Task Recurring_editing_the_whole_series_changes_the_occurrences_not_yet_started_only()
    {
        // Weekly from eight days ago: two occurrences are past, two upcoming.
        var now = ClusterFixture.Clock.GetUtcNow();
        var (series, first) = await NewSeriesAsync(TimeZoneInfo.ConvertTime(now - TimeSpan.FromDays(8), Pacific) is var local
            ? RecurrenceRule.FromPacific(local.Date.AddHours(18))
            : default);
        var rule = Weekly(4, TimeZoneInfo.ConvertTime(first.Start, Pacific).DayOfWeek);
        var occurrences = await PublishAsync(series, first, rule);
        var movedTo = occurrences[3].RecurrenceId.AddDays(1);
        Assert.True((await series.MoveOccurrence(occurrences[3].EventId, movedTo, movedTo.AddHours(2), Host, EventHostRights.AnyHost)).Succeeded);

        var changed = first with { Title = "Weekly volunteer training (new room)", Address = "500 New Street, Fresno, CA" };
        Assert.True((await series.Update(changed, Host, EventHostRights.AnyHost)).Succeeded);

        var rows = await Task.WhenAll(occurrences.Select(o => Index.GetEvent(o.EventId)));
        Assert.Equal(
            ["Weekly volunteer training", "Weekly volunteer training", "Weekly volunteer training (new room)", "Weekly volunteer training (new room)"],
            rows.Select(r => r!.Title));
        Assert.Equal(movedTo, rows[3]!.Start);
        Assert.Equal("500 New Street, Fresno, CA", (await _grains.GetGrain<IEventGrain>(occurrences[2].EventId).GetSnapshot())!.Definition.Address);

        // The series keeps its times: a change that moves them is refused, and nothing changes.
        var moving = await series.Update(changed with { Title = "Moved", Start = first.Start.AddHours(1), End = first.End.AddHours(1) }, Host, EventHostRights.AnyHost);
        Assert.Contains(moving.Errors, e => e.Field == "start");
        Assert.Equal("Weekly volunteer training (new room)", (await series.GetSnapshot())!.Definition.Title);
    }
}
