using Npgsql;

namespace ConnectedCalifornia.Testing;

/// <summary>
/// Where the real components that some tests need are found. PostgreSQL and Chromium are found
/// through environment variables; without them those tests skip with one clear reason, and
/// with CC_TEST_REQUIRE_ALL=1 (as in CI) a missing component fails the test instead.
/// </summary>
public static class TestEnvironment
{
    public const string PostgresVariable = "CC_TEST_POSTGRES";
    public const string ChromiumVariable = "CC_TEST_CHROMIUM";
    public const string RequireAllVariable = "CC_TEST_REQUIRE_ALL";

    /// <summary>An admin connection string, e.g. <c>Host=127.0.0.1;Username=postgres;Password=postgres</c>.</summary>
    public static string? PostgresAdminConnectionString => Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } v ? v : null;

    /// <summary>The path of a Chromium executable, e.g. <c>/usr/bin/chromium</c>.</summary>
    public static string? ChromiumPath => Environment.GetEnvironmentVariable(ChromiumVariable) is { Length: > 0 } v ? v : null;

    private static bool RequireAll => Environment.GetEnvironmentVariable(RequireAllVariable) == "1";

    public static string RequirePostgres() => Require(PostgresAdminConnectionString,
        $"PostgreSQL test skipped: set {PostgresVariable} to an admin connection string of a PostgreSQL server on loopback (bash .ci/run does this).");

    public static string RequireChromium() => Require(ChromiumPath,
        $"Browser test skipped: set {ChromiumVariable} to a Chromium executable such as /usr/bin/chromium (bash .ci/run installs Debian's chromium).");

    private static string Require(string? value, string reason)
    {
        if (value is not null)
        {
            return value;
        }

        if (RequireAll)
        {
            throw new InvalidOperationException(reason.Replace(" skipped:", " required but missing:", StringComparison.Ordinal));
        }

        Skip.If(true, reason);
        return string.Empty;
    }
}

/// <summary>A fresh PostgreSQL database for one test or fixture, dropped when disposed.</summary>
public sealed class PostgresTestDatabase : IAsyncDisposable
{
    private readonly string _adminConnectionString;

    private PostgresTestDatabase(string adminConnectionString, string name, string connectionString)
    {
        _adminConnectionString = adminConnectionString;
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    /// <summary>A new empty database, or a copy of <paramref name="template"/> (a database nobody is connected to).</summary>
    public static async Task<PostgresTestDatabase> CreateAsync(string? template = null)
    {
        var admin = TestEnvironment.RequirePostgres();
        var name = "cc_test_" + Guid.NewGuid().ToString("N")[..16];
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = new NpgsqlConnection(admin);
                await connection.OpenAsync();
                var copy = template is null ? string.Empty : $" TEMPLATE \"{template}\"";
                await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"{copy}", connection);
                await command.ExecuteNonQueryAsync();
                break;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ObjectInUse && attempt < 20)
            {
                // Another copy of the same template is being made at this moment.
                await Task.Delay(250);
            }
        }

        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name, MaxPoolSize = 20 };
        return new PostgresTestDatabase(admin, name, builder.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
