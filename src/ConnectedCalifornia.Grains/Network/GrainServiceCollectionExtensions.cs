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
    /// silo, started and stopped with the silo's lifecycle), the network clock, and the bed board's
    /// options (<see cref="CapacityOptions"/>, validated) and hold sweeper (one per silo).
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
        services.TryAddSingleton<AnnouncementPublisher>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(static sp => sp.GetRequiredService<AnnouncementPublisher>());

        services.AddOptions<CapacityOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CapacityOptions>, CapacityOptionsValidator>());
        services.TryAddSingleton<CapacityHoldSweeper>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(static sp => sp.GetRequiredService<CapacityHoldSweeper>());

        // Referrals
        services.AddOptions<ReferralOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ReferralOptions>, ReferralOptionsValidator>());
        services.TryAddSingleton<ReferralSweeper>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(static sp => sp.GetRequiredService<ReferralSweeper>());
        // Calendars
        services.AddCalendarGrainServices();

        // Joining: the yearly re-verification sweep (one per silo; a reminder in a PostgreSQL cluster)
        services.AddOptions<ReverificationOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ReverificationOptions>, ReverificationOptionsValidator>());
        services.TryAddSingleton<ReverificationSweeper>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(static sp => sp.GetRequiredService<ReverificationSweeper>());
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
