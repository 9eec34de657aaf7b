using Microsoft.Extensions.Logging;

namespace ConnectedCalifornia.Referrals;

/// <summary>Log lines of referrals. Ids, states and counts only: never a person's details, needs or notes.</summary>
internal static partial class ReferralLog
{
    [LoggerMessage(501, LogLevel.Information, "Referral {ReferralId} is now {Status} (version {Version}) by {ActorId}.")]
    public static partial void Changed(Microsoft.Extensions.Logging.ILogger logger, string referralId, ConnectedCalifornia.Referrals.ReferralStatus status, long version, string actorId);

    [LoggerMessage(503, LogLevel.Warning, "The bed hold {HoldId} of referral {ReferralId} could not be {Action}.")]
    public static partial void HoldFailed(Microsoft.Extensions.Logging.ILogger logger, Exception? exception, string holdId, string referralId, string action);

    [LoggerMessage(504, LogLevel.Warning, "The sweep could not tick referral {ReferralId}; the next sweep tries again.")]
    public static partial void TickFailed(Microsoft.Extensions.Logging.ILogger logger, Exception exception, string referralId);

    [LoggerMessage(505, LogLevel.Information, "Referral sweep: {Checked} checked, {Escalated} escalated, {Expired} expired, {ConsentLapsed} consents lapsed, {Purged} purged, {Failures} failures.")]
    public static partial void Swept(Microsoft.Extensions.Logging.ILogger logger, int @checked, int escalated, int expired, int consentLapsed, int purged, int failures);

    [LoggerMessage(506, LogLevel.Warning, "The storage could not be scrubbed after details of referral {ReferralId} were deleted; the next deletion or the database's own checkpoint does it.")]
    public static partial void ScrubFailed(Microsoft.Extensions.Logging.ILogger logger, Exception exception, string referralId);

}
