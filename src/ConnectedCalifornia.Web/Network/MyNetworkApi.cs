using ConnectedCalifornia.Web.Authorization;

namespace ConnectedCalifornia.Web.Network;

public static class MyNetworkApi
{
    public static IEndpointRouteBuilder MapMyNetworkApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/me/network", async (MyNetworkService service, HttpContext http) => TypedResults.Ok(await service.GetAsync(http.User)))
            .WithTags("My network").WithName("GetMyNetwork").RequireNetwork(NetworkAction.SignedIn)
            .WithSummary("The organizations, task forces and initiatives the signed-in person belongs to, with recent changes.");
        return app;
    }
}
