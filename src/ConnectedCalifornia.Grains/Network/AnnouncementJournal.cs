using System.Collections.Immutable;
using Orleans.Concurrency;

namespace ConnectedCalifornia.Network;

/// <summary>
/// The durable journal of announcements, one entry per (announcement, topic), numbered by a network-wide
/// cursor. It keeps identifiers only (kind, entity, version, topic, time, cursor), never an announcement's
/// title, summary or who acted (see <see cref="JournaledAnnouncement"/>). The silo's
/// <see cref="AnnouncementPublisher"/> writes each batch here before any web node hears of it, and stamps the cursors on the announcements it sends; a web node that missed a batch, or a client that
/// was away, reads what it missed from here. Cursors are committed in the order they are handed out, so a
/// read of "everything after N" never skips an entry that appears later.
/// </summary>
public interface IAnnouncementJournal
{
    /// <summary>Writes the announcements (each on each of its topics) in one transaction; returns them with their cursors.</summary>
    Task<ImmutableArray<NetworkAnnouncement>> AppendAsync(ImmutableArray<NetworkAnnouncement> announcements, CancellationToken cancellationToken = default);

    /// <summary>The highest cursor committed.</summary>
    Task<long> LatestAsync(CancellationToken cancellationToken = default);

    /// <summary>Entries after <paramref name="after"/>, of one topic or (null) all, oldest first; at most <paramref name="max"/>.</summary>
    Task<JournalPage> ReadAfterAsync(string? topic, long after, int max, CancellationToken cancellationToken = default);
}

/// <summary>
/// The journal of a silo without a database (grain tests): kept in memory, with the same numbering and
/// answers, and at most <see cref="Capacity"/> entries.
/// </summary>
public sealed class InMemoryAnnouncementJournal : IAnnouncementJournal
{
    public const int Capacity = 100_000;

    private readonly Lock _gate = new();
    private readonly LinkedList<JournaledAnnouncement> _entries = new();
    private long _last;

    public Task<ImmutableArray<NetworkAnnouncement>> AppendAsync(ImmutableArray<NetworkAnnouncement> announcements, CancellationToken cancellationToken = default)
    {
        var stamped = ImmutableArray.CreateBuilder<NetworkAnnouncement>(announcements.Length);
        lock (_gate)
        {
            foreach (var announcement in announcements)
            {
                var cursors = ImmutableArray.CreateBuilder<long>(announcement.Topics.Length);
                foreach (var topic in announcement.Topics)
                {
                    var cursor = ++_last;
                    cursors.Add(cursor);
                    _entries.AddLast(Entry(cursor, topic, announcement));
                    if (_entries.Count > Capacity)
                    {
                        _entries.RemoveFirst();
                    }
                }

                stamped.Add(announcement with { Cursors = cursors.MoveToImmutable() });
            }
        }

        return Task.FromResult(stamped.MoveToImmutable());
    }

    public Task<long> LatestAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_last);
        }
    }

    public Task<JournalPage> ReadAfterAsync(string? topic, long after, int max, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var found = _entries.Where(e => e.Cursor > after && (topic is null || e.Topic == topic)).Take(max + 1).ToList();
            var gap = topic is not null && _entries.Any(e => e.Cursor > after && e.Topic == AnnouncementGap.Topic);
            var complete = JournalCompleteness.IsComplete(after, found, max, _entries.First?.Value.Cursor, gap);
            return Task.FromResult(new JournalPage([.. found.Take(max)], complete));
        }
    }

    /// <summary>The journal entry of an announcement on one topic: its identifiers, never its text.</summary>
    public static JournaledAnnouncement Entry(long cursor, string topic, NetworkAnnouncement a) =>
        new(cursor, topic, a.Kind, a.EntityId, a.Version, a.At);
}

/// <summary>
/// The one rule, for every journal, of whether an answer "entries after <c>after</c>" is complete
/// (<see cref="JournalPage.Complete"/>): not when more entries were found than asked for, nor when entries right
/// after the cursor may have been deleted as too old, that is when the oldest cursor kept is further on than the
/// next one, nor, for one topic's entries, when a gap (<see cref="AnnouncementGap"/>) was recorded after the cursor:
/// an announcement of that topic may be among those no journal has. (A read of every topic returns the gap entries
/// themselves, in their place.) A cursor of 0 is no exception: a client that holds none cannot tell what it missed either. The
/// oldest cursor is needed only when the first entry found is not the very next cursor, so a journal in a
/// database asks for it only then.
/// </summary>
public static class JournalCompleteness
{
    /// <summary>Whether the oldest cursor kept decides (see <see cref="IsComplete"/>); false when the answer is decided without it.</summary>
    public static bool NeedsOldest(long after, IReadOnlyList<JournaledAnnouncement> found, int max) =>
        found.Count <= max && !(found.Count > 0 && found[0].Cursor == after + 1);

    /// <summary>
    /// Whether <paramref name="found"/> (up to <paramref name="max"/> + 1 entries after <paramref name="after"/>,
    /// oldest first) is all there is; <paramref name="oldestKept"/> is the journal's oldest cursor (null when empty),
    /// read only when <see cref="NeedsOldest"/>; <paramref name="gapAfter"/> whether a gap entry is after
    /// <paramref name="after"/> (asked for one topic's reads only).
    /// </summary>
    public static bool IsComplete(long after, IReadOnlyList<JournaledAnnouncement> found, int max, long? oldestKept, bool gapAfter) =>
        !gapAfter && found.Count <= max && (!NeedsOldest(after, found, max) || oldestKept is not { } oldest || after >= oldest - 1);
}

/// <summary>Reads the journal on the caller's own silo (see <see cref="IAnnouncementJournalGrain"/>).</summary>
[StatelessWorker]
public sealed class AnnouncementJournalGrain(IAnnouncementJournal journal) : Grain, IAnnouncementJournalGrain
{
    /// <summary>Most entries one read returns.</summary>
    public const int MaxPage = 1000;

    public Task<long> Latest() => journal.LatestAsync();

    public Task<JournalPage> ReadAfter(long after, int max) => journal.ReadAfterAsync(null, after, Math.Clamp(max, 1, MaxPage));

    public Task<JournalPage> ReadTopicAfter(string topic, long after, int max)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        return journal.ReadAfterAsync(topic, after, Math.Clamp(max, 1, MaxPage));
    }
}
