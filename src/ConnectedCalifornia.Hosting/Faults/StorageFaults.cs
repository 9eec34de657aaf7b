using System.Data.Common;
using ConnectedCalifornia.Network;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Runtime;
using Orleans.Storage;

namespace ConnectedCalifornia.Hosting.Faults;

/// <summary>
/// Turns the database driver's exceptions into <see cref="NetworkStorageException"/>, which Orleans can carry to
/// a caller on any silo or client (a <c>PostgresException</c> raised on another silo arrived as a
/// <c>CodecNotFoundException</c>). Applied twice, in the two places a database error leaves a silo: grain
/// storage (reads on activation and writes) and every incoming grain call.
/// </summary>
public static class StorageFaults
{
    /// <summary>The <see cref="NetworkStorageException"/> for a database error, or null when <paramref name="exception"/> is none.</summary>
    public static NetworkStorageException? Translate(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is NetworkStorageException already)
            {
                return already;
            }

            if (current is DbException database)
            {
                var transient = IsTransient(database);
                var code = database switch
                {
                    PostgresException postgres => postgres.SqlState,
                    SqliteException sqlite => sqlite.SqliteErrorCode.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    _ => null,
                };
                var message = transient
                    ? $"The database is unavailable for the moment ({database.GetType().Name}{(code is null ? string.Empty : " " + code)}). Try again shortly."
                    : $"The database refused the operation ({database.GetType().Name}{(code is null ? string.Empty : " " + code)}).";
                return new NetworkStorageException(message, transient, code);
            }
        }

        return null;
    }

    /// <summary>
    /// True for database errors that may pass: no connection, a restart or shutdown, too many connections,
    /// a database not accepting connections, a lock or serialization conflict, SQLite busy or locked.
    /// </summary>
    public static bool IsTransient(DbException exception) => exception switch
    {
        PostgresException postgres => postgres.IsTransient
            || postgres.SqlState.StartsWith("08", StringComparison.Ordinal) // connection exception
            || postgres.SqlState.StartsWith("53", StringComparison.Ordinal) // insufficient resources
            || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal) // shutdown, crash, cannot connect now
            || postgres.SqlState == "55000", // e.g. the database does not accept connections now
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is IOException or System.Net.Sockets.SocketException or TimeoutException,
        SqliteException sqlite => sqlite.SqliteErrorCode is 5 or 6, // SQLITE_BUSY, SQLITE_LOCKED
        _ => exception.IsTransient,
    };

    /// <summary>Wraps the grain storage named <paramref name="name"/> (registered just before) so its database errors cross silos.</summary>
    internal static void WrapGrainStorage(IServiceCollection services, string name, Func<IServiceProvider, string, IGrainStorage> create) =>
        services.AddKeyedSingleton<IGrainStorage>(name, (sp, key) => new TranslatingGrainStorage(create(sp, name), sp.GetRequiredService<ILogger<TranslatingGrainStorage>>()));

    /// <summary>Every incoming grain call: a database error becomes a <see cref="NetworkStorageException"/>.</summary>
    internal sealed class CallFilter(ILogger<CallFilter> logger) : IIncomingGrainCallFilter
    {
        public async Task Invoke(IIncomingGrainCallContext context)
        {
            try
            {
                await context.Invoke();
            }
            catch (Exception exception) when (exception is not NetworkStorageException && Translate(exception) is { } translated)
            {
                FaultLog.Translated(logger, exception, context.InterfaceName, context.MethodName);
                throw translated;
            }
        }
    }

    /// <summary>Grain storage whose read, write and clear raise <see cref="NetworkStorageException"/> for database errors.</summary>
    internal sealed class TranslatingGrainStorage(IGrainStorage inner, ILogger<TranslatingGrainStorage> logger) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
    {
        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
            Guard(() => inner.ReadStateAsync(stateName, grainId, grainState), stateName);

        public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
            Guard(() => inner.WriteStateAsync(stateName, grainId, grainState), stateName);

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
            Guard(() => inner.ClearStateAsync(stateName, grainId, grainState), stateName);

        public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);

        private async Task Guard(Func<Task> operation, string stateName)
        {
            try
            {
                await operation();
            }
            catch (Exception exception) when (Translate(exception) is { } translated && exception is not NetworkStorageException)
            {
                FaultLog.Translated(logger, exception, "grain storage", stateName);
                throw translated;
            }
        }
    }
}

internal static partial class FaultLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "A database error in {Where} {What} was passed on as NetworkStorageException")]
    public static partial void Translated(ILogger logger, Exception exception, string where, string what);
}
