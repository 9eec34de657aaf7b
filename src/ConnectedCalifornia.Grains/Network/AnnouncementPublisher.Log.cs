using Microsoft.Extensions.Logging;

namespace ConnectedCalifornia.Network;

public sealed partial class AnnouncementPublisher
{
    [LoggerMessage(1, LogLevel.Warning, "Announcement {Kind} of {EntityId} (version {Version}) goes to the journal only: the publisher is stopped.")]
    private partial void LogNotRunning(string kind, string entityId, long version);

    [LoggerMessage(2, LogLevel.Error, "Announcement {Kind} of {EntityId} could not be queued.")]
    private partial void LogPublishFailed(Exception exception, string kind, string entityId);

    [LoggerMessage(3, LogLevel.Warning, "{Count} announcements were dropped: more than {Capacity} were waiting to be sent.")]
    private partial void LogDropped(long count, int capacity);

    [LoggerMessage(4, LogLevel.Warning, "A batch of {Count} announcements could not be delivered to a web node; the node list will be read again.")]
    private partial void LogDeliveryFailed(Exception exception, int count);

    [LoggerMessage(5, LogLevel.Warning, "The list of web nodes could not be read; sending to the {Count} nodes known before.")]
    private partial void LogRegistryFailed(Exception exception, int count);

    [LoggerMessage(6, LogLevel.Error, "The announcement loop failed; no more announcements are sent from this silo.")]
    private partial void LogLoopFailed(Exception exception);

    [LoggerMessage(9, LogLevel.Error, "A batch of {Count} announcements was lost.")]
    private partial void LogBatchFailed(Exception exception, int count);

    [LoggerMessage(10, LogLevel.Error, "Announcement {Kind} was not sent to a {TopicPrefix} topic: AnnouncementAudiences does not declare it there.")]
    private partial void LogUndeclaredTopic(string kind, string topicPrefix);

    [LoggerMessage(11, LogLevel.Error, "A batch of {Count} announcements could not be written to the journal; it is sent live only, and clients that miss it reload.")]
    private partial void LogJournalFailed(Exception exception, int count);

    [LoggerMessage(12, LogLevel.Warning, "A gap of {Count} announcements (dropped or not journaled) was recorded in the journal at cursor {Cursor}: clients that follow any topic reload.")]
    private partial void LogGapRecorded(long count, long cursor);

    [LoggerMessage(7, LogLevel.Debug, "The announcement loop stopped after sending every queued announcement.")]
    private partial void LogStopped();

    [LoggerMessage(8, LogLevel.Warning, "The announcement loop was stopped before it could send {Count} queued announcements.")]
    private partial void LogAbandoned(int count);
}
