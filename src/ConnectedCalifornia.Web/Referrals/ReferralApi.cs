using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Referrals;
using ConnectedCalifornia.Web.Authorization;
using ConnectedCalifornia.Web.Network;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConnectedCalifornia.Web.Referrals;

/// <summary>
/// The referrals API: an organization's inbox, outbox, capacity check and sending under
/// <c>/api/organizations/{organizationId}/referrals</c>; one referral's record, steps, consent,
/// notes and audit under <c>/api/referrals/{referralId}</c>. Bodies are read by hand (at most 16 KB)
/// so that malformed JSON, an unknown enum value or a wrong type is a ValidationProblem and nothing
/// changes; a person who may not act gets 403 before the body is looked at.
/// </summary>
public static class ReferralApi
{
    private const int MaxBodyBytes = 16 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(allowIntegerValues: false) },
    };

    public static IEndpointRouteBuilder MapReferralsApi(this IEndpointRouteBuilder app)
    {
        var boxes = app.MapGroup("/api/organizations/{organizationId}/referrals").WithTags("Referrals");
        boxes.MapGet("/", ListAsync).WithName("ListReferrals").RequireNetwork(NetworkAction.ViewReferrals)
            .WithSummary("The organization's inbox (?box=inbox, default) or outbox (?box=outbox): summaries without any person's details.");
        boxes.MapPost("/", SendAsync).WithName("SendReferral").Accepts<SendReferralRequest>("application/json").Produces<Sent>(StatusCodes.Status201Created).RequireNetwork(NetworkAction.SendReferral)
            .WithSummary("Sends a referral without a name: { toOrganizationId, services[], ageBracket, gender?, language, county, needs?, urgency, safetyNotes?, holdCategory?, operationId? (a task-force operation the sender takes part in: the referral is linked to it) }.");
        boxes.MapGet("/capacity/{toOrganizationId}", CapacityAsync).WithName("CheckReferralCapacity").RequireNetwork(NetworkAction.SendReferral)
            .WithSummary("Whether the receiver has capacity per category now: Yes, Waitlist or No, from the live bed board.");

        var referrals = app.MapGroup("/api/referrals").WithTags("Referrals");
        referrals.MapGet("/statistics", StatisticsAsync).WithName("GetReferralStatistics").RequireNetwork(NetworkAction.ViewReferralStatistics)
            .WithSummary("Counts by county, service and outcome and the median time to answer; counts of 1–4 are null (suppressed).");
        referrals.MapGet("/{referralId}", GetAsync).WithName("GetReferral").RequireNetwork(NetworkAction.ViewReferral)
            .WithSummary("The referral as the caller's side may see it; the read is audited.");
        referrals.MapPost("/{referralId}/transitions", TransitionAsync).WithName("TransitionReferral").Accepts<TransitionBody>("application/json").RequireNetwork(NetworkAction.ActOnReferral)
            .WithSummary("A step: { to: Accepted | Declined | InProgress | Completed | Closed | Withdrawn, reason?, text?, outcome? }.");
        referrals.MapPut("/{referralId}/consent", RecordConsentAsync).WithName("RecordReferralConsent").Accepts<ConsentBody>("application/json").RequireNetwork(NetworkAction.ActOnReferral)
            .WithSummary("The sender records written consent: { recipientOrganizationId, purpose, expiresAt, writtenConsentConfirmed: true, name?, contact? }.");
        referrals.MapDelete("/{referralId}/consent", RevokeConsentAsync).WithName("RevokeReferralConsent").RequireNetwork(NetworkAction.ActOnReferral)
            .WithSummary("Consent withdrawn: the identifying details are deleted at once.");
        referrals.MapPost("/{referralId}/notes", AddNoteAsync).WithName("AddReferralNote").Accepts<NoteBody>("application/json").RequireNetwork(NetworkAction.ActOnReferral)
            .WithSummary("A secure note for the two organizations: { text }.");
        referrals.MapGet("/{referralId}/audit", AuditAsync).WithName("GetReferralAudit").RequireNetwork(NetworkAction.ViewReferralAudit)
            .WithSummary("The audit log with the verification of its hash chain.");
        return app;
    }

    public sealed record Sent(string Id, string Code, long Version);

    private sealed record TransitionBody(ReferralStatus? To, DeclineReason? Reason, string? Text, ReferralOutcome? Outcome);

    private sealed record ConsentBody(string? RecipientOrganizationId, string? Purpose, DateTimeOffset? ExpiresAt, bool WrittenConsentConfirmed, string? Name, string? Contact);

    private sealed record NoteBody(string? Text);

    private static async Task<Results<Ok<ImmutableArray<ReferralSummary>>, ValidationProblem, ForbidHttpResult>> ListAsync(
        ReferralService service, HttpContext http, string organizationId, string? box)
    {
        if (box is not (null or "inbox" or "outbox"))
        {
            return ApiResults.Invalid("box", "Box is 'inbox' or 'outbox'.");
        }

        return await service.ListAsync(http.User, organizationId, box != "outbox") is { } rows ? TypedResults.Ok(rows) : TypedResults.Forbid();
    }

    private static async Task<IResult> SendAsync(ReferralService service, HttpContext http, string organizationId)
    {
        if (!await service.MaySendAsync(http.User, organizationId))
        {
            return Forbidden("Only members of the organization send its referrals.");
        }

        var (request, error) = await ReadAsync<SendReferralRequest>(http.Request, "The referral needs toOrganizationId, services (a list of codes), ageBracket, language, county and urgency (Routine or Urgent).");
        if (error is not null)
        {
            return error;
        }

        var sent = await service.SendAsync(http.User, organizationId, request!);
        return sent.ReferralId is { } id
            ? TypedResults.Created($"/api/referrals/{id}", new Sent(id, ReferralVocabulary.CodeOf(id), sent.Result.Version))
            : ApiResults.From(sent.Result);
    }

    private static async Task<Results<Ok<CapacityCheck>, NotFound>> CapacityAsync(ReferralService service, HttpContext http, string organizationId, string toOrganizationId) =>
        await service.CheckCapacityAsync(http.User, organizationId, toOrganizationId) is { } check ? TypedResults.Ok(check) : TypedResults.NotFound();

    private static async Task<Results<Ok<ReferralStatistics>, ForbidHttpResult>> StatisticsAsync(ReferralService service, HttpContext http) =>
        await service.GetStatisticsAsync(http.User) is { } stats ? TypedResults.Ok(stats) : TypedResults.Forbid();

    private static async Task<Results<Ok<ReferralRecord>, NotFound>> GetAsync(ReferralService service, HttpContext http, string referralId) =>
        await service.GetAsync(http.User, referralId) is { } record ? TypedResults.Ok(record) : TypedResults.NotFound();

    private static async Task<Results<Ok<AuditView>, NotFound>> AuditAsync(ReferralService service, HttpContext http, string referralId) =>
        await service.GetAuditAsync(http.User, referralId) is { } audit ? TypedResults.Ok(audit) : TypedResults.NotFound();

    private static async Task<IResult> TransitionAsync(ReferralService service, HttpContext http, string referralId)
    {
        if (!await service.MayActAsync(http.User, referralId))
        {
            return Forbidden("Only the referral's two organizations act on it.");
        }

        var (body, error) = await ReadAsync<TransitionBody>(http.Request, "A step is { \"to\": \"Accepted\" }; to is one of Accepted, Declined, InProgress, Completed, Closed, Withdrawn; reason and outcome are names from their lists.");
        if (error is not null)
        {
            return error;
        }

        return body!.To is { } to
            ? ApiResults.From(await service.TransitionAsync(http.User, referralId, new ReferralTransition(to, body.Reason, body.Text, body.Outcome)))
            : ApiResults.Invalid("to", "Name the new status, such as { \"to\": \"Accepted\" }.");
    }

    private static async Task<IResult> RecordConsentAsync(ReferralService service, HttpContext http, string referralId)
    {
        if (!await service.MayActAsync(http.User, referralId))
        {
            return Forbidden("Only the referral's two organizations act on it.");
        }

        var (body, error) = await ReadAsync<ConsentBody>(http.Request, "Consent is { recipientOrganizationId, purpose, expiresAt (ISO 8601), writtenConsentConfirmed: true, name?, contact? }.");
        if (error is not null)
        {
            return error;
        }

        if (body!.ExpiresAt is not { } expires)
        {
            return ApiResults.Invalid("expiresAt", "The consent's expiry (ISO 8601 date and time) is required.");
        }

        var consent = new ConsentDraft(body.RecipientOrganizationId ?? string.Empty, body.Purpose ?? string.Empty, expires, body.WrittenConsentConfirmed, new IdentifyingDetails(body.Name, body.Contact));
        return ApiResults.From(await service.RecordConsentAsync(http.User, referralId, consent));
    }

    private static async Task<IResult> RevokeConsentAsync(ReferralService service, HttpContext http, string referralId) =>
        await service.MayActAsync(http.User, referralId)
            ? ApiResults.From(await service.RevokeConsentAsync(http.User, referralId))
            : Forbidden("Only the referral's two organizations act on it.");

    private static async Task<IResult> AddNoteAsync(ReferralService service, HttpContext http, string referralId)
    {
        if (!await service.MayActAsync(http.User, referralId))
        {
            return Forbidden("Only the referral's two organizations act on it.");
        }

        var (body, error) = await ReadAsync<NoteBody>(http.Request, "A note is { \"text\": \"...\" }.");
        if (error is not null)
        {
            return error;
        }

        return ApiResults.From(await service.AddNoteAsync(http.User, referralId, body!.Text ?? string.Empty));
    }

    private static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status403Forbidden, title: "Not allowed; nothing was changed.");

    private static Task<(T? Body, IResult? Error)> ReadAsync<T>(HttpRequest request, string shape)
        where T : class => JsonBody.ReadAsync<T>(request, MaxBodyBytes, Json, shape);
}

/// <summary>The referral feature's registrations, called once from <c>NetworkWebExtensions</c>.</summary>
public static class ReferralWebExtensions
{
    public static IServiceCollection AddReferrals(this IServiceCollection services)
    {
        services.AddScoped<ReferralService>();
        return services;
    }
}
