using ConnectedCalifornia.Initiatives;
using ConnectedCalifornia.Web.Authorization;
using ConnectedCalifornia.Web.Network;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConnectedCalifornia.Web.Initiatives;

public static class InitiativesApi
{
    public sealed record ProgressRequest(long Amount);

    public sealed record GoalRequest(string Title, long Target, string Unit);

    public static IEndpointRouteBuilder MapInitiativesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/initiatives").WithTags("Initiatives");
        api.MapGet("/", async (InitiativeService service) => TypedResults.Ok(await service.ListAsync()))
            .WithName("ListInitiatives").AllowAnonymous();
        api.MapGet("/{initiativeId}", GetAsync).WithName("GetInitiative").AllowAnonymous();
        api.MapPut("/{initiativeId}/goals/{goalId}", SetGoalAsync).WithName("SetInitiativeGoal").RequireNetwork(NetworkAction.ManageInitiative);
        api.MapPost("/{initiativeId}/goals/{goalId}/progress", RecordProgressAsync).WithName("RecordInitiativeProgress").RequireNetwork(NetworkAction.RecordInitiativeProgress);
        return app;
    }

    private static async Task<Results<Ok<InitiativeDetails>, NotFound>> GetAsync(InitiativeService service, string initiativeId) =>
        await service.GetAsync(initiativeId) is { } details ? TypedResults.Ok(details) : TypedResults.NotFound();

    private static async Task<IResult> SetGoalAsync(InitiativeService service, HttpContext http, string initiativeId, string goalId, GoalRequest request) =>
        ApiResults.From(await service.SetGoalAsync(http.User, initiativeId, new InitiativeGoal(goalId, request.Title ?? string.Empty, request.Target, 0, request.Unit ?? string.Empty)));

    private static async Task<IResult> RecordProgressAsync(InitiativeService service, HttpContext http, string initiativeId, string goalId, ProgressRequest request) =>
        ApiResults.From(await service.RecordProgressAsync(http.User, initiativeId, goalId, request.Amount));
}
