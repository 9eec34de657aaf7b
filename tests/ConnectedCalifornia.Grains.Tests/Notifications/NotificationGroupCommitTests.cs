using System.Collections.Immutable;
using ConnectedCalifornia.Hosting;
using ConnectedCalifornia.Hosting.Notifications;
using ConnectedCalifornia.Hosting.Schema;

namespace ConnectedCalifornia.Notifications.Tests;

/// <summary>
/// The outbox's group commit: saves that arrive while the database is busy are written together, yet one
/// change that cannot be written fails only itself, and a caller that stops waiting does not stop the writing.
/// </summary>
public sealed class NotificationGroupCommitTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "cc-group-commit-" + Guid.NewGuid().ToString("N"));
    private NetworkDatabase _database = null!;
    private NotificationStore _store = null!;

    public async Task InitializeAsync()
    {
        _database = NetworkDatabase.ForSqlite(_directory);
        _store = new NotificationStore(_database, new NetworkSchema(_database), new NotificationSignal(), TimeProvider.System);
        await _store.CountAsync(); // the tables exist
    }

    public Task DisposeAsync()
    {
        try
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }

        return Task.CompletedTask;
    }

    [Fact]
    public async Task Notification_one_bad_change_in_a_group_fails_alone_and_the_others_are_saved()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        Task first, bad;
        List<Task> others;
        await using (var blocker = await _database.OpenAsync())
        {
            // The database is busy (another writer holds it), so the saves pile up into one group.
            await ExecuteAsync(blocker, "BEGIN IMMEDIATE");
            first = _store.SaveAsync([Good($"{run}:first")]);
            await Task.Delay(300);
            bad = _store.SaveAsync([Good($"{run}:bad") with { Id = null! }]);
            others = [.. Enumerable.Range(0, 5).Select(i => _store.SaveAsync([Good($"{run}:reset-{i}")]))];
            await Task.Delay(300);
            await ExecuteAsync(blocker, "ROLLBACK");
        }

        await first;
        await Task.WhenAll(others);
        await Assert.ThrowsAnyAsync<Exception>(() => bad);
        var saved = await _store.ReadWaitingAsync($"{run}:");
        Assert.Equal([$"{run}:first", .. Enumerable.Range(0, 5).Select(i => $"{run}:reset-{i}")], saved.Select(n => n.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Notification_a_caller_that_stops_waiting_does_not_stop_the_others_being_saved()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        using var impatient = new CancellationTokenSource();
        Task leaving;
        List<Task> others;
        await using (var blocker = await _database.OpenAsync())
        {
            await ExecuteAsync(blocker, "BEGIN IMMEDIATE");
            leaving = _store.SaveAsync([Good($"{run}:leaving"), Good($"{run}:leaving-2")], impatient.Token);
            await Task.Delay(300);
            others = [.. Enumerable.Range(0, 3).Select(i => _store.SaveAsync([Good($"{run}:staying-{i}")]))];
            await impatient.CancelAsync();
            await ExecuteAsync(blocker, "ROLLBACK");
        }

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => leaving);
        await Task.WhenAll(others);

        // Its own are written anyway (the grain would hand them over again; the outbox ignores the copy).
        var saved = await _store.ReadWaitingAsync($"{run}:");
        Assert.Equal(5, saved.Count);
    }

    private static Notification Good(string id) => new(id, NotificationKinds.AccountPasswordReset, DateTimeOffset.UtcNow,
        [NotificationAudience.Address("someone@example.org", null)], ImmutableSortedDictionary<string, string>.Empty, null);

    private static async Task ExecuteAsync(System.Data.Common.DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
