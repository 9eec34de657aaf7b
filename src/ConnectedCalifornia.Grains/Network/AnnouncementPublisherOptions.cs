namespace ConnectedCalifornia.Network;

/// <summary>How the silo's <see cref="AnnouncementPublisher"/> batches and finds the web nodes.</summary>
public sealed class AnnouncementPublisherOptions
{
    /// <summary>The settings section (<c>Announcements</c>: <c>Announcements:QueueCapacity</c>, <c>Announcements:JournalTimeout</c>, ...).</summary>
    public const string SectionName = "Announcements";

    /// <summary>Most announcements sent to a node in one call.</summary>
    public int MaxBatchSize { get; set; } = 256;

    /// <summary>
    /// How long the first announcement of a batch waits for others to join it. Zero by default: an
    /// announcement leaves at once when nothing is in flight, and the ones that arrive while a
    /// node is taking a batch go out together as the next one.
    /// </summary>
    public TimeSpan BatchWindow { get; set; } = TimeSpan.Zero;

    /// <summary>How long the list of web nodes read from the registry grain is reused.</summary>
    public TimeSpan NodeRefreshInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a batch may try to reach the durable journal (the database) before it is sent live only. The
    /// grain that published waits at most this long; normally one insert, a few milliseconds.
    /// </summary>
    public TimeSpan JournalTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Announcements queued beyond this are dropped, oldest first (receivers reload current state).</summary>
    public int QueueCapacity { get; set; } = 100_000;
}
