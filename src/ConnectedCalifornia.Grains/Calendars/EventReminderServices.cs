using System.Collections.Immutable;
using ConnectedCalifornia.Network;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace ConnectedCalifornia.Calendars;

/// <summary>The default reminder delivery: in-app, into each member's inbox. Recipients without an account are left to an e-mail sender.</summary>
public sealed class InAppReminderSender(IGrainFactory grains) : IEventReminderSender
{
    public async Task SendAsync(EventReminder reminder, CancellationToken cancellationToken = default)
    {
        var message = reminder.Kind switch
        {
            EventReminders.DayBefore => "Reminder: this is tomorrow.",
            EventReminders.HourBefore => "Reminder: this starts in an hour.",
            _ => "The event has ended: please mark who attended.",
        };
        foreach (var userId in reminder.Recipients.Select(r => r.UserId).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            await grains.GetGrain<IReminderInboxGrain>(userId).Add(new InAppReminder(reminder.Kind, reminder.EventId, reminder.Title, message, reminder.Kind == EventReminders.AttendancePrompt ? reminder.End : reminder.Start));
        }
    }
}

[GenerateSerializer, Immutable, Alias("cc.ReminderInboxState")]
public sealed record ReminderInboxState
{
    [Id(0)]
    public ImmutableArray<InAppReminder> Reminders { get; init; } = [];
}

public sealed class ReminderInboxGrain(
    [PersistentState("reminder-inbox", StorageNames.Network)] IPersistentState<ReminderInboxState> state)
    : Grain, IReminderInboxGrain
{
    private const int Kept = 100;

    public async Task Add(InAppReminder reminder)
    {
        var current = Normalize.Array(state.State.Reminders);
        if (current.Any(r => r.EventId == reminder.EventId && r.Kind == reminder.Kind))
        {
            return;
        }

        var next = current.Insert(0, reminder);
        state.State = new ReminderInboxState { Reminders = next.Length > Kept ? next[..Kept] : next };
        await state.WriteStateAsync();
    }

    public Task<ImmutableArray<InAppReminder>> List() => Task.FromResult(Normalize.Array(state.State.Reminders));
}

/// <summary>
/// Makes reminders durable without Orleans reminders (SQLite has none): every silo asks the
/// calendar index every minute for events with a reminder due; each event sends each reminder
/// once and stores that it did, so a restart never loses or repeats one.
/// </summary>
public sealed class EventReminderSweeper(
    IGrainFactory grains,
    TimeProvider time,
    [FromKeyedServices(NetworkClock.Key)] TimeProvider networkClock,
    ILogger<EventReminderSweeper> logger)
    : PeriodicSiloSweep(time, logger)
{
    public static readonly TimeSpan Every = TimeSpan.FromMinutes(1);

    protected override TimeSpan Interval => Every;

    /// <summary>Asks every event with a reminder due at <paramref name="now"/> to send it; returns how many reminders went out.</summary>
    public static async Task<int> SweepAsync(IGrainFactory grains, DateTimeOffset now)
    {
        var sent = 0;
        foreach (var eventId in await grains.GetGrain<ICalendarIndexGrain>(GrainKeys.CalendarIndex).GetDueReminders(now))
        {
            sent += await grains.GetGrain<IEventGrain>(eventId).SendDueReminders();
        }

        return sent;
    }

    protected override Task SweepOnceAsync() => SweepAsync(grains, networkClock.GetUtcNow());
}

public static class CalendarGrainServiceCollectionExtensions
{
    /// <summary>The calendars' silo services: in-app reminder delivery (replaceable) and the reminder sweep.</summary>
    public static IServiceCollection AddCalendarGrainServices(this IServiceCollection services)
    {
        services.TryAddSingleton<IEventReminderSender, InAppReminderSender>();
        return services.AddSiloSweep<EventReminderSweeper>();
    }
}
