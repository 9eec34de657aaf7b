using ConnectedCalifornia.Web.Calendars;
using ConnectedCalifornia.Web.Directory;
using ConnectedCalifornia.Web.Operations;
using ConnectedCalifornia.Web.Referrals;
using ConnectedCalifornia.Web.TaskForces;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ConnectedCalifornia.Web.Notifications;

/// <summary>The web node's part of notifications: the delivery loop, the mail transport, the features' templates, the API.</summary>
public static class NotificationsSetup
{
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddOptions<MailOptions>().BindConfiguration(MailOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MailOptions>, MailOptionsValidator>());
        services.AddSingleton<MailTransportFactory>();
        services.AddSingleton<UnsubscribeLinks>();
        services.AddSingleton<MailComposer>();
        services.AddSingleton<NotificationRecipients>();
        services.AddSingleton<NotificationRenderer>();
        services.AddSingleton<NotificationDelivery>();
        services.AddHostedService(static sp => sp.GetRequiredService<NotificationDelivery>());
        services.AddScoped<NotificationService>();

        // Each feature's messages
        services.AddNotificationTemplates<CalendarNotifications>();
        services.AddNotificationTemplates<Identity.AccountNotifications>();
        services.AddNotificationTemplates<ReferralNotificationTemplates>();
        services.AddNotificationTemplates<TaskForceNotificationTemplates>();
        services.AddNotificationTemplates<OperationNotificationTemplates>();
        services.AddNotificationTemplates<DirectoryNotificationTemplates>();
        return services;
    }

    /// <summary>Adds a feature's templates (one class per feature, the kinds it renders listed in it).</summary>
    public static IServiceCollection AddNotificationTemplates<T>(this IServiceCollection services)
        where T : class, INotificationTemplates
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<INotificationTemplates, T>());
        return services;
    }
}
