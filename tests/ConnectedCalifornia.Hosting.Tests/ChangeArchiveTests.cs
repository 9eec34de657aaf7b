using System.Collections.Immutable;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Hosting.History;
using ConnectedCalifornia.Hosting.Schema;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace ConnectedCalifornia.Hosting.Tests;

/// <summary>The change archive on both databases: batched, idempotent, newest first, with the time and the person kept exactly.</summary>
public sealed class ChangeArchiveTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 2, 16, 30, 15, 123, TimeSpan.Zero);

    [Fact]
    public async Task Sqlite_archive_saves_every_record_once_and_reads_the_newest_first()
    {
        using var folder = new TempDirectory();
        await ArchiveContractAsync(NetworkDatabase.ForSqlite(folder.Path));
    }

    [SkippableFact]
    public async Task PostgreSql_archive_saves_every_record_once_and_reads_the_newest_first()
    {
        await using var postgres = await PostgresTestDatabase.CreateAsync();
        await ArchiveContractAsync(NetworkDatabase.ForPostgreSql(new PostgreSqlOptions { ConnectionString = postgres.ConnectionString }));
    }

    [Fact]
    public async Task Sqlite_archive_saves_a_change_it_refuses_without_its_values_and_holds_up_nobody_else()
    {
        using var folder = new TempDirectory();
        await RefusedChangeAsync(NetworkDatabase.ForSqlite(folder.Path), Refused(2, actorId: null!, value: "2"));
    }

    [SkippableFact]
    public async Task PostgreSql_archive_saves_a_change_it_refuses_without_its_values_and_holds_up_nobody_else()
    {
        await using var postgres = await PostgresTestDatabase.CreateAsync();
        var database = NetworkDatabase.ForPostgreSql(new PostgreSqlOptions { ConnectionString = postgres.ConnectionString });

        // PostgreSQL cannot store a NUL character in text.
        await RefusedChangeAsync(database, Refused(2, actorId: "user-7", value: "two\0"));
    }

    [SkippableFact]
    public async Task PostgreSql_archive_keeps_the_values_of_a_change_the_database_failed_for_a_while()
    {
        await using var postgres = await PostgresTestDatabase.CreateAsync();
        var database = NetworkDatabase.ForPostgreSql(new PostgreSqlOptions { ConnectionString = postgres.ConnectionString });
        var schema = new NetworkSchema(database);
        await schema.ApplyAsync();

        // The database fails the first three writes of the change with a serialization failure, as it may under
        // load: that says nothing about the values, so they must not be dropped while the database recovers.
        await using (var connection = await database.OpenAsync())
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                CREATE SEQUENCE flaky_writes;
                CREATE FUNCTION fail_a_while() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.new_value = 'kept' THEN
                        IF nextval('flaky_writes') <= 3 THEN
                            RAISE EXCEPTION 'could not serialize access' USING ERRCODE = '40001';
                        END IF;
                    END IF;
                    RETURN NEW;
                END $$;
                CREATE TRIGGER fail_a_while BEFORE INSERT ON cc_change_history FOR EACH ROW EXECUTE FUNCTION fail_a_while();
                """;
            await command.ExecuteNonQueryAsync();
        }

        using var archive = new AdoNetChangeArchive(database, schema, NullLogger<AdoNetChangeArchive>.Instance);
        await archive.StartAsync(CancellationToken.None);
        archive.Append("site-capacity", "site-x", [Change(1, "0", "kept")]);

        await Eventually.TrueAsync(() => archive.ArchivedThrough("site-capacity", "site-x") == 1, 20, "The archive saving the records");
        Assert.Equal("kept", (await archive.ReadNewestAsync("site-capacity", "site-x", 1)).Single().Records.Single().NewValue);

        await archive.StopAsync(CancellationToken.None);
    }

    [SkippableFact]
    public async Task PostgreSql_archive_stops_saving_entry_by_entry_when_the_database_becomes_unavailable()
    {
        await using var postgres = await PostgresTestDatabase.CreateAsync();
        var database = NetworkDatabase.ForPostgreSql(new PostgreSqlOptions { ConnectionString = postgres.ConnectionString });
        var schema = new NetworkSchema(database);
        await schema.ApplyAsync();

        // Every row the database gets to see is counted (a sequence is not rolled back) and failed while
        // the database is "unavailable": a serialization failure, which says nothing about the values.
        await ExecuteAsync(database, """
            CREATE SEQUENCE row_attempts;
            CREATE TABLE unavailable (since int);
            INSERT INTO unavailable VALUES (1);
            CREATE FUNCTION fail_while_unavailable() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM nextval('row_attempts');
                IF EXISTS (SELECT 1 FROM unavailable) THEN
                    RAISE EXCEPTION 'could not serialize access' USING ERRCODE = '40001';
                END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER fail_while_unavailable BEFORE INSERT ON cc_change_history FOR EACH ROW EXECUTE FUNCTION fail_while_unavailable();
            """);

        using var archive = new AdoNetChangeArchive(database, schema, NullLogger<AdoNetChangeArchive>.Instance);

        // One batch (queued before the loop starts): a change the database refuses (a NUL character, refused
        // before any row is inserted) first, then five others. The refusal leads to saving entry by entry;
        // the first of the others finds the database unavailable, and the rest must wait for the next
        // round instead of each trying (and, with a database that is down, waiting out a connection) alone.
        archive.Append("site-capacity", "site-x", [Refused(1, actorId: "user-7", value: "one\0")]);
        for (var i = 0; i < 5; i++)
        {
            archive.Append("site-capacity", $"site-{i}", [Change(1, "0", "kept")]);
        }

        await archive.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(async () => await RowAttemptsAsync(database) > 0, 20, "The archive trying to save");

        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await RowAttemptsAsync(database));

        // Once the database is back, everything is saved, the others with their values.
        await ExecuteAsync(database, "DELETE FROM unavailable;");
        await Eventually.TrueAsync(() => archive.ArchivedThrough("site-capacity", "site-x") == 1
            && Enumerable.Range(0, 5).All(i => archive.ArchivedThrough("site-capacity", $"site-{i}") == 1), 20, "The archive saving the records");
        Assert.Equal("kept", (await archive.ReadNewestAsync("site-capacity", "site-4", 1)).Single().Records.Single().NewValue);
        Assert.Equal(AdoNetChangeArchive.ValueNotStored, (await archive.ReadNewestAsync("site-capacity", "site-x", 1)).Single().Records.Single().NewValue);

        await archive.StopAsync(CancellationToken.None);
    }

    private static async Task ExecuteAsync(NetworkDatabase database, string sql)
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> RowAttemptsAsync(NetworkDatabase database)
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM row_attempts;";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task RefusedChangeAsync(NetworkDatabase database, VersionedChange refused)
    {
        using var archive = new AdoNetChangeArchive(database, new NetworkSchema(database), NullLogger<AdoNetChangeArchive>.Instance);
        await archive.StartAsync(CancellationToken.None);

        // Versions 1 and 3 of site-x around the refused version 2, in one batch with another site's change.
        archive.Append("site-capacity", "site-x", [Change(1, "0", "1"), refused, Change(3, "2", "3")]);
        archive.Append("site-capacity", "site-y", [Change(1, "0", "5")]);

        // The other site is not held up by site-x's refused change; site-x is reported archived only once
        // version 2 is saved, so its grain keeps that record until then.
        await Eventually.TrueAsync(() => archive.ArchivedThrough("site-capacity", "site-y") == 1, 20, "The archive saving the records");
        if (archive.ArchivedThrough("site-capacity", "site-x") >= 2)
        {
            // Whenever site-x is reported archived through version 2 (the write may already be done: no
            // assertion here waits on timing), version 2 must be readable.
            Assert.Contains(2L, (await archive.ReadNewestAsync("site-capacity", "site-x", 10)).Select(c => c.Version));
        }

        await Eventually.TrueAsync(() => archive.ArchivedThrough("site-capacity", "site-x") == 3, 20, "The archive saving the records");

        var history = (await archive.ReadNewestAsync("site-capacity", "site-x", 10)).Reverse().ToList();
        Assert.Equal([1L, 2L, 3L], history.Select(c => c.Version));
        Assert.Equal(["1", AdoNetChangeArchive.ValueNotStored, "3"], history.Select(c => c.Records.Single().NewValue));
        var second = history[1].Records.Single();
        Assert.Equal((refused.Records[0].At, "adult-women.available", (string?)null), (second.At, second.Field, second.OldValue));
        Assert.Equal("5", (await archive.ReadNewestAsync("site-capacity", "site-y", 1)).Single().Records.Single().NewValue);

        await archive.StopAsync(CancellationToken.None);
    }

    private static VersionedChange Refused(long version, string actorId, string value) =>
        new(version, [new ChangeRecord(At.AddMinutes(version), actorId, "Ana Ruiz", "adult-women.available", "1", value)]);

    private static async Task ArchiveContractAsync(NetworkDatabase database)
    {
        using var archive = new AdoNetChangeArchive(database, new NetworkSchema(database), NullLogger<AdoNetChangeArchive>.Instance);
        await archive.StartAsync(CancellationToken.None);

        // 700 versions of one site (more than one batch) and one of another; version 3 is handed over twice.
        var changes = Enumerable.Range(1, 700).Select(v => Change(v, $"{v - 1}", $"{v}")).ToList();
        archive.Append("site-capacity", "site-a", changes);
        archive.Append("site-capacity", "site-a", [changes[2]]);
        archive.Append("site-capacity", "site-b", [Change(1, "0", "9"), Change(2, "9", "8")]);

        await Eventually.TrueAsync(() => archive.ArchivedThrough("site-capacity", "site-a") == 700 && archive.ArchivedThrough("site-capacity", "site-b") == 2, 20, "The archive saving the records");

        Assert.Equal(0, archive.ArchivedThrough("site-capacity", "site-c"));
        var newest = await archive.ReadNewestAsync("site-capacity", "site-a", 3);
        Assert.Equal([700L, 699L, 698L], newest.Select(c => c.Version));
        var record = newest[0].Records.Single();
        Assert.Equal(new ChangeRecord(At.AddMinutes(700), "user-7", "Ana Ruiz", "adult-women.available", "699", "700"), record);

        var all = await archive.ReadNewestAsync("site-capacity", "site-a", 10_000);
        Assert.Equal(700, all.Length);
        Assert.Equal(700, all.Select(c => c.Version).Distinct().Count());
        Assert.Equal(["9", "8"], (await archive.ReadNewestAsync("site-capacity", "site-b", 10)).Reverse().Select(c => c.Records.Single().NewValue));
        Assert.Empty(await archive.ReadNewestAsync("site-capacity", "site-a", 0));

        await archive.StopAsync(CancellationToken.None);
    }

    private static VersionedChange Change(long version, string old, string @new) =>
        new(version, [new ChangeRecord(At.AddMinutes(version), "user-7", "Ana Ruiz", "adult-women.available", old, @new)]);
}
