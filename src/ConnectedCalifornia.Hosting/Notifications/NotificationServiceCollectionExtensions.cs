using ConnectedCalifornia.Notifications;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ConnectedCalifornia.Hosting.Notifications;

public static class NotificationServiceCollectionExtensions
{
    /// <summary>
    /// The notification outbox and mail queue in the network's database (<see cref="NotificationStore"/>),
    /// as the grains' <see cref="INotificationOutbox"/>; needs a <see cref="NetworkDatabase"/> and its
    /// <see cref="Schema.NetworkSchema"/> among the services.
    /// </summary>
    public static IServiceCollection AddNetworkNotificationOutbox(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<NotificationSignal>();
        services.TryAddSingleton<NotificationStore>();
        services.TryAddSingleton<INotificationOutbox>(static sp => sp.GetRequiredService<NotificationStore>());
        return services;
    }
}
