using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using ConnectedCalifornia.Hosting;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Testing;
using ConnectedCalifornia.Web.Live;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace ConnectedCalifornia.Web.Tests.Live;

/// <summary>
/// The announcement journal is replayed for a day to whoever may join a topic at the time of the replay, so it
/// keeps identifiers only: a replayed message (a join's recent list, a catch-up with a cursor) carries no title,
/// summary or who acted, and the journal's table holds none of them.
/// </summary>
public sealed class AnnouncementJournalPrivacyTests(SeededAppFixture app) : IClassFixture<SeededAppFixture>
{
    private static readonly string Topic = Topics.TaskForce(AuthorizationMatrix.TaskForce);

    [Fact]
    public async Task A_replayed_announcement_carries_identifiers_only_and_the_journal_stores_no_text()
    {
        var (lead, cookie) = await app.ClientForAsync(MatrixRole.TaskForceLead.Email());
        var name = (await lead.GetFromJsonAsync<JsonElement>($"/api/task-forces/{AuthorizationMatrix.TaskForce}")).GetProperty("profile").GetProperty("name").GetString()!;

        // Live, on the task force's own topic, the message carries its title, summary and who posted.
        await using var live = app.Factory.CreateHubConnection(cookie);
        var received = new ConcurrentQueue<AnnouncementMessage>();
        live.On<AnnouncementMessage>(nameof(INetworkClient.Announcement), m => received.Enqueue(m));
        await live.StartAsync();
        Assert.True((await live.InvokeAsync<JoinResult>(nameof(NetworkHub.Join), Topic)).Joined);
        (await lead.PostAsJsonAsync($"/api/task-forces/{AuthorizationMatrix.TaskForce}/notices", new { text = "Meeting moved to Thursday" })).EnsureSuccessStatusCode();
        await Eventually.TrueAsync(() => received.Any(m => m.Kind == AnnouncementKinds.TaskForceNotice), what: "the notice's live message");
        var notice = received.Last(m => m.Kind == AnnouncementKinds.TaskForceNotice);
        Assert.Equal(name, notice.Title);
        Assert.NotEqual(string.Empty, notice.Summary);
        Assert.NotEqual(string.Empty, notice.ActorName);
        Assert.True(notice.Cursor > 0);

        // Replayed with a cursor (on another connection, as after a reconnect): the same announcement, identifiers only.
        await using var again = app.Factory.CreateHubConnection(cookie);
        await again.StartAsync();
        var rejoin = await again.InvokeAsync<JoinResult>(nameof(NetworkHub.JoinAfter), Topic, notice.Cursor - 1);
        Assert.True(rejoin.Joined);
        var replayed = Assert.Single(rejoin.Recent, m => m.Cursor == notice.Cursor);
        Assert.Equal((Topic, notice.Kind, notice.EntityId, notice.Version), (replayed.Topic, replayed.Kind, replayed.EntityId, replayed.Version));
        Assert.All(rejoin.Recent, AssertIdentifiersOnly);

        // A plain join's recent list: identifiers only as well.
        await using var fresh = app.Factory.CreateHubConnection(cookie);
        await fresh.StartAsync();
        var join = await fresh.InvokeAsync<JoinResult>(nameof(NetworkHub.Join), Topic);
        Assert.True(join.Joined);
        Assert.Contains(join.Recent, m => m.Cursor == notice.Cursor);
        Assert.All(join.Recent, AssertIdentifiersOnly);

        // The journal's table: no text column, and no row holds the title, summary or who acted.
        var database = app.Factory.Services.GetRequiredService<NetworkDatabase>();
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM cc_announcement_journal";
        await using var reader = await command.ExecuteReaderAsync();
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        Assert.Equal(["seq", "topic", "kind", "entity_id", "version", "at", "recorded_at"], columns);
        var rows = 0;
        while (await reader.ReadAsync())
        {
            rows++;
            for (var i = 0; i < reader.FieldCount; i++)
            {
                var value = Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture) ?? string.Empty;
                Assert.DoesNotContain(name, value, StringComparison.Ordinal);
                Assert.DoesNotContain(notice.ActorName, value, StringComparison.Ordinal);
                Assert.DoesNotContain(notice.Summary, value, StringComparison.Ordinal);
            }
        }

        Assert.True(rows > 0, "the journal holds the notice's row");
    }

    private static void AssertIdentifiersOnly(AnnouncementMessage message)
    {
        Assert.Equal(string.Empty, message.Title);
        Assert.Equal(string.Empty, message.Summary);
        Assert.Equal(string.Empty, message.ActorName);
    }
}
