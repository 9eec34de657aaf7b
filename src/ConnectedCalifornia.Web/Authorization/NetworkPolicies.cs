using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;

namespace ConnectedCalifornia.Web.Authorization;

/// <summary>Asks the <see cref="NetworkAuthorizer"/> whether the person may take one action.</summary>
public sealed record NetworkRequirement(NetworkAction Action) : IAuthorizationRequirement;

/// <summary>
/// Turns each <see cref="NetworkAction"/> into an ASP.NET Core policy, so pages ([Authorize(Policy)])
/// and endpoints (RequireAuthorization) share the authorizer. The resource id comes from the
/// route value the action names (e.g. {organizationId}), on the HTTP request or in Blazor's route data.
/// </summary>
public sealed class NetworkRequirementHandler(NetworkAuthorizer authorizer) : AuthorizationHandler<NetworkRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, NetworkRequirement requirement)
    {
        var key = requirement.Action.RouteKey();
        string? resourceId = null;
        if (key is not null)
        {
            resourceId = context.Resource switch
            {
                HttpContext http => http.GetRouteValue(key)?.ToString(),
                Microsoft.AspNetCore.Components.RouteData route => route.RouteValues.TryGetValue(key, out var v) ? v?.ToString() : null,
                _ => null,
            };
            if (resourceId is null)
            {
                return;
            }
        }

        if (await authorizer.IsAllowedAsync(context.User, requirement.Action, resourceId))
        {
            context.Succeed(requirement);
        }
    }
}

public static class NetworkPolicyExtensions
{
    public static IServiceCollection AddNetworkAuthorization(this IServiceCollection services)
    {
        services.AddScoped<NetworkAuthorizer>();
        services.AddScoped<IAuthorizationHandler, NetworkRequirementHandler>();
        var builder = services.AddAuthorizationBuilder();
        foreach (var action in Enum.GetValues<NetworkAction>())
        {
            builder.AddPolicy(action.Policy(), p => p.RequireAuthenticatedUser().AddRequirements(new NetworkRequirement(action)));
        }

        return services;
    }

    /// <summary>Requires the action on an endpoint or group.</summary>
    public static TBuilder RequireNetwork<TBuilder>(this TBuilder builder, NetworkAction action)
        where TBuilder : IEndpointConventionBuilder => builder.RequireAuthorization(action.Policy());
}
