using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace ConnectedCalifornia.Hosting.Tests;

/// <summary>
/// The one commit pipeline's promise, with a real database refusing the read model's write: a change that is
/// stored is answered as done and announced even when a read model (here the curators' join-request queue)
/// cannot be written; the read model takes the next change. Before the pipeline, the join request's own commit
/// let the queue's error through: the applicant was told it failed although it was stored.
/// </summary>
public sealed class CommitPipelineFaultTests
{
    [SkippableFact]
    public async Task A_join_application_is_stored_answered_and_announced_when_the_curators_queue_cannot_be_written()
    {
        await using var postgres = await PostgresTestDatabase.CreateAsync();
        using var silo = TestHosts.Cluster(postgres.ConnectionString);
        await silo.StartAsync();
        try
        {
            // From here on the database refuses every write of the join-request queue's state.
            await ExecuteAsync(postgres.ConnectionString, """
                CREATE FUNCTION cc_test_refuse_queue() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'the queue is refused by the test'; END $$;
                CREATE TRIGGER cc_test_refuse_queue BEFORE INSERT OR UPDATE ON cc_grain_state
                FOR EACH ROW WHEN (NEW.grain_type = 'join-requests') EXECUTE FUNCTION cc_test_refuse_queue();
                """);

            var grains = silo.Services.GetRequiredService<IGrainFactory>();
            var applicant = new Actor("user-applicant-1", "Rosa Applicant");
            var requestId = JoinRequestKeys.NewApplication();
            var request = grains.GetGrain<IJoinRequestGrain>(requestId);
            var profile = new OrganizationProfile(
                "Sierra Foothills Outreach", OrganizationKind.Nonprofit, "A drop-in center for youth in the foothills.", null,
                ["case-management"], ["minors-csec"], ["en", "es"], ["06019"],
                [new Contact("Main line", ContactKind.Phone, "(559) 555-0142", Visibility.Public)], AcceptingReferrals: true);

            var result = await request.SubmitApplication("sierra-foothills-outreach", profile, "We run a drop-in center.", applicant);

            Assert.True(result.Succeeded, string.Join("; ", result.Errors.IsDefault ? [] : result.Errors.Select(e => $"{e.Field}: {e.Message}")));
            var stored = await request.GetDetails();
            Assert.NotNull(stored);
            Assert.Equal(JoinRequestStatus.Submitted, stored.Status);

            // Rows are named by their state: the request's own is stored, the queue's really was refused.
            Assert.Equal(1L, await ScalarAsync(postgres.ConnectionString, "SELECT count(*) FROM cc_grain_state WHERE grain_type = 'join-request'"));
            Assert.Equal(0L, await ScalarAsync(postgres.ConnectionString, "SELECT count(*) FROM cc_grain_state WHERE grain_type = 'join-requests'"));

            // And the change was announced all the same.
            var journal = await grains.GetGrain<IAnnouncementJournalGrain>(0).ReadTopicAfter(Topics.JoinRequest(requestId), 0, 10);
            var announced = Assert.Single(journal.Entries);
            Assert.Equal(AnnouncementKinds.JoinRequestChanged, announced.Kind);
            Assert.Equal(stored.Version, announced.Version);
        }
        finally
        {
            await silo.StopAsync();
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
