using ConnectedCalifornia.Network;
using ConnectedCalifornia.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ConnectedCalifornia.Hosting.Tests;

/// <summary>
/// A database error raised on a silo reaches the caller on another node (an Orleans client here) as a
/// <see cref="NetworkStorageException"/>, which Orleans can carry, instead of failing to cross
/// (a PostgresException has no codec: the caller saw CodecNotFoundException).
/// </summary>
public sealed class StorageFaultTests
{
    [SkippableFact]
    public async Task Failover_a_database_error_on_a_silo_reaches_a_client_on_another_node_as_a_storage_exception()
    {
        await using var postgres = await PostgresTestDatabase.CreateAsync();
        using var silo = TestHosts.Cluster(postgres.ConnectionString);
        await silo.StartAsync();
        using var client = TestHosts.Cluster(postgres.ConnectionString, role: "Client");
        await client.StartAsync();
        try
        {
            var grain = client.Services.GetRequiredService<IClusterClient>().GetGrain<IDatabaseFaultGrain>("down");

            var shutdown = await Assert.ThrowsAsync<NetworkStorageException>(() => grain.Fail("57P01"));
            Assert.True(shutdown.Transient);
            Assert.Equal("57P01", shutdown.ErrorCode);
            Assert.True(ConnectedCalifornia.Hosting.Faults.TransientFaults.IsTransient(shutdown));

            // A refusal that will not pass by itself crosses too, marked as not transient (the API answers 500).
            var refused = await Assert.ThrowsAsync<NetworkStorageException>(() => grain.Fail("23505"));
            Assert.False(refused.Transient);
            Assert.False(ConnectedCalifornia.Hosting.Faults.TransientFaults.IsTransient(refused));
        }
        finally
        {
            await client.StopAsync();
            await silo.StopAsync();
        }
    }
}
