using ConnectedCalifornia.Calendars;
using ConnectedCalifornia.Capacity;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Referrals;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ConnectedCalifornia.Network;

public static class GrainServiceCollectionExtensions
{
    /// <summary>
    /// Registers the services the grains need inside a silo: the announcement publisher (one per
    /// silo, started and stopped with the silo's lifecycle), the network clock, the features' options
    /// (validated at start) and their per-silo sweeps (holds, referrals, event reminders,
    /// re-verification).
    /// </summary>
    /// <remarks>
    /// The grains read the time from the keyed <see cref="TimeProvider"/>s of <see cref="NetworkClock"/>,
    /// which default to the silo's own clock. A test replaces only those keys with fake clocks,
    /// leaving Orleans' own timers on real time.
    /// </remarks>
    public static IServiceCollection AddNetworkGrainServices(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddKeyedSingleton<TimeProvider>(NetworkClock.Key, static (sp, _) => sp.GetRequiredService<TimeProvider>());
        services.TryAddKeyedSingleton<TimeProvider>(NetworkClock.NodeRegistryKey, static (sp, _) => sp.GetRequiredService<TimeProvider>());

        services.AddOptions<AnnouncementPublisherOptions>();
        services.TryAddSingleton<IAnnouncementJournal, InMemoryAnnouncementJournal>();
        services.TryAddSingleton<AnnouncementPublisher>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(static sp => sp.GetRequiredService<AnnouncementPublisher>());

        services.AddOptions<CapacityOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CapacityOptions>, CapacityOptionsValidator>());
        services.AddSiloSweep<CapacityHoldSweeper>();

        // Referrals
        services.AddOptions<ReferralOptions>();
        services.TryAddSingleton<ISurvivorDataScrubber, NoSurvivorDataScrubber>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ReferralOptions>, ReferralOptionsValidator>());
        services.AddSiloSweep<ReferralSweeper>();

        // Calendars
        services.AddCalendarGrainServices();

        // Operations: after-action item reminders when an item falls due
        services.AddSiloSweep<ConnectedCalifornia.Operations.ActionItemDueSweeper>();

        // Joining: the yearly re-verification sweep (one per silo; a reminder in a PostgreSQL cluster)
        services.AddOptions<ReverificationOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ReverificationOptions>, ReverificationOptionsValidator>());
        services.AddSiloSweep<ReverificationSweeper>();
        return services;
    }

    /// <summary>
    /// Registers a per-silo sweep once: as itself (a test or a caller can sweep now through it) and as a
    /// participant in the silo's lifecycle, which starts and stops its loop.
    /// </summary>
    public static IServiceCollection AddSiloSweep<TSweep>(this IServiceCollection services)
        where TSweep : PeriodicSiloSweep
    {
        services.TryAddSingleton<TSweep>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILifecycleParticipant<ISiloLifecycle>, TSweep>(static sp => sp.GetRequiredService<TSweep>()));
        return services;
    }
}

/// <summary>Service keys of the clocks the grains use; both default to the silo's clock.</summary>
public static class NetworkClock
{
    /// <summary>The clock that stamps the network's changes (UpdatedAt, VerifiedAt, history).</summary>
    public const string Key = "ConnectedCalifornia.Network";

    /// <summary>The clock that expires web nodes' registrations, apart so that stamping time and node liveness never mix.</summary>
    public const string NodeRegistryKey = "ConnectedCalifornia.NodeRegistry";
}
