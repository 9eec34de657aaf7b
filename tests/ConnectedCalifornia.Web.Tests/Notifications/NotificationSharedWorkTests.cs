using System.Collections.Immutable;
using ConnectedCalifornia.Notifications;
using ConnectedCalifornia.Web.Notifications;

namespace ConnectedCalifornia.Web.Tests.Notifications;

/// <summary>
/// What every recipient's message of a notification shares (an event's .ics, a task force's name) is built once
/// per notification expanded, however many people it goes to; a later expansion (the notification read again) builds it afresh.
/// </summary>
public sealed class NotificationSharedWorkTests
{
    [Fact]
    public async Task Notification_shared_work_runs_once_per_expanded_notification_and_key()
    {
        var runs = 0;
        Task<string> Work() => Task.FromResult($"built {Interlocked.Increment(ref runs)}");
        var notification = new Notification("event:e1:registered:r1", NotificationKinds.EventRegistered, DateTimeOffset.UtcNow,
            [NotificationAudience.Address("a@example.org", null)], ImmutableSortedDictionary<string, string>.Empty, null);

        // Three recipients of one expansion: built once.
        foreach (var _ in Enumerable.Range(0, 3))
        {
            Assert.Equal("built 1", await NotificationText.Shared(notification, "event.ics", Work));
        }

        // Another key of the same notification, and the same notification read again for a later expansion (an equal record, another object): built again.
        Assert.Equal("built 2", await NotificationText.Shared(notification, "task-force.name", Work));
        Assert.Equal("built 3", await NotificationText.Shared(notification with { }, "event.ics", Work));
        Assert.Equal(3, runs);
    }
}
