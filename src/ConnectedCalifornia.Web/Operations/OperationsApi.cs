using System.Collections.Immutable;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Operations;
using ConnectedCalifornia.TaskForces;
using ConnectedCalifornia.Web.Authorization;
using ConnectedCalifornia.Web.Network;
using ConnectedCalifornia.Web.TaskForces;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConnectedCalifornia.Web.Operations;

/// <summary>
/// The operations API under <c>/api/operations</c> (and planning under a task force). Reads and
/// commands are authorized per operation (<c>{operationId}</c>) by the one authorizer; a person
/// outside the operation gets 403 whether or not it exists.
/// </summary>
public static class OperationsApi
{
    public sealed record StatusRequest(OperationStatus Status);

    public sealed record ParticipantRequest(TaskForceOrganizationRole Role);

    public sealed record AssignmentRequest(string? OrganizationId, string? Task, string? Owner, DateTimeOffset? Due, WorkStatus Status);

    public sealed record AnswerRequest(StandbyResponse Response, int Advocates, string? Note);

    public sealed record HoldRequest(string? SiteId, string? Category, string? HolderOrganizationId);

    public sealed record TimelineRequest(string? OrganizationId, string? Text);

    public sealed record ReferralRequest(string? ReferralId);

    public sealed record ReviewItemRequest(string? Text, string? Owner, DateTimeOffset? Due, WorkStatus Status, string? OrganizationId = null);

    public sealed record OutcomeRequest(int PeopleAssisted, Dictionary<string, int>? ServicesUsed);

    public sealed record CountiesRequest(string[]? Counties);

    public sealed record Created(string Id, long Version);

    public sealed record HoldPlaced(string HoldId, long Version);

    /// <summary>Maps the operations endpoints; called once from <c>NetworkWebExtensions</c>.</summary>
    public static IEndpointRouteBuilder MapOperationsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/task-forces/{taskForceId}/operations", CreateAsync).WithTags("Operations").WithName("CreateOperation").RequireNetwork(NetworkAction.CreateOperation)
            .WithSummary("Plans an operation of the task force: title, type, start, end, counties, generalArea, exactLocation, shareLocation, leadAgencyId.");

        app.MapPut("/api/task-forces/{taskForceId}/counties", SetCountiesAsync).WithTags("Task forces").WithName("SetTaskForceCounties").RequireNetwork(NetworkAction.SetTaskForceCounties)
            .WithSummary("Curators: the counties the task force plans operations in, { \"counties\": [\"06019\", ...] } (FIPS codes).");

        var api = app.MapGroup("/api/operations").WithTags("Operations");
        api.MapGet("/", async (OperationService service, HttpContext http) => TypedResults.Ok(await service.ListAsync(http.User)))
            .WithName("ListOperations").RequireNetwork(NetworkAction.SignedIn).WithSummary("The operations the caller takes part in or leads (as a task-force lead).");
        api.MapGet("/{operationId}", GetAsync).WithName("GetOperation").RequireNetwork(NetworkAction.ViewOperation);
        api.MapGet("/{operationId}/summary", SummaryAsync).WithName("GetOperationSummary").RequireNetwork(NetworkAction.ViewOperation)
            .WithSummary("The after-action summary; counts of 1–4 are suppressed (value null, shown as 'fewer than 5').");
        api.MapGet("/{operationId}/history", HistoryAsync).WithName("GetOperationHistory").RequireNetwork(NetworkAction.ManageOperation);
        api.MapPut("/{operationId}/plan", UpdatePlanAsync).WithName("UpdateOperationPlan").RequireNetwork(NetworkAction.ManageOperation);
        api.MapPut("/{operationId}/status", SetStatusAsync).WithName("SetOperationStatus").RequireNetwork(NetworkAction.ManageOperation)
            .WithSummary("Moves the status one step: Planning → Active → Debrief → Closed; closing releases the beds held for the operation.");
        api.MapPut("/{operationId}/participants/{organizationId}", SetParticipantAsync).WithName("SetOperationParticipant").RequireNetwork(NetworkAction.ManageOperation);
        api.MapDelete("/{operationId}/participants/{organizationId}", RemoveParticipantAsync).WithName("RemoveOperationParticipant").RequireNetwork(NetworkAction.ManageOperation);
        api.MapPut("/{operationId}/assignments/{assignmentId}", SetAssignmentAsync).WithName("SetOperationAssignment").RequireNetwork(NetworkAction.ManageOperation);
        api.MapPost("/{operationId}/standby", SendStandbyAsync).WithName("SendOperationStandby").RequireNetwork(NetworkAction.ManageOperation)
            .WithSummary("Sends a standby request to victim-service organizations: organizationIds, expectedPeople, ages, languages, safetyRisks, housingNeeds.");
        api.MapPut("/{operationId}/standby/{requestId}/answers/{organizationId}", AnswerStandbyAsync).WithName("AnswerOperationStandby").RequireNetwork(NetworkAction.ViewOperation)
            .WithSummary("One organization's answer (members of that organization): response Yes/Partial/No, advocates, note.");
        api.MapPost("/{operationId}/holds", PlaceHoldAsync).WithName("PlaceOperationHold").RequireNetwork(NetworkAction.ViewOperation)
            .WithSummary("Holds a bed of a site for the operation until its end: siteId, category, holderOrganizationId (a participant).");
        api.MapPost("/{operationId}/timeline", PostTimelineAsync).WithName("PostOperationTimeline").RequireNetwork(NetworkAction.ViewOperation)
            .WithSummary("A short timeline entry (no survivor names) for a participating organization of the caller; active operations only.");
        api.MapPost("/{operationId}/referrals", LinkReferralAsync).WithName("LinkOperationReferral").RequireNetwork(NetworkAction.ViewOperation);
        api.MapPut("/{operationId}/review/{itemId}", SetReviewItemAsync).WithName("SetOperationReviewItem").RequireNetwork(NetworkAction.ManageOperation);
        api.MapPut("/{operationId}/outcome", RecordOutcomeAsync).WithName("RecordOperationOutcome").RequireNetwork(NetworkAction.ManageOperation);
        return app;
    }

    private static async Task<IResult> CreateAsync(OperationService service, HttpContext http, string taskForceId, OperationPlanRequest request)
    {
        if (!Enum.IsDefined(request.Type))
        {
            return ApiResults.Invalid("type", "Type must be Enforcement, Outreach, LaborInspection, Training or Other.");
        }

        var (result, id) = await service.CreateAsync(http.User, taskForceId, request);
        return result.Succeeded ? TypedResults.Ok(new Created(id!, result.Version)) : ApiResults.From(result);
    }

    private static async Task<IResult> SetCountiesAsync(OperationService service, HttpContext http, string taskForceId, CountiesRequest request) =>
        ApiResults.From(await service.SetTaskForceCountiesAsync(http.User, taskForceId, [.. request.Counties ?? []]));

    private static async Task<Results<Ok<OperationView>, NotFound>> GetAsync(OperationService service, HttpContext http, string operationId) =>
        await service.GetAsync(http.User, operationId) is { } view ? TypedResults.Ok(view) : TypedResults.NotFound();

    private static async Task<Results<Ok<OperationSummaryView>, NotFound>> SummaryAsync(OperationService service, HttpContext http, string operationId) =>
        await service.GetSummaryAsync(http.User, operationId) is { } summary ? TypedResults.Ok(summary) : TypedResults.NotFound();

    private static async Task<Results<Ok<ImmutableArray<ChangeRecord>>, NotFound>> HistoryAsync(OperationService service, HttpContext http, string operationId, int? max) =>
        await service.GetHistoryAsync(http.User, operationId, max ?? 50) is { } history ? TypedResults.Ok(history) : TypedResults.NotFound();

    private static async Task<IResult> UpdatePlanAsync(OperationService service, HttpContext http, string operationId, OperationPlanRequest request) =>
        Enum.IsDefined(request.Type)
            ? ApiResults.From(await service.UpdatePlanAsync(http.User, operationId, request))
            : ApiResults.Invalid("type", "Type must be Enforcement, Outreach, LaborInspection, Training or Other.");

    private static async Task<IResult> SetStatusAsync(OperationService service, HttpContext http, string operationId, StatusRequest request) =>
        ApiResults.From(await service.SetStatusAsync(http.User, operationId, request.Status));

    private static async Task<IResult> SetParticipantAsync(OperationService service, HttpContext http, string operationId, string organizationId, ParticipantRequest request) =>
        ApiResults.From(await service.SetParticipantAsync(http.User, operationId, new OperationParticipant(organizationId, request.Role)));

    private static async Task<IResult> RemoveParticipantAsync(OperationService service, HttpContext http, string operationId, string organizationId) =>
        ApiResults.From(await service.RemoveParticipantAsync(http.User, operationId, organizationId));

    private static async Task<IResult> SetAssignmentAsync(OperationService service, HttpContext http, string operationId, string assignmentId, AssignmentRequest request) =>
        ApiResults.From(await service.SetAssignmentAsync(http.User, operationId, new OperationAssignment(
            assignmentId, request.OrganizationId ?? string.Empty, request.Task ?? string.Empty, request.Owner ?? string.Empty, request.Due, request.Status)));

    private static async Task<IResult> SendStandbyAsync(OperationService service, HttpContext http, string operationId, StandbyRequestBody request) =>
        ApiResults.From(await service.SendStandbyAsync(http.User, operationId, request));

    private static async Task<IResult> AnswerStandbyAsync(OperationService service, HttpContext http, string operationId, string requestId, string organizationId, AnswerRequest request) =>
        ApiResults.From(await service.AnswerStandbyAsync(http.User, operationId, requestId, organizationId, new StandbyAnswer(request.Response, request.Advocates, request.Note ?? string.Empty)));

    private static async Task<IResult> PlaceHoldAsync(OperationService service, HttpContext http, string operationId, HoldRequest request)
    {
        if (request.SiteId is null || request.Category is null || request.HolderOrganizationId is null)
        {
            return ApiResults.Invalid("siteId", "Name the site, the category and the participating organization the bed is held for.");
        }

        var outcome = await service.PlaceHoldAsync(http.User, operationId, request.SiteId, request.Category, request.HolderOrganizationId);
        return outcome.Result.Succeeded ? TypedResults.Ok(new HoldPlaced(outcome.HoldId!, outcome.Result.Version)) : ApiResults.From(outcome.Result);
    }

    private static async Task<IResult> PostTimelineAsync(OperationService service, HttpContext http, string operationId, TimelineRequest request) =>
        ApiResults.From(await service.PostTimelineAsync(http.User, operationId, request.OrganizationId ?? string.Empty, request.Text ?? string.Empty));

    private static async Task<IResult> LinkReferralAsync(OperationService service, HttpContext http, string operationId, ReferralRequest request) =>
        ApiResults.From(await service.LinkReferralAsync(http.User, operationId, request.ReferralId ?? string.Empty));

    private static async Task<IResult> SetReviewItemAsync(OperationService service, HttpContext http, string operationId, string itemId, ReviewItemRequest request) =>
        ApiResults.From(await service.SetReviewItemAsync(http.User, operationId, new ReviewItem(itemId, request.Text ?? string.Empty, request.Owner ?? string.Empty, request.Due, request.Status, request.OrganizationId)));

    private static async Task<IResult> RecordOutcomeAsync(OperationService service, HttpContext http, string operationId, OutcomeRequest request) =>
        ApiResults.From(await service.RecordOutcomeAsync(http.User, operationId, new OperationOutcome(
            request.PeopleAssisted, (request.ServicesUsed ?? []).ToImmutableDictionary())));
}

/// <summary>Registers and maps the operations feature: one line each in <c>NetworkWebExtensions</c>.</summary>
public static class OperationsWebExtensions
{
    /// <summary>The operations service, and the task-force invitations that came with this feature.</summary>
    public static IServiceCollection AddOperations(this IServiceCollection services) =>
        services.AddScoped<OperationService>().AddScoped<TaskForces.TaskForceInvitationService>();

    public static IEndpointRouteBuilder MapOperations(this IEndpointRouteBuilder app) =>
        app.MapOperationsApi().MapTaskForceInvitationsApi();
}
