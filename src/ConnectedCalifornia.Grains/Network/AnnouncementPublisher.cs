using System.Collections.Immutable;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConnectedCalifornia.Network;

/// <summary>
/// Writes the grains' announcements from this silo to the durable journal and sends them to every live web node.
/// </summary>
/// <remarks>
/// <para>
/// Grains await <see cref="Publish"/> after their state was written; it never throws, and its task ends when
/// the announcement is in the durable journal (<see cref="IAnnouncementJournal"/>), or when the journal could
/// not be written within <see cref="AnnouncementPublisherOptions.JournalTimeout"/>. So a change acknowledged to
/// its caller has its announcement in the journal, even if this silo dies the next moment, and every client can
/// catch it up. One background loop per silo takes the queue in FIFO order, gathers a batch
/// (up to <see cref="AnnouncementPublisherOptions.MaxBatchSize"/>, or what arrived within
/// <see cref="AnnouncementPublisherOptions.BatchWindow"/>), writes it to the journal in one transaction (which
/// stamps each announcement's cursors) and hands it to one sender per web node,
/// which calls <see cref="INetworkNodeObserver.Deliver"/> and waits for the node to take a batch
/// before sending the next. Since a grain lives on one silo and each sender sends in order, the
/// announcements of one grain reach every node in order.
/// </para>
/// <para>
/// An announcement that is dropped (the queue is full) or cannot be journaled in time leaves a gap: nobody can
/// replay it. The publisher counts such announcements and records the gap (<see cref="AnnouncementGap"/>) as one
/// journal entry in its next successful append, ahead of that batch; while a gap is waiting and nothing else comes,
/// it tries again every <see cref="GapRetryInterval"/>. The gap entry is sent live like any other, so every client
/// hears of it, and every later read of a topic that spans it answers incomplete.
/// </para>
/// <para>
/// The node list comes from <see cref="INetworkNodeRegistryGrain"/> and is reused for
/// <see cref="AnnouncementPublisherOptions.NodeRefreshInterval"/>, or read again right after any
/// failure. The loop starts when the silo becomes active and, when the silo stops, sends what is
/// still queued before it ends.
/// </para>
/// </remarks>
public sealed partial class AnnouncementPublisher : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private readonly IGrainFactory _grainFactory;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<AnnouncementPublisher> _logger;
    private readonly AnnouncementPublisherOptions _options;
    private readonly IAnnouncementJournal _journal;
    private readonly Channel<Pending> _queue;
    private readonly CancellationTokenSource _abort = new();
    private int _disposed;
    private static readonly TimeSpan FirstListWait = TimeSpan.FromSeconds(1);
    private readonly Dictionary<INetworkNodeObserver, DateTimeOffset> _lastListed = [];
    private HashSet<INetworkNodeObserver> _listedNow = [];
    private Task<ImmutableArray<INetworkNodeObserver>>? _refresh;
    private DateTimeOffset _nodesValidUntil = DateTimeOffset.MinValue;
    private Task? _loop;
    private static readonly TimeSpan SenderDrainTimeout = TimeSpan.FromSeconds(2);
    private readonly Dictionary<INetworkNodeObserver, NodeSender> _senders = [];
    private long _dropped;
    private long _missed;

    /// <summary>How soon a gap that could not be journaled is tried again when no announcement comes to carry it.</summary>
    public static readonly TimeSpan GapRetryInterval = TimeSpan.FromSeconds(1);

    /// <summary>Announcements dropped or not journaled whose gap is not in the journal yet (0 when every gap is recorded).</summary>
    public long UnrecordedGap => Interlocked.Read(ref _missed);

    public AnnouncementPublisher(
        IGrainFactory grainFactory,
        IAnnouncementJournal journal,
        TimeProvider timeProvider,
        IOptions<AnnouncementPublisherOptions> options,
        ILogger<AnnouncementPublisher> logger)
    {
        _grainFactory = grainFactory;
        _journal = journal;
        _timeProvider = timeProvider;
        _logger = logger;
        _options = options.Value;
        _queue = Channel.CreateBounded<Pending>(
            new BoundedChannelOptions(Math.Max(1, _options.QueueCapacity))
            {
                SingleReader = true,
                SingleWriter = false,
                FullMode = BoundedChannelFullMode.DropOldest,
            },
            OnDropped);
    }

    /// <summary>
    /// Queues an announcement for every web node; the task ends once it is journaled (or the journal gave up,
    /// see <see cref="AnnouncementPublisherOptions.JournalTimeout"/>). Never throws. Topics that
    /// <see cref="AnnouncementAudiences"/> does not declare for the kind are left out (and logged by
    /// kind and topic shape only): an announcement never reaches people who may not read what it names.
    /// </summary>
    public Task Publish(NetworkAnnouncement announcement)
    {
        try
        {
            var allowed = announcement.Topics.RemoveAll(topic => !AnnouncementAudiences.Allows(announcement.Kind, topic));
            if (allowed.Length != announcement.Topics.Length)
            {
                foreach (var topic in announcement.Topics.Except(allowed))
                {
                    LogUndeclaredTopic(announcement.Kind, Topics.TryParse(topic, out var prefix, out _) ? prefix : "(unknown)");
                }

                if (allowed.IsEmpty)
                {
                    return Task.CompletedTask;
                }

                announcement = announcement with { Topics = allowed };
            }

            NetworkMetrics.CountPublished(announcement.Kind);
            var pending = new Pending(announcement);
            if (!_queue.Writer.TryWrite(pending))
            {
                // The silo is stopping (grains still answer for a moment): no more live sends, but the change is
                // acknowledged, so its announcement still goes to the journal, where every node and client finds it.
                LogNotRunning(announcement.Kind, announcement.EntityId, announcement.Version);
                return JournalOnlyAsync(announcement);
            }

            return pending.Journaled.Task;
        }
        catch (Exception exception)
        {
            LogPublishFailed(exception, announcement.Kind, announcement.EntityId);
            return Task.CompletedTask;
        }
    }

    void ILifecycleParticipant<ISiloLifecycle>.Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(AnnouncementPublisher), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    /// <summary>Stops the loop. Safe to call more than once: DI disposes every registration that resolves to this instance.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _queue.Writer.TryComplete();
        _abort.Cancel();
        _abort.Dispose();
    }

    private Task StartAsync(CancellationToken cancellationToken)
    {
        _loop ??= Task.Run(() => RunAsync(_abort.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        // No more announcements are taken; what is queued is still sent unless the silo's stop
        // is cancelled (its time is up), then the loop is abandoned.
        _queue.Writer.TryComplete();
        if (_loop is null)
        {
            return;
        }

        using var registration = cancellationToken.Register(static state => ((CancellationTokenSource)state!).Cancel(), _abort);
        try
        {
            await _loop.ConfigureAwait(false);
            foreach (var sender in _senders.Values)
            {
                sender.Complete();
            }

            // A node that stopped first (this silo's own web node, say) never takes its last batch:
            // give the senders a moment, never the silo's whole shutdown.
            await Task.WhenAll(_senders.Values.Select(s => s.Completion)).WaitAsync(SenderDrainTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or TimeoutException)
        {
        }
    }

    private async Task RunAsync(CancellationToken abort)
    {
        var reader = _queue.Reader;
        var batch = new List<Pending>(_options.MaxBatchSize);
        try
        {
            while (await WaitForWorkAsync(reader, abort).ConfigureAwait(false))
            {
                if (reader.Count < _options.MaxBatchSize && _options.BatchWindow > TimeSpan.Zero && !reader.Completion.IsCompleted)
                {
                    await Task.Delay(_options.BatchWindow, _timeProvider, abort).ConfigureAwait(false);
                }

                batch.Clear();
                while (batch.Count < _options.MaxBatchSize && reader.TryRead(out var announcement))
                {
                    batch.Add(announcement);
                }

                var missed = Interlocked.Exchange(ref _missed, 0);
                if (batch.Count == 0 && missed == 0)
                {
                    continue;
                }

                try
                {
                    var journaled = await JournalAsync(batch, missed, abort).ConfigureAwait(false);

                    // The grains go on as soon as the batch is durable; sending never holds them up.
                    foreach (var pending in batch)
                    {
                        pending.Journaled.TrySetResult();
                    }

                    if (!journaled.IsEmpty)
                    {
                        await SendAsync(journaled).ConfigureAwait(false);
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    LogBatchFailed(exception, batch.Count);
                }
                finally
                {
                    if (abort.IsCancellationRequested)
                    {
                        // Cut off while writing: the grains answer only once the journal has it.
                        _ = JournalThenReleaseAsync([.. batch.Where(p => !p.Journaled.Task.IsCompleted)]);
                    }
                    else
                    {
                        foreach (var pending in batch)
                        {
                            pending.Journaled.TrySetResult();
                        }
                    }
                }
            }

            if (Interlocked.Exchange(ref _missed, 0) is > 0 and var missedAtStop)
            {
                // Stopping with a gap not yet recorded: one last try, so the clients still learn of it.
                await JournalAsync([], missedAtStop, abort).ConfigureAwait(false);
            }

            LogStopped();
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            LogAbandoned(reader.CanCount ? reader.Count : -1);
            var left = new List<Pending>();
            while (reader.TryRead(out var pending))
            {
                left.Add(pending);
            }

            // Not sent live any more, but what a grain is waiting for still reaches the journal before it answers.
            _ = JournalThenReleaseAsync(left);
        }
        catch (Exception exception)
        {
            // Not expected (SendAsync handles its own failures); logged so it is never silent.
            LogLoopFailed(exception);
        }
    }

    /// <summary>
    /// Waits for announcements to send; while a gap waits to be recorded, at most <see cref="GapRetryInterval"/>
    /// (true then too: the loop writes the gap alone). False once the queue is completed and empty.
    /// </summary>
    private async ValueTask<bool> WaitForWorkAsync(ChannelReader<Pending> reader, CancellationToken abort)
    {
        if (Interlocked.Read(ref _missed) == 0)
        {
            return await reader.WaitToReadAsync(abort).ConfigureAwait(false);
        }

        using var retry = CancellationTokenSource.CreateLinkedTokenSource(abort);
        retry.CancelAfter(GapRetryInterval);
        try
        {
            // False only once the queue is completed and empty: the loop ends, and tries the gap once more.
            return await reader.WaitToReadAsync(retry.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!abort.IsCancellationRequested)
        {
            return true;
        }
    }

    /// <summary>
    /// Writes the batch to the journal, after the entry of the gap of <paramref name="missed"/> announcements lost
    /// before it (if any), trying again after short pauses for at most
    /// <see cref="AnnouncementPublisherOptions.JournalTimeout"/>; returns the announcements to send live: with their
    /// cursors (the gap's entry first), or, when the journal could not be written, the batch without cursors (sent
    /// live only) and the gap, grown by the batch, is counted again for the next append.
    /// </summary>
    private async Task<ImmutableArray<NetworkAnnouncement>> JournalAsync(List<Pending> batch, long missed, CancellationToken abort)
    {
        ImmutableArray<NetworkAnnouncement> unjournaled = [.. batch.Select(p => p.Announcement)];
        var announcements = missed > 0 ? unjournaled.Insert(0, AnnouncementGap.Create(missed, _timeProvider.GetUtcNow())) : unjournaled;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(abort);
        timeout.CancelAfter(_options.JournalTimeout);
        var pause = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                var journaled = await _journal.AppendAsync(announcements, timeout.Token).ConfigureAwait(false);
                if (missed > 0)
                {
                    LogGapRecorded(missed, journaled[0].CursorAt(0));
                }

                return journaled;
            }
            catch (Exception exception) when (!abort.IsCancellationRequested)
            {
                if (timeout.IsCancellationRequested)
                {
                    return NotJournaled(exception);
                }

                try
                {
                    await Task.Delay(pause, timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!abort.IsCancellationRequested)
                {
                    return NotJournaled(exception);
                }

                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(1).Ticks));
            }
        }

        ImmutableArray<NetworkAnnouncement> NotJournaled(Exception exception)
        {
            LogJournalFailed(exception, unjournaled.Length);
            Interlocked.Add(ref _missed, missed + unjournaled.Length);
            return unjournaled;
        }
    }

    private async Task JournalThenReleaseAsync(List<Pending> left)
    {
        if (left.Count == 0)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(_options.JournalTimeout);
            await _journal.AppendAsync([.. left.Select(p => p.Announcement)], timeout.Token).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            LogJournalFailed(exception, left.Count);
            Interlocked.Add(ref _missed, left.Count);
        }
        finally
        {
            foreach (var pending in left)
            {
                pending.Journaled.TrySetResult();
            }
        }
    }

    private async Task JournalOnlyAsync(NetworkAnnouncement announcement)
    {
        try
        {
            using var timeout = new CancellationTokenSource(_options.JournalTimeout);
            await _journal.AppendAsync([announcement], timeout.Token).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            LogJournalFailed(exception, 1);
            Interlocked.Add(ref _missed, 1);
        }
    }

    /// <summary>
    /// Hands the batch to each known node's sender, and retires the senders of nodes that are gone: not listed by the
    /// registry for <see cref="NetworkNodeRegistration.Expiration"/>, or not listed now and failing. A node the
    /// registry forgot because the registry's own silo died keeps getting its batches while it takes them.
    /// </summary>
    private async Task SendAsync(ImmutableArray<NetworkAnnouncement> batch)
    {
        var dropped = Interlocked.Exchange(ref _dropped, 0);
        if (dropped > 0)
        {
            LogDropped(dropped, _options.QueueCapacity);
        }

        var nodes = await GetNodesAsync().ConfigureAwait(false);
        foreach (var node in nodes)
        {
            if (!_senders.TryGetValue(node, out var sender))
            {
                sender = new NodeSender(node, this);
                _senders[node] = sender;
            }

            sender.Enqueue(batch);
        }

        foreach (var gone in _senders.Where(s => !nodes.Contains(s.Key) || (s.Value.Failing && !_listedNow.Contains(s.Key))).Select(s => s.Key).ToList())
        {
            if (_senders.Remove(gone, out var sender))
            {
                sender.Complete();
            }
        }
    }

    /// <summary>
    /// Sends to one web node, one batch at a time, waiting for the node to take each before the
    /// next: so a node receives this silo's announcements in order, and a slow or dead node holds
    /// up only its own queue (bounded; the oldest batches are dropped when it is full). Batches
    /// that queue up while one is in flight go out together.
    /// </summary>
    private sealed class NodeSender
    {
        private const int MaxQueuedBatches = 1024;
        private readonly Channel<ImmutableArray<NetworkAnnouncement>> _batches = Channel.CreateBounded<ImmutableArray<NetworkAnnouncement>>(
            new BoundedChannelOptions(MaxQueuedBatches) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.DropOldest });

        public NodeSender(INetworkNodeObserver node, AnnouncementPublisher owner) => Completion = Task.Run(() => RunAsync(node, owner));

        public Task Completion { get; }

        /// <summary>Whether the last batch sent to the node failed.</summary>
        public bool Failing { get; private set; }

        public void Enqueue(ImmutableArray<NetworkAnnouncement> batch) => _batches.Writer.TryWrite(batch);

        public void Complete() => _batches.Writer.TryComplete();

        private async Task RunAsync(INetworkNodeObserver node, AnnouncementPublisher owner)
        {
            var reader = _batches.Reader;
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                var merged = ImmutableArray.CreateBuilder<NetworkAnnouncement>();
                while (merged.Count < owner._options.MaxBatchSize && reader.TryRead(out var batch))
                {
                    merged.AddRange(batch);
                }

                try
                {
                    await node.Deliver(merged.ToImmutable()).ConfigureAwait(false);
                    Failing = false;
                }
                catch (Exception exception)
                {
                    Failing = true;
                    owner.LogDeliveryFailed(exception, merged.Count);
                    owner._nodesValidUntil = DateTimeOffset.MinValue;
                }
            }
        }
    }

    /// <summary>
    /// The nodes to send to: every node the registry listed within <see cref="NetworkNodeRegistration.Expiration"/>.
    /// The registry is read again in the background every <see cref="AnnouncementPublisherOptions.NodeRefreshInterval"/>
    /// (sooner after a failure), so a registry that is slow to answer (its silo just died) never holds up the loop,
    /// and a registry that lost its list (reactivated elsewhere) does not cut off the nodes this silo knows.
    /// </summary>
    private async ValueTask<IReadOnlyCollection<INetworkNodeObserver>> GetNodesAsync()
    {
        if (_refresh is null && _timeProvider.GetUtcNow() >= _nodesValidUntil)
        {
            _refresh = _grainFactory.GetGrain<INetworkNodeRegistryGrain>(GrainKeys.NodeRegistry).GetNodes();
            if (_lastListed.Count == 0)
            {
                // Nothing known yet (this silo just started): wait a moment for the first list.
                await Task.WhenAny(_refresh, Task.Delay(FirstListWait)).ConfigureAwait(false);
            }
        }

        var now = _timeProvider.GetUtcNow();
        if (_refresh is { IsCompleted: true } done)
        {
            _refresh = null;
            if (done.IsCompletedSuccessfully)
            {
                _listedNow = [.. done.Result];
                foreach (var node in _listedNow)
                {
                    _lastListed[node] = now;
                }

                // An empty list is not kept: the first node to register is heard of with the next batch.
                _nodesValidUntil = _listedNow.Count == 0 ? DateTimeOffset.MinValue : now + _options.NodeRefreshInterval;
            }
            else
            {
                // Keep sending to the nodes known before; ask the registry again with the next batch.
                LogRegistryFailed(done.Exception?.GetBaseException() ?? new InvalidOperationException("cancelled"), _lastListed.Count);
                _nodesValidUntil = DateTimeOffset.MinValue;
            }
        }

        foreach (var node in _lastListed.Where(n => now - n.Value > NetworkNodeRegistration.Expiration).Select(n => n.Key).ToList())
        {
            _lastListed.Remove(node);
        }

        return _lastListed.Keys;
    }

    private void OnDropped(Pending pending)
    {
        Interlocked.Increment(ref _dropped);
        Interlocked.Increment(ref _missed);
        pending.Journaled.TrySetResult();
    }

    /// <summary>An announcement waiting for the loop, and the task its grain awaits.</summary>
    private sealed record Pending(NetworkAnnouncement Announcement)
    {
        public TaskCompletionSource Journaled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
