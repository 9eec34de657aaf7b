namespace ConnectedCalifornia.Web.Insights;

/// <summary>The network-intelligence views (issue 20): services and endpoints.</summary>
public static class InsightsWebExtensions
{
    public static IServiceCollection AddInsights(this IServiceCollection services)
    {
        services.AddSingleton(sp => new CountyAdjacency(sp.GetRequiredService<ConnectedCalifornia.Web.Capacity.CaliforniaMap>())); // derived from the county map once per node
        services.AddSingleton<CoverageIndex>();
        services.AddScoped<CoverageService>();
        services.AddSingleton<ReferralOutcomesIndex>();
        services.AddScoped<ReferralOutcomesService>();
        services.AddScoped<CapacityTrendService>();
        services.AddSingleton<TrainingCoverageIndex>();
        services.AddScoped<TrainingCoverageService>();
        return services;
    }

    public static IEndpointRouteBuilder MapInsights(this IEndpointRouteBuilder app) => app.MapInsightsApi();
}
