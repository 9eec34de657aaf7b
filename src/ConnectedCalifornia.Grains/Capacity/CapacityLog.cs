using Microsoft.Extensions.Logging;

namespace ConnectedCalifornia.Capacity;

/// <summary>Log lines of the bed board. Ids and counts only: never a site's name, address or a person's data.</summary>
internal static partial class CapacityLog
{

    [LoggerMessage(302, LogLevel.Warning, "Expired holds of site {SiteId} could not be released on activation; they are released with the next call or sweep.")]
    public static partial void ExpiryOnActivationFailed(ILogger logger, Exception exception, string siteId);

    [LoggerMessage(303, LogLevel.Warning, "Expired holds of site {SiteId} could not be released by its timer; the timer tries again.")]
    public static partial void ExpiryTimerFailed(ILogger logger, Exception exception, string siteId);

    [LoggerMessage(304, LogLevel.Information, "{Count} expired holds of site {SiteId} were released.")]
    public static partial void HoldsExpired(ILogger logger, int count, string siteId);

    [LoggerMessage(305, LogLevel.Warning, "The hold sweep could not reach site {SiteId}; the next sweep tries again.")]
    public static partial void SweepSiteFailed(ILogger logger, Exception exception, string siteId);

    [LoggerMessage(306, LogLevel.Information, "Hold sweep: {SitesChecked} sites checked, {HoldsReleased} holds released, {Failures} failures.")]
    public static partial void Swept(ILogger logger, int sitesChecked, int holdsReleased, int failures);

    [LoggerMessage(307, LogLevel.Warning, "The hold reminder of site {SiteId} could not be registered or removed; the timer and the sweep remain, the next change tries again.")]
    public static partial void HoldReminderFailed(ILogger logger, Exception exception, string siteId);

}
