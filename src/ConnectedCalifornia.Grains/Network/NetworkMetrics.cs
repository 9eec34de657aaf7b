using System.Diagnostics.Metrics;

namespace ConnectedCalifornia.Network;

/// <summary>
/// The network's own meter, <c>ConnectedCalifornia</c> (exported by the web node's Observability feature,
/// docs/operations.md). Tags are kinds and results only: never names, ids or anything a person typed.
/// </summary>
public static class NetworkMetrics
{
    public const string MeterName = "ConnectedCalifornia";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Commands sent to the grains, by kind (the API route's template) and result (accepted, rejected, denied, not_found, conflict, unavailable, failed).</summary>
    public static readonly Counter<long> Commands = Meter.CreateCounter<long>(
        "connectedcalifornia.commands", unit: "{command}", description: "Commands by kind (route template) and result.");

    /// <summary>Announcements a silo accepted for publishing, by announcement kind.</summary>
    public static readonly Counter<long> AnnouncementsPublished = Meter.CreateCounter<long>(
        "connectedcalifornia.announcements.published", unit: "{announcement}", description: "Announcements published by this node's silo, by kind.");

    /// <summary>Announcements a web node's live bridge received from a silo, by announcement kind.</summary>
    public static readonly Counter<long> AnnouncementsDelivered = Meter.CreateCounter<long>(
        "connectedcalifornia.announcements.delivered", unit: "{announcement}", description: "Announcements delivered to this web node's live bridge, by kind.");

    /// <summary>Seconds from a change to its announcement reaching this web node's live bridge.</summary>
    public static readonly Histogram<double> BridgeLag = Meter.CreateHistogram<double>(
        "connectedcalifornia.announcements.lag", unit: "s", description: "Seconds from a change to its announcement reaching this web node.");

    public static void CountCommand(string kind, string result) =>
        Commands.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("result", result));

    public static void CountPublished(string kind) =>
        AnnouncementsPublished.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public static void CountDelivered(string kind, TimeSpan lag)
    {
        var tag = new KeyValuePair<string, object?>("kind", kind);
        AnnouncementsDelivered.Add(1, tag);
        BridgeLag.Record(Math.Max(0, lag.TotalSeconds), tag);
    }
}
