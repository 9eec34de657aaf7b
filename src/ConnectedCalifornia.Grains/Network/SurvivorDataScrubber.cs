namespace ConnectedCalifornia.Network;

/// <summary>
/// Called by a grain right after it wrote a state from which survivor data was deleted (a consent
/// withdrawn or lapsed, a referral purged), so that the storage keeps no readable copy either: the
/// embedded SQLite file moves its write-ahead log into the database and truncates it (the database
/// itself overwrites deleted content, see <c>SqlitePrivacy</c>). Implemented by the hosting; a host
/// without such a log (PostgreSQL, whose files the server protects) does nothing.
/// </summary>
public interface ISurvivorDataScrubber
{
    /// <summary>Removes what the storage still holds of deleted data; never throws for a busy database, it only reports it.</summary>
    Task ScrubAsync(CancellationToken cancellationToken = default);
}

/// <summary>The default for a storage that keeps no copy of overwritten data of its own.</summary>
internal sealed class NoSurvivorDataScrubber : ISurvivorDataScrubber
{
    public Task ScrubAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
}
