using ConnectedCalifornia.Network;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans;
using Orleans.Runtime;

namespace ConnectedCalifornia.Hosting.History;

public static class ChangeArchiveServiceCollectionExtensions
{
    /// <summary>
    /// The silo's <see cref="IChangeArchive"/> in the network's database; needs a <see cref="NetworkDatabase"/>
    /// and its <see cref="Schema.NetworkSchema"/> among the services.
    /// </summary>
    public static IServiceCollection AddNetworkChangeArchive(this IServiceCollection services)
    {
        services.TryAddSingleton<AdoNetChangeArchive>();
        services.TryAddSingleton<IChangeArchive>(static sp => sp.GetRequiredService<AdoNetChangeArchive>());
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(static sp => sp.GetRequiredService<AdoNetChangeArchive>());
        return services;
    }

    /// <summary>
    /// The silo's durable <see cref="IAnnouncementJournal"/> in the network's database (replacing the in-memory one
    /// of <c>AddNetworkGrainServices</c>), and its pruning loop; needs a <see cref="NetworkDatabase"/> and its schema
    /// among the services.
    /// </summary>
    public static IServiceCollection AddNetworkAnnouncementJournal(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.RemoveAll<IAnnouncementJournal>();
        services.TryAddSingleton<AdoNetAnnouncementJournal>();
        services.AddSingleton<IAnnouncementJournal>(static sp => sp.GetRequiredService<AdoNetAnnouncementJournal>());
        services.AddSiloSweep<AnnouncementJournalPruning>();
        return services;
    }
}
