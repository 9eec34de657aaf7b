using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Web.Authorization;
using ConnectedCalifornia.Web.Hardening;
using ConnectedCalifornia.Web.Network;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConnectedCalifornia.Web.Directory;

/// <summary>Joining the network: applications, claims of listings, curators' decisions and re-verification.</summary>
public static class JoiningApi
{
    public sealed record ApplicationRequest(string? OrganizationId, OrganizationProfile Profile, string? Note);

    /// <summary>An application made without an account: the organization, and who applies (name and e-mail address).</summary>
    public sealed record PublicApplicationRequest(OrganizationProfile Profile, string? Note, string? ApplicantName, string? ApplicantEmail);

    public sealed record ResubmitRequest(OrganizationProfile? Profile, string? Note);

    public sealed record ClaimRequest(string? Note);

    public sealed record DecisionRequest(JoinDecision Decision, string? Reason);

    public sealed record Submitted(string Id, long Version);

    public static IEndpointRouteBuilder MapJoiningApi(this IEndpointRouteBuilder app)
    {
        var applications = app.MapGroup("/api/applications").WithTags("Joining");
        applications.MapPost("/", ApplyAsync).WithName("ApplyToJoin").RequireNetwork(NetworkAction.SubmitJoinRequest).RequireRateLimiting(EdgePolicies.PublicForms)
            .WithSummary("Applies to join with a new organization; curators review it.");
        applications.MapPost("/public", ApplyWithoutAccountAsync).WithName("ApplyToJoinWithoutAccount").AllowAnonymous().RequireRateLimiting(EdgePolicies.PublicForms)
            .WithSummary("Applies to join without an account; the applicant confirms their e-mail address from the message sent to it, then curators review it.");
        applications.MapGet("/public/{token}", GetByLinkAsync).WithName("GetJoinRequestByLink").AllowAnonymous()
            .WithSummary("An application made without an account, by the private link sent to its applicant.");
        applications.MapPost("/public/{token}/confirmation", ConfirmByLinkAsync).WithName("ConfirmJoinRequestEmail").AllowAnonymous().RequireRateLimiting(EdgePolicies.PublicForms)
            .WithSummary("The applicant confirms their e-mail address: the application goes to the curators.");
        applications.MapPut("/public/{token}", ResubmitByLinkAsync).WithName("ResubmitJoinRequestByLink").AllowAnonymous().RequireRateLimiting(EdgePolicies.PublicForms)
            .WithSummary("The applicant without an account submits again after curators asked for changes.");
        applications.MapPost("/public/{token}/withdrawal", WithdrawByLinkAsync).WithName("WithdrawJoinRequestByLink").AllowAnonymous().RequireRateLimiting(EdgePolicies.PublicForms)
            .WithSummary("The applicant without an account withdraws the undecided application; the link then only shows it.");
        applications.MapGet("/mine", MineAsync).WithName("ListMyJoinRequests").RequireNetwork(NetworkAction.SubmitJoinRequest)
            .WithSummary("The caller's applications and claims with their status and the curators' reasons.");
        applications.MapGet("/{requestId}", GetAsync).WithName("GetJoinRequest").RequireNetwork(NetworkAction.SubmitJoinRequest)
            .WithSummary("One application or claim: for its applicant and curators.");
        applications.MapPut("/{requestId}", ResubmitAsync).WithName("ResubmitJoinRequest").RequireNetwork(NetworkAction.SubmitJoinRequest)
            .WithSummary("The applicant submits again after curators asked for changes.");

        app.MapPost("/api/organizations/{organizationId}/claims", ClaimAsync).WithTags("Joining").WithName("ClaimOrganization").RequireRateLimiting(EdgePolicies.PublicForms)
            .RequireNetwork(NetworkAction.ClaimOrganization).WithSummary("Claims a listing that has no admin; curators review it.");
        app.MapPost("/api/organizations/{organizationId}/reverification-request", RequestReverificationAsync).WithTags("Joining")
            .WithName("RequestReverification").RequireNetwork(NetworkAction.RequestReverification)
            .WithSummary("An admin says the listing due for re-verification is still correct.");

        var curation = app.MapGroup("/api/curation").WithTags("Joining");
        curation.MapGet("/applications", OpenAsync).WithName("ListOpenJoinRequests").RequireNetwork(NetworkAction.ReviewJoinRequests)
            .WithSummary("Open applications and claims, oldest first.");
        curation.MapPost("/applications/{requestId}/decision", DecideAsync).WithName("DecideJoinRequest").RequireNetwork(NetworkAction.ReviewJoinRequests)
            .WithSummary("Approve, ask for changes (reason required) or reject (reason required).");
        curation.MapGet("/reverification", StaleAsync).WithName("ListStaleListings").RequireNetwork(NetworkAction.ReverifyListings)
            .WithSummary("Verified listings whose last verification is older than the re-verification interval.");
        curation.MapPost("/reverification/{organizationId}", ReverifyAsync).WithName("ReverifyListing").RequireNetwork(NetworkAction.ReverifyListings)
            .WithSummary("Verifies the listing again today.");
        return app;
    }

    private static async Task<IResult> ApplyAsync(JoiningService service, HttpContext http, ApplicationRequest request)
    {
        if (request.Profile is null)
        {
            return ApiResults.Invalid("profile", "A profile is required.");
        }

        var submitted = await service.ApplyAsync(http.User, request.OrganizationId, request.Profile, request.Note);
        return Answer(submitted);
    }

    private static async Task<IResult> ApplyWithoutAccountAsync(JoiningService service, PublicApplicationRequest request)
    {
        if (request.Profile is null)
        {
            return ApiResults.Invalid("profile", "A profile is required.");
        }

        // Accepted, with nothing that says whether the address has an account: the message sent to it says what comes next.
        var submitted = await service.ApplyWithoutAccountAsync(request.Profile, request.Note, request.ApplicantName, request.ApplicantEmail);
        return submitted.Result.Succeeded ? TypedResults.Accepted((string?)null, new Submitted(submitted.Id, submitted.Result.Version)) : ApiResults.From(submitted.Result);
    }

    private static async Task<Results<Ok<JoinRequestDetails>, NotFound>> GetByLinkAsync(JoiningService service, string token) =>
        await service.GetByLinkAsync(token) is { } details ? TypedResults.Ok(details) : TypedResults.NotFound();

    private static async Task<IResult> ConfirmByLinkAsync(JoiningService service, string token) =>
        ApiResults.From(await service.ConfirmByLinkAsync(token));

    private static async Task<IResult> WithdrawByLinkAsync(JoiningService service, string token) =>
        ApiResults.From(await service.WithdrawByLinkAsync(token));

    private static async Task<IResult> ResubmitByLinkAsync(JoiningService service, string token, ResubmitRequest request) =>
        ApiResults.From(await service.ResubmitByLinkAsync(token, request.Profile, request.Note));

    private static async Task<IResult> ClaimAsync(JoiningService service, HttpContext http, string organizationId, ClaimRequest? request) =>
        Answer(await service.ClaimAsync(http.User, organizationId, request?.Note));

    private static async Task<IResult> MineAsync(JoiningService service, HttpContext http) =>
        TypedResults.Ok(await service.MineAsync(http.User));

    private static async Task<Results<Ok<JoinRequestDetails>, NotFound>> GetAsync(JoiningService service, HttpContext http, string requestId) =>
        await service.GetAsync(http.User, requestId) is { } details ? TypedResults.Ok(details) : TypedResults.NotFound();

    private static async Task<IResult> ResubmitAsync(JoiningService service, HttpContext http, string requestId, ResubmitRequest request) =>
        ApiResults.From(await service.ResubmitAsync(http.User, requestId, request.Profile, request.Note));

    private static async Task<IResult> OpenAsync(JoiningService service, HttpContext http) =>
        TypedResults.Ok(await service.OpenAsync(http.User));

    private static async Task<IResult> DecideAsync(JoiningService service, HttpContext http, string requestId, DecisionRequest request) =>
        Enum.IsDefined(request.Decision)
            ? ApiResults.From(await service.DecideAsync(http.User, requestId, request.Decision, request.Reason))
            : ApiResults.Invalid("decision", "Decision must be Approve, RequestChanges or Reject.");

    private static async Task<IResult> StaleAsync(JoiningService service, HttpContext http) =>
        TypedResults.Ok(await service.StaleAsync(http.User));

    private static async Task<IResult> ReverifyAsync(JoiningService service, HttpContext http, string organizationId) =>
        ApiResults.From(await service.ReverifyAsync(http.User, organizationId));

    private static async Task<IResult> RequestReverificationAsync(JoiningService service, HttpContext http, string organizationId) =>
        ApiResults.From(await service.RequestReverificationAsync(http.User, organizationId));

    private static IResult Answer(SubmittedJoinRequest submitted) =>
        submitted.Result.Succeeded
            ? TypedResults.Ok(new Submitted(submitted.Id, submitted.Result.Version))
            : ApiResults.From(submitted.Result);
}
