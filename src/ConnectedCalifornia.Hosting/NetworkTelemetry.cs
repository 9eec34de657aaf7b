using ConnectedCalifornia.Network;

namespace ConnectedCalifornia.Hosting;

/// <summary>
/// What every node of the network exports, web node or silo-only node (docs/operations.md, "Metrics and traces"):
/// the meters of the grains and the runtime they run on, and the trace sources of Orleans. Web nodes add their own
/// (ASP.NET Core, Kestrel, SignalR, notifications).
/// </summary>
public static class NetworkTelemetry
{
    /// <summary>The section both hosts read: <c>ConnectedCalifornia:Observability</c>.</summary>
    public const string Section = "ConnectedCalifornia:Observability";

    public static IReadOnlyList<string> NodeMeters { get; } = [NetworkMetrics.MeterName, "Microsoft.Orleans", "Npgsql"];

    public static IReadOnlyList<string> OrleansTraceSources { get; } = ["Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application"];
}
