using System.Collections.Concurrent;
using System.Collections.Immutable;
using ConnectedCalifornia.Network;
using Microsoft.AspNetCore.SignalR;

namespace ConnectedCalifornia.Web.Live;

/// <summary>
/// This node's one receiver of grain announcements. It registers itself with the node registry
/// grain (and renews the registration), then fans every announcement out on this node: to the
/// Blazor components that subscribed to its topics, and to the SignalR group of each topic.
/// Announcements older than one already delivered for the same entity and topic are dropped,
/// so each topic stays in order.
/// </summary>
public sealed partial class LiveUpdateBridge(
    IClusterClient client,
    IHubContext<NetworkHub, INetworkClient> hub,
    ILogger<LiveUpdateBridge> logger) : BackgroundService, INetworkNodeObserver
{
    private const int RecentPerTopic = 20;

    private readonly ConcurrentDictionary<string, ImmutableList<Subscription>> _subscribers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Topic, string Entity), long> _lastVersion = new();
    private readonly ConcurrentDictionary<string, RecentMessages> _recent = new(StringComparer.Ordinal);
    private INetworkNodeObserver? _reference;

    /// <summary>Subscribes a Blazor component to topics; dispose the result when the component goes.</summary>
    public IDisposable Subscribe(IEnumerable<string> topics, Func<AnnouncementMessage, Task> onAnnouncement)
    {
        var subscription = new Subscription([.. topics.Distinct(StringComparer.Ordinal)], onAnnouncement, this);
        foreach (var topic in subscription.Topics)
        {
            _subscribers.AddOrUpdate(topic, _ => [subscription], (_, list) => list.Add(subscription));
        }

        return subscription;
    }

    /// <summary>The latest announcements of a topic seen by this node, oldest first.</summary>
    public ImmutableArray<AnnouncementMessage> Recent(string topic) =>
        _recent.TryGetValue(topic, out var recent) ? [.. recent.Queue] : [];

    public async Task Deliver(ImmutableArray<NetworkAnnouncement> announcements)
    {
        foreach (var announcement in announcements)
        {
            foreach (var topic in announcement.Topics)
            {
                if (!IsNewer(topic, announcement))
                {
                    continue;
                }

                var message = AnnouncementMessage.From(topic, announcement);
                Remember(topic, message);
                await SendToGroupAsync(topic, message);
                if (_subscribers.TryGetValue(topic, out var list))
                {
                    foreach (var subscription in list)
                    {
                        _ = subscription.NotifyAsync(message);
                    }
                }
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _reference = client.CreateObjectReference<INetworkNodeObserver>(this);
        var registry = client.GetGrain<INetworkNodeRegistryGrain>(GrainKeys.NodeRegistry);
        using var timer = new PeriodicTimer(NetworkNodeRegistration.RenewalInterval);
        do
        {
            try
            {
                await registry.Register(_reference);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogRegistrationFailed(ex);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_reference is not null)
        {
            try
            {
                await client.GetGrain<INetworkNodeRegistryGrain>(GrainKeys.NodeRegistry).Unregister(_reference).WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogRegistrationFailed(ex);
            }

            try
            {
                client.DeleteObjectReference<INetworkNodeObserver>(_reference);
            }
            catch (ArgumentException)
            {
                // The co-hosted silo already let go of it while stopping.
            }
        }

        await base.StopAsync(cancellationToken);
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken token)
    {
        try
        {
            return await timer.WaitForNextTickAsync(token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private bool IsNewer(string topic, NetworkAnnouncement announcement)
    {
        var key = (topic, announcement.EntityId);
        while (true)
        {
            if (!_lastVersion.TryGetValue(key, out var last))
            {
                if (_lastVersion.TryAdd(key, announcement.Version))
                {
                    return true;
                }

                continue;
            }

            if (announcement.Version <= last)
            {
                return false;
            }

            if (_lastVersion.TryUpdate(key, announcement.Version, last))
            {
                return true;
            }
        }
    }

    /// <summary>
    /// Keeps the newest <see cref="RecentPerTopic"/> messages of a topic. The count travels with the queue:
    /// counting the immutable queue on every announcement walked (and reversed) it each time, four topics
    /// per capacity change.
    /// </summary>
    private void Remember(string topic, AnnouncementMessage message) =>
        _recent.AddOrUpdate(
            topic,
            static (_, message) => new RecentMessages(ImmutableQueue.Create(message), 1),
            static (_, recent, message) => recent.Count < RecentPerTopic
                ? new RecentMessages(recent.Queue.Enqueue(message), recent.Count + 1)
                : new RecentMessages(recent.Queue.Dequeue().Enqueue(message), recent.Count),
            message);

    private async Task SendToGroupAsync(string topic, AnnouncementMessage message)
    {
        try
        {
            await hub.Clients.Group(topic).Announcement(message);
        }
        catch (Exception ex)
        {
            LogSendFailed(ex, topic);
        }
    }

    private void Unsubscribe(Subscription subscription)
    {
        foreach (var topic in subscription.Topics)
        {
            _subscribers.AddOrUpdate(topic, _ => [], (_, list) => list.Remove(subscription));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not register this node for live updates; retrying")]
    private partial void LogRegistrationFailed(Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not send a live update to group {Topic}")]
    private partial void LogSendFailed(Exception ex, string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A live-update subscriber failed")]
    private partial void LogSubscriberFailed(Exception ex);

    private sealed class Subscription(ImmutableArray<string> topics, Func<AnnouncementMessage, Task> handler, LiveUpdateBridge owner) : IDisposable
    {
        private int _disposed;

        public ImmutableArray<string> Topics { get; } = topics;

        public async Task NotifyAsync(AnnouncementMessage message)
        {
            if (Volatile.Read(ref _disposed) == 1)
            {
                return;
            }

            try
            {
                await handler(message);
            }
            catch (Exception ex)
            {
                owner.LogSubscriberFailed(ex);
            }
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Unsubscribe(this);
            }
        }
    }

    /// <summary>A topic's newest messages, oldest first, and how many there are.</summary>
    private sealed record RecentMessages(ImmutableQueue<AnnouncementMessage> Queue, int Count);
}
