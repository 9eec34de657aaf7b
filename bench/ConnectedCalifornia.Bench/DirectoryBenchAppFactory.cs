using System.Collections.Immutable;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Web.Directory;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ConnectedCalifornia.Bench;

/// <summary>The real app plus one bare endpoint, <c>GET /bench/directory-linq</c>, that answers the same query with the LINQ baseline.</summary>
public sealed class DirectoryBenchAppFactory(DirectoryDocument[] documents) : BenchAppFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new BaselineEndpoint(documents)));
    }

    private sealed class BaselineEndpoint(DirectoryDocument[] documents) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Map("/bench/directory-linq", branch => branch.Run(async http =>
            {
                var q = http.Request.Query;
                var query = new DirectoryQuery
                {
                    Text = q["q"].FirstOrDefault(),
                    Services = [.. q["service"].OfType<string>()],
                    Populations = [.. q["population"].OfType<string>()],
                    Languages = [.. q["language"].OfType<string>()],
                    Counties = [.. q["county"].OfType<string>()],
                    AcceptingReferralsOnly = q["accepting"] == "true",
                    PageSize = int.Parse(q["pageSize"].FirstOrDefault() ?? "20", System.Globalization.CultureInfo.InvariantCulture),
                };
                var page = DirectoryBench.Baseline(documents, query);
                await http.Response.WriteAsJsonAsync(new { items = page.Items, totalItems = page.Total, counts = page.Counts });
            }));
            next(app);
        };
    }
}
