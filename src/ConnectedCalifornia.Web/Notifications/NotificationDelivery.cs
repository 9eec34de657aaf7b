using System.Diagnostics.Metrics;
using ConnectedCalifornia.Hosting.Notifications;
using ConnectedCalifornia.Notifications;
using Microsoft.Extensions.Options;

namespace ConnectedCalifornia.Web.Notifications;

/// <summary>
/// The delivery loop of one web node. In rounds: (1) claims notifications from the outbox, resolves
/// their audiences to people, puts each into the person's notification center, and queues one e-mail per
/// person as their preferences say (at once, in the daily digest, or not at all), all in one
/// transaction per notification; (2) claims the e-mails that are due and hands them to the transport
/// (SMTP, or <c>.eml</c> files), marking each sent, to retry (15 s doubling to 1 h) or refused; (3) once a
/// day sends the digests. Every step is idempotent (stable ids, leases), so a node killed at any point
/// loses nothing and another node, or this one after a restart, finishes its work without sending twice
/// (the one window left: a kill between the server taking a message and it being marked sent; the
/// message then goes again with the same Message-ID, which mail systems treat as the same message).
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

    /// <summary>How many sent messages are marked in one commit.</summary>
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

    private MailOptions Options => options.Value;

    /// <summary>The last queue depth read (refreshed every 30 s while the loop runs).</summary>
    public NotificationQueueDepth Depth => _depth;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _sent = _meter.CreateCounter<long>("cc.mail.sent", description: "E-mails handed to the mail server (or written as .eml files).");
        _retried = _meter.CreateCounter<long>("cc.mail.retried", description: "E-mails the mail server did not take for now; tried again later.");
        _refused = _meter.CreateCounter<long>("cc.mail.refused", description: "E-mails refused for good or given up after every attempt.");
        _meter.CreateObservableGauge("cc.notifications.waiting", () => _depth.NotificationsWaiting + _depth.MailWaiting + _depth.MailRetrying,
            description: "Notifications and e-mails waiting for delivery.");
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
                return;
            }
            catch (Exception exception)
            {
                // The database may be unavailable for a while: nothing is lost, the next round tries again.
                LogRoundFailed(logger, exception);
            }

            if (!worked)
            {
                try
                {
                    await signal.WaitAsync(Options.PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>One round of every step; true when there was work (so the loop goes again at once).</summary>
    public async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        var expanded = await ExpandAsync(cancellationToken);
        var sent = await SendDueAsync(cancellationToken);
        await DigestIfDueAsync(cancellationToken);
        await HousekeepAsync(cancellationToken);
        return expanded + sent > 0;
    }

    private async Task<int> ExpandAsync(CancellationToken cancellationToken)
    {
        var claimed = await store.ClaimWaitingAsync(BatchSize, Options.Lease, cancellationToken);
        var done = new List<(string, IReadOnlyCollection<QueuedMail>)>(claimed.Count);
        foreach (var notification in claimed)
        {
            try
            {
                done.Add((notification.Id, await ExpandAsync(notification, cancellationToken)));
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogExpansionFailed(logger, exception, notification.Kind, notification.Id);
                await store.PostponeExpansionAsync(notification.Id, time.GetUtcNow() + Options.RetryDelay, exception.GetType().Name, cancellationToken);
            }
        }

        // One commit for the round. Expanding again after a crash before it is harmless: the centers and
        // the mail queue ignore what they already hold.
        await store.CompleteExpansionsAsync(done, cancellationToken);
        return claimed.Count;
    }

    private async Task<IReadOnlyCollection<QueuedMail>> ExpandAsync(Notification notification, CancellationToken cancellationToken)
    {
        var kind = NotificationKinds.Find(notification.Kind);
        var mails = new List<QueuedMail>();
        foreach (var recipient in await recipients.ResolveAsync(notification, cancellationToken))
        {
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
                delivery == EmailDelivery.DailyDigest ? MailStatus.InDigest : MailStatus.Waiting, content2));
        }

        return mails;
    }

    private async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        var due = await store.ClaimDueMailAsync(BatchSize, Options.Lease, cancellationToken);
        if (due.Count == 0)
        {
            return 0;
        }

        await using var transport = transports.Open();
        var sent = new List<string>(SentBatch);
        try
        {
            foreach (var mail in due)
            {
                var (outcome, reason) = await transport.SendAsync(MailComposer.FromBytes(mail.Content), cancellationToken);
                switch (outcome)
                {
                    case MailOutcome.Sent:
                        // Marked in small groups: a kill can make at most this many go again (same Message-IDs).
                        sent.Add(mail.MessageId);
                        if (sent.Count >= SentBatch)
                        {
                            await store.MarkSentAsync(sent, cancellationToken);
                            sent.Clear();
                        }

                        _sent?.Add(1);
                        break;
                    case MailOutcome.TryLater when mail.Attempts + 1 < Options.MaxAttempts:
                        var wait = TimeSpan.FromTicks(Math.Min(LongestRetry.Ticks, Options.RetryDelay.Ticks << Math.Min(mail.Attempts, 20)));
                        await store.MarkRetryAsync(mail.MessageId, time.GetUtcNow() + wait, reason ?? "unavailable", cancellationToken);
                        _retried?.Add(1);
                        LogRetry(logger, mail.MessageId, mail.Attempts + 1, reason, wait);
                        break;
                    default:
                        await store.MarkRefusedAsync(mail.MessageId, outcome == MailOutcome.Refused ? reason ?? "refused" : $"gave up after {mail.Attempts + 1} attempts: {reason}", cancellationToken);
                        _refused?.Add(1);
                        LogRefused(logger, mail.MessageId, mail.Kind, reason);
                        break;
                }
            }
        }
        finally
        {
            // What the server took is recorded even when the round stops half-way (a database error on a
            // retry mark), so those messages are not sent again when their lease ends.
            await store.MarkSentAsync(sent, CancellationToken.None);
        }

        return due.Count;
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
            var recipient = new NotificationRecipient(first.UserId, first.ToAddress, string.Empty);
            var notificationId = $"digest:{person.Key}:{day}";
            var messageId = composer.MessageIdFor(notificationId, first.ToAddress);
            var lines = person.Select(i => $"• {i.Subject} ({Components.Shared.Pacific.Format(i.At)})\n  {composer.Absolute(i.Link)}").ToList();
            var content = new NotificationContent(
                $"Your Connected California digest: {person.Count()} update{(person.Count() == 1 ? string.Empty : "s")}",
                $"{person.Count()} updates since the last digest",
                ["Hello,", "Here is what happened since your last digest:", string.Join("\n\n", lines)],
                "Open your notifications");
            var bytes = MailComposer.ToBytes(composer.Compose(messageId, "digest", "/notifications", recipient, content));
            await store.CompleteDigestAsync(
                new QueuedMail(messageId, notificationId, "digest", first.UserId, first.ToAddress, content.Subject, "/notifications", MailStatus.Waiting, bytes),
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
