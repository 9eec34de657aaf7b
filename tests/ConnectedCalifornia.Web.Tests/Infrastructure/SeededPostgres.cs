using ConnectedCalifornia.Testing;
using Npgsql;

namespace ConnectedCalifornia.Web.Tests.Infrastructure;

/// <summary>
/// PostgreSQL databases that already hold the demo network. Seeding the demo through PostgreSQL (a year of capacity
/// and referral history among it) is most of a cluster test's start; the first caller seeds one template database per
/// test run with a real node, which is then stopped, and every later database is a copy of it made by PostgreSQL
/// itself (<c>CREATE DATABASE … TEMPLATE</c>). A node started on the copy is a restart of a seeded cluster: the seeder
/// finds everything there and changes nothing, as production does on every start.
/// </summary>
public static class SeededPostgres
{
    private static readonly Lazy<Task<string>> Template = new(SeedTemplateAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>A fresh database with the demo network in it, dropped when disposed.</summary>
    public static async Task<PostgresTestDatabase> CreateDatabaseAsync()
    {
        // Off the caller's synchronization context: xunit limits its threads, and the template's node needs some.
        var template = await Task.Run(() => Template.Value);
        return await PostgresTestDatabase.CreateAsync(template);
    }

    private static async Task<string> SeedTemplateAsync()
    {
        // Kept for the whole run (a template nobody connects to), dropped when the test process ends.
        var database = await PostgresTestDatabase.CreateAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => database.DisposeAsync().AsTask().GetAwaiter().GetResult();
        await using (var node = new NetworkAppFactory(postgresConnectionString: database.ConnectionString))
        {
            using var client = node.CreateBrowserLikeClient();
            (await client.GetAsync("/health/ready")).EnsureSuccessStatusCode();
        }

        // A copy needs the template without connections: close the pooled ones the stopped node left.
        NpgsqlConnection.ClearAllPools();
        return database.Name;
    }
}
