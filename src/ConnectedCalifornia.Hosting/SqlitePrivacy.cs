using System.Data.Common;
using System.Runtime.Versioning;
using Microsoft.Data.Sqlite;

namespace ConnectedCalifornia.Hosting;

/// <summary>
/// The embedded SQLite file holds survivor data (a referral's consented details until they are withdrawn),
/// so its folder and files are the service account's alone, and deleted content is overwritten rather than
/// left in free pages. docs/operations.md explains both.
/// </summary>
public static class SqlitePrivacy
{
    /// <summary>Owner read, write and search only (0700).</summary>
    public const UnixFileMode PrivateDirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Owner read and write only (0600).</summary>
    public const UnixFileMode PrivateFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>The files SQLite keeps beside the database: the write-ahead log and its shared-memory index.</summary>
    public static IEnumerable<string> DatabaseFiles(string databasePath) => [databasePath, databasePath + "-wal", databasePath + "-shm", databasePath + "-journal"];

    /// <summary>
    /// Creates the data folder (0700) and the database file (0600) before SQLite first opens it, and narrows
    /// the modes of a folder and files an earlier version created wider. SQLite gives the -wal and -shm files
    /// the database file's own mode when it creates them, so they are private too. Nothing to do on Windows,
    /// where the folder inherits the user profile's access list.
    /// </summary>
    public static void PrepareFiles(string dataDirectory, string databasePath)
    {
        if (OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(dataDirectory);
            return;
        }

        System.IO.Directory.CreateDirectory(dataDirectory, PrivateDirectoryMode);
        Narrow(dataDirectory, PrivateDirectoryMode);
        if (!File.Exists(databasePath))
        {
            // An empty file is an empty database to SQLite; creating it here fixes its mode from the first byte.
            using var created = new FileStream(databasePath, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = PrivateFileMode });
        }

        foreach (var file in DatabaseFiles(databasePath).Where(File.Exists))
        {
            Narrow(file, PrivateFileMode);
        }
    }

    [UnsupportedOSPlatform("windows")]
    private static void Narrow(string path, UnixFileMode mode)
    {
        if (File.GetUnixFileMode(path) == mode)
        {
            return;
        }

        try
        {
            File.SetUnixFileMode(path, mode);
        }
        catch (UnauthorizedAccessException exception)
        {
            throw new InvalidOperationException(
                $"'{path}' holds survivor data and must be private to the app (mode {Convert.ToString((int)mode, 8)}), but this account may not change its mode: "
                + "give the data folder and its files to the app's service account (chown), or choose another ConnectedCalifornia:DataDirectory.",
                exception);
        }
    }

    /// <summary>
    /// The data source Orleans' grain storage and the application's own queries open connections from: every
    /// connection turns on <c>secure_delete</c>, so a row that is updated or deleted (a withdrawn consent's
    /// details) is overwritten with zeros in the database and its write-ahead log, not left in a free page.
    /// </summary>
    internal sealed class SecureDeleteDataSource(string connectionString) : DbDataSource
    {
        public override string ConnectionString { get; } = connectionString;

        protected override DbConnection CreateDbConnection() => new SecureDeleteConnection(ConnectionString);
    }

    /// <summary>A SQLite connection that turns <c>secure_delete</c> on each time it opens (pooled handles included).</summary>
    internal sealed class SecureDeleteConnection : SqliteConnection
    {
        public SecureDeleteConnection(string connectionString)
            : base(connectionString)
        {
            StateChange += static (sender, change) =>
            {
                if (change.CurrentState == System.Data.ConnectionState.Open && sender is SqliteConnection connection)
                {
                    using var command = connection.CreateCommand();
                    // busy_timeout: a writer waiting for another's lock is woken by SQLite within milliseconds of
                    // its release; without it Microsoft.Data.Sqlite retries a busy database every 150 ms, which
                    // under concurrent grain writes (many events registering at once) made each write wait.
                    command.CommandText = "PRAGMA secure_delete = ON; PRAGMA busy_timeout = 30000";
                    command.ExecuteNonQuery();
                }
            };
        }
    }
}
