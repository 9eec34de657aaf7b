// A silo-only node of a Connected California cluster: no web server, just a silo that joins the cluster
// through PostgreSQL (ConnectedCalifornia:Topology=Cluster, ConnectedCalifornia:PostgreSql:ConnectionString).
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

var builder = Host.CreateApplicationBuilder(args);
try
{
    builder.AddNetworkSiloNode();
}
catch (Exception exception) when (exception is OptionsValidationException or InvalidOperationException)
{
    Console.Error.WriteLine($"ConnectedCalifornia.Silo cannot start: {exception.Message}");
    return 2;
}

await builder.Build().RunAsync();
return 0;
