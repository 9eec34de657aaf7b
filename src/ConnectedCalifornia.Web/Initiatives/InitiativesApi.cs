using System.Collections.Immutable;
using ConnectedCalifornia.Initiatives;
using ConnectedCalifornia.Web.Authorization;
using ConnectedCalifornia.Web.Network;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConnectedCalifornia.Web.Initiatives;

public static class InitiativesApi
{
    /// <summary>Progress to record: <c>amount</c> (raw, e.g. signatures collected) and <c>verified</c> (validated), optionally for an organization and a county.</summary>
    public sealed record ProgressRequest(long Amount, long Verified = 0, string? OrganizationId = null, string? County = null);

    /// <summary>A goal: title, unit, target; <c>measure</c> Count (default) or Money (dollars); an optional deadline; whether it counts verified numbers.</summary>
    public sealed record GoalRequest(string Title, long Target, string Unit, GoalMeasure Measure = GoalMeasure.Count, DateOnly? Deadline = null, bool TracksVerified = false);

    public sealed record ProfileRequest(string? Name, string? Description, ImmutableArray<string> Counties, string? HowToHelp);

    public sealed record InitiativeCreated(string Id, long Version);

    public sealed record MembershipRequest(bool Join);

    public sealed record DecisionRequest(bool Approve);

    public static IEndpointRouteBuilder MapInitiativesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/initiatives").WithTags("Initiatives");
        api.MapGet("/", async (InitiativeService service) => TypedResults.Ok(await service.ListAsync()))
            .WithName("ListInitiatives").AllowAnonymous();
        api.MapGet("/{initiativeId}", GetAsync).WithName("GetInitiative").AllowAnonymous();
        api.MapPost("/", CreateAsync).WithName("CreateInitiative").Produces<InitiativeCreated>(StatusCodes.Status201Created).RequireNetwork(NetworkAction.CreateInitiative)
            .WithSummary("Curators create an initiative: { name, description, counties, howToHelp }; its id is made from the name.");
        api.MapPut("/{initiativeId}", UpdateProfileAsync).WithName("UpdateInitiative").RequireNetwork(NetworkAction.ManageInitiative)
            .WithSummary("Curators and admins of participating organizations edit the profile: { name, description, counties, howToHelp }.");
        api.MapPut("/{initiativeId}/goals/{goalId}", SetGoalAsync).WithName("SetInitiativeGoal").RequireNetwork(NetworkAction.ManageInitiative);
        api.MapPost("/{initiativeId}/goals/{goalId}/progress", RecordProgressAsync).WithName("RecordInitiativeProgress").RequireNetwork(NetworkAction.RecordInitiativeProgress)
            .WithSummary("Records progress: { amount, verified, organizationId, county } (negative amounts correct; an organization only by its members).");
        api.MapPut("/{initiativeId}/requests/{organizationId}", DecideAsync).WithName("DecideInitiativeRequest").RequireNetwork(NetworkAction.DecideInitiativeRequests)
            .WithSummary("Curators approve ({ \"approve\": true }) or decline an organization's request to join or leave.");
        app.MapPut("/api/organizations/{organizationId}/initiatives/{initiativeId}", RequestAsync).WithTags("Initiatives").WithName("RequestInitiativeMembership")
            .RequireNetwork(NetworkAction.RequestInitiativeMembership)
            .WithSummary("An organization's admins ask to join ({ \"join\": true }) or leave ({ \"join\": false }) an initiative; a curator decides.");
        return app;
    }

    private static async Task<Results<Ok<InitiativeDetails>, NotFound>> GetAsync(InitiativeService service, string initiativeId) =>
        await service.GetAsync(initiativeId) is { } details ? TypedResults.Ok(details) : TypedResults.NotFound();

    private static async Task<IResult> CreateAsync(InitiativeService service, HttpContext http, ProfileRequest request)
    {
        var (result, id) = await service.CreateAsync(http.User, new InitiativeForm(request.Name, request.Description, request.Counties, request.HowToHelp));
        return result.Succeeded ? TypedResults.Created($"/api/initiatives/{id}", new InitiativeCreated(id!, result.Version)) : ApiResults.From(result);
    }

    private static async Task<IResult> UpdateProfileAsync(InitiativeService service, HttpContext http, string initiativeId, ProfileRequest request) =>
        ApiResults.From(await service.UpdateProfileAsync(http.User, initiativeId, new InitiativeForm(request.Name, request.Description, request.Counties, request.HowToHelp)));

    private static async Task<IResult> SetGoalAsync(InitiativeService service, HttpContext http, string initiativeId, string goalId, GoalRequest request) =>
        Enum.IsDefined(request.Measure)
            ? ApiResults.From(await service.SetGoalAsync(http.User, initiativeId, new InitiativeGoal(goalId, request.Title ?? string.Empty, request.Target, 0, request.Unit ?? string.Empty)
            {
                Measure = request.Measure,
                Deadline = request.Deadline,
                TracksVerified = request.TracksVerified,
            }))
            : ApiResults.Invalid("measure", "Measure must be Count or Money.");

    private static async Task<IResult> RecordProgressAsync(InitiativeService service, HttpContext http, string initiativeId, string goalId, ProgressRequest request) =>
        ApiResults.From(await service.RecordAsync(http.User, initiativeId, new GoalContribution(goalId, request.Amount, request.Verified, request.OrganizationId, request.County)));

    private static async Task<IResult> RequestAsync(InitiativeService service, HttpContext http, string organizationId, string initiativeId, MembershipRequest request) =>
        ApiResults.From(await service.RequestMembershipAsync(http.User, organizationId, initiativeId, request.Join));

    private static async Task<IResult> DecideAsync(InitiativeService service, HttpContext http, string initiativeId, string organizationId, DecisionRequest request) =>
        ApiResults.From(await service.DecideRequestAsync(http.User, initiativeId, organizationId, request.Approve));
}
