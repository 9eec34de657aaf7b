namespace ConnectedCalifornia.Network;

/// <summary>
/// The network's database refused or did not answer a read or write. Raised on the silo in place of the
/// database driver's own exception (a <c>PostgresException</c> or <c>SqliteException</c>), which Orleans
/// cannot carry to a caller on another silo or a client; this one always arrives. The message names only
/// the kind of failure and the database's error code, never a value.
/// </summary>
[GenerateSerializer, Alias("cc.NetworkStorageException")]
public sealed class NetworkStorageException : Exception
{
    public NetworkStorageException()
    {
    }

    public NetworkStorageException(string message)
        : base(message)
    {
    }

    public NetworkStorageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public NetworkStorageException(string message, bool transient, string? errorCode)
        : base(message)
    {
        Transient = transient;
        ErrorCode = errorCode;
    }

    /// <summary>True when trying again later may succeed (the database is down, restarting, overloaded or unreachable).</summary>
    [Id(0)]
    public bool Transient { get; init; }

    /// <summary>The database's error code (PostgreSQL's SQLSTATE, SQLite's result code), when it gave one.</summary>
    [Id(1)]
    public string? ErrorCode { get; init; }
}
