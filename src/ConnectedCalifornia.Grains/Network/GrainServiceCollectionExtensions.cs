using Microsoft.Extensions.DependencyInjection;

namespace ConnectedCalifornia.Network;

public static class GrainServiceCollectionExtensions
{
    /// <summary>Registers the services the grains need inside a silo (the announcement publisher, the clock).</summary>
    public static IServiceCollection AddNetworkGrainServices(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        return services;
    }
}
