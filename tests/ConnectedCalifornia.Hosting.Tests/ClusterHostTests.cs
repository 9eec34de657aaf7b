using ConnectedCalifornia.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ConnectedCalifornia.Hosting.Tests;

public sealed class ClusterHostTests
{
    [SkippableFact]
    public async Task Grain_state_survives_a_restart_in_PostgreSQL()
    {
        await using var postgres = await PostgresTestDatabase.CreateAsync();

        using (var first = TestHosts.Cluster(postgres.ConnectionString))
        {
            await first.StartAsync();
            await first.Services.GetRequiredService<IGrainFactory>().GetGrain<INoteGrain>("beds").Write("one bed left", NoteColor.Red);
            await first.StopAsync();
        }

        using var second = TestHosts.Cluster(postgres.ConnectionString);
        await second.StartAsync();
        var note = await second.Services.GetRequiredService<IGrainFactory>().GetGrain<INoteGrain>("beds").Read();
        await second.StopAsync();

        Assert.Equal(new NoteView("one bed left", NoteColor.Red, 1), note);
    }

    [SkippableFact]
    public async Task Grain_storage_keeps_the_version_rules_and_reminders_work_on_PostgreSQL()
    {
        await using var postgres = await PostgresTestDatabase.CreateAsync();
        using var host = TestHosts.Cluster(postgres.ConnectionString);
        await host.StartAsync();

        await StorageContract.VerifyAsync(host);
        var reminders = await host.Services.GetRequiredService<IGrainFactory>().GetGrain<IReminderProbeGrain>(Guid.NewGuid()).RegisterListAndRemove();
        await host.StopAsync();

        Assert.Equal(["nightly-census"], reminders.Registered);
        Assert.Empty(reminders.AfterRemoval);
    }

    [SkippableFact]
    public async Task A_client_node_reaches_the_grains_of_a_silo_node()
    {
        await using var postgres = await PostgresTestDatabase.CreateAsync();
        using var silo = TestHosts.Cluster(postgres.ConnectionString);
        await silo.StartAsync();
        using var client = TestHosts.Cluster(postgres.ConnectionString, role: "Client");
        await client.StartAsync();

        await client.Services.GetRequiredService<IClusterClient>().GetGrain<INoteGrain>("shared").Write("from the client", NoteColor.Green);
        var seenBySilo = await silo.Services.GetRequiredService<IGrainFactory>().GetGrain<INoteGrain>("shared").Read();

        await client.StopAsync();
        await silo.StopAsync();
        Assert.Equal(new NoteView("from the client", NoteColor.Green, 1), seenBySilo);
    }
}
