using System.Collections.Concurrent;
using System.Collections.Immutable;
using ConnectedCalifornia.Hosting;
using ConnectedCalifornia.Network;
using Microsoft.AspNetCore.SignalR;

namespace ConnectedCalifornia.Web.Live;

/// <summary>
/// This node's one receiver of grain announcements. It fans every announcement out on this node, to the
/// Blazor components that subscribed to its topics and to the SignalR group of each topic, in the order of the
/// durable journal's cursors, and never misses one: what the live path does not bring, it reads from the journal.
/// </summary>
/// <remarks>
/// <para>
/// Every silo's publisher writes a batch to the journal before sending it, and cursors are committed in order,
/// so the cursors this node must see are all of them. The bridge keeps the highest cursor it fanned out
/// (<see cref="DeliveredThrough"/>): an announcement with the next cursor goes out at once; one further ahead
/// waits (another silo's batch with the cursors before it is usually a moment behind), and if the hole is still
/// there after <see cref="HoleWait"/> the bridge reads it from the journal. Every <see cref="PollInterval"/> it
/// also asks for the journal's highest cursor (one cheap query) and, only when that is ahead of its own, reads the
/// journal after its cursor, and fans out whatever the live path has not brought within one more interval: so a
/// node that no silo sends to (the registry that lists it was lost with its silo) still hears everything, at most
/// about two seconds late, and re-registers at once.
/// </para>
/// <para>
/// The node registers its observer with <see cref="INetworkNodeRegistryGrain"/> at start, renews it every
/// 30 seconds, and again as soon as the journal brings what the live path missed, or a silo joins or leaves the
/// cluster (on a <c>Client</c> node: a gateway connection opens or closes). A gap in the journal (<see cref="AnnouncementGap"/>: announcements a silo dropped or could not
/// journal) comes in its place in cursor order like any entry, and goes to every hub connection and every
/// subscription, whatever topics they follow. Nothing here grows with time: the out-of-order buffer is bounded (<see cref="MaxHeld"/>), a topic
/// without subscribers is forgotten, and the recent messages kept for the home page cover
/// <see cref="MaxRecentTopics"/> topics.
/// </para>
/// </remarks>
public sealed partial class LiveUpdateBridge(
    IClusterClient client,
    IHubContext<NetworkHub, INetworkClient> hub,
    IServiceProvider services,
    ILogger<LiveUpdateBridge> logger) : BackgroundService, INetworkNodeObserver
{
    /// <summary>How often the journal is read after this node's cursor.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    /// <summary>How long an announcement ahead of a hole waits for the live path before the journal is read.</summary>
    public static readonly TimeSpan HoleWait = TimeSpan.FromMilliseconds(250);

    /// <summary>Most announcements held back behind a hole; beyond it they go out without waiting.</summary>
    public const int MaxHeld = 10_000;

    /// <summary>Topics whose newest messages are kept in memory for the home page.</summary>
    public const int MaxRecentTopics = 5_000;

    private const int RecentPerTopic = 20;
    private const int JournalPageSize = 1000;
    private static readonly JournalPage NothingNew = new([], true);
    private static readonly TimeSpan RegisterAgainAfter = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan RegisterTimeout = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<string, ImmutableList<Subscription>> _subscribers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RecentMessages> _recent = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _fanout = new(1, 1);
    private readonly SortedDictionary<long, AnnouncementMessage> _held = [];
    private readonly SemaphoreSlim _wake = new(0, 1);
    private long _delivered = -1;
    private long _horizon;
    private long _caughtUp;
    private long _gaps;
    private long _lastLagTicks = -1;
    private DateTimeOffset _lastRegistered = DateTimeOffset.MinValue;
    private bool _registerNow;
    private INetworkNodeObserver? _reference;

    /// <summary>The highest journal cursor this node has fanned out, with every one before it (-1 before the node started).</summary>
    public long DeliveredThrough => Interlocked.Read(ref _delivered);

    /// <summary>How many gaps (<see cref="AnnouncementGap"/>) this node has told its clients of.</summary>
    public long GapsFannedOut => Interlocked.Read(ref _gaps);

    /// <summary>How many topic messages this node took from the journal because the live path had not brought them.</summary>
    public long CaughtUpFromJournal => Interlocked.Read(ref _caughtUp);

    /// <summary>
    /// The lag of the last announcement that reached this node (its change's time to its arrival here; the
    /// <c>connectedcalifornia.announcements.lag</c> histogram records every one), or null before the first.
    /// </summary>
    public TimeSpan? LastLag => Interlocked.Read(ref _lastLagTicks) is >= 0 and var ticks ? TimeSpan.FromTicks(ticks) : null;

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

    /// <summary>
    /// The latest announcements of a topic this node fanned out since it started, oldest first, as they came (the
    /// home page's list; a hub join hands them out without their text).
    /// </summary>
    public ImmutableArray<AnnouncementMessage> Recent(string topic) =>
        _recent.TryGetValue(topic, out var recent) ? [.. recent.Queue] : [];

    /// <summary>
    /// Every announcement of a topic after <paramref name="after"/> from the durable journal (at most
    /// <paramref name="max"/>), oldest first; none, and not complete, if the journal cannot be read.
    /// </summary>
    public async Task<JoinResult> JournalAfterAsync(string topic, long after, int max)
    {
        try
        {
            var page = await Journal.ReadTopicAfter(topic, after, max);
            return new JoinResult(true, null, [.. page.Entries.Select(AnnouncementMessage.From)], page.Complete);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogJournalReadFailed(ex);
            return new JoinResult(true, null, [], false);
        }
    }

    private IAnnouncementJournalGrain Journal => client.GetGrain<IAnnouncementJournalGrain>(0);

    public async Task Deliver(ImmutableArray<NetworkAnnouncement> announcements)
    {
        await _fanout.WaitAsync();
        try
        {
            var now = DateTimeOffset.UtcNow;
            foreach (var announcement in announcements)
            {
                NetworkMetrics.CountDelivered(announcement.Kind, now - announcement.At);
                Interlocked.Exchange(ref _lastLagTicks, Math.Max(0, (now - announcement.At).Ticks));
                for (var i = 0; i < announcement.Topics.Length; i++)
                {
                    var cursor = announcement.CursorAt(i);
                    var message = AnnouncementMessage.From(announcement.Topics[i], announcement, cursor);
                    if (cursor == 0)
                    {
                        // Not in the journal (it could not be written): nothing to order it by, so it goes out as it comes.
                        await FanOutAsync(message);
                    }
                    else if (cursor > _delivered)
                    {
                        _held.TryAdd(cursor, message);
                    }
                }
            }

            await DrainAsync();
            if (_held.Count > 0 && _delivered >= 0)
            {
                Wake();
            }
        }
        finally
        {
            _fanout.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _reference = client.CreateObjectReference<INetworkNodeObserver>(this);
        WatchMembership(stoppingToken);
        await StartAtJournalEndAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            await RegisterWhenDueAsync();
            var hole = await WaitAsync(stoppingToken);
            if (stoppingToken.IsCancellationRequested)
            {
                break;
            }

            try
            {
                await CatchUpAsync(hole);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogJournalReadFailed(ex);
            }
        }
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

    /// <summary>The node starts at the journal's end: what came before it started is no one's on this node.</summary>
    private async Task StartAtJournalEndAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var latest = await Journal.Latest();
                await _fanout.WaitAsync(stoppingToken);
                try
                {
                    foreach (var old in _held.Keys.Where(k => k <= latest).ToList())
                    {
                        _held.Remove(old);
                    }

                    Interlocked.Exchange(ref _delivered, latest);
                    _horizon = latest;
                    await DrainAsync();
                }
                finally
                {
                    _fanout.Release();
                }

                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogJournalReadFailed(ex);
                await Task.Delay(PollInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>
    /// Reads the journal after this node's cursor and fans out, in order, what is known to be complete: up to the
    /// cursor held back behind a hole (a live announcement's cursor was committed after all before it), and up to
    /// what the previous read saw (the live path had a whole interval to bring it).
    /// </summary>
    private async Task CatchUpAsync(bool hole)
    {
        var from = DeliveredThrough;

        // Most polls find nothing new: one cheap look at the journal's end, and a read only when it is ahead.
        var page = await Journal.Latest() > from ? await Journal.ReadAfter(from, JournalPageSize) : NothingNew;
        await _fanout.WaitAsync();
        try
        {
            var upTo = _horizon;
            if (hole && _held.Count > 0)
            {
                upTo = Math.Max(upTo, _held.Keys.Max());
            }

            if (!page.Complete && !page.Entries.IsEmpty)
            {
                upTo = Math.Min(upTo, page.Entries[^1].Cursor);
            }

            var taken = 0;
            foreach (var entry in page.Entries)
            {
                if (entry.Cursor <= upTo && entry.Cursor > _delivered && _held.TryAdd(entry.Cursor, AnnouncementMessage.From(entry)))
                {
                    taken++;
                }
            }

            // Below upTo the journal's answer is final: a cursor it does not have was rolled back, or deleted as too old.
            await DrainAsync(upTo);
            _horizon = page.Entries.IsEmpty ? _delivered : page.Entries[^1].Cursor;
            if (taken > 0)
            {
                Interlocked.Add(ref _caughtUp, taken);
                LogCaughtUp(taken);
                _registerNow = true;
            }

            if (!page.Complete || (_held.Count > 0 && _held.Keys.Min() > _delivered + 1))
            {
                Wake();
            }
        }
        finally
        {
            _fanout.Release();
        }
    }

    /// <summary>Fans out, in cursor order, what follows the cursor (and, with <paramref name="through"/>, everything held up to it).</summary>
    private async Task DrainAsync(long through = long.MinValue)
    {
        if (_delivered < 0)
        {
            return;
        }

        if (_held.Count > MaxHeld)
        {
            // The journal has not answered for a long while: better late and out of step than held for ever.
            through = Math.Max(through, _held.Keys.Max());
        }

        while (_held.Count > 0)
        {
            var (cursor, message) = _held.First();
            if (cursor > _delivered + 1 && cursor > through)
            {
                break;
            }

            _held.Remove(cursor);
            if (cursor > _delivered)
            {
                Interlocked.Exchange(ref _delivered, cursor);
                await FanOutAsync(message);
            }
        }

        if (through > _delivered)
        {
            Interlocked.Exchange(ref _delivered, through);
        }
    }

    private async Task FanOutAsync(AnnouncementMessage message)
    {
        if (message.IsGap())
        {
            await FanOutGapAsync(message);
            return;
        }

        Remember(message.Topic, message);
        await SendToGroupAsync(message.Topic, message);
        if (_subscribers.TryGetValue(message.Topic, out var list))
        {
            foreach (var subscription in list)
            {
                _ = subscription.NotifyAsync(message);
            }
        }
    }

    /// <summary>
    /// A gap (<see cref="AnnouncementGap"/>) concerns every topic: it goes to every hub connection, whatever it
    /// joined, and to every subscription on this node, once each; they reload what they show.
    /// </summary>
    private async Task FanOutGapAsync(AnnouncementMessage gap)
    {
        Interlocked.Increment(ref _gaps);
        LogGap(gap.Cursor, gap.Version);
        try
        {
            await hub.Clients.All.Announcement(gap);
        }
        catch (Exception ex)
        {
            LogSendFailed(ex, gap.Topic);
        }

        foreach (var subscription in _subscribers.Values.SelectMany(list => list).Distinct())
        {
            _ = subscription.NotifyAsync(gap);
        }
    }

    private void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken.
        }
    }

    /// <summary>Waits for the next poll, or for a hole (then a moment more, for the live path to fill it); true for a hole.</summary>
    private async Task<bool> WaitAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (await _wake.WaitAsync(PollInterval, stoppingToken))
            {
                await Task.Delay(HoleWait, stoppingToken);
                return true;
            }
        }
        catch (OperationCanceledException)
        {
        }

        return false;
    }

    private async Task RegisterWhenDueAsync()
    {
        var now = DateTimeOffset.UtcNow;
        if (_reference is null
            || (now - _lastRegistered < NetworkNodeRegistration.RenewalInterval && !(_registerNow && now - _lastRegistered >= RegisterAgainAfter)))
        {
            return;
        }

        _registerNow = false;
        try
        {
            // Bounded: a call lost with a dying silo would otherwise hold up this loop, and the journal reads with it.
            await client.GetGrain<INetworkNodeRegistryGrain>(GrainKeys.NodeRegistry).Register(_reference).WaitAsync(RegisterTimeout);
            _lastRegistered = now;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRegistrationFailed(ex);
            _registerNow = true;
        }
    }

    /// <summary>
    /// A silo that joins or leaves (dies) makes the node register again at once, so a registry reactivated
    /// elsewhere, and a new silo's publisher, know this node within moments. A node that hosts a silo sees the
    /// cluster's membership; a <c>Client</c> node has no membership view and sees its gateways come and go instead
    /// (<see cref="ClusterGatewayWatch"/>).
    /// </summary>
    private void WatchMembership(CancellationToken stoppingToken)
    {
        if (services.GetService<ClusterGatewayWatch>() is { } gateways)
        {
            gateways.Changed += RegisterAgainNow;
            stoppingToken.Register(() => gateways.Changed -= RegisterAgainNow);
        }

        if (services.GetService<Orleans.Runtime.IClusterMembershipService>() is not { } membership)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                var known = -1;
                await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stoppingToken))
                {
                    var active = snapshot.Members.Count(m => m.Value.Status == Orleans.Runtime.SiloStatus.Active);
                    if (known >= 0 && active != known)
                    {
                        RegisterAgainNow();
                    }

                    known = active;
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (Exception ex)
            {
                LogRegistrationFailed(ex);
            }
        }, CancellationToken.None);
    }

    /// <summary>Registers this node with the node registry at the next turn of the loop, and again until it works.</summary>
    private void RegisterAgainNow()
    {
        _registerNow = true;
        _lastRegistered = DateTimeOffset.MinValue;
        Wake();
    }

    /// <summary>
    /// Keeps the newest <see cref="RecentPerTopic"/> messages of a topic, for at most <see cref="MaxRecentTopics"/>
    /// topics (the ones quiet the longest are forgotten first).
    /// </summary>
    private void Remember(string topic, AnnouncementMessage message)
    {
        _recent.AddOrUpdate(
            topic,
            static (_, message) => new RecentMessages(ImmutableQueue.Create(message), 1, message.At),
            static (_, recent, message) => recent.Count < RecentPerTopic
                ? new RecentMessages(recent.Queue.Enqueue(message), recent.Count + 1, message.At)
                : new RecentMessages(recent.Queue.Dequeue().Enqueue(message), recent.Count, message.At),
            message);
        if (_recent.Count > MaxRecentTopics + (MaxRecentTopics / 10))
        {
            foreach (var quiet in _recent.OrderBy(r => r.Value.Last).Take(_recent.Count - MaxRecentTopics).Select(r => r.Key).ToList())
            {
                _recent.TryRemove(quiet, out _);
            }
        }
    }

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
            var left = _subscribers.AddOrUpdate(topic, _ => [], (_, list) => list.Remove(subscription));
            if (left.IsEmpty)
            {
                // Only if nobody subscribed meanwhile (the value is still this very list).
                ((ICollection<KeyValuePair<string, ImmutableList<Subscription>>>)_subscribers).Remove(new(topic, left));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not register this node for live updates; retrying")]
    private partial void LogRegistrationFailed(Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the announcement journal; retrying")]
    private partial void LogJournalReadFailed(Exception ex);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} announcements came from the journal, not live; registering this node again")]
    private partial void LogCaughtUp(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not send a live update to group {Topic}")]
    private partial void LogSendFailed(Exception ex, string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A gap of {Count} announcements (journal cursor {Cursor}) was sent to every client of this node; they reload")]
    private partial void LogGap(long cursor, long count);

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

    /// <summary>A topic's newest messages, oldest first, how many there are, and when the newest was made.</summary>
    private sealed record RecentMessages(ImmutableQueue<AnnouncementMessage> Queue, int Count, DateTimeOffset Last);
}
