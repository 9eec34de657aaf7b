using Microsoft.Extensions.Logging;

namespace ConnectedCalifornia.Network;

/// <summary>Log lines shared by the participant grains. Ids only: never names, contacts or survivor data.</summary>
internal static partial class GrainLog
{
    [LoggerMessage(101, LogLevel.Warning, "Catalog {Catalog} could not be updated for {EntityId} at version {Version}; it catches up with the next change.")]
    public static partial void CatalogUpdateFailed(ILogger logger, Exception exception, string catalog, string entityId, long version);

    [LoggerMessage(102, LogLevel.Debug, "{Kind} {EntityId} changed to version {Version} by {ActorId}.")]
    public static partial void Changed(ILogger logger, string kind, string entityId, long version, string actorId);
}
