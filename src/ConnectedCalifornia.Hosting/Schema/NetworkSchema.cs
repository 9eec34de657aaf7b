using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ConnectedCalifornia.Hosting.Schema;

/// <summary>
/// Creates the database schema of the network (Orleans' query catalog and the tables behind it) from the
/// embedded scripts. Idempotent: table <c>cc_schema_migrations</c> records the id of every applied script, and
/// each script runs once, in its own transaction. On PostgreSQL an advisory lock serialises nodes that start
/// together; on SQLite the write lock of <c>BEGIN IMMEDIATE</c> does.
/// </summary>
public sealed partial class NetworkSchema
{
    /// <summary>The key of the PostgreSQL advisory lock held while the schema is checked and applied.</summary>
    public const long AdvisoryLockKey = 0x43_43_53_43_48_45_4D_41; // "CCSCHEMA"

    private readonly NetworkDatabase _database;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _upToDate;

    public NetworkSchema(NetworkDatabase database, ILogger<NetworkSchema>? logger = null)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
        _logger = logger ?? NullLogger<NetworkSchema>.Instance;
    }

    /// <summary>The scripts of this database's provider, in the order they are applied.</summary>
    public IReadOnlyList<SchemaScript> Scripts => SchemaScript.For(_database.Provider);

    /// <summary>
    /// Applies every script not applied yet and returns their ids (empty when the schema was up to date).
    /// Safe to call again, from several nodes at once; after one success this instance returns at once.
    /// </summary>
    public async Task<IReadOnlyList<string>> ApplyAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_upToDate)
            {
                return [];
            }

            var applied = await ApplyPendingAsync(cancellationToken);
            _upToDate = true;
            return applied;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<IReadOnlyList<string>> ApplyPendingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        try
        {
            await PrepareAsync(connection, cancellationToken);
            var applied = new List<string>();
            foreach (var script in Scripts)
            {
                if (await ApplyOnceAsync(connection, script, cancellationToken))
                {
                    applied.Add(script.Id);
                    LogScriptApplied(_logger, script.Id, _database.Description);
                }
            }

            LogSchemaUpToDate(_logger, _database.Description, applied.Count);
            return applied;
        }
        finally
        {
            await ReleaseAsync(connection);
        }
    }

    /// <summary>Takes the cross-node lock (PostgreSQL) or switches to WAL (SQLite), then creates the record table.</summary>
    private async Task PrepareAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        if (_database.Provider == NetworkDatabaseProvider.PostgreSql)
        {
            LogWaitingForLock(_logger, _database.Description);
            await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({AdvisoryLockKey})", cancellationToken);
            await ExecuteAsync(connection, null, """
                CREATE TABLE IF NOT EXISTS cc_schema_migrations
                (
                    id         text        NOT NULL PRIMARY KEY,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """, cancellationToken);
        }
        else
        {
            await ExecuteAsync(connection, null, "PRAGMA journal_mode = WAL", cancellationToken);
            await ExecuteAsync(connection, null, """
                CREATE TABLE IF NOT EXISTS cc_schema_migrations
                (
                    id         TEXT NOT NULL PRIMARY KEY,
                    applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
                )
                """, cancellationToken);
        }
    }

    private async Task ReleaseAsync(DbConnection connection)
    {
        if (_database.Provider == NetworkDatabaseProvider.PostgreSql)
        {
            await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None);
        }
    }

    /// <summary>Runs <paramref name="script"/> and records it, in one transaction, unless it is recorded already.</summary>
    private static async Task<bool> ApplyOnceAsync(DbConnection connection, SchemaScript script, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var check = Command(connection, transaction, "SELECT COUNT(*) FROM cc_schema_migrations WHERE id = @id", script.Id))
        {
            var count = Convert.ToInt64(await check.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            if (count > 0)
            {
                return false;
            }
        }

        await ExecuteAsync(connection, transaction, script.Sql, cancellationToken);
        await using (var record = Command(connection, transaction, "INSERT INTO cc_schema_migrations (id) VALUES (@id)", script.Id))
        {
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, sql, id: null);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, string? id)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.CommandTimeout = 120;
        if (id is not null)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "id";
            parameter.Value = id;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Applied schema script {ScriptId} to {Database}")]
    private static partial void LogScriptApplied(ILogger logger, string scriptId, string database);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Schema of {Database} is up to date ({AppliedCount} script(s) applied now)")]
    private static partial void LogSchemaUpToDate(ILogger logger, string database, int appliedCount);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Debug, Message = "Waiting for the schema lock of {Database}")]
    private static partial void LogWaitingForLock(ILogger logger, string database);
}
