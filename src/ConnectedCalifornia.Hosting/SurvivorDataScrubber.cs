using ConnectedCalifornia.Network;
using Microsoft.Extensions.Logging;

namespace ConnectedCalifornia.Hosting;

/// <summary>
/// Scrubs the embedded SQLite file after survivor data was deleted: <c>PRAGMA wal_checkpoint(TRUNCATE)</c>
/// copies the write-ahead log into the database (where <c>secure_delete</c> has already zeroed the old
/// content) and truncates the log to nothing, so the old frames that still held the details are gone.
/// On PostgreSQL it does nothing: the server's files and their encryption at rest are the server's.
/// </summary>
internal sealed partial class SurvivorDataScrubber(NetworkDatabase database, ILogger<SurvivorDataScrubber> logger) : ISurvivorDataScrubber
{
    /// <summary>One checkpoint at a time: a second request while one runs waits for it and runs once more.</summary>
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task ScrubAsync(CancellationToken cancellationToken = default)
    {
        if (database.Provider != NetworkDatabaseProvider.Sqlite)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            // One row: busy (1 when a reader or writer kept the checkpoint from finishing), log frames, frames checkpointed.
            if (await reader.ReadAsync(cancellationToken) && reader.GetInt64(0) != 0)
            {
                CheckpointBusy(logger);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    [LoggerMessage(1301, LogLevel.Warning, "The SQLite checkpoint after a deletion of survivor data could not finish (the database was busy); the next one does.")]
    private static partial void CheckpointBusy(ILogger logger);
}
