namespace ConnectedCalifornia.Network;

/// <summary>
/// A gap: announcements that a silo's publisher dropped (its queue was full) or could not write to the durable
/// journal in time. Nobody can replay them, so the publisher records the gap itself, as one journal entry on the
/// reserved topic <see cref="Topic"/>, with its next successful append (and keeps trying while it has nothing
/// else to write). The entry means "something on some topic before this cursor is not in the journal": every topic
/// read that spans it answers incomplete, and the live gap goes to every connected client, which reloads what it
/// shows.
/// </summary>
/// <remarks>
/// A gap names nothing: its entity is empty and its version is how many announcements were missed (at least).
/// <see cref="Topic"/> is no topic anyone can join (it parses as no known shape, see <see cref="Topics.TryParse"/>).
/// </remarks>
public static class AnnouncementGap
{
    /// <summary>The reserved topic of gap entries; it stands for every topic.</summary>
    public const string Topic = "gap";

    /// <summary>The kind of a gap entry and of the live message clients receive for it.</summary>
    public const string Kind = "network.gap";

    /// <summary>Whether an announcement of this kind is a gap.</summary>
    public static bool Is(string? kind) => string.Equals(kind, Kind, StringComparison.Ordinal);

    /// <summary>The announcement that records <paramref name="missed"/> lost announcements, made at <paramref name="at"/>.</summary>
    public static NetworkAnnouncement Create(long missed, DateTimeOffset at) =>
        new([Topic], Kind, string.Empty, missed, string.Empty, string.Empty, at, string.Empty);
}
