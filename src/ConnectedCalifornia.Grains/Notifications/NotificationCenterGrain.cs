using System.Collections.Immutable;
using ConnectedCalifornia.Network;
using Microsoft.Extensions.DependencyInjection;

namespace ConnectedCalifornia.Notifications;

[GenerateSerializer, Immutable, Alias("cc.NotificationCenterState")]
public sealed record NotificationCenterState
{
    /// <summary>Newest first, at most <see cref="NotificationCenterGrain.Kept"/>.</summary>
    [Id(0)]
    public ImmutableArray<InAppNotification> Items { get; init; } = [];

    [Id(1)]
    public ImmutableDictionary<string, EmailDelivery> Preferences { get; init; } = ImmutableDictionary<string, EmailDelivery>.Empty;

    [Id(2)]
    public long Version { get; init; }
}

/// <summary>One person's notification center (key: the user id). See <see cref="INotificationCenterGrain"/>.</summary>
public sealed class NotificationCenterGrain(
    [PersistentState("notification-center", StorageNames.Network)] IPersistentState<NotificationCenterState> state,
    AnnouncementPublisher publisher,
    [FromKeyedServices(NetworkClock.Key)] TimeProvider clock)
    : Grain, INotificationCenterGrain
{
    /// <summary>How many notifications a person's center keeps.</summary>
    public const int Kept = 200;

    private string Key => this.GetPrimaryKeyString();

    public async Task<bool> Add(InAppNotification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var items = Normalize.Array(state.State.Items);
        if (items.Any(n => n.Id == notification.Id))
        {
            return false;
        }

        // Newest first by time: a notification delivered late (after a retry) still sorts where it belongs.
        var next = items.Add(notification with { ReadAt = null }).Sort((a, b) => b.At.CompareTo(a.At));
        await CommitAsync(state.State with { Items = next.Length > Kept ? next[..Kept] : next }, "New notification");
        return true;
    }

    public Task<NotificationCenterView> View(int max)
    {
        var items = Normalize.Array(state.State.Items);
        return Task.FromResult(new NotificationCenterView([.. items.Take(Math.Clamp(max, 0, Kept))], items.Count(n => n.ReadAt is null)));
    }

    public async Task<CommandResult> MarkRead(string? notificationId)
    {
        var items = Normalize.Array(state.State.Items);
        var now = clock.GetUtcNow();
        if (notificationId is not null && items.All(n => n.Id != notificationId))
        {
            return CommandResult.Missing("Notification");
        }

        var next = items.Select(n => n.ReadAt is null && (notificationId is null || n.Id == notificationId) ? n with { ReadAt = now } : n).ToImmutableArray();
        if (next.SequenceEqual(items))
        {
            return CommandResult.Ok(state.State.Version);
        }

        await CommitAsync(state.State with { Items = next }, "Read");
        return CommandResult.Ok(state.State.Version);
    }

    public Task<ImmutableDictionary<string, EmailDelivery>> GetPreferences() =>
        Task.FromResult(state.State.Preferences ?? ImmutableDictionary<string, EmailDelivery>.Empty);

    public async Task<CommandResult> SetPreference(string kind, EmailDelivery delivery)
    {
        var known = NotificationKinds.Find(kind);
        if (known is null)
        {
            return CommandResult.Invalid("kind", "There is no such kind of notification.");
        }

        if (!Enum.IsDefined(delivery))
        {
            return CommandResult.Invalid("delivery", "Choose immediately, daily digest or off.");
        }

        if (known.Mandatory && delivery != EmailDelivery.Immediately)
        {
            return CommandResult.Invalid("delivery", $"\"{known.Label}\" is always sent at once: it cannot be turned off or put into a digest.");
        }

        var preferences = state.State.Preferences ?? ImmutableDictionary<string, EmailDelivery>.Empty;
        var next = delivery == EmailDelivery.Immediately ? preferences.Remove(kind) : preferences.SetItem(kind, delivery);
        if (next == preferences)
        {
            return CommandResult.Ok(state.State.Version);
        }

        await CommitAsync(state.State with { Preferences = next }, "Preferences changed");
        return CommandResult.Ok(state.State.Version);
    }

    private async Task CommitAsync(NotificationCenterState next, string summary)
    {
        var stamped = next with { Version = state.State.Version + 1 };
        await state.WriteOrRestoreAsync(stamped);
        var unread = stamped.Items.Count(n => n.ReadAt is null);
        await publisher.Publish(new NetworkAnnouncement(
            [Topics.Person(Key)], AnnouncementKinds.NotificationsChanged, Key, stamped.Version, $"{unread} unread", summary, clock.GetUtcNow(), string.Empty));
    }
}
