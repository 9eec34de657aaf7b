using System.Data.Common;
using ConnectedCalifornia.Network;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;

namespace ConnectedCalifornia.Hosting.Faults;

/// <summary>
/// Which failures pass by themselves, so a caller should try again in a few seconds (the API answers 503 with
/// Retry-After, pages say "try again"): a silo that is gone or not reachable yet, an Orleans call that timed
/// out, the database down or refusing connections. Everything else is a fault of ours (500).
/// </summary>
public static class TransientFaults
{
    /// <summary>The seconds the API asks a client to wait before trying again.</summary>
    public const int RetryAfterSeconds = 5;

    public static bool IsTransient(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case NetworkStorageException storage:
                    return storage.Transient;
                case DbException database:
                    return StorageFaults.IsTransient(database);
                case SiloUnavailableException or OrleansMessageRejectionException or TimeoutException or ConnectionFailedException or GatewayTooBusyException:
                    return true;
                case AggregateException aggregate when aggregate.InnerExceptions.Count > 0:
                    return aggregate.InnerExceptions.All(IsTransient);
            }
        }

        return false;
    }
}
