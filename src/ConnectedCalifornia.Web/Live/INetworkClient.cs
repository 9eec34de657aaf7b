using System.Collections.Immutable;
using ConnectedCalifornia.Network;

namespace ConnectedCalifornia.Web.Live;

/// <summary>
/// The message a SignalR client receives: a grain announcement for one topic (the group it joined).
/// Versioned: <see cref="ContractVersion"/> changes when the shape changes.
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
    string ActorName)
{
    /// <summary>The message for one topic: it names who acted only where <see cref="AnnouncementAudiences"/> allows it for the kind.</summary>
    public static AnnouncementMessage From(string topic, NetworkAnnouncement a) =>
        new(NetworkAnnouncement.ContractVersion, topic, a.Kind, a.EntityId, a.Version, a.Title, a.Summary, a.At,
            AnnouncementAudiences.NamesActor(a.Kind, topic) ? a.ActorName : string.Empty);
}

/// <summary>The answer to a join: whether it was allowed and the topic's recent announcements, newest last.</summary>
public sealed record JoinResult(bool Joined, string? Error, ImmutableArray<AnnouncementMessage> Recent);

/// <summary>What the server calls on SignalR clients of <c>/hubs/network</c>.</summary>
public interface INetworkClient
{
    Task Announcement(AnnouncementMessage message);
}
