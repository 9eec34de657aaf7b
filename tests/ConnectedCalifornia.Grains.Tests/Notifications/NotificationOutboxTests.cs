using ConnectedCalifornia.Calendars;
using ConnectedCalifornia.Calendars.Tests;
using ConnectedCalifornia.Hosting;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Testing;
using static ConnectedCalifornia.Testing.TestData;

namespace ConnectedCalifornia.Notifications.Tests;

/// <summary>
/// The transactional outbox: a notification is written with the change in the grain's own state, so an
/// outbox that cannot take it at that moment loses nothing; it is handed over with the next change (or
/// on the next activation), once, whatever happens in between.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class NotificationOutboxTests(ClusterFixture fixture)
{
    private static readonly Actor Host = new("host-1", "Hana Host");
    private readonly IGrainFactory _grains = fixture.Client;

    [Fact]
    public async Task Notification_written_while_the_outbox_table_is_unavailable_is_kept_in_the_grain_and_saved_once_later()
    {
        var hostOrg = await CreateOrganizationAsync(_grains);
        var eventId = NewKey("event");
        var grain = _grains.GetGrain<IEventGrain>(eventId);
        Assert.True((await grain.Define(EventGrainTests.Training(hostOrg, capacity: 10), Host, EventHostRights.AnyHost)).Succeeded);
        var outbox = EventReminderTests.Outbox();
        await outbox.CountAsync(); // the tables exist (the schema is applied on first use)

        await ExecuteAsync("ALTER TABLE cc_notification RENAME TO cc_notification_away");
        RegistrationResult first;
        try
        {
            // The change itself succeeds: its notification waits in the event's state.
            first = await grain.Register(new RegistrationRequest(null, "Ada Early", "ada@example.org"), Host);
            Assert.True(first.Result.Succeeded);
        }
        finally
        {
            await ExecuteAsync("ALTER TABLE cc_notification_away RENAME TO cc_notification");
        }

        Assert.Empty(await outbox.ReadWaitingAsync($"event:{eventId}:"));

        // The next change hands over both; handing the first one over again later changes nothing.
        Assert.True((await grain.Register(new RegistrationRequest(null, "Bo Later", "bo@example.org"), Host)).Result.Succeeded);
        var saved = await outbox.ReadWaitingAsync($"event:{eventId}:");
        Assert.Equal(["ada@example.org", "bo@example.org"], saved.Select(n => n.To.Single().Id).Order());
        Assert.All(saved, n => Assert.Equal(NotificationKinds.EventRegistered, n.Kind));

        await outbox.SaveAsync(saved);
        Assert.Equal(2, (await outbox.ReadWaitingAsync($"event:{eventId}:")).Count);
    }

    private static async Task ExecuteAsync(string sql)
    {
        var database = NetworkDatabase.ForSqlite(ClusterFixture.HistoryDirectory);
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
