using Microsoft.AspNetCore.SignalR;
using ConnectedCalifornia.Web.Authorization;

namespace ConnectedCalifornia.Web.Live;

/// <summary>
/// The network's live-update hub at <c>/hubs/network</c>. Anyone may connect (county boards and the
/// statewide calendar are public), from a page of the app's own origin or no browser at all
/// (<see cref="HubOriginCheck"/>); every group join is authorized by the same
/// <see cref="NetworkAuthorizer"/> as the pages and the REST API, and each topic carries only what
/// its joiners may read (<see cref="ConnectedCalifornia.Network.AnnouncementAudiences"/>).
/// </summary>
public sealed class NetworkHub(NetworkAuthorizer authorizer, LiveUpdateBridge bridge) : Hub<INetworkClient>
{
    public const string Path = "/hubs/network";

    /// <summary>Announcements one <see cref="Join"/> answer holds.</summary>
    public const int RecentOnJoin = 20;

    /// <summary>Announcements one <see cref="JoinAfter"/> answer holds at most.</summary>
    public const int MaxCatchUp = 500;

    /// <summary>
    /// Joins a topic; the answer holds the newest announcements of the topic this node has fanned out, from its
    /// memory (no database read), identifiers only: the client reads what it shows through the API.
    /// <see cref="JoinResult.Complete"/> is false: the node does not know what came before it started.
    /// </summary>
    public async Task<JoinResult> Join(string topic)
    {
        if (!await MayJoinAsync(topic))
        {
            return new JoinResult(false, "You may not follow this topic.", []);
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, topic);
        return new JoinResult(true, null, [.. bridge.Recent(topic).TakeLast(RecentOnJoin).Select(m => m.WithoutText())], false);
    }

    /// <summary>
    /// Joins a topic again after being away: the answer holds every announcement of the topic after
    /// <paramref name="cursor"/> (the highest the client applied), read from the durable journal after the
    /// connection was added to the group, so together with what arrives live nothing is missing (a message may
    /// come both ways: skip cursors already applied). Identifiers only: the journal keeps no text.
    /// </summary>
    public async Task<JoinResult> JoinAfter(string topic, long cursor)
    {
        if (!await MayJoinAsync(topic))
        {
            return new JoinResult(false, "You may not follow this topic.", []);
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, topic);
        return await bridge.JournalAfterAsync(topic, Math.Max(0, cursor), MaxCatchUp);
    }

    private Task<bool> MayJoinAsync(string topic) => authorizer.MayJoinTopicAsync(Context.User ?? new(), topic);

    public Task Leave(string topic) =>
        topic is { Length: <= 200 } ? Groups.RemoveFromGroupAsync(Context.ConnectionId, topic) : Task.CompletedTask;
}
