using System.Collections.Immutable;
using ConnectedCalifornia.Network;

namespace ConnectedCalifornia.Notifications;

/// <summary>One notification as its person sees it in the app's notification center.</summary>
[GenerateSerializer, Immutable, Alias("cc.InAppNotification")]
public sealed record InAppNotification(
    [property: Id(0)] string Id,
    [property: Id(1)] string Kind,
    [property: Id(2)] string Title,
    [property: Id(3)] string Summary,
    [property: Id(4)] string? Link,
    [property: Id(5)] DateTimeOffset At,
    [property: Id(6)] DateTimeOffset? ReadAt = null);

/// <summary>A person's notification center: the list, what is unread, and how they want each kind by e-mail.</summary>
[GenerateSerializer, Immutable, Alias("cc.NotificationCenterView")]
public sealed record NotificationCenterView(
    [property: Id(0)] ImmutableArray<InAppNotification> Items,
    [property: Id(1)] int Unread);

/// <summary>
/// One person's notification center (key: the user id). The delivery loop adds each notification once
/// (by its id); the person reads, marks read and sets their e-mail preferences. Every change is announced
/// on <c>person:&lt;user id&gt;</c>, which only that person may follow, so the bell's count is live.
/// </summary>
[Alias("cc.INotificationCenterGrain")]
public interface INotificationCenterGrain : IGrainWithStringKey
{
    /// <summary>Adds a notification; false if one with its id is already there.</summary>
    [Alias("Add")]
    Task<bool> Add(InAppNotification notification);

    /// <summary>The newest <paramref name="max"/> notifications, newest first, and how many are unread.</summary>
    [Alias("View")]
    Task<NotificationCenterView> View(int max);

    /// <summary>Marks one notification read (or all of them when <paramref name="notificationId"/> is null).</summary>
    [Alias("MarkRead")]
    Task<CommandResult> MarkRead(string? notificationId);

    /// <summary>The person's e-mail preference per kind (kinds not listed: <see cref="EmailDelivery.Immediately"/>).</summary>
    [Alias("GetPreferences")]
    Task<ImmutableDictionary<string, EmailDelivery>> GetPreferences();

    /// <summary>Sets how the person wants a kind by e-mail; refused for an unknown kind and for turning off or delaying a mandatory one.</summary>
    [Alias("SetPreference")]
    Task<CommandResult> SetPreference(string kind, EmailDelivery delivery);
}
