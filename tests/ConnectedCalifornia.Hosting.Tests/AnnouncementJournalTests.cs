using System.Globalization;
using ConnectedCalifornia.Hosting.History;
using ConnectedCalifornia.Hosting.Schema;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Testing;

namespace ConnectedCalifornia.Hosting.Tests;

/// <summary>
/// The durable announcement journal on both databases: appends never delete, the pruning loop does; and every journal
/// (in memory too) answers whether a read is complete by one rule.
/// </summary>
public sealed class AnnouncementJournalTests
{
    private const string Topic = "initiative:journal-test";

    [Fact]
    public async Task Sqlite_journal_appends_without_pruning_and_the_pruning_loop_deletes_what_is_too_old()
    {
        using var folder = new TempDirectory();
        await AppendThenPruneAsync(NetworkDatabase.ForSqlite(folder.Path), recordedByTheClock: true);
    }

    [SkippableFact]
    public async Task PostgreSql_journal_appends_without_pruning_and_the_pruning_loop_deletes_what_is_too_old()
    {
        await using var postgres = await PostgresTestDatabase.CreateAsync();
        await AppendThenPruneAsync(NetworkDatabase.ForPostgreSql(new PostgreSqlOptions { ConnectionString = postgres.ConnectionString }), recordedByTheClock: false);
    }

    /// <summary>
    /// An append two days after the first one leaves the first in place (before, an append deleted old rows after its
    /// commit, on the grains' wait path); <see cref="AdoNetAnnouncementJournal.PruneAsync"/> deletes it. On
    /// PostgreSQL the database stamps rows with its own time, so both rows are older than the moved clock's cutoff.
    /// </summary>
    private static async Task AppendThenPruneAsync(NetworkDatabase database, bool recordedByTheClock)
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var journal = new AdoNetAnnouncementJournal(database, new NetworkSchema(database), clock);

        var first = (await journal.AppendAsync([Announcement(1)])).Single().Cursors.Single();
        clock.Now += TimeSpan.FromDays(2);
        var second = (await journal.AppendAsync([Announcement(2)])).Single().Cursors.Single();
        Assert.True(second > first);
        Assert.Equal(new List<long> { first, second }, await CursorsAsync(database));

        var deleted = await journal.PruneAsync();

        Assert.Equal(recordedByTheClock ? new List<long> { second } : [], await CursorsAsync(database));
        Assert.Equal(recordedByTheClock ? 1 : 2, deleted);

        // After the prune, the same rule as the in-memory journal: a cursor older than the oldest kept (0 too) may have missed entries.
        var third = (await journal.AppendAsync([Announcement(3)])).Single().Cursors.Single();
        var oldest = (await CursorsAsync(database))[0];
        Assert.True(oldest > 1);
        Assert.False((await journal.ReadAfterAsync(Topic, 0, 10)).Complete);
        Assert.False((await journal.ReadAfterAsync(null, 0, 10)).Complete);
        Assert.False((await journal.ReadAfterAsync(Topic, oldest - 2, 10)).Complete);
        var fromTheOldest = await journal.ReadAfterAsync(Topic, oldest - 1, 10);
        Assert.True(fromTheOldest.Complete);
        Assert.Equal(third, fromTheOldest.Entries[^1].Cursor);
        Assert.True((await journal.ReadAfterAsync(Topic, third, 10)).Complete);
    }

    [Fact]
    public async Task In_memory_journal_answers_complete_by_the_same_rule_once_its_oldest_entries_are_gone()
    {
        var journal = new InMemoryAnnouncementJournal();
        await journal.AppendAsync([.. Enumerable.Range(1, InMemoryAnnouncementJournal.Capacity + 1).Select(v => Announcement(v))]);

        // Cursor 1 was dropped, 2 is the oldest kept.
        Assert.False((await journal.ReadAfterAsync(Topic, 0, 10)).Complete);
        Assert.False((await journal.ReadAfterAsync(null, 0, 10)).Complete);
        Assert.True((await journal.ReadAfterAsync(Topic, 1, InMemoryAnnouncementJournal.Capacity)).Complete);
        Assert.True((await journal.ReadAfterAsync(Topic, InMemoryAnnouncementJournal.Capacity, 10)).Complete);
    }

    private static NetworkAnnouncement Announcement(long version) =>
        new([Topic], AnnouncementKinds.InitiativeGoal, "journal-test", version, "A title", "A summary", DateTimeOffset.UtcNow, "Someone");

    private static async Task<List<long>> CursorsAsync(NetworkDatabase database)
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq FROM cc_announcement_journal ORDER BY seq";
        await using var reader = await command.ExecuteReaderAsync();
        var cursors = new List<long>();
        while (await reader.ReadAsync())
        {
            cursors.Add(Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture));
        }

        return cursors;
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
