using System.Data.Common;
using System.Text.Json;
using ConnectedCalifornia.Hosting.Schema;
using ConnectedCalifornia.Notifications;
using static ConnectedCalifornia.Hosting.DbCommands;

namespace ConnectedCalifornia.Hosting.Notifications;

/// <summary>An e-mail the delivery loop queues for one person (see <see cref="NotificationStore"/>).</summary>
/// <param name="MessageId">The Message-ID without angle brackets; stable for (notification, recipient), so queuing it twice keeps one.</param>
/// <param name="Content">The rendered RFC 5322 message; null for one that waits for a digest.</param>
/// <param name="Language">What it is written in (<c>en</c>, <c>es</c>): kept so a digest item's digest is written in it too.</param>
public sealed record QueuedMail(
    string MessageId,
    string NotificationId,
    string Kind,
    string? UserId,
    string ToAddress,
    string Subject,
    string? Link,
    MailStatus Status,
    byte[]? Content,
    string Language = "en");

/// <summary>Where an e-mail stands.</summary>
public enum MailStatus
{
    /// <summary>Waiting to be sent (now or after a retry delay).</summary>
    Waiting = 0,

    Sent = 1,

    /// <summary>The mail server refused it for good (an unknown mailbox): not retried.</summary>
    Refused = 2,

    /// <summary>Waiting for the person's daily digest.</summary>
    InDigest = 3,

    /// <summary>Went out in a digest.</summary>
    Digested = 4,
}

/// <summary>An e-mail claimed for sending.</summary>
/// <param name="ClaimedUntil">The end of the claim (Unix milliseconds, as stored): it also tells whose claim it is, so a node changes only what it still holds.</param>
public sealed record DueMail(string MessageId, string Kind, string ToAddress, byte[] Content, int Attempts, long ClaimedUntil);

/// <summary>An item waiting for a person's digest, with the language it was queued in.</summary>
public sealed record DigestItem(string MessageId, string Kind, string? UserId, string ToAddress, string Subject, string? Link, DateTimeOffset At, string Language = "en");

/// <summary>How much is waiting, for operators (logs, metrics, the admin page).</summary>
public sealed record NotificationQueueDepth(long NotificationsWaiting, long MailWaiting, long MailRetrying, long MailRefused, long MailInDigests);

/// <summary>
/// The notification outbox and mail queue in the network's database (tables <c>cc_notification</c>,
/// <c>cc_mail_message</c>, <c>cc_mail_suppression</c>; SQLite or PostgreSQL, the same SQL). Every step
/// is idempotent: notifications and e-mails are keyed by stable ids and inserted with
/// <c>ON CONFLICT DO NOTHING</c>; work is claimed with a lease (<c>claimed_until</c>), so when a node dies
/// another takes over once the lease ends, and an e-mail is marked sent right after the server took it.
/// </summary>
public sealed class NotificationStore(NetworkDatabase database, NetworkSchema schema, NotificationSignal signal, TimeProvider time) : INotificationOutbox
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly List<(IReadOnlyCollection<Notification> Notifications, TaskCompletionSource Saved)> _saves = [];
    private bool _writing;

    /// <summary>
    /// Saves the notifications of one change. Saves that arrive while others are being written wait and
    /// are then written together, in one transaction (a group commit): many grains changing at once cost
    /// the database one commit per group instead of one each. The writing belongs to the store, not to a
    /// caller: it is never cancelled by one caller's token (a caller's token only stops its own wait), and
    /// when a group fails each change of it is written again on its own, so one bad change does not fail
    /// the others (a password reset is not refused because of an unrelated grain's notification). Each
    /// caller returns as soon as its own are stored.
    /// </summary>
    public async Task SaveAsync(IReadOnlyCollection<Notification> notifications, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notifications);
        if (notifications.Count == 0)
        {
            return;
        }

        await schema.ApplyAsync(cancellationToken);
        var saved = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bool start;
        lock (_saves)
        {
            _saves.Add((notifications, saved));
            start = !_writing;
            _writing = true;
        }

        if (start)
        {
            // One writer at a time, started by whoever finds none; it writes groups until nothing waits.
            _ = Task.Run(WriteGroupsAsync, CancellationToken.None);
        }

        await saved.Task.WaitAsync(cancellationToken);
        signal.Pulse();
    }

    private async Task WriteGroupsAsync()
    {
        while (true)
        {
            List<(IReadOnlyCollection<Notification> Notifications, TaskCompletionSource Saved)> group;
            lock (_saves)
            {
                if (_saves.Count == 0)
                {
                    _writing = false;
                    return;
                }

                group = [.. _saves];
                _saves.Clear();
            }

            try
            {
                await InsertAsync(group.SelectMany(g => g.Notifications), CancellationToken.None);
                group.ForEach(g => g.Saved.TrySetResult());
            }
            catch (Exception) when (group.Count > 1)
            {
                // Something in the group failed: each change on its own, so only the one that cannot be written fails.
                foreach (var (one, done) in group)
                {
                    try
                    {
                        await InsertAsync(one, CancellationToken.None);
                        done.TrySetResult();
                    }
                    catch (Exception exception)
                    {
                        // That change keeps its notifications in its grain's state and hands them over again later.
                        done.TrySetException(exception);
                    }
                }
            }
            catch (Exception exception)
            {
                group[0].Saved.TrySetException(exception);
            }
        }
    }

    private async Task InsertAsync(IEnumerable<Notification> notifications, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var notification in notifications)
        {
            await using var command = Command(connection, transaction, """
                INSERT INTO cc_notification (notification_id, kind, created_at, payload, attempts)
                VALUES (@id, @kind, @at, @payload, 0)
                ON CONFLICT DO NOTHING
                """);
            Add(command, "id", notification.Id);
            Add(command, "kind", notification.Kind);
            Add(command, "at", notification.At.ToUnixTimeMilliseconds());
            Add(command, "payload", JsonSerializer.Serialize(notification, Json));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The notifications waiting for delivery whose id starts with <paramref name="idPrefix"/>, oldest first (operators' and tests' view).</summary>
    public async Task<IReadOnlyList<Notification>> ReadWaitingAsync(string idPrefix, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT payload FROM cc_notification WHERE expanded_at IS NULL AND substr(notification_id, 1, @length) = @prefix ORDER BY created_at, notification_id");
        Add(command, "length", idPrefix.Length);
        Add(command, "prefix", idPrefix);
        var waiting = new List<Notification>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (!reader.IsDBNull(0) && JsonSerializer.Deserialize<Notification>(reader.GetString(0), Json) is { } notification)
            {
                waiting.Add(notification);
            }
        }

        return waiting;
    }

    /// <summary>Claims up to <paramref name="max"/> notifications not expanded yet (oldest first) for <paramref name="lease"/>.</summary>
    public async Task<IReadOnlyList<Notification>> ClaimWaitingAsync(int max, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        var now = Now;
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, """
            UPDATE cc_notification SET claimed_until = @until
            WHERE notification_id IN (
                SELECT notification_id FROM cc_notification
                WHERE expanded_at IS NULL AND (claimed_until IS NULL OR claimed_until < @now)
                ORDER BY created_at LIMIT @max)
              AND expanded_at IS NULL AND (claimed_until IS NULL OR claimed_until < @now)
            RETURNING payload
            """);
        Add(command, "until", now + (long)lease.TotalMilliseconds);
        Add(command, "now", now);
        Add(command, "max", max);
        var claimed = new List<Notification>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (!reader.IsDBNull(0) && JsonSerializer.Deserialize<Notification>(reader.GetString(0), Json) is { } notification)
            {
                claimed.Add(notification);
            }
        }

        return [.. claimed.OrderBy(n => n.At)];
    }

    /// <summary>Queues a notification's e-mails and marks it expanded (its payload cleared), in one transaction.</summary>
    public Task CompleteExpansionAsync(string notificationId, IReadOnlyCollection<QueuedMail> mails, CancellationToken cancellationToken = default) =>
        CompleteExpansionsAsync([(notificationId, mails)], cancellationToken);

    /// <summary>Queues the e-mails of several notifications and marks them expanded, in one transaction (one commit for a whole round).</summary>
    public async Task CompleteExpansionsAsync(IReadOnlyCollection<(string NotificationId, IReadOnlyCollection<QueuedMail> Mails)> expansions, CancellationToken cancellationToken = default)
    {
        if (expansions.Count == 0)
        {
            return;
        }

        var now = Now;
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var (notificationId, mails) in expansions)
        {
            foreach (var mail in mails)
            {
                await using var insert = Command(connection, transaction, """
                    INSERT INTO cc_mail_message (message_id, notification_id, kind, user_id, to_address, subject, link, status, created_at, next_attempt_at, attempts, content, language)
                    VALUES (@id, @notification, @kind, @user, @to, @subject, @link, @status, @now, @now, 0, @content, @language)
                    ON CONFLICT DO NOTHING
                    """);
                Add(insert, "id", mail.MessageId);
                Add(insert, "notification", mail.NotificationId);
                Add(insert, "kind", mail.Kind);
                Add(insert, "user", mail.UserId);
                Add(insert, "to", mail.ToAddress);
                Add(insert, "subject", mail.Subject);
                Add(insert, "link", mail.Link);
                Add(insert, "status", (int)mail.Status);
                Add(insert, "now", now);
                Add(insert, "content", mail.Content);
                Add(insert, "language", mail.Language);
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }

            await using var done = Command(connection, transaction, "UPDATE cc_notification SET expanded_at = @now, payload = NULL, claimed_until = NULL, last_error = NULL WHERE notification_id = @id");
            Add(done, "now", now);
            Add(done, "id", notificationId);
            await done.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        signal.Pulse();
    }

    /// <summary>A notification that could not be expanded now is tried again at <paramref name="retryAt"/>.</summary>
    public async Task PostponeExpansionAsync(string notificationId, DateTimeOffset retryAt, string error, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "UPDATE cc_notification SET claimed_until = @until, attempts = attempts + 1, last_error = @error WHERE notification_id = @id");
        Add(command, "until", retryAt.ToUnixTimeMilliseconds());
        Add(command, "error", Truncate(error));
        Add(command, "id", notificationId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Claims up to <paramref name="max"/> e-mails due now for <paramref name="lease"/>.</summary>
    public async Task<IReadOnlyList<DueMail>> ClaimDueMailAsync(int max, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        var now = Now;
        var until = now + (long)lease.TotalMilliseconds;
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, """
            UPDATE cc_mail_message SET claimed_until = @until
            WHERE message_id IN (
                SELECT message_id FROM cc_mail_message
                WHERE status = 0 AND next_attempt_at <= @now AND (claimed_until IS NULL OR claimed_until < @now)
                ORDER BY next_attempt_at LIMIT @max)
              AND status = 0 AND (claimed_until IS NULL OR claimed_until < @now)
            RETURNING message_id, kind, to_address, content, attempts
            """);
        Add(command, "until", until);
        Add(command, "now", now);
        Add(command, "max", max);
        var due = new List<DueMail>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (!reader.IsDBNull(3))
            {
                due.Add(new DueMail(reader.GetString(0), reader.GetString(1), reader.GetString(2), (byte[])reader.GetValue(3), reader.GetInt32(4), until));
            }
        }

        return due;
    }

    /// <summary>The server took the e-mail: it is sent, and its content is dropped.</summary>
    public Task MarkSentAsync(string messageId, CancellationToken cancellationToken = default) => MarkSentAsync([messageId], cancellationToken);

    /// <summary>
    /// The server took these e-mails (one commit for a few of them). Written whoever holds the claim now:
    /// it records what happened, and a message marked sent is never claimed again. (That another node cannot
    /// have claimed it meanwhile is the sender's part: it takes messages only in the first half of its claim.)
    /// </summary>
    public async Task MarkSentAsync(IReadOnlyCollection<string> messageIds, CancellationToken cancellationToken = default)
    {
        if (messageIds.Count == 0)
        {
            return;
        }

        var now = Now;
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var messageId in messageIds)
        {
            await using var command = Command(connection, transaction, "UPDATE cc_mail_message SET status = 1, sent_at = @now, content = NULL, claimed_until = NULL, attempts = attempts + 1, last_error = NULL WHERE message_id = @id AND status <> 1");
            Add(command, "now", now);
            Add(command, "id", messageId);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Sending failed for now: tried again at <paramref name="retryAt"/> (only while the claim is still the caller's and it is not sent).</summary>
    public Task MarkRetryAsync(DueMail mail, DateTimeOffset retryAt, string error, CancellationToken cancellationToken = default) =>
        ExecuteAsync("UPDATE cc_mail_message SET next_attempt_at = @at, claimed_until = NULL, attempts = attempts + 1, last_error = @error WHERE message_id = @id AND status = 0 AND claimed_until = @claim",
            cancellationToken, ("at", retryAt.ToUnixTimeMilliseconds()), ("error", Truncate(error)), ("id", mail.MessageId), ("claim", mail.ClaimedUntil));

    /// <summary>Refused for good (or out of attempts): marked, its content dropped, never tried again (only while the claim is still the caller's and it is not sent).</summary>
    public Task MarkRefusedAsync(DueMail mail, string error, CancellationToken cancellationToken = default) =>
        ExecuteAsync("UPDATE cc_mail_message SET status = 2, content = NULL, claimed_until = NULL, attempts = attempts + 1, last_error = @error WHERE message_id = @id AND status = 0 AND claimed_until = @claim",
            cancellationToken, ("error", Truncate(error)), ("id", mail.MessageId), ("claim", mail.ClaimedUntil));

    /// <summary>Gives back claimed e-mails that were not tried (the claim's time to take them was over): the next claim may take them at once.</summary>
    public async Task ReleaseAsync(IReadOnlyCollection<DueMail> mails, CancellationToken cancellationToken = default)
    {
        if (mails.Count == 0)
        {
            return;
        }

        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var mail in mails)
        {
            await using var command = Command(connection, transaction, "UPDATE cc_mail_message SET claimed_until = NULL WHERE message_id = @id AND status = 0 AND claimed_until = @claim");
            Add(command, "id", mail.MessageId);
            Add(command, "claim", mail.ClaimedUntil);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Every item waiting for a digest queued before <paramref name="before"/>, oldest first.</summary>
    public async Task<IReadOnlyList<DigestItem>> ReadDigestItemsAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, """
            SELECT message_id, kind, user_id, to_address, subject, link, created_at, language FROM cc_mail_message
            WHERE status = 3 AND created_at < @before ORDER BY created_at
            """);
        Add(command, "before", before.ToUnixTimeMilliseconds());
        var items = new List<DigestItem>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new DigestItem(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)),
                reader.IsDBNull(7) ? "en" : reader.GetString(7)));
        }

        return items;
    }

    /// <summary>Queues a digest e-mail and marks the items it carries as digested, in one transaction.</summary>
    public async Task CompleteDigestAsync(QueuedMail digest, IReadOnlyCollection<string> itemIds, CancellationToken cancellationToken = default)
    {
        await CompleteExpansionAsync(digest.NotificationId, [digest], cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var id in itemIds)
        {
            await using var command = Command(connection, transaction, "UPDATE cc_mail_message SET status = 4, sent_at = @now WHERE message_id = @id AND status = 3");
            Add(command, "now", Now);
            Add(command, "id", id);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Records that <paramref name="address"/> wants no more e-mails of <paramref name="kind"/>.</summary>
    public Task SuppressAsync(string address, string kind, CancellationToken cancellationToken = default) =>
        ExecuteAsync("INSERT INTO cc_mail_suppression (address, kind, created_at) VALUES (@address, @kind, @now) ON CONFLICT DO NOTHING",
            cancellationToken, ("address", address.Trim().ToLowerInvariant()), ("kind", kind), ("now", Now));

    /// <summary>Whether <paramref name="address"/> unsubscribed from <paramref name="kind"/>.</summary>
    public async Task<bool> IsSuppressedAsync(string address, string kind, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT COUNT(*) FROM cc_mail_suppression WHERE address = @address AND kind = @kind");
        Add(command, "address", address.Trim().ToLowerInvariant());
        Add(command, "kind", kind);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    /// <summary>How much is waiting.</summary>
    public async Task<NotificationQueueDepth> CountAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, """
            SELECT
              (SELECT COUNT(*) FROM cc_notification WHERE expanded_at IS NULL),
              (SELECT COUNT(*) FROM cc_mail_message WHERE status = 0 AND attempts = 0),
              (SELECT COUNT(*) FROM cc_mail_message WHERE status = 0 AND attempts > 0),
              (SELECT COUNT(*) FROM cc_mail_message WHERE status = 2),
              (SELECT COUNT(*) FROM cc_mail_message WHERE status = 3)
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new NotificationQueueDepth(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
    }

    /// <summary>The e-mails queued for a notification (operators' and tests' view; content excluded).</summary>
    public async Task<IReadOnlyList<(string MessageId, string ToAddress, MailStatus Status, int Attempts, string Language)>> ReadMailsAsync(string notificationIdPrefix, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT message_id, to_address, status, attempts, language FROM cc_mail_message WHERE substr(notification_id, 1, @length) = @prefix ORDER BY created_at");
        Add(command, "length", notificationIdPrefix.Length);
        Add(command, "prefix", notificationIdPrefix);
        var rows = new List<(string, string, MailStatus, int, string)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((reader.GetString(0), reader.GetString(1), (MailStatus)reader.GetInt32(2), reader.GetInt32(3), reader.IsDBNull(4) ? "en" : reader.GetString(4)));
        }

        return rows;
    }

    /// <summary>Deletes delivered notifications and finished e-mails older than <paramref name="age"/> (their ids no longer need guarding).</summary>
    public Task PruneAsync(TimeSpan age, CancellationToken cancellationToken = default)
    {
        var before = Now - (long)age.TotalMilliseconds;
        return ExecuteAsync("""
            DELETE FROM cc_mail_message WHERE status IN (1, 2, 4) AND created_at < @before;
            DELETE FROM cc_notification WHERE expanded_at IS NOT NULL AND created_at < @before;
            """, cancellationToken, ("before", before));
    }

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await schema.ApplyAsync(cancellationToken);
        return await database.OpenAsync(cancellationToken);
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, sql);
        foreach (var (name, value) in parameters)
        {
            Add(command, name, value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Truncate(string error) => error.Length > 500 ? error[..500] : error;
}

/// <summary>Wakes this node's delivery loop when something was queued here (other nodes' work is found by polling).</summary>
public sealed class NotificationSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Pulse()
    {
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled.
            }
        }
    }

    /// <summary>Waits for a pulse or <paramref name="timeout"/>, whichever comes first.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}
