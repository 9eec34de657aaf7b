using System.Text;
using ConnectedCalifornia.Network;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Storage;

namespace ConnectedCalifornia.Hosting.Tests;

public sealed class EmbeddedHostTests
{
    [Fact]
    public async Task Grain_state_survives_a_restart_in_the_SQLite_file()
    {
        using var folder = new TempDirectory();

        using (var first = TestHosts.Embedded(folder.Path))
        {
            await first.StartAsync();
            await first.Services.GetRequiredService<IGrainFactory>().GetGrain<INoteGrain>("beds").Write("two beds left", NoteColor.Green);
            await first.StopAsync();
        }

        using var second = TestHosts.Embedded(folder.Path);
        await second.StartAsync();
        var note = await second.Services.GetRequiredService<IGrainFactory>().GetGrain<INoteGrain>("beds").Read();
        await second.StopAsync();

        Assert.Equal(new NoteView("two beds left", NoteColor.Green, 1), note);
        Assert.True(File.Exists(Path.Combine(folder.Path, NetworkDatabase.SqliteFileName)));
    }

    [Fact]
    public async Task The_silo_applies_the_schema_first_even_when_hosted_services_start_together()
    {
        // With concurrent start the hosted service gives no ordering; the silo-lifecycle participant at stage
        // First must still put the tables in place before grain storage initialises.
        using var folder = new TempDirectory();
        var (siloPort, gatewayPort) = TestHosts.FreePorts();
        var builder = TestHosts.Builder(new Dictionary<string, string?>
        {
            ["ConnectedCalifornia:DataDirectory"] = folder.Path,
            ["ConnectedCalifornia:SiloPort"] = siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ConnectedCalifornia:GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        builder.Services.Configure<HostOptions>(options => options.ServicesStartConcurrently = true);
        builder.AddNetworkOrleans();
        using var host = builder.Build();

        await host.StartAsync();
        await host.Services.GetRequiredService<IGrainFactory>().GetGrain<INoteGrain>("first").Write("ok", NoteColor.Red);
        await host.StopAsync();
    }

    [Fact]
    public async Task Stored_state_is_plain_JSON_that_a_renamed_type_reads_back()
    {
        using var folder = new TempDirectory();
        using var host = TestHosts.Embedded(folder.Path);
        await host.StartAsync();
        var storage = host.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Network);
        var grainId = GrainId.Create("rename-test", "shelter-7");

        var written = new GrainState<ShelterV1>(new ShelterV1("Fresno Mission", 12, NoteColor.Red));
        await storage.WriteStateAsync("rename-test", grainId, written);
        var read = new GrainState<RenamedShelter>();
        await storage.ReadStateAsync("rename-test", grainId, read);
        await host.StopAsync();

        Assert.Equal(new RenamedShelter("Fresno Mission", 12, NoteColor.Red), read.State);
        Assert.Equal(written.ETag, read.ETag);
        var json = await ReadPayloadAsync(host.Services.GetRequiredService<NetworkDatabase>());
        Assert.Equal("""{"Name":"Fresno Mission","Beds":12,"Color":"Red"}""", json);
    }

    [Fact]
    public async Task Grain_storage_keeps_the_version_rules_on_SQLite()
    {
        using var folder = new TempDirectory();
        using var host = TestHosts.Embedded(folder.Path);
        await host.StartAsync();

        await StorageContract.VerifyAsync(host);
        await host.StopAsync();
    }

    [Fact]
    public async Task The_database_reports_ready_once_the_host_runs()
    {
        using var folder = new TempDirectory();
        using var host = TestHosts.Embedded(folder.Path);
        await host.StartAsync();

        Assert.True(await host.Services.GetRequiredService<NetworkDatabase>().CanConnectAsync());
        await host.StopAsync();
    }

    private static async Task<string> ReadPayloadAsync(NetworkDatabase database)
    {
        await using var connection = (SqliteConnection)await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT payload FROM cc_grain_state WHERE grain_type = 'rename-test'";
        return Encoding.UTF8.GetString((byte[])(await command.ExecuteScalarAsync())!);
    }
}

/// <summary>The shape as first written.</summary>
public sealed record ShelterV1(string Name, int Beds, NoteColor Color);

/// <summary>The same shape after a rename of the type (and it could move namespace too).</summary>
public sealed record RenamedShelter(string Name, int Beds, NoteColor Color);
