using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Testing;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using Npgsql;

namespace ConnectedCalifornia.Web.Tests.Directory;

/// <summary>On PostgreSQL the yearly re-verification sweep is an Orleans reminder, stored in the durable reminder table.</summary>
public sealed class ReverificationReminderTests
{
    [SkippableFact]
    public async Task In_the_cluster_topology_the_reverification_sweep_is_a_reminder_in_the_database()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using (var node = new NetworkAppFactory(postgresConnectionString: database.ConnectionString, seed: false))
        {
            using var client = node.CreateBrowserLikeClient();
            (await client.GetAsync("/health/ready")).EnsureSuccessStatusCode();

            // The silo's start-up registers the reminder (bounded wait: the silo becomes active in the background).
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (await CountAsync(database.ConnectionString) == 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "No re-verification reminder was stored within 30 s of the start.");
                await Task.Delay(200);
            }
        }

        // It outlives the node: a stored reminder, not a timer in memory.
        Assert.Equal(1, await CountAsync(database.ConnectionString));
    }

    private static async Task<long> CountAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM cc_reminder WHERE reminder_name = @name AND grain_id LIKE '%reverification%'", connection);
        command.Parameters.AddWithValue("name", ReverificationGrain.ReminderName);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
