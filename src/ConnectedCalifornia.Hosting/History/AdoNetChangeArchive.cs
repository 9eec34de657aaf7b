using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Data.Common;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Hosting.Schema;
using ConnectedCalifornia.Network;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;
using static ConnectedCalifornia.Hosting.DbCommands;

namespace ConnectedCalifornia.Hosting.History;

/// <summary>
/// <see cref="IChangeArchive"/> in the network's database (table <c>cc_change_history</c>, SQLite or
/// PostgreSQL). One writer loop per silo takes what grains hand over and saves everything that queued
/// meanwhile with one INSERT that ignores records already there, so under load many changes share one
/// statement and the grains' own writes stay one small row each. On PostgreSQL the statement takes one
/// array per column (<c>unnest</c>), so its text is the same for every batch and is prepared once per
/// connection, instead of a new text per batch size crowding the connection's prepared statements. A
/// batch the database refuses is saved entry by entry, and what fails is retried every few seconds; the
/// grains keep the records in their state until they are saved (see <see cref="SaveAsync"/>).
/// </summary>
public sealed partial class AdoNetChangeArchive : IChangeArchive, ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    /// <summary>At most this many records go into one statement (on SQLite, 10 parameters each).</summary>
    public const int MaxRecordsPerBatch = 500;

    /// <summary>How many rounds an entry is refused on its own before it is saved without its values.</summary>
    public const int FailuresBeforeValuesAreDropped = 2;

    /// <summary>Written instead of the values of a change the database refused to store.</summary>
    public const string ValueNotStored = "(value not stored)";

    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;

    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private const string Columns = "cc_change_history (entity_kind, entity_id, version, seq, at, actor_id, actor_name, field, old_value, new_value)";

    private const string PostgreSqlInsert = "INSERT INTO " + Columns + """

        SELECT * FROM unnest(@kinds, @ids, @versions, @seqs, @ats, @actor_ids, @actor_names, @fields, @old_values, @new_values)
        ON CONFLICT DO NOTHING
        """;

    private readonly NetworkDatabase _database;
    private readonly NetworkSchema _schema;
    private readonly ILogger<AdoNetChangeArchive> _logger;
    private readonly Channel<Entry> _queue = Channel.CreateUnbounded<Entry>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<(string Kind, string Id), long> _archived = new();
    private readonly CancellationTokenSource _stopping = new();
    private Entry? _carried;
    private Task? _loop;

    public AdoNetChangeArchive(NetworkDatabase database, NetworkSchema schema, ILogger<AdoNetChangeArchive> logger)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
        _schema = schema ?? throw new ArgumentNullException(nameof(schema));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    public void Append(string entityKind, string entityId, IEnumerable<VersionedChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        foreach (var change in changes)
        {
            if (!change.Records.IsDefaultOrEmpty)
            {
                _queue.Writer.TryWrite(new Entry(entityKind, entityId, change));
            }
        }
    }

    public long ArchivedThrough(string entityKind, string entityId) =>
        _archived.TryGetValue((entityKind, entityId), out var version) ? version : 0;

    public async Task<ImmutableArray<VersionedChange>> ReadNewestAsync(string entityKind, string entityId, int max, CancellationToken cancellationToken = default)
    {
        if (max <= 0)
        {
            return [];
        }

        await _schema.ApplyAsync(cancellationToken);
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT version, at, actor_id, actor_name, field, old_value, new_value
            FROM cc_change_history
            WHERE entity_kind = @kind AND entity_id = @id
            ORDER BY version DESC, seq DESC
            LIMIT @max
            """;
        Add(command, "kind", entityKind);
        Add(command, "id", entityId);
        Add(command, "max", max);

        var rows = new List<(long Version, ChangeRecord Record)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var at = _database.Provider == NetworkDatabaseProvider.Sqlite
                    ? DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
                    : reader.GetFieldValue<DateTimeOffset>(1);
                rows.Add((reader.GetInt64(0), new ChangeRecord(
                    at,
                    reader.GetString(2),
                    reader.GetString(3),
                    reader.GetString(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5),
                    reader.IsDBNull(6) ? null : reader.GetString(6))));
            }
        }

        // Newest first from the database; each version's records go back into the order they were made.
        return [.. rows.GroupBy(r => r.Version).Select(g => new VersionedChange(g.Key, [.. g.Select(r => r.Record).Reverse()]))];
    }

    void ILifecycleParticipant<ISiloLifecycle>.Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(AdoNetChangeArchive), ServiceLifecycleStage.ApplicationServices, StartAsync, StopAsync);

    /// <summary>Starts the writer loop (the silo does so; call it yourself only without a silo).</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loop ??= Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Saves what is queued (for a few seconds at most), then stops the loop.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        if (_loop is { } loop)
        {
            try
            {
                await loop.WaitAsync(StopTimeout, cancellationToken);
            }
            catch (Exception exception) when (exception is TimeoutException or OperationCanceledException)
            {
                // What is left stays in the grains' state.
            }
        }

        await _stopping.CancelAsync();
    }

    /// <summary>Ends the loop without waiting. The token source is only cancelled (it has no timer), so a late <see cref="StopAsync"/> is safe.</summary>
    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _stopping.Cancel();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var batch = new List<Entry>();
        try
        {
            while (await _queue.Reader.WaitToReadAsync(cancellationToken) || _carried is not null)
            {
                Fill(batch);
                await SaveAsync(batch, cancellationToken);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: what is left stays in the grains' state and is handed over again on their next activation.
        }
    }

    /// <summary>
    /// Saves a batch. While the database is unavailable (down, busy, a deadlock or a timeout) the batch
    /// waits a few seconds and goes again whole. When the database refuses the statement itself, each
    /// entry is saved alone, so one change it refuses cannot hold up everyone else's. An entry refused
    /// on its own in <see cref="FailuresBeforeValuesAreDropped"/> rounds (a value the database cannot
    /// store) is saved without its values, so the history still says who changed which field when, and
    /// the refusal is logged by entity and version only, never with the values. A failure of the
    /// database never counts as a refusal: values are dropped only for what the database refuses.
    /// </summary>
    private async Task SaveAsync(List<Entry> batch, CancellationToken cancellationToken)
    {
        var left = batch;
        while (left.Count > 0)
        {
            if (await TryWriteAsync(left, cancellationToken) is not { } failure)
            {
                MarkArchived(left);
                return;
            }

            if (!IsRefusal(failure))
            {
                LogWriteFailed(_logger, failure, left.Count);
                await Task.Delay(RetryDelay, cancellationToken);
                continue;
            }

            var unsaved = new List<Entry>();
            var saved = new List<Entry>();
            for (var i = 0; i < left.Count; i++)
            {
                var entry = left[i];
                var own = left.Count > 1 ? await TryWriteAsync([entry], cancellationToken) : failure;
                if (own is null)
                {
                    saved.Add(entry);
                    continue;
                }

                if (!IsRefusal(own))
                {
                    // The database became unavailable during the pass: the entries not tried yet wait for the
                    // next round untried, instead of each one waiting out its own failed connection.
                    unsaved.AddRange(left.Skip(i));
                    failure = own;
                    break;
                }

                if (++entry.Failures >= FailuresBeforeValuesAreDropped
                    && await TryWriteAsync([entry.WithoutValues()], cancellationToken) is null)
                {
                    LogValuesNotStored(_logger, entry.Kind, entry.Id, entry.Change.Version);
                    saved.Add(entry);
                    continue;
                }

                unsaved.Add(entry);
            }

            // "Archived through v" lets a grain forget everything up to v, so a later version saved while an
            // earlier one of the same entity waits is not reported yet; it goes round again (saving is idempotent).
            var waiting = unsaved.GroupBy(e => (e.Kind, e.Id)).ToDictionary(g => g.Key, g => g.Min(e => e.Change.Version));
            var next = new List<Entry>(unsaved);
            foreach (var entry in saved)
            {
                if (waiting.TryGetValue((entry.Kind, entry.Id), out var earliest) && entry.Change.Version > earliest)
                {
                    next.Add(entry);
                }
                else
                {
                    MarkArchived([entry]);
                }
            }

            if (unsaved.Count > 0)
            {
                LogWriteFailed(_logger, failure, unsaved.Count);
                await Task.Delay(RetryDelay, cancellationToken);
            }

            left = next;
        }
    }

    /// <summary>
    /// Whether the database refused what was written, rather than being unavailable for a while: a
    /// connection, I/O, timeout or cancelled-command failure, a deadlock, a serialization failure or a busy SQLite file
    /// says nothing about the values, so it never leads to saving a change without them.
    /// </summary>
    private static bool IsRefusal(Exception exception) => exception is not (
        DbException { IsTransient: true }
        or SqliteException { SqliteErrorCode: SqliteBusy or SqliteLocked }
        or TimeoutException
        or OperationCanceledException
        or IOException
        or SocketException);

    private void MarkArchived(List<Entry> entries)
    {
        foreach (var entry in entries)
        {
            _archived.AddOrUpdate((entry.Kind, entry.Id), entry.Change.Version, (_, known) => Math.Max(known, entry.Change.Version));
        }
    }

    /// <summary>Takes queued entries up to <see cref="MaxRecordsPerBatch"/> records; an entry that does not fit waits for the next batch.</summary>
    private void Fill(List<Entry> batch)
    {
        var records = 0;
        if (_carried is { } carried)
        {
            batch.Add(carried);
            records += carried.Change.Records.Length;
            _carried = null;
        }

        while (_queue.Reader.TryRead(out var entry))
        {
            if (records > 0 && records + entry.Change.Records.Length > MaxRecordsPerBatch)
            {
                _carried = entry;
                return;
            }

            batch.Add(entry);
            records += entry.Change.Records.Length;
        }
    }

    /// <summary>Writes the entries in one statement; null when saved, else what went wrong.</summary>
    private async Task<Exception?> TryWriteAsync(List<Entry> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return null;
        }

        try
        {
            await _schema.ApplyAsync(cancellationToken);
            await using var connection = await _database.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = _database.Provider == NetworkDatabaseProvider.Sqlite ? SqliteInsert(batch, command) : PostgreSqlInsertOf(batch, command);
            await command.ExecuteNonQueryAsync(cancellationToken);
            return null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return exception;
        }
    }

    /// <summary>One statement text for any batch: the columns go as arrays, paired row by row by <c>unnest</c>.</summary>
    private static string PostgreSqlInsertOf(List<Entry> batch, DbCommand command)
    {
        var rows = batch.SelectMany(e => e.Change.Records.Select((record, seq) => (Entry: e, Seq: seq, Record: record))).ToArray();
        Add(command, "kinds", rows.Select(r => r.Entry.Kind).ToArray());
        Add(command, "ids", rows.Select(r => r.Entry.Id).ToArray());
        Add(command, "versions", rows.Select(r => r.Entry.Change.Version).ToArray());
        Add(command, "seqs", rows.Select(r => r.Seq).ToArray());
        Add(command, "ats", rows.Select(r => r.Record.At.UtcDateTime).ToArray());
        Add(command, "actor_ids", rows.Select(r => r.Record.ActorId).ToArray());
        Add(command, "actor_names", rows.Select(r => r.Record.ActorName).ToArray());
        Add(command, "fields", rows.Select(r => r.Record.Field).ToArray());
        Add(command, "old_values", rows.Select(r => r.Record.OldValue).ToArray());
        Add(command, "new_values", rows.Select(r => r.Record.NewValue).ToArray());
        return PostgreSqlInsert;
    }

    private static string SqliteInsert(List<Entry> batch, DbCommand command)
    {
        // ON CONFLICT DO NOTHING skips only records already there; INSERT OR IGNORE would also drop a record
        // that breaks a NOT NULL rule without a word.
        var text = new StringBuilder("INSERT INTO ").Append(Columns).Append(" VALUES ");
        var n = 0;
        foreach (var entry in batch)
        {
            for (var seq = 0; seq < entry.Change.Records.Length; seq++, n++)
            {
                var record = entry.Change.Records[seq];
                var at = record.At.ToUniversalTime();
                text.Append(n == 0 ? "(" : ", (");
                text.Append(Param(command, $"k{n}", entry.Kind)).Append(", ")
                    .Append(Param(command, $"i{n}", entry.Id)).Append(", ")
                    .Append(Param(command, $"v{n}", entry.Change.Version)).Append(", ")
                    .Append(Param(command, $"s{n}", seq)).Append(", ")
                    .Append(Param(command, $"a{n}", at.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture))).Append(", ")
                    .Append(Param(command, $"u{n}", record.ActorId)).Append(", ")
                    .Append(Param(command, $"d{n}", record.ActorName)).Append(", ")
                    .Append(Param(command, $"f{n}", record.Field)).Append(", ")
                    .Append(Param(command, $"o{n}", record.OldValue)).Append(", ")
                    .Append(Param(command, $"w{n}", record.NewValue)).Append(')');
            }
        }

        return text.Append(" ON CONFLICT DO NOTHING;").ToString();
    }

    private static string Param(DbCommand command, string name, object? value)
    {
        Add(command, name, value);
        return "@" + name;
    }

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Saving {EntryCount} change(s) to the history failed; retrying in a few seconds (the grains keep them meanwhile)")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int entryCount);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Error, Message = "The database refused version {Version} of {EntityKind} {EntityId} in the history; it was saved without its values")]
    private static partial void LogValuesNotStored(ILogger logger, string entityKind, string entityId, long version);

    private sealed record Entry(string Kind, string Id, VersionedChange Change)
    {
        /// <summary>Rounds in which the database refused this entry on its own.</summary>
        public int Failures { get; set; }

        /// <summary>The same change with who, when and which field, but no values (and nothing a database could refuse).</summary>
        public Entry WithoutValues() => new(Kind, Clean(Id), Change with
        {
            Records = [.. Change.Records.Select(r => new ChangeRecord(r.At, Clean(r.ActorId), Clean(r.ActorName), Clean(r.Field), null, ValueNotStored))],
        });

        private static string Clean(string? text) =>
            string.IsNullOrEmpty(text) ? "unknown" : text.Replace("\0", string.Empty, StringComparison.Ordinal);
    }
}
