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

    public async Task<JoinResult> Join(string topic)
    {
        if (!await authorizer.MayJoinTopicAsync(Context.User ?? new(), topic))
        {
            return new JoinResult(false, "You may not follow this topic.", []);
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, topic);
        return new JoinResult(true, null, bridge.Recent(topic));
    }

    public Task Leave(string topic) =>
        topic is { Length: <= 200 } ? Groups.RemoveFromGroupAsync(Context.ConnectionId, topic) : Task.CompletedTask;
}
