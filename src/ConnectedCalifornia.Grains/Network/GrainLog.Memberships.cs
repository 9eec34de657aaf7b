using Microsoft.Extensions.Logging;

namespace ConnectedCalifornia.Network;

/// <summary>Log lines of memberships that need two grains: ids only, never an e-mail address or a name.</summary>
internal static partial class GrainLog
{
    [LoggerMessage(131, LogLevel.Warning, "The person invitation list of organization {OrganizationId}'s invitation {InvitationId} could not be updated; the organization's own invitation still decides.")]
    public static partial void PersonInvitationsUpdateFailed(ILogger logger, Exception exception, string organizationId, string invitationId);

    [LoggerMessage(132, LogLevel.Error, "Task force {TaskForceId} changed at version {Version}, but organization {OrganizationId}'s history could not record it.")]
    public static partial void OrganizationHistoryFailed(ILogger logger, Exception exception, string taskForceId, long version, string organizationId);
}
