using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Net.Http.Json;
using System.Text.Json;
using ConnectedCalifornia.Hosting.History;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Testing;
using ConnectedCalifornia.Web.Live;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ConnectedCalifornia.Web.Tests.Live;

/// <summary>
/// The silent gap (issue 17, items 2–3): an announcement the publisher drops (its queue is full) or cannot write to
/// the journal in time is recorded as a gap entry, so a client that catches up across it is told its answer is
/// incomplete, and every connected client, whatever topic it follows, hears the gap live. Real app on PostgreSQL;
/// the journal is held up the way a busy database would: a transaction holds the journal's own append lock.
/// </summary>
public sealed class AnnouncementGapTests
{
    private static readonly string Topic = Topics.Initiative(AuthorizationMatrix.Initiative);
    private static readonly string ProgressPath = $"/api/initiatives/{AuthorizationMatrix.Initiative}/goals/caregivers-trained/progress";

    [SkippableFact]
    public async Task Gap_a_change_whose_announcement_the_journal_cannot_take_in_time_makes_JoinAfter_incomplete_and_reaches_every_connected_client()
    {
        await using var database = await SeededPostgres.CreateDatabaseAsync();
        await using var node = new NetworkAppFactory(postgresConnectionString: database.ConnectionString)
            .WithSetting("Announcements:JournalTimeout", "00:00:01");
        using var curator = node.CreateBrowserLikeClient();
        await SignIn.AsAsync(curator, node, MatrixRole.Curator.Email()!);

        // One client follows the initiative, another only the statewide board: a gap concerns both.
        await using var follower = await JoinedAsync(node, Topic);
        await using var bystander = await JoinedAsync(node, Topics.Statewide);

        // A change journaled as usual: its cursor is where a client that leaves now would come back from.
        await RecordProgressAsync(curator);
        var cursorBefore = await WaitForAsync(() => Task.FromResult(follower.Received.Where(m => m.Cursor > 0).Select(m => m.Cursor).DefaultIfEmpty().Max()), c => c > 0, 30);

        // The database holds up every append for longer than the publisher waits: the next change is acknowledged
        // (stored), but its announcement is not in the journal.
        long lostVersion;
        await using (await JournalLock.TakeAsync(database.ConnectionString))
        {
            lostVersion = await RecordProgressAsync(curator);
        }

        Assert.DoesNotContain(lostVersion, await JournalVersionsAsync(database.ConnectionString, Topic));

        // The publisher records the gap as soon as the journal takes appends again, without waiting for another change.
        var gapCursor = await WaitForAsync(() => GapCursorAfterAsync(database.ConnectionString, cursorBefore), c => c > 0, 30);

        // A client that left at cursorBefore and comes back is told it has not got everything.
        await using var returning = await JoinedAsync(node, null);
        var answer = await returning.Connection.InvokeAsync<JoinResult>(nameof(NetworkHub.JoinAfter), Topic, cursorBefore);
        Assert.True(answer.Joined);
        Assert.False(answer.Complete);
        Assert.DoesNotContain(answer.Recent, m => m.Version == lostVersion);

        // Both connected clients receive the gap live, with its journal cursor, and it names nothing.
        foreach (var client in new[] { follower, bystander })
        {
            var gap = await WaitForAsync(() => Task.FromResult(client.Received.FirstOrDefault(m => m.IsGap())), m => m is not null, 30);
            Assert.Equal(gapCursor, gap!.Cursor);
            Assert.Equal(AnnouncementGap.Topic, gap.Topic);
            Assert.Equal(string.Empty, gap.EntityId);
            Assert.Equal(string.Empty, gap.Title + gap.Summary + gap.ActorName);
        }

        // A client that catches up from after the gap is complete again.
        var afterGap = await returning.Connection.InvokeAsync<JoinResult>(nameof(NetworkHub.JoinAfter), Topic, gapCursor);
        Assert.True(afterGap.Complete);
    }

    [SkippableFact]
    public async Task Gap_an_announcement_dropped_from_a_full_publisher_queue_makes_JoinAfter_incomplete_and_reaches_every_connected_client()
    {
        await using var database = await SeededPostgres.CreateDatabaseAsync();
        await using var node = new NetworkAppFactory(postgresConnectionString: database.ConnectionString)
            .WithSetting("Announcements:QueueCapacity", "1");
        using var curator = node.CreateBrowserLikeClient();
        await SignIn.AsAsync(curator, node, MatrixRole.Curator.Email()!);
        await using var follower = await JoinedAsync(node, Topic);
        await using var bystander = await JoinedAsync(node, Topics.Statewide);
        await RecordProgressAsync(curator);
        var cursorBefore = await WaitForAsync(() => Task.FromResult(follower.Received.Where(m => m.Cursor > 0).Select(m => m.Cursor).DefaultIfEmpty().Max()), c => c > 0, 30);
        var publisher = node.Services.GetRequiredService<AnnouncementPublisher>();

        // The journal is slow (held for a moment, well within its timeout): the publisher's loop waits on one batch,
        // the initiative's announcement waits in the queue of one, and the next announcement pushes it out.
        long droppedVersion;
        await using (await JournalLock.TakeAsync(database.ConnectionString))
        {
            var first = publisher.Publish(Filler(1));
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            var write = RecordProgressAsync(curator);
            await Task.Delay(TimeSpan.FromSeconds(1));
            var second = publisher.Publish(Filler(2));
            droppedVersion = await write.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.False(first.IsCompleted, "the first announcement waits for the journal");
            _ = second;
        }

        // The dropped announcement is in no journal and reached no client; the gap is recorded in its place.
        var gapCursor = await WaitForAsync(() => GapCursorAfterAsync(database.ConnectionString, cursorBefore), c => c > 0, 30);
        Assert.DoesNotContain(droppedVersion, await JournalVersionsAsync(database.ConnectionString, Topic));
        Assert.DoesNotContain(follower.Received, m => m.Version == droppedVersion && !m.IsGap());
        Assert.Equal(0, publisher.UnrecordedGap);

        await using var returning = await JoinedAsync(node, null);
        var answer = await returning.Connection.InvokeAsync<JoinResult>(nameof(NetworkHub.JoinAfter), Topic, cursorBefore);
        Assert.True(answer.Joined);
        Assert.False(answer.Complete);

        foreach (var client in new[] { follower, bystander })
        {
            var gap = await WaitForAsync(() => Task.FromResult(client.Received.FirstOrDefault(m => m.IsGap())), m => m is not null, 30);
            Assert.Equal(gapCursor, gap!.Cursor);
        }

        // What the page must reload is stored: the API shows the dropped change.
        var stored = await curator.GetFromJsonAsync<JsonElement>($"/api/initiatives/{AuthorizationMatrix.Initiative}");
        Assert.True(stored.GetProperty("version").GetInt64() >= droppedVersion);
    }

    /// <summary>The first value <paramref name="read"/> gives that <paramref name="done"/> accepts, within <paramref name="seconds"/>.</summary>
    private static async Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> done, int seconds)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(seconds);
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < until, $"no accepted value within {seconds} s (last: {value})");
            await Task.Delay(50);
        }
    }

    /// <summary>An announcement of an initiative that does not exist, to keep the publisher busy.</summary>
    private static NetworkAnnouncement Filler(int n) =>
        new([Topics.Initiative("gap-test-filler")], AnnouncementKinds.InitiativeUpdated, "gap-test-filler", n, "Filler", "Filler", DateTimeOffset.UtcNow, "Test");

    private static async Task<long> RecordProgressAsync(HttpClient curator)
    {
        using var response = await curator.PostAsJsonAsync(ProgressPath, new { amount = 1 });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt64();
    }

    private static async Task<Listener> JoinedAsync(NetworkAppFactory node, string? topic)
    {
        var listener = new Listener(node.CreateHubConnection());
        await listener.Connection.StartAsync();
        if (topic is not null)
        {
            Assert.True((await listener.Connection.InvokeAsync<JoinResult>(nameof(NetworkHub.Join), topic)).Joined);
        }

        return listener;
    }

    private static async Task<long> GapCursorAfterAsync(string connectionString, long after)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT COALESCE(MIN(seq), 0) FROM cc_announcement_journal WHERE topic = @gap AND seq > @after", connection);
        command.Parameters.AddWithValue("gap", AnnouncementGap.Topic);
        command.Parameters.AddWithValue("after", after);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<ImmutableHashSet<long>> JournalVersionsAsync(string connectionString, string topic)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT version FROM cc_announcement_journal WHERE topic = @topic", connection);
        command.Parameters.AddWithValue("topic", topic);
        var versions = ImmutableHashSet.CreateBuilder<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            versions.Add(reader.GetInt64(0));
        }

        return versions.ToImmutable();
    }

    /// <summary>A hub connection and every announcement it received.</summary>
    private sealed class Listener : IAsyncDisposable
    {
        public Listener(HubConnection connection)
        {
            Connection = connection;
            connection.On<AnnouncementMessage>(nameof(INetworkClient.Announcement), Received.Enqueue);
        }

        public HubConnection Connection { get; }

        public ConcurrentQueue<AnnouncementMessage> Received { get; } = [];

        public ValueTask DisposeAsync() => Connection.DisposeAsync();
    }
}

/// <summary>
/// Holds the announcement journal's append lock (<see cref="AdoNetAnnouncementJournal.AppendLock"/>) in an open
/// transaction, as a long transaction of the database would: every append waits until it is disposed.
/// </summary>
internal sealed class JournalLock : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;

    private JournalLock(NpgsqlConnection connection, NpgsqlTransaction transaction) => (_connection, _transaction) = (connection, transaction);

    public static async Task<JournalLock> TakeAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction);
        command.Parameters.AddWithValue("key", AdoNetAnnouncementJournal.AppendLock);
        await command.ExecuteNonQueryAsync();
        return new JournalLock(connection, transaction);
    }

    public async ValueTask DisposeAsync()
    {
        await _transaction.CommitAsync();
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
