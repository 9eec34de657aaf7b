using System.Collections.Immutable;
using Orleans.Concurrency;

namespace ConnectedCalifornia.Network;

/// <summary>
/// The durable journal of announcements, one entry per (announcement, topic), numbered by a network-wide
/// cursor. It keeps identifiers only (kind, entity, version, topic, time, cursor), never an announcement's
/// title, summary or who acted (see <see cref="JournaledAnnouncement"/>). The silo's <see cref="AnnouncementPublisher"/> writes each batch here before any web node hears of
/// it, and stamps the cursors on the announcements it sends; a web node that missed a batch, or a client that
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
            // Entries before the oldest one kept were dropped: a cursor older than that may have missed some.
            var dropped = _entries.First is { } first && after < first.Value.Cursor - 1;
            return Task.FromResult(new JournalPage([.. found.Take(max)], found.Count <= max && !dropped));
        }
    }

    /// <summary>The journal entry of an announcement on one topic: its identifiers, never its text.</summary>
    public static JournaledAnnouncement Entry(long cursor, string topic, NetworkAnnouncement a) =>
        new(cursor, topic, a.Kind, a.EntityId, a.Version, a.At);
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
