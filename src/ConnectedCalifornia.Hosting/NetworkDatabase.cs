using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ConnectedCalifornia.Hosting;

/// <summary>The kind of database that holds the network's state.</summary>
public enum NetworkDatabaseProvider
{
    Sqlite,
    PostgreSql,
}

/// <summary>
/// The one database of this node: the SQLite file of the embedded topology or the PostgreSQL database of a
/// cluster. Orleans' ADO.NET providers, the schema set-up, and the web app's own stores (Identity) all use it.
/// </summary>
public sealed class NetworkDatabase
{
    /// <summary>The file name of the embedded SQLite database inside the data directory.</summary>
    public const string SqliteFileName = "connected-california.db";

    /// <summary>The ADO.NET invariant Orleans maps to Microsoft.Data.Sqlite's factory.</summary>
    public const string SqliteInvariant = "System.Data.SQLite";

    public const string PostgreSqlInvariant = "Npgsql";

    private NetworkDatabase(NetworkDatabaseProvider provider, string connectionString, string description)
    {
        Provider = provider;
        ConnectionString = connectionString;
        Description = description;
        DataSource = provider == NetworkDatabaseProvider.Sqlite ? new SqlitePrivacy.SecureDeleteDataSource(connectionString) : null;
    }

    /// <summary>
    /// Where Orleans' grain storage opens its connections on SQLite: connections with <c>secure_delete</c> on
    /// (<see cref="SqlitePrivacy"/>). Null for PostgreSQL, which is opened by invariant and connection string.
    /// </summary>
    public DbDataSource? DataSource { get; }

    public NetworkDatabaseProvider Provider { get; }

    /// <summary>The effective connection string (with pooling and pool size applied). Contains secrets: never log it.</summary>
    public string ConnectionString { get; }

    /// <summary>Where the database is, without credentials; fit for logs.</summary>
    public string Description { get; }

    /// <summary>The invariant name Orleans' ADO.NET providers are configured with.</summary>
    public string AdoNetInvariant => Provider == NetworkDatabaseProvider.Sqlite ? SqliteInvariant : PostgreSqlInvariant;

    /// <summary>Describes the database chosen by <paramref name="options"/>; creates the data directory of the embedded topology.</summary>
    public static NetworkDatabase Create(NetworkHostingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Topology == NetworkTopology.Cluster ? ForPostgreSql(options.PostgreSql) : ForSqlite(options.GetDataDirectoryFullPath());
    }

    /// <summary>The embedded SQLite file <c>connected-california.db</c> in <paramref name="dataDirectory"/> (folder 0700 and file 0600, created if missing).</summary>
    public static NetworkDatabase ForSqlite(string dataDirectory)
    {
        var path = Path.Combine(Path.GetFullPath(dataDirectory), SqliteFileName);
        SqlitePrivacy.PrepareFiles(dataDirectory, path);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        };
        return new NetworkDatabase(NetworkDatabaseProvider.Sqlite, builder.ConnectionString, $"SQLite {path}");
    }

    /// <summary>A PostgreSQL database; <see cref="PostgreSqlOptions.MaxPoolSize"/> is written into the connection string.</summary>
    public static NetworkDatabase ForPostgreSql(PostgreSqlOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString)
        {
            MaxPoolSize = options.MaxPoolSize,
            Pooling = true,
        };
        builder.ApplicationName ??= "connected-california";

        // Every query this application sends is one of a few fixed texts (Orleans' storage, membership
        // and reminder queries, Identity's): preparing them once per connection saves the server parsing
        // and planning them on every write. Nothing changes a session's settings, so a connection needs
        // no reset (DISCARD ALL, which would also drop those prepared statements) when it goes back to
        // the pool. A connection string that sets either keeps its own value.
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = options.ConnectionString };
        if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }

        if (!given.ContainsKey("No Reset On Close") && !given.ContainsKey("NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }
        if (builder.MinPoolSize > builder.MaxPoolSize)
        {
            builder.MinPoolSize = builder.MaxPoolSize;
        }

        var description = $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database ?? builder.Username}";
        return new NetworkDatabase(NetworkDatabaseProvider.PostgreSql, builder.ConnectionString, description);
    }

    /// <summary>Opens a new connection to the database; dispose it when done (it goes back to the pool).</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        DbConnection connection = Provider == NetworkDatabaseProvider.Sqlite
            ? new SqlitePrivacy.SecureDeleteConnection(ConnectionString)
            : new NpgsqlConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>True when a connection opens and answers a trivial query (the readiness check).</summary>
    public async Task<bool> CanConnectAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) == 1;
        }
        catch (Exception exception) when (exception is DbException or InvalidOperationException or IOException or TimeoutException)
        {
            return false;
        }
    }

    public override string ToString() => Description;
}
