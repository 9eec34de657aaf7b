using System.Collections.Immutable;
using ConnectedCalifornia.Network;
using Microsoft.Extensions.Logging;

namespace ConnectedCalifornia.Notifications;

/// <summary>
/// Where notifications wait for delivery: a table of the network's database (Hosting's
/// <c>AdoNetNotificationOutbox</c>). Saving is idempotent by <see cref="Notification.Id"/>: a
/// notification saved twice (a grain that re-hands its pending ones after a crash) is kept once.
/// </summary>
public interface INotificationOutbox
{
    /// <summary>Saves the notifications (those already there are left as they are); throws if the database cannot take them now.</summary>
    Task SaveAsync(IReadOnlyCollection<Notification> notifications, CancellationToken cancellationToken = default);
}

/// <summary>
/// The transactional outbox as the grains use it. A grain puts the notifications a change causes into
/// its own state, so they are written in the same storage write as the change (a crash after the write
/// loses nothing, and a refused write sends nothing). Right after the write the grain hands them to the
/// outbox and forgets them in memory; the next write stores that. Until then a re-activated grain hands
/// them over again, which the outbox ignores, so nothing is sent twice.
/// </summary>
public static partial class NotificationOutboxExtensions
{
    /// <summary>Pending notifications older than this are dropped on activation rather than sent late (the outbox keeps delivered ids as long).</summary>
    public static readonly TimeSpan Freshness = TimeSpan.FromDays(7);

    /// <summary>
    /// Hands the state's pending notifications to the outbox. On success <paramref name="clear"/> takes
    /// them out of the state in memory; on failure they stay (and are handed over with the next change,
    /// or on the next activation), and the failure is logged without their content.
    /// </summary>
    public static async Task FlushAsync<TState>(
        this INotificationOutbox outbox,
        IPersistentState<TState> state,
        Func<TState, ImmutableArray<Notification>> pending,
        Func<TState, TState> clear,
        ILogger logger,
        DateTimeOffset now)
    {
        var items = pending(state.State);
        if (items.IsDefaultOrEmpty)
        {
            return;
        }

        var fresh = items.Where(n => now - n.At <= Freshness).ToList();
        try
        {
            if (fresh.Count > 0)
            {
                await outbox.SaveAsync(fresh);
            }

            // Only what was handed over leaves the state: another turn cannot interleave (the grain is
            // single-threaded), so nothing new arrived meanwhile.
            state.State = clear(state.State);
        }
        catch (Exception exception)
        {
            LogOutboxFailed(logger, exception, fresh.Count, state.GetType().Name);
        }
    }

    [LoggerMessage(1301, LogLevel.Warning, "{Count} notification(s) could not be handed to the outbox; they stay in the grain's state ({State}) and go with its next change or activation.")]
    private static partial void LogOutboxFailed(ILogger logger, Exception exception, int count, string state);
}
