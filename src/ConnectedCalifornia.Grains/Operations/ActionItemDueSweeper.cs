using ConnectedCalifornia.Network;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConnectedCalifornia.Operations;

/// <summary>
/// Makes after-action item reminders durable the way the events' reminders are (SQLite has no Orleans
/// reminders): every silo asks the operation index every minute for operations with an item due; each
/// operation tells the item's organization once per due time and stores that it did, in the same write as
/// the notification, so a restart or a reactivation never loses or repeats one.
/// </summary>
public sealed class ActionItemDueSweeper(
    IGrainFactory grains,
    TimeProvider time,
    [FromKeyedServices(NetworkClock.Key)] TimeProvider networkClock,
    ILogger<ActionItemDueSweeper> logger)
    : PeriodicSiloSweep(time, logger)
{
    public static readonly TimeSpan Every = TimeSpan.FromMinutes(1);

    protected override TimeSpan Interval => Every;

    /// <summary>Asks every operation with an item due at <paramref name="now"/> to send its reminders; returns how many items were due.</summary>
    public static async Task<int> SweepAsync(IGrainFactory grains, DateTimeOffset now)
    {
        var sent = 0;
        foreach (var operationId in await grains.GetGrain<IOperationIndexGrain>(OperationKeys.Index).GetItemsDue(now))
        {
            sent += await grains.GetGrain<IOperationGrain>(operationId).SendDueItemReminders();
        }

        return sent;
    }

    protected override Task SweepOnceAsync() => SweepAsync(grains, networkClock.GetUtcNow());
}
