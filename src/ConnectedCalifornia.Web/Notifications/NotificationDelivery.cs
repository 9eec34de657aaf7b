using System.Diagnostics.Metrics;
using ConnectedCalifornia.Hosting.Notifications;
using ConnectedCalifornia.Notifications;
using Microsoft.Extensions.Options;

namespace ConnectedCalifornia.Web.Notifications;

/// <summary>
/// The delivery loop of one web node. In rounds: (1) claims notifications from the outbox, resolves
/// their audiences to people, puts each into the person's notification center, and queues one e-mail per
/// person as their preferences say (at once, in the daily digest, or not at all), all in one
/// transaction per round (several notifications expanded at once); (2) at the same time claims the e-mails
/// that are due and hands them to the transport (SMTP on <c>Mail:SmtpConnections</c> connections kept open
/// between rounds, or <c>.eml</c> files), marking them sent in small groups, to retry (15 s doubling to
/// 1 h) or refused; (3) once a
/// day sends the digests. Every step is idempotent (stable ids, leases), so a node killed at any point
/// loses nothing and another node, or this one after a restart, finishes its work without sending twice
/// (the one window left: a kill between the server taking a message and it being marked sent, at most
/// <c>SmtpConnections</c> × 10 messages; they then go again with the same Message-IDs, which mail systems
/// treat as the same message). A message is taken for sending only in the first half of its claim, so it is
/// sent and marked before another node may claim it.
/// </summary>
public sealed partial class NotificationDelivery(
    NotificationStore store,
    NotificationSignal signal,
    NotificationRecipients recipients,
    NotificationRenderer renderer,
    MailComposer composer,
    MailTransportFactory transports,
    IGrainFactory grains,
    IOptions<MailOptions> options,
    TimeProvider time,
    IMeterFactory meters,
    ILogger<NotificationDelivery> logger) : BackgroundService
{
    private const int BatchSize = 100;

    /// <summary>How many e-mails are claimed per round and connection.</summary>
    private const int MailBatchPerConnection = 50;

    /// <summary>How many notifications of a round are expanded at once.</summary>
    private const int ExpansionParallelism = 8;

    /// <summary>Open SMTP connections are closed after this long without mail.</summary>
    private static readonly TimeSpan IdleConnection = TimeSpan.FromSeconds(30);

    /// <summary>How many sent messages a connection marks in one commit.</summary>
    private const int SentBatch = 10;
    private static readonly TimeSpan LongestRetry = TimeSpan.FromHours(1);

    private readonly Meter _meter = meters.Create("ConnectedCalifornia.Notifications");
    private Counter<long>? _sent;
    private Counter<long>? _retried;
    private Counter<long>? _refused;
    private NotificationQueueDepth _depth = new(0, 0, 0, 0, 0);
    private DateTimeOffset _depthReadAt = DateTimeOffset.MinValue;
    private DateOnly _lastDigest;
    private DateTimeOffset _lastPrune = DateTimeOffset.MinValue;
    private DateTimeOffset _lastSend = DateTimeOffset.MinValue;
    private readonly List<IMailTransport> _connections = [];

    /// <summary>Messages the server took whose sent mark failed to commit; marked at the start of the next round.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _unmarked = new(StringComparer.Ordinal);

    private MailOptions Options => options.Value;

    /// <summary>The last queue depth read (refreshed every 30 s while the loop runs).</summary>
    public NotificationQueueDepth Depth => _depth;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_sent is null)
        {
            _sent = _meter.CreateCounter<long>("cc.mail.sent", description: "E-mails handed to the mail server (or written as .eml files).");
            _retried = _meter.CreateCounter<long>("cc.mail.retried", description: "E-mails the mail server did not take for now; tried again later.");
            _refused = _meter.CreateCounter<long>("cc.mail.refused", description: "E-mails refused for good or given up after every attempt.");
            _meter.CreateObservableGauge("cc.notifications.waiting", () => _depth.NotificationsWaiting + _depth.MailWaiting + _depth.MailRetrying,
                description: "Notifications and e-mails waiting for delivery.");
        }

        _lastDigest = DateOnly.FromDateTime(Components.Shared.Pacific.ToPacific(time.GetUtcNow()).DateTime);
        if (Components.Shared.Pacific.ToPacific(time.GetUtcNow()).Hour < Options.DigestHour)
        {
            _lastDigest = _lastDigest.AddDays(-1);
        }

        LogStarted(logger, Options.UsesSmtp ? $"SMTP {Options.Host}:{Options.Port}" : $".eml files in {Options.PickupDirectory}");
        while (!stoppingToken.IsCancellationRequested)
        {
            var worked = false;
            try
            {
                worked |= await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                // The database may be unavailable for a while: nothing is lost, the next round tries again.
                LogRoundFailed(logger, exception);
            }

            if (!worked)
            {
                await CloseIdleConnectionsAsync(always: false);
                try
                {
                    await signal.WaitAsync(Options.PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        await CloseIdleConnectionsAsync(always: true);
    }

    /// <summary>One round of every step; true when there was work (so the loop goes again at once).</summary>
    public async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        // Expanding and sending at once: while this round's notifications are rendered, the messages
        // the previous round queued go out.
        var expanding = ExpandAsync(cancellationToken);
        var sending = SendDueAsync(cancellationToken);
        await Task.WhenAll(expanding, sending);
        await DigestIfDueAsync(cancellationToken);
        await HousekeepAsync(cancellationToken);
        return expanding.Result + sending.Result > 0;
    }

    private async Task<int> ExpandAsync(CancellationToken cancellationToken)
    {
        var claimed = await store.ClaimWaitingAsync(BatchSize, Options.Lease, cancellationToken);
        var done = new System.Collections.Concurrent.ConcurrentBag<(string, IReadOnlyCollection<QueuedMail>)>();

        // The notifications of a round are independent (each resolves, renders and records its own
        // people), so several are expanded at once: most of a notification's time is waiting for grains
        // and the database, not the processor.
        await Parallel.ForEachAsync(claimed, new ParallelOptions { MaxDegreeOfParallelism = ExpansionParallelism, CancellationToken = cancellationToken }, async (notification, token) =>
        {
            try
            {
                done.Add((notification.Id, await ExpandAsync(notification, token)));
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !token.IsCancellationRequested)
            {
                LogExpansionFailed(logger, exception, notification.Kind, notification.Id);
                await store.PostponeExpansionAsync(notification.Id, time.GetUtcNow() + Options.RetryDelay, exception.GetType().Name, token);
            }
        });

        // One commit for the round. Expanding again after a crash before it is harmless: the centers and
        // the mail queue ignore what they already hold.
        await store.CompleteExpansionsAsync([.. done], cancellationToken);
        return claimed.Count;
    }

    private async Task<IReadOnlyCollection<QueuedMail>> ExpandAsync(Notification notification, CancellationToken cancellationToken)
    {
        var kind = NotificationKinds.Find(notification.Kind);
        var mails = new List<QueuedMail>();
        foreach (var recipient in await recipients.ResolveAsync(notification, cancellationToken))
        {
            // Written in the recipient's language (times and dates too), for the e-mail and the center alike.
            using var language = NotificationText.InLanguage(recipient.Language);
            if (await renderer.RenderAsync(notification, recipient, cancellationToken) is not { } content)
            {
                continue;
            }

            var delivery = EmailDelivery.Immediately;
            if (recipient.UserId is { } userId)
            {
                var center = grains.GetGrain<INotificationCenterGrain>(userId);
                await center.Add(new InAppNotification(notification.Id, notification.Kind, content.Subject, content.Summary, notification.Link, notification.At));
                if (kind is { Mandatory: false } && (await center.GetPreferences()).TryGetValue(notification.Kind, out var chosen))
                {
                    delivery = chosen;
                }
            }
            else if (kind is { Unsubscribable: true } && await store.IsSuppressedAsync(recipient.Email, notification.Kind, cancellationToken))
            {
                delivery = EmailDelivery.Off;
            }

            if (delivery == EmailDelivery.Off)
            {
                continue;
            }

            var messageId = composer.MessageIdFor(notification.Id, recipient.Email);
            var content2 = delivery == EmailDelivery.DailyDigest
                ? null
                : MailComposer.ToBytes(composer.Compose(messageId, notification.Kind, content.ActionPath ?? notification.Link, recipient, content));
            mails.Add(new QueuedMail(messageId, notification.Id, notification.Kind, recipient.UserId, recipient.Email, content.Subject, notification.Link,
                delivery == EmailDelivery.DailyDigest ? MailStatus.InDigest : MailStatus.Waiting, content2, recipient.Language));
        }

        return mails;
    }

    private async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        // Messages the server took in an earlier round whose sent mark did not commit: marked first, so
        // this node never sends them again (only another node, after their claim ends, could).
        await MarkUnmarkedAsync(cancellationToken);

        var claimedAt = time.GetUtcNow();
        var due = await store.ClaimDueMailAsync(MailBatchPerConnection * Options.SmtpConnections, Options.Lease, cancellationToken);
        if (due.Count == 0)
        {
            return 0;
        }

        // Several connections at once (Mail:SmtpConnections), each taking the next message of the
        // round; kept open (and authenticated) for the next rounds while mail keeps coming. A message is
        // taken only in the first half of the claim: whatever is sent after that must be marked before
        // the claim ends, or another node could claim it and send it too. What is left when the half is
        // over is released at once for the next claim (this node's next round or another node's).
        var round = new SendRound(new System.Collections.Concurrent.ConcurrentQueue<DueMail>(due), claimedAt + TakeWindow(Options.Lease));
        var connections = OpenConnections(Math.Min(Options.SmtpConnections, due.Count));
        try
        {
            await Task.WhenAll(connections.Select(transport => SendFromAsync(transport, round, cancellationToken)));
        }
        finally
        {
            if (!round.Queue.IsEmpty)
            {
                await store.ReleaseAsync([.. round.Queue], CancellationToken.None);
            }
        }

        _lastSend = time.GetUtcNow();
        return due.Count;
    }

    /// <summary>
    /// How long after claiming a round new messages are taken from it: the first half of the lease, so the
    /// last message taken has the other half (at least 2 × <c>SmtpTimeout</c>, see <see cref="MailOptionsValidator"/>)
    /// to be sent and marked while the claim is still this node's.
    /// </summary>
    public static TimeSpan TakeWindow(TimeSpan lease) => lease / 2;

    private sealed record SendRound(System.Collections.Concurrent.ConcurrentQueue<DueMail> Queue, DateTimeOffset TakeUntil);

    /// <summary>One connection's share of a round: the next waiting message until none is left or the round's time to take is over.</summary>
    private async Task SendFromAsync(IMailTransport transport, SendRound round, CancellationToken cancellationToken)
    {
        // Each connection marks what it sent in its own groups of SentBatch: a kill can make at most the
        // SentBatch messages of each connection's unmarked group go again (the one on the wire included),
        // SmtpConnections × SentBatch in all, with the same Message-IDs.
        var sent = new SentMarks(store, _unmarked);
        try
        {
            while (time.GetUtcNow() < round.TakeUntil && round.Queue.TryDequeue(out var mail))
            {
                var (outcome, reason) = await transport.SendAsync(MailComposer.FromBytes(mail.Content), cancellationToken);
                switch (outcome)
                {
                    case MailOutcome.Sent:
                        await sent.AddAsync(mail.MessageId, cancellationToken);
                        _sent?.Add(1);
                        break;
                    case MailOutcome.TryLater when mail.Attempts + 1 < Options.MaxAttempts:
                        var wait = TimeSpan.FromTicks(Math.Min(LongestRetry.Ticks, Options.RetryDelay.Ticks << Math.Min(mail.Attempts, 20)));
                        await store.MarkRetryAsync(mail, time.GetUtcNow() + wait, reason ?? "unavailable", cancellationToken);
                        _retried?.Add(1);
                        LogRetry(logger, mail.MessageId, mail.Attempts + 1, reason, wait);
                        break;
                    default:
                        await store.MarkRefusedAsync(mail, outcome == MailOutcome.Refused ? reason ?? "refused" : $"gave up after {mail.Attempts + 1} attempts: {reason}", cancellationToken);
                        _refused?.Add(1);
                        LogRefused(logger, mail.MessageId, mail.Kind, reason);
                        break;
                }
            }
        }
        finally
        {
            // What the server took is recorded even when the round stops half-way (a database error on a
            // retry mark), so those messages are not sent again when their claim ends.
            await sent.FlushAsync(CancellationToken.None);
        }
    }

    /// <summary>Marks the messages whose sent mark failed earlier (see <see cref="SentMarks"/>).</summary>
    private async Task MarkUnmarkedAsync(CancellationToken cancellationToken)
    {
        if (_unmarked.IsEmpty)
        {
            return;
        }

        var ids = _unmarked.Keys.ToList();
        await store.MarkSentAsync(ids, cancellationToken);
        foreach (var id in ids)
        {
            _unmarked.TryRemove(id, out _);
        }
    }

    /// <summary>The node's open connections (as many as asked, opened lazily by the transports themselves).</summary>
    private List<IMailTransport> OpenConnections(int count)
    {
        lock (_connections)
        {
            while (_connections.Count < count)
            {
                _connections.Add(transports.Open());
            }

            return _connections.GetRange(0, count);
        }
    }

    /// <summary>Closes the connections kept open when no mail went out for a while (mail servers drop idle ones anyway).</summary>
    private async Task CloseIdleConnectionsAsync(bool always)
    {
        List<IMailTransport> closing;
        lock (_connections)
        {
            if (_connections.Count == 0 || (!always && time.GetUtcNow() - _lastSend < IdleConnection))
            {
                return;
            }

            closing = [.. _connections];
            _connections.Clear();
        }

        foreach (var transport in closing)
        {
            await transport.DisposeAsync();
        }
    }

    /// <summary>
    /// The messages one connection got the server to take, marked sent in groups of <see cref="SentBatch"/>
    /// (one commit each). A group whose commit fails is remembered by the node (<c>_unmarked</c>): its
    /// messages are marked at the start of the next round and never sent again from here; the connection
    /// stops taking messages (the error ends the round), so a database that refuses marks cannot pile up
    /// unmarked sends.
    /// </summary>
    private sealed class SentMarks(NotificationStore store, System.Collections.Concurrent.ConcurrentDictionary<string, bool> unmarked)
    {
        private readonly List<string> _pending = [];

        public async Task AddAsync(string messageId, CancellationToken cancellationToken)
        {
            _pending.Add(messageId);
            if (_pending.Count >= SentBatch)
            {
                await FlushAsync(cancellationToken);
            }
        }

        public async Task FlushAsync(CancellationToken cancellationToken)
        {
            if (_pending.Count == 0)
            {
                return;
            }

            List<string> group = [.. _pending];
            _pending.Clear();
            try
            {
                await store.MarkSentAsync(group, cancellationToken);
            }
            catch
            {
                foreach (var id in group)
                {
                    unmarked[id] = true;
                }

                throw;
            }
        }
    }

    private async Task DigestIfDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var local = Components.Shared.Pacific.ToPacific(now);
        var today = DateOnly.FromDateTime(local.DateTime);
        if (today <= _lastDigest || local.Hour < Options.DigestHour)
        {
            return;
        }

        await SendDigestsAsync(now, cancellationToken);
        _lastDigest = today;
    }

    /// <summary>Bundles every item waiting for a digest before <paramref name="before"/> into one e-mail per person.</summary>
    public async Task SendDigestsAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        var items = await store.ReadDigestItemsAsync(before, cancellationToken);
        var day = Components.Shared.Pacific.ToPacific(before).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var person in items.GroupBy(i => i.ToAddress.ToLowerInvariant(), StringComparer.Ordinal))
        {
            var first = person.First();
            // Written in the language the person's items were queued in (resolved then, not looked up again).
            var recipient = new NotificationRecipient(first.UserId, first.ToAddress, string.Empty, person.Last().Language);
            using var language = NotificationText.InLanguage(recipient.Language);
            var notificationId = $"digest:{person.Key}:{day}";
            var messageId = composer.MessageIdFor(notificationId, first.ToAddress);
            var lines = person.Select(i => $"• {i.Subject} ({NotificationText.Time(i.At)})\n  {composer.Absolute(i.Link)}").ToList();
            var count = person.Count();
            var content = new NotificationContent(
                recipient.Say(
                    $"Your Connected California digest: {count} update{(count == 1 ? string.Empty : "s")}",
                    $"Su resumen de Connected California: {count} novedad{(count == 1 ? string.Empty : "es")}"),
                recipient.Say($"{count} updates since the last digest", $"{count} novedad{(count == 1 ? string.Empty : "es")} desde el último resumen"),
                [NotificationText.Greeting(recipient), recipient.Say("Here is what happened since your last digest:", "Esto es lo que ocurrió desde su último resumen:"), string.Join("\n\n", lines)],
                recipient.Say("Open your notifications", "Abrir sus notificaciones"));
            var bytes = MailComposer.ToBytes(composer.Compose(messageId, "digest", "/notifications", recipient, content));
            await store.CompleteDigestAsync(
                new QueuedMail(messageId, notificationId, "digest", first.UserId, first.ToAddress, content.Subject, "/notifications", MailStatus.Waiting, bytes, recipient.Language),
                [.. person.Select(i => i.MessageId)],
                cancellationToken);
        }
    }

    private async Task HousekeepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (now - _depthReadAt >= TimeSpan.FromSeconds(30))
        {
            _depth = await store.CountAsync(cancellationToken);
            _depthReadAt = now;
            if (_depth.MailRetrying > 0 || _depth.NotificationsWaiting + _depth.MailWaiting > 100)
            {
                LogDepth(logger, _depth.NotificationsWaiting, _depth.MailWaiting, _depth.MailRetrying, _depth.MailRefused);
            }
        }

        if (now - _lastPrune >= TimeSpan.FromHours(6))
        {
            await store.PruneAsync(Options.Retention, cancellationToken);
            _lastPrune = now;
        }
    }

    public override void Dispose()
    {
        _meter.Dispose();
        base.Dispose();
    }

    [LoggerMessage(1401, LogLevel.Information, "Notification delivery started: {Transport}.")]
    private static partial void LogStarted(ILogger logger, string transport);

    [LoggerMessage(1402, LogLevel.Warning, "A delivery round failed; the next round tries again.")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(1403, LogLevel.Warning, "Notification {Kind} {NotificationId} could not be prepared for delivery; trying again shortly.")]
    private static partial void LogExpansionFailed(ILogger logger, Exception exception, string kind, string notificationId);

    [LoggerMessage(1404, LogLevel.Information, "E-mail {MessageId} not taken (attempt {Attempt}: {Reason}); trying again in {Wait}.")]
    private static partial void LogRetry(ILogger logger, string messageId, int attempt, string? reason, TimeSpan wait);

    [LoggerMessage(1405, LogLevel.Warning, "E-mail {MessageId} ({Kind}) refused for good: {Reason}. It is marked and not tried again.")]
    private static partial void LogRefused(ILogger logger, string messageId, string kind, string? reason);

    [LoggerMessage(1406, LogLevel.Information, "Notification queue: {Notifications} notifications and {Mail} e-mails waiting, {Retrying} retrying, {Refused} refused.")]
    private static partial void LogDepth(ILogger logger, long notifications, long mail, long retrying, long refused);
}
