using ConnectedCalifornia.Hosting.History;
using ConnectedCalifornia.Hosting.Schema;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Testing;

namespace ConnectedCalifornia.Hosting.Tests;

/// <summary>
/// A gap entry (<see cref="AnnouncementGap"/>) in every journal: a read of one topic that spans it answers incomplete
/// even though the topic's own entries are all there; a read from after it is complete again; a read of every topic
/// returns the gap entry in its place and stays complete.
/// </summary>
public sealed class AnnouncementJournalGapTests
{
    private const string Topic = "initiative:journal-gap-test";

    [Fact]
    public async Task Gap_in_the_sqlite_journal_makes_topic_reads_that_span_it_incomplete()
    {
        using var folder = new TempDirectory();
        var database = NetworkDatabase.ForSqlite(folder.Path);
        await SpanningAGapIsIncompleteAsync(new AdoNetAnnouncementJournal(database, new NetworkSchema(database), TimeProvider.System));
    }

    [SkippableFact]
    public async Task Gap_in_the_postgresql_journal_makes_topic_reads_that_span_it_incomplete()
    {
        await using var postgres = await PostgresTestDatabase.CreateAsync();
        var database = NetworkDatabase.ForPostgreSql(new PostgreSqlOptions { ConnectionString = postgres.ConnectionString });
        await SpanningAGapIsIncompleteAsync(new AdoNetAnnouncementJournal(database, new NetworkSchema(database), TimeProvider.System));
    }

    [Fact]
    public Task Gap_in_the_in_memory_journal_makes_topic_reads_that_span_it_incomplete() =>
        SpanningAGapIsIncompleteAsync(new InMemoryAnnouncementJournal());

    private static async Task SpanningAGapIsIncompleteAsync(IAnnouncementJournal journal)
    {
        var first = (await journal.AppendAsync([Announcement(1)])).Single().Cursors.Single();
        Assert.True((await journal.ReadAfterAsync(Topic, first - 1, 10)).Complete);

        // The publisher lost announcements after the first: it writes the gap ahead of its next batch.
        var appended = await journal.AppendAsync([AnnouncementGap.Create(2, DateTimeOffset.UtcNow), Announcement(4)]);
        var gap = appended[0].Cursors.Single();
        var fourth = appended[1].Cursors.Single();
        Assert.True(gap > first && fourth > gap);

        // From before the gap: the topic's entries are all there, but the answer is not complete.
        var spanning = await journal.ReadAfterAsync(Topic, first, 10);
        Assert.Equal([fourth], spanning.Entries.Select(e => e.Cursor));
        Assert.False(spanning.Complete);
        Assert.False((await journal.ReadAfterAsync(Topic, first - 1, 10)).Complete);

        // From the gap on: complete again.
        var afterGap = await journal.ReadAfterAsync(Topic, gap, 10);
        Assert.True(afterGap.Complete);
        Assert.Equal([fourth], afterGap.Entries.Select(e => e.Cursor));

        // Every topic (the bridge's read): the gap entry in its place, naming nothing; the answer is complete.
        var all = await journal.ReadAfterAsync(null, first, 10);
        Assert.True(all.Complete);
        Assert.Equal([gap, fourth], all.Entries.Select(e => e.Cursor));
        Assert.Equal(AnnouncementGap.Topic, all.Entries[0].Topic);
        Assert.Equal(AnnouncementGap.Kind, all.Entries[0].Kind);
        Assert.Equal(string.Empty, all.Entries[0].EntityId);
    }

    private static NetworkAnnouncement Announcement(long version) =>
        new([Topic], AnnouncementKinds.InitiativeGoal, "journal-gap-test", version, "A title", "A summary", DateTimeOffset.UtcNow, "Someone");
}
