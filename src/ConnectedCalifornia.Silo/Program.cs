// A silo-only node of a Connected California cluster: no web server, just a silo that joins the cluster
// through PostgreSQL (ConnectedCalifornia:Topology=Cluster, ConnectedCalifornia:PostgreSql:ConnectionString), and
// exports its metrics as the web nodes do (ConnectedCalifornia:Observability; /metrics on MetricsPort, 9464).
using System.Runtime;
using ConnectedCalifornia.Silo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

var builder = Host.CreateApplicationBuilder(args);
try
{
    builder.AddNetworkSiloNode();
    builder.AddSiloObservability();
}
catch (Exception exception) when (exception is OptionsValidationException or InvalidOperationException)
{
    Console.Error.WriteLine($"ConnectedCalifornia.Silo cannot start: {exception.Message}");
    return 2;
}

var host = builder.Build();

// What the runtime really chose (the project asks for server and concurrent GC; one processor means workstation GC).
SiloLog.Starting(host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ConnectedCalifornia.Silo"), GCSettings.IsServerGC, GCSettings.LatencyMode, Environment.ProcessorCount);
await host.RunAsync();
return 0;

internal static partial class SiloLog
{
    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Silo-only node starting: server GC {ServerGc}, GC latency mode {LatencyMode}, {Processors} processors")]
    public static partial void Starting(ILogger logger, bool serverGc, GCLatencyMode latencyMode, int processors);
}
