using System.Collections.Immutable;
using System.Data.Common;
using System.Globalization;
using ConnectedCalifornia.Hosting.Schema;
using ConnectedCalifornia.Network;
using static ConnectedCalifornia.Hosting.DbCommands;

namespace ConnectedCalifornia.Hosting.History;

/// <summary>
/// <see cref="IAnnouncementJournal"/> in the network's database (table <c>cc_announcement_journal</c>, SQLite or
/// PostgreSQL): one row per announcement and topic, numbered by <c>seq</c>, the cursor clients hold. A row holds
/// identifiers only (topic, kind, entity, version, time): no title, summary or who acted (see
/// <see cref="JournaledAnnouncement"/>; schema scripts PostgreSQL 0011 and SQLite 0008 dropped those columns).
/// </summary>
/// <remarks>
/// Readers rely on one promise: when cursor N is visible, every smaller cursor that will ever be visible is
/// too. On PostgreSQL an identity column alone does not give it (two transactions can commit their numbers out
/// of order), so every append takes one transaction-scoped advisory lock first: numbers are handed out and
/// committed one transaction at a time, and a number missing below a visible one was rolled back and never
/// comes. SQLite has a single writer, so its numbers are committed in order anyway. Each silo appends a whole
/// batch in one statement, so the lock is taken once per batch, not per announcement. Rows older than
/// <see cref="Retention"/> are deleted by each silo's <see cref="AnnouncementJournalPruning"/> loop, never on the
/// way of an append: a grain waits for its append, and a failed or cut-off delete after the commit must not
/// make a journaled batch look unjournaled.
/// </remarks>
public sealed class AdoNetAnnouncementJournal(NetworkDatabase database, NetworkSchema schema, TimeProvider clock) : IAnnouncementJournal
{
    /// <summary>How long entries are kept: a client away for longer reloads instead of catching up.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(1);

    /// <summary>The advisory lock every append takes (any fixed number no other part of the application uses).</summary>
    public const long AppendLock = 0x63635F6A726E6C; // "cc_jrnl"

    private const string Columns = "topic, kind, entity_id, version, at";

    private const string PostgreSqlInsert = """
        INSERT INTO cc_announcement_journal (topic, kind, entity_id, version, at)
        SELECT * FROM unnest(@topics, @kinds, @ids, @versions, @ats)
        RETURNING seq
        """;

    private const string SqliteInsert = """
        INSERT INTO cc_announcement_journal (topic, kind, entity_id, version, at, recorded_at)
        VALUES (@topic, @kind, @id, @version, @at, @recorded)
        RETURNING seq
        """;

    public async Task<ImmutableArray<NetworkAnnouncement>> AppendAsync(ImmutableArray<NetworkAnnouncement> announcements, CancellationToken cancellationToken = default)
    {
        var rows = announcements.SelectMany(a => a.Topics.Select(topic => (Announcement: a, Topic: topic))).ToArray();
        if (rows.Length == 0)
        {
            return announcements;
        }

        await schema.ApplyAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var cursors = new List<long>(rows.Length);
        if (database.Provider == NetworkDatabaseProvider.PostgreSql)
        {
            await using (var locking = Command(connection, transaction, "SELECT pg_advisory_xact_lock(@key)"))
            {
                Add(locking, "key", AppendLock);
                await locking.ExecuteNonQueryAsync(cancellationToken);
            }

            await using var insert = Command(connection, transaction, PostgreSqlInsert);
            Add(insert, "topics", rows.Select(r => r.Topic).ToArray());
            Add(insert, "kinds", rows.Select(r => r.Announcement.Kind).ToArray());
            Add(insert, "ids", rows.Select(r => r.Announcement.EntityId).ToArray());
            Add(insert, "versions", rows.Select(r => r.Announcement.Version).ToArray());
            Add(insert, "ats", rows.Select(r => r.Announcement.At.UtcDateTime).ToArray());
            await using var reader = await insert.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                cursors.Add(reader.GetInt64(0));
            }
        }
        else
        {
            var recorded = Text(clock.GetUtcNow());
            foreach (var (announcement, topic) in rows)
            {
                await using var insert = Command(connection, transaction, SqliteInsert);
                Add(insert, "topic", topic);
                Add(insert, "kind", announcement.Kind);
                Add(insert, "id", announcement.EntityId);
                Add(insert, "version", announcement.Version);
                Add(insert, "at", Text(announcement.At));
                Add(insert, "recorded", recorded);
                cursors.Add(Convert.ToInt64(await insert.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture));
            }
        }

        await transaction.CommitAsync(cancellationToken);

        // Numbers are handed out in the order of the rows.
        cursors.Sort();
        var stamped = ImmutableArray.CreateBuilder<NetworkAnnouncement>(announcements.Length);
        var next = 0;
        foreach (var announcement in announcements)
        {
            stamped.Add(announcement with { Cursors = [.. cursors.Skip(next).Take(announcement.Topics.Length)] });
            next += announcement.Topics.Length;
        }

        return stamped.MoveToImmutable();
    }

    public async Task<long> LatestAsync(CancellationToken cancellationToken = default)
    {
        await schema.ApplyAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT COALESCE(MAX(seq), 0) FROM cc_announcement_journal");
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    public async Task<JournalPage> ReadAfterAsync(string? topic, long after, int max, CancellationToken cancellationToken = default)
    {
        await schema.ApplyAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, $"""
            SELECT seq, {Columns} FROM cc_announcement_journal
            WHERE seq > @after{(topic is null ? string.Empty : " AND topic = @topic")}
            ORDER BY seq
            LIMIT @limit
            """);
        Add(command, "after", after);
        Add(command, "limit", max + 1);
        if (topic is not null)
        {
            Add(command, "topic", topic);
        }

        var entries = await ReadAsync(command, cancellationToken);
        var oldest = JournalCompleteness.NeedsOldest(after, entries, max) ? await OldestAsync(connection, cancellationToken) : null;
        var gap = topic is not null && await GapAfterAsync(connection, after, cancellationToken);
        return new JournalPage([.. entries.Take(max)], JournalCompleteness.IsComplete(after, entries, max, oldest, gap));
    }

    /// <summary>Whether a gap (<see cref="AnnouncementGap"/>) was recorded after the cursor: one look-up in the (topic, seq) index.</summary>
    private static async Task<bool> GapAfterAsync(DbConnection connection, long after, CancellationToken cancellationToken)
    {
        await using var gap = Command(connection, null, "SELECT 1 FROM cc_announcement_journal WHERE topic = @gap AND seq > @after LIMIT 1");
        Add(gap, "gap", AnnouncementGap.Topic);
        Add(gap, "after", after);
        return await gap.ExecuteScalarAsync(cancellationToken) is { } found and not DBNull;
    }

    /// <summary>The oldest cursor kept (null when the journal is empty): one more query, asked only when it decides the answer.</summary>
    private static async Task<long?> OldestAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var oldest = Command(connection, null, "SELECT MIN(seq) FROM cc_announcement_journal");
        return await oldest.ExecuteScalarAsync(cancellationToken) is { } first and not DBNull ? Convert.ToInt64(first, CultureInfo.InvariantCulture) : null;
    }

    private async Task<List<JournaledAnnouncement>> ReadAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var entries = new List<JournaledAnnouncement>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var at = database.Provider == NetworkDatabaseProvider.Sqlite
                ? DateTimeOffset.Parse(reader.GetString(5), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
                : reader.GetFieldValue<DateTimeOffset>(5);
            entries.Add(new JournaledAnnouncement(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4), at));
        }

        return entries;
    }

    /// <summary>Deletes the entries recorded more than <see cref="Retention"/> ago; returns how many.</summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken = default)
    {
        var cutoff = clock.GetUtcNow() - Retention;
        await schema.ApplyAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var prune = Command(connection, null, "DELETE FROM cc_announcement_journal WHERE recorded_at < @cutoff");
        Add(prune, "cutoff", database.Provider == NetworkDatabaseProvider.Sqlite ? Text(cutoff) : cutoff.UtcDateTime);
        return await prune.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Text(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
