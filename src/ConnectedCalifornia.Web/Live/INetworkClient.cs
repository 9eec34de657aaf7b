using System.Collections.Immutable;
using ConnectedCalifornia.Network;

namespace ConnectedCalifornia.Web.Live;

/// <summary>
/// The message a SignalR client receives: a grain announcement for one topic (the group it joined).
/// Versioned: <see cref="ContractVersion"/> changes when the shape changes (fields are only ever added).
/// <see cref="Cursor"/> is the announcement's place in the durable journal: a client keeps the highest it has
/// applied and, when it joins the topic again (after a reconnect, on any node), passes it to
/// <c>JoinAfter</c> to get exactly what it missed. 0 when the announcement could not be journaled.
/// A message of kind <c>network.gap</c> (<see cref="IsGap"/>) reaches every connection whatever it joined: some
/// announcements were lost, reload what you show.
/// Only a message that comes live carries a title, summary and who acted; one replayed from the journal or a
/// join's recent list carries identifiers only (those three empty), and its receiver reloads the entity.
/// </summary>
public sealed record AnnouncementMessage(
    int ContractVersion,
    string Topic,
    string Kind,
    string EntityId,
    long Version,
    string Title,
    string Summary,
    DateTimeOffset At,
    string ActorName,
    long Cursor = 0)
{
    /// <summary>The message for one topic: it names who acted only where <see cref="AnnouncementAudiences"/> allows it for the kind.</summary>
    public static AnnouncementMessage From(string topic, NetworkAnnouncement a, long cursor = 0) =>
        new(NetworkAnnouncement.ContractVersion, topic, a.Kind, a.EntityId, a.Version, a.Title, a.Summary, a.At,
            AnnouncementAudiences.NamesActor(a.Kind, topic) ? a.ActorName : string.Empty, cursor);

    /// <summary>
    /// The message of a journal entry: identifiers only, its title, summary and who acted empty (the journal keeps
    /// no text, see <see cref="JournaledAnnouncement"/>); whoever gets it reloads the entity through the API.
    /// </summary>
    public static AnnouncementMessage From(JournaledAnnouncement e) =>
        new(NetworkAnnouncement.ContractVersion, e.Topic, e.Kind, e.EntityId, e.Version, string.Empty, string.Empty, e.At, string.Empty, e.Cursor);

    /// <summary>This message with identifiers only: what a replay (a join's recent list, a catch-up) carries.</summary>
    public AnnouncementMessage WithoutText() => this with { Title = string.Empty, Summary = string.Empty, ActorName = string.Empty };

    /// <summary>Whether the message carries its text (it came live), or identifiers only (it was replayed: reload the entity to show it).</summary>
    public bool CarriesText() => Title.Length > 0 || Summary.Length > 0;

    /// <summary>
    /// Whether this is a gap (kind <c>network.gap</c>, topic <c>gap</c>, see <see cref="AnnouncementGap"/>): announcements on
    /// some topics were lost before <see cref="Cursor"/>; whoever receives it reloads what it shows. Every connection gets it.
    /// </summary>
    public bool IsGap() => AnnouncementGap.Is(Kind);
}

/// <summary>
/// The answer to a join: whether it was allowed, and announcements of the topic from the durable journal, oldest
/// first: for <c>Join</c> its newest ones, for <c>JoinAfter</c> every one after the cursor given. <see cref="Complete"/>
/// is true when nothing more is there (for <c>JoinAfter</c>: the client has missed nothing else); false when the
/// client should read current state through the API instead (it was away longer than the journal keeps,
/// missed more than one answer holds, or a gap was recorded after its cursor: announcements no journal has).
/// </summary>
public sealed record JoinResult(bool Joined, string? Error, ImmutableArray<AnnouncementMessage> Recent, bool Complete = false);

/// <summary>What the server calls on SignalR clients of <c>/hubs/network</c>.</summary>
public interface INetworkClient
{
    Task Announcement(AnnouncementMessage message);
}
