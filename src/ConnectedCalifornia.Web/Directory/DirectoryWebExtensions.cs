using ConnectedCalifornia.Web.Directory.Curation;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Web.Directory.Hsds;

namespace ConnectedCalifornia.Web.Directory;

/// <summary>The statewide directory's services and endpoints (search index, search API, HSDS exchange).</summary>
public static class DirectoryWebExtensions
{
    public static IServiceCollection AddDirectory(this IServiceCollection services)
    {
        services.AddSingleton<TaxonomyCache>();
        services.AddHostedService(sp => sp.GetRequiredService<TaxonomyCache>());
        services.AddSingleton<DirectoryIndex>();
        services.AddHostedService(sp => sp.GetRequiredService<DirectoryIndex>());
        services.AddScoped<HsdsImporter>();
        services.AddSingleton<HsdsExportCache>();
        services.AddScoped<CurationService>();
        services.AddScoped<JoiningService>(); // Joining
        services.AddSingleton<JoinStatusLinks>();
        services.AddScoped<TaxonomyService>();

        // "Open now" uses the network's clock (a fake one in tests); a web node that is only an Orleans client falls back to its own.
        services.AddSingleton(sp => new DirectoryClock(sp.GetKeyedService<TimeProvider>(NetworkClock.Key) ?? sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    public static IEndpointRouteBuilder MapDirectory(this IEndpointRouteBuilder app)
    {
        app.MapDirectoryApi();
        app.MapTaxonomyApi();
        app.MapHsdsApi();
        app.MapCurationApi();
        app.MapJoiningApi(); // Joining
        return app;
    }
}
