using System.Collections.Immutable;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Web.Authorization;
using ConnectedCalifornia.Web.Network;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConnectedCalifornia.Web.Directory.Curation;

/// <summary>Change requests of verified listings over HTTP: the curators' queue, one request, decisions.</summary>
public static class CurationApi
{
    public sealed record DecisionRequest(string Field, bool Accept, string? Reason);

    public sealed record DecisionsRequest(long Revision, ImmutableArray<DecisionRequest> Decisions);

    public static IEndpointRouteBuilder MapCurationApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/curation/change-requests", QueueAsync).WithName("ListChangeRequests").WithTags("Curation")
            .RequireNetwork(NetworkAction.ReviewChanges)
            .WithSummary("Organizations whose verified listing has changes waiting for a curator, the most recently changed first.");

        var organization = app.MapGroup("/api/organizations/{organizationId}/change-request").WithTags("Curation");
        organization.MapGet("/", GetAsync).WithName("GetChangeRequest").RequireNetwork(NetworkAction.EditOrganization)
            .WithSummary("The organization's open change request (per field: before, after, removed and added items) and its newest decisions.");
        organization.MapPost("/decisions", DecideAsync).WithName("DecideChangeRequest").RequireNetwork(NetworkAction.ReviewChanges)
            .WithSummary("Accepts or rejects fields of the request of the given revision; a rejection needs a reason. All or nothing.");
        return app;
    }

    private static async Task<Results<Ok<Page<CurationQueueItem>>, ValidationProblem, ForbidHttpResult>> QueueAsync(
        CurationService service, HttpContext http, int page = 1, int pageSize = 20)
    {
        if (ApiResults.CheckPaging(page, pageSize, CurationService.MaxPageSize) is { } invalid)
        {
            return invalid;
        }

        return await service.QueueAsync(http.User, page, pageSize) is { } result ? TypedResults.Ok(result) : TypedResults.Forbid();
    }

    private static async Task<Results<Ok<ChangeReviewView>, NotFound>> GetAsync(CurationService service, HttpContext http, string organizationId) =>
        await service.ReviewAsync(http.User, organizationId) is { } review ? TypedResults.Ok(review) : TypedResults.NotFound();

    private static async Task<IResult> DecideAsync(CurationService service, HttpContext http, string organizationId, DecisionsRequest request)
    {
        var decisions = OrganizationViewMapping.Safe(request.Decisions);
        if (decisions.IsEmpty)
        {
            return ApiResults.Invalid("decisions", "Decide at least one field: { \"field\": \"name\", \"accept\": true }.");
        }

        if (decisions.Length > VerifiedFields.All.Length)
        {
            return ApiResults.Invalid("decisions", $"A request has at most {VerifiedFields.All.Length} fields to decide.");
        }

        var result = await service.DecideAsync(
            http.User, organizationId, request.Revision, [.. decisions.Select(d => d is null ? null! : new ChangeDecision(d.Field ?? string.Empty, d.Accept, d.Reason))]);
        return ApiResults.From(result);
    }
}
