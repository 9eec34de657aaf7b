using System.Collections.Immutable;

namespace ConnectedCalifornia.Network;

/// <summary>
/// One announcement on one topic as the durable journal keeps it: identifiers only. <see cref="Cursor"/> numbers
/// every journaled (announcement, topic) across the whole network; cursors are committed in order, so
/// "everything after cursor N" is a complete answer.
/// </summary>
/// <remarks>
/// No title, summary or name of who acted: the journal is replayed for a day to whoever may join the topic
/// <em>then</em>, and an event made law-enforcement-only since, or a title corrected because it named a
/// survivor, must not come back from it. Whoever replays an entry reloads the entity through the API, under
/// today's rights.
/// </remarks>
[GenerateSerializer, Immutable, Alias("cc.JournaledAnnouncement")]
public sealed record JournaledAnnouncement(
    [property: Id(0)] long Cursor,
    [property: Id(1)] string Topic,
    [property: Id(2)] string Kind,
    [property: Id(3)] string EntityId,
    [property: Id(4)] long Version,
    [property: Id(7)] DateTimeOffset At);

/// <summary>A page of the journal: the entries found, oldest first, and whether they are all there is after the cursor asked for.</summary>
[GenerateSerializer, Immutable, Alias("cc.JournalPage")]
public sealed record JournalPage(
    [property: Id(0)] ImmutableArray<JournaledAnnouncement> Entries,
    [property: Id(1)] bool Complete);

/// <summary>
/// Reads the durable announcement journal from any silo: a <c>[StatelessWorker]</c> activated on the
/// caller's own silo (or an Orleans client's gateway), so no single activation matters. Web nodes use it to
/// catch up what a live batch missed, and hub clients to get what they missed since their cursor.
/// </summary>
[Alias("cc.IAnnouncementJournalGrain")]
public interface IAnnouncementJournalGrain : IGrainWithIntegerKey
{
    /// <summary>The highest cursor committed so far (0 when the journal is empty).</summary>
    [Alias("Latest")]
    Task<long> Latest();

    /// <summary>Every topic's entries after <paramref name="after"/>, oldest first, at most <paramref name="max"/>.</summary>
    [Alias("ReadAfter")]
    Task<JournalPage> ReadAfter(long after, int max);

    /// <summary>One topic's entries after <paramref name="after"/>, oldest first, at most <paramref name="max"/>. <see cref="JournalPage.Complete"/> is false when more are there or the cursor is older than the journal keeps.</summary>
    [Alias("ReadTopicAfter")]
    Task<JournalPage> ReadTopicAfter(string topic, long after, int max);
}
