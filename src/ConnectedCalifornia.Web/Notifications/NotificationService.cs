using System.Collections.Immutable;
using System.Security.Claims;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Notifications;
using ConnectedCalifornia.Web.Authorization;
using ConnectedCalifornia.Web.Identity;

namespace ConnectedCalifornia.Web.Notifications;

/// <summary>One kind as the preferences page lists it, with the person's choice.</summary>
public sealed record NotificationPreference(string Kind, string Group, string Label, bool Mandatory, EmailDelivery Delivery);

/// <summary>
/// A signed-in person's own notification center and e-mail preferences. Everything here is about the
/// caller only: the grain is chosen by the caller's user id, never by a parameter.
/// </summary>
public sealed class NotificationService(IGrainFactory grains)
{
    public const int PageSize = 50;

    public async Task<NotificationCenterView> ViewAsync(ClaimsPrincipal user, int max = PageSize) =>
        user.UserId() is { } userId ? await grains.GetGrain<INotificationCenterGrain>(userId).View(max) : new NotificationCenterView([], 0);

    public async Task<CommandResult> MarkReadAsync(ClaimsPrincipal user, string? notificationId)
    {
        if (user.UserId() is not { } userId)
        {
            return CommandResult.Forbidden();
        }

        if (notificationId is { Length: > 300 })
        {
            return CommandResult.Invalid("id", "There is no such notification.");
        }

        return await grains.GetGrain<INotificationCenterGrain>(userId).MarkRead(notificationId);
    }

    public async Task<ImmutableArray<NotificationPreference>> PreferencesAsync(ClaimsPrincipal user)
    {
        var chosen = user.UserId() is { } userId
            ? await grains.GetGrain<INotificationCenterGrain>(userId).GetPreferences()
            : ImmutableDictionary<string, EmailDelivery>.Empty;
        return [.. NotificationKinds.All.Select(k => new NotificationPreference(k.Name, k.Group, k.Label, k.Mandatory,
            chosen.TryGetValue(k.Name, out var delivery) ? delivery : EmailDelivery.Immediately))];
    }

    public async Task<CommandResult> SetPreferenceAsync(ClaimsPrincipal user, string? kind, EmailDelivery? delivery)
    {
        if (user.UserId() is not { } userId)
        {
            return CommandResult.Forbidden();
        }

        if (delivery is null)
        {
            return CommandResult.Invalid("delivery", "Choose immediately, daily digest or off.");
        }

        return await grains.GetGrain<INotificationCenterGrain>(userId).SetPreference(kind ?? string.Empty, delivery.Value);
    }
}

public static class NotificationsApi
{
    public sealed record ReadRequest(string? Id);

    public sealed record PreferenceRequest(string? Kind, EmailDelivery? Delivery);

    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/me/notifications", async (NotificationService service, HttpContext http) => TypedResults.Ok(await service.ViewAsync(http.User)))
            .WithTags("Notifications").WithName("ListMyNotifications").RequireNetwork(NetworkAction.SignedIn)
            .WithSummary("The signed-in person's notifications, newest first (at most 50), and how many are unread.");
        app.MapPost("/api/me/notifications/read", async (NotificationService service, HttpContext http, ReadRequest request) =>
                Network.ApiResults.From(await service.MarkReadAsync(http.User, request.Id)))
            .WithTags("Notifications").WithName("MarkMyNotificationsRead").RequireNetwork(NetworkAction.SignedIn)
            .WithSummary("Marks one notification read ({ \"id\": \"...\" }) or all of them ({ \"id\": null }).");
        app.MapGet("/api/me/notification-preferences", async (NotificationService service, HttpContext http) => TypedResults.Ok(await service.PreferencesAsync(http.User)))
            .WithTags("Notifications").WithName("ListMyNotificationPreferences").RequireNetwork(NetworkAction.SignedIn)
            .WithSummary("Every kind of notification with how the signed-in person wants it by e-mail (Immediately, DailyDigest or Off).");
        app.MapPut("/api/me/notification-preferences", async (NotificationService service, HttpContext http, PreferenceRequest request) =>
                Network.ApiResults.From(await service.SetPreferenceAsync(http.User, request.Kind, request.Delivery)))
            .WithTags("Notifications").WithName("SetMyNotificationPreference").RequireNetwork(NetworkAction.SignedIn)
            .WithSummary("Sets how one kind is e-mailed ({ \"kind\": \"event.reminder\", \"delivery\": \"DailyDigest\" }); account security and urgent referrals are always sent at once.");

        // RFC 8058 one-click unsubscribe: mail providers POST "List-Unsubscribe=One-Click" to the link
        // without cookies or antiforgery; the token (address and kind, protected) is the authorization.
        // A person's GET of the same link is the page Unsubscribe.razor; Razor pages also take POSTs (their
        // forms), so this endpoint is ordered first: a POST here is always the unsubscribe, never the page.
        app.MapPost(UnsubscribeLinks.PathPrefix + "{token}", UnsubscribeAsync)
            .WithOrder(-1)
            .WithTags("Notifications").WithName("UnsubscribeByLink").AllowAnonymous().DisableAntiforgery()
            .RequireRateLimiting(Hardening.EdgePolicies.PublicForms)
            .WithSummary("One-click unsubscribe (RFC 8058) from the kind of e-mail the link was sent with.");
        return app;
    }

    private static async Task<IResult> UnsubscribeAsync(string token, UnsubscribeLinks links, Hosting.Notifications.NotificationStore store, HttpContext http)
    {
        if (!links.TryRead(token, out var address, out var kind) || NotificationKinds.Find(kind) is not { Unsubscribable: true })
        {
            return TypedResults.NotFound(new Network.ApiResults.ProblemDetailsBody("Not found", "This unsubscribe link is not valid."));
        }

        await store.SuppressAsync(address, kind, http.RequestAborted);
        return http.Request.HasFormContentType && http.Request.Form.ContainsKey("return")
            ? TypedResults.Redirect($"/mail/unsubscribed?kind={Uri.EscapeDataString(kind)}", permanent: false, preserveMethod: false)
            : TypedResults.Ok(new { unsubscribed = true, kind });
    }
}
