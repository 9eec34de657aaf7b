using System.Data.Common;
using System.Globalization;
using ConnectedCalifornia.Hosting.Schema;
using ConnectedCalifornia.Testing;

namespace ConnectedCalifornia.Hosting.Tests;

public sealed class SchemaTests
{
    [Fact]
    public void The_scripts_are_embedded_in_order()
    {
        Assert.Equal(["0001-orleans-query-catalog", "0002-grain-state", "0003-change-history", "0004-sign-in-sessions", "0005-notifications", "0006-idempotency-keys", "0007-announcement-journal", "0008-announcement-journal-identifiers-only", "0009-mail-language"], SchemaScript.For(NetworkDatabaseProvider.Sqlite).Select(s => s.Id));
        Assert.Equal(
            ["0001-orleans-query-catalog", "0002-grain-state", "0003-cluster-membership", "0004-reminders", "0005-change-history", "0006-sign-in-sessions", "0007-notifications", "0008-data-protection-keys", "0009-idempotency-keys", "0010-announcement-journal", "0011-announcement-journal-identifiers-only", "0012-mail-language"],
            SchemaScript.For(NetworkDatabaseProvider.PostgreSql).Select(s => s.Id));
    }

    [Fact]
    public async Task Sqlite_schema_is_applied_once_and_a_second_start_is_fine()
    {
        using var folder = new TempDirectory();
        var database = NetworkDatabase.ForSqlite(folder.Path);

        var first = await new NetworkSchema(database).ApplyAsync();
        var second = await new NetworkSchema(database).ApplyAsync();

        Assert.Equal(["0001-orleans-query-catalog", "0002-grain-state", "0003-change-history", "0004-sign-in-sessions", "0005-notifications", "0006-idempotency-keys", "0007-announcement-journal", "0008-announcement-journal-identifiers-only", "0009-mail-language"], first);
        Assert.Empty(second);
        Assert.Equal(9L, await ScalarAsync(database, "SELECT COUNT(*) FROM cc_schema_migrations"));
        Assert.Equal(4L, await ScalarAsync(database, "SELECT COUNT(*) FROM OrleansQuery"));
        Assert.Equal("wal", await ScalarAsync<string>(database, "PRAGMA journal_mode"));
        Assert.True(await database.CanConnectAsync());
    }

    [SkippableFact]
    public async Task PostgreSql_schema_is_applied_once_and_a_second_start_is_fine()
    {
        await using var postgres = await PostgresTestDatabase.CreateAsync();
        var database = NetworkDatabase.ForPostgreSql(new PostgreSqlOptions { ConnectionString = postgres.ConnectionString });

        var first = await new NetworkSchema(database).ApplyAsync();
        var second = await new NetworkSchema(database).ApplyAsync();

        Assert.Equal(12, first.Count);
        Assert.Empty(second);
        Assert.Equal(12L, await ScalarAsync(database, "SELECT COUNT(*) FROM cc_schema_migrations"));
        Assert.Equal(20L, await ScalarAsync(database, "SELECT COUNT(*) FROM OrleansQuery")); // 4 storage, 9 membership, 7 reminder queries
        Assert.True(await database.CanConnectAsync());
    }

    [SkippableFact]
    public async Task Two_nodes_starting_together_apply_each_script_exactly_once()
    {
        await using var postgres = await PostgresTestDatabase.CreateAsync();
        var database = NetworkDatabase.ForPostgreSql(new PostgreSqlOptions { ConnectionString = postgres.ConnectionString });

        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => new NetworkSchema(database).ApplyAsync())));

        Assert.Equal(
            ["0001-orleans-query-catalog", "0002-grain-state", "0003-cluster-membership", "0004-reminders", "0005-change-history", "0006-sign-in-sessions", "0007-notifications", "0008-data-protection-keys", "0009-idempotency-keys", "0010-announcement-journal", "0011-announcement-journal-identifiers-only", "0012-mail-language"],
            runs.SelectMany(applied => applied).Order(StringComparer.Ordinal));
    }

    [SkippableFact]
    public async Task An_unreachable_database_is_reported_as_not_ready()
    {
        _ = TestEnvironment.RequirePostgres();
        var database = NetworkDatabase.ForPostgreSql(new PostgreSqlOptions { ConnectionString = "Host=127.0.0.1;Port=1;Username=nobody;Timeout=2" });

        Assert.False(await database.CanConnectAsync());
    }

    private static Task<long> ScalarAsync(NetworkDatabase database, string sql) => ScalarAsync<long>(database, sql);

    private static async Task<T> ScalarAsync<T>(NetworkDatabase database, string sql)
    {
        await using DbConnection connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = await command.ExecuteScalarAsync();
        return (T)Convert.ChangeType(value!, typeof(T), CultureInfo.InvariantCulture);
    }
}
