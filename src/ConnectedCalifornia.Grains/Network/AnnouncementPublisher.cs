using System.Collections.Immutable;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConnectedCalifornia.Network;

/// <summary>
/// Sends the grains' announcements from this silo to every live web node.
/// </summary>
/// <remarks>
/// <para>
/// Grains call <see cref="Publish"/> after their state was written; it only queues, never blocks
/// and never throws. One background loop per silo takes the queue in FIFO order, gathers a batch
/// (up to <see cref="AnnouncementPublisherOptions.MaxBatchSize"/>, or what arrived within
/// <see cref="AnnouncementPublisherOptions.BatchWindow"/>) and hands it to one sender per web node,
/// which calls <see cref="INetworkNodeObserver.Deliver"/> and waits for the node to take a batch
/// before sending the next. Since a grain lives on one silo and each sender sends in order, the
/// announcements of one grain reach every node in order.
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
    private readonly Channel<NetworkAnnouncement> _queue;
    private readonly CancellationTokenSource _abort = new();
    private int _disposed;
    private ImmutableArray<INetworkNodeObserver> _nodes = [];
    private DateTimeOffset _nodesValidUntil = DateTimeOffset.MinValue;
    private Task? _loop;
    private static readonly TimeSpan SenderDrainTimeout = TimeSpan.FromSeconds(2);
    private readonly Dictionary<INetworkNodeObserver, NodeSender> _senders = [];
    private long _dropped;

    public AnnouncementPublisher(
        IGrainFactory grainFactory,
        TimeProvider timeProvider,
        IOptions<AnnouncementPublisherOptions> options,
        ILogger<AnnouncementPublisher> logger)
    {
        _grainFactory = grainFactory;
        _timeProvider = timeProvider;
        _logger = logger;
        _options = options.Value;
        _queue = Channel.CreateBounded<NetworkAnnouncement>(
            new BoundedChannelOptions(Math.Max(1, _options.QueueCapacity))
            {
                SingleReader = true,
                SingleWriter = false,
                FullMode = BoundedChannelFullMode.DropOldest,
            },
            OnDropped);
    }

    /// <summary>
    /// Queues an announcement for every web node. Never blocks, never throws. Topics that
    /// <see cref="AnnouncementAudiences"/> does not declare for the kind are left out (and logged by
    /// kind and topic shape only): an announcement never reaches people who may not read what it names.
    /// </summary>
    public void Publish(NetworkAnnouncement announcement)
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
                    return;
                }

                announcement = announcement with { Topics = allowed };
            }

            if (!_queue.Writer.TryWrite(announcement))
            {
                LogNotRunning(announcement.Kind, announcement.EntityId, announcement.Version);
            }
        }
        catch (Exception exception)
        {
            LogPublishFailed(exception, announcement.Kind, announcement.EntityId);
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
        var batch = new List<NetworkAnnouncement>(_options.MaxBatchSize);
        try
        {
            while (await reader.WaitToReadAsync(abort).ConfigureAwait(false))
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

                if (batch.Count == 0)
                {
                    continue;
                }

                try
                {
                    await SendAsync([.. batch]).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    LogBatchFailed(exception, batch.Count);
                }
            }

            LogStopped();
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            LogAbandoned(reader.CanCount ? reader.Count : -1);
        }
        catch (Exception exception)
        {
            // Not expected (SendAsync handles its own failures); logged so it is never silent.
            LogLoopFailed(exception);
        }
    }

    /// <summary>Hands the batch to each live node's sender, and retires the senders of nodes that are gone.</summary>
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

        foreach (var gone in _senders.Keys.Where(k => !nodes.Contains(k)).ToList())
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
                }
                catch (Exception exception)
                {
                    owner.LogDeliveryFailed(exception, merged.Count);
                    owner._nodesValidUntil = DateTimeOffset.MinValue;
                }
            }
        }
    }

    private async ValueTask<ImmutableArray<INetworkNodeObserver>> GetNodesAsync()
    {
        var now = _timeProvider.GetUtcNow();
        if (now < _nodesValidUntil)
        {
            return _nodes;
        }

        try
        {
            _nodes = await _grainFactory.GetGrain<INetworkNodeRegistryGrain>(GrainKeys.NodeRegistry).GetNodes().ConfigureAwait(false);
            // An empty list is not kept: the first node to register is heard of with the next batch.
            _nodesValidUntil = _nodes.IsDefaultOrEmpty ? DateTimeOffset.MinValue : now + _options.NodeRefreshInterval;
        }
        catch (Exception exception)
        {
            // Keep sending to the nodes known before; ask the registry again with the next batch.
            LogRegistryFailed(exception, _nodes.Length);
            _nodesValidUntil = DateTimeOffset.MinValue;
        }

        return _nodes;
    }

    private void OnDropped(NetworkAnnouncement announcement) => Interlocked.Increment(ref _dropped);
}
