using System.Collections.Immutable;
using ConnectedCalifornia.Network;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace ConnectedCalifornia.Calendars;

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
    /// <summary>The calendars' silo services: the reminder sweep (reminders go out as notifications).</summary>
    public static IServiceCollection AddCalendarGrainServices(this IServiceCollection services)
    {
        return services.AddSiloSweep<EventReminderSweeper>();
    }
}
