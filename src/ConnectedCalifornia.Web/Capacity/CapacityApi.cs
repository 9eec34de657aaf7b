using System.Text.Json;
using ConnectedCalifornia.Capacity;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Web.Authorization;
using ConnectedCalifornia.Web.Network;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConnectedCalifornia.Web.Capacity;

/// <summary>
/// The bed board's REST API under <c>/api/capacity</c>. Summaries are public aggregates; site-level
/// reads and every command are authorized per site (<c>{siteId}</c>) by the one authorizer. Command
/// bodies are read by hand so that malformed JSON or a count that is not a whole number is a
/// ValidationProblem like any other refusal, and nothing changes.
/// </summary>
public static class CapacityApi
{
    private const int MaxBodyBytes = 16 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapCapacityApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/capacity").WithTags("Capacity");

        api.MapGet("/statewide", StatewideAsync).WithName("GetStatewideCapacity").AllowAnonymous()
            .WithSummary("Available-now totals per county and category; stale counts are not counted as available.");
        api.MapGet("/counties/{fips}", CountyAsync).WithName("GetCountyCapacity").AllowAnonymous()
            .WithSummary("Per category totals of one county (aggregate only).");
        api.MapGet("/counties/{fips}/sites", CountySitesAsync).WithName("GetCountyCapacitySites").RequireNetwork(NetworkAction.ViewNetwork)
            .WithSummary("The county's sites; confidential sites the caller may not see are reduced to their counts.");
        api.MapGet("/sites/{siteId}", SiteAsync).WithName("GetSiteCapacity").RequireNetwork(NetworkAction.ViewSiteCapacity);
        api.MapPut("/sites/{siteId}", DefineAsync).WithName("DefineSite").Accepts<SiteDefinitionRequest>("application/json").RequireNetwork(NetworkAction.DefineSite)
            .WithSummary("Defines a site (name, county, confidential, categories with totals); a new site's id is '<organizationId>--<name>'.");
        api.MapPost("/sites/{siteId}/counts/{category}", PostCountAsync).WithName("PostCapacityCount").Accepts<CapacityCountRequest>("application/json").RequireNetwork(NetworkAction.PostCapacity)
            .WithSummary("Posts the available count of one category: { \"available\": 3 }.");
        api.MapPost("/sites/{siteId}/holds", PlaceHoldAsync).WithName("PlaceCapacityHold").Accepts<CapacityHoldRequest>("application/json").RequireNetwork(NetworkAction.HoldCapacity)
            .WithSummary("Holds one bed: { \"category\": \"minors\", \"holderOrganizationId\": \"...\", \"purpose\": \"what it is for\", \"minutes\": 120 }.");
        api.MapPost("/sites/{siteId}/retire", RetireAsync).WithName("RetireSite").RequireNetwork(NetworkAction.DefineSite)
            .WithSummary("Retires a site: off every board, no counts or holds; refused while a hold is active. Defining it again lists it again.");
        api.MapDelete("/sites/{siteId}/holds/{holdId}", ReleaseHoldAsync).WithName("ReleaseCapacityHold").RequireNetwork(NetworkAction.HoldCapacity);
        api.MapPost("/sites/{siteId}/holds/{holdId}/convert", ConvertHoldAsync).WithName("ConvertCapacityHold").Accepts<HoldConversionRequest>("application/json").RequireNetwork(NetworkAction.HoldCapacity)
            .WithSummary("Turns a hold into a placement linked to a reference: { \"referenceId\": \"...\" }.");
        return app;
    }

    public sealed record HoldPlaced(string HoldId, DateTimeOffset ExpiresAt, long Version);

    /// <summary>The body of posting a count: how many beds of the category are free now (a whole number, 0 or more).</summary>
    public sealed record CapacityCountRequest(int Available);

    /// <summary>The body of placing a hold: the category, the organization the bed is held for, what it is for, and for how long (minutes; the site's default when left out).</summary>
    public sealed record CapacityHoldRequest(string Category, string HolderOrganizationId, string? Purpose = null, int? Minutes = null);

    /// <summary>The body of turning a hold into a placement: the reference it is linked to (a referral's id).</summary>
    public sealed record HoldConversionRequest(string ReferenceId);

    private static async Task<Ok<StatewideCapacitySummary>> StatewideAsync(CapacityService service) =>
        TypedResults.Ok(await service.GetStatewideAsync());

    private static async Task<Results<Ok<CountyCapacitySummary>, ValidationProblem>> CountyAsync(CapacityService service, string fips) =>
        await service.GetCountyAsync(fips) is { } summary ? TypedResults.Ok(summary) : InvalidCounty();

    private static async Task<Results<Ok<System.Collections.Immutable.ImmutableArray<SiteBoardRow>>, ValidationProblem>> CountySitesAsync(
        CapacityService service, HttpContext http, string fips) =>
        California.IsCounty(fips) ? TypedResults.Ok(await service.GetCountySitesAsync(http.User, fips)) : InvalidCounty();

    private static async Task<Results<Ok<SiteCapacityView>, NotFound>> SiteAsync(CapacityService service, HttpContext http, string siteId) =>
        await service.GetSiteAsync(http.User, siteId) is { } view ? TypedResults.Ok(view) : TypedResults.NotFound();

    private static async Task<IResult> DefineAsync(CapacityService service, HttpContext http, string siteId)
    {
        var (body, error) = await ReadAsync(http.Request);
        if (error is not null)
        {
            return error;
        }

        SiteDefinitionRequest? request;
        try
        {
            request = body!.Value.Deserialize<SiteDefinitionRequest>(Json);
        }
        catch (JsonException)
        {
            return ApiResults.Invalid("definition", "The definition needs name, county, confidential (true or false) and categories [{ category, total }] with whole-number totals.");
        }

        return request is null
            ? ApiResults.Invalid("definition", "The site's definition is required.")
            : ApiResults.From(await service.DefineAsync(http.User, siteId, request));
    }

    private static async Task<IResult> PostCountAsync(CapacityService service, HttpContext http, string siteId, string category)
    {
        var (body, error) = await ReadAsync(http.Request);
        if (error is not null)
        {
            return error;
        }

        if (!TryInt(body!.Value, "available", out var available))
        {
            return ApiResults.Invalid("available", "Available must be a whole number, 0 or more, such as { \"available\": 3 }.");
        }

        return ApiResults.From(await service.PostCountAsync(http.User, siteId, category, available));
    }

    private static async Task<IResult> PlaceHoldAsync(CapacityService service, HttpContext http, string siteId)
    {
        var (body, error) = await ReadAsync(http.Request);
        if (error is not null)
        {
            return error;
        }

        var category = Text(body!.Value, "category");
        var holder = Text(body.Value, "holderOrganizationId");
        int? minutes = null;
        if (body.Value.TryGetProperty("minutes", out var m) && m.ValueKind != JsonValueKind.Null)
        {
            if (!TryInt(body.Value, "minutes", out var value))
            {
                return ApiResults.Invalid("minutes", "Minutes must be a whole number.");
            }

            minutes = value;
        }

        if (category is null || holder is null)
        {
            return ApiResults.Invalid(category is null ? "category" : "holderOrganizationId", "Name the category and the organization you hold the bed for.");
        }

        var result = await service.PlaceHoldAsync(http.User, siteId, category, holder, minutes, Text(body.Value, "purpose"));
        return result.Succeeded
            ? TypedResults.Ok(new HoldPlaced(result.HoldId!, result.ExpiresAt!.Value, result.Result.Version))
            : ApiResults.From(result.Result);
    }

    private static async Task<IResult> RetireAsync(CapacityService service, HttpContext http, string siteId) =>
        ApiResults.From(await service.RetireAsync(http.User, siteId));

    private static async Task<IResult> ReleaseHoldAsync(CapacityService service, HttpContext http, string siteId, string holdId) =>
        From(await service.ReleaseHoldAsync(http.User, siteId, holdId));

    private static async Task<IResult> ConvertHoldAsync(CapacityService service, HttpContext http, string siteId, string holdId)
    {
        var (body, error) = await ReadAsync(http.Request);
        if (error is not null)
        {
            return error;
        }

        return Text(body!.Value, "referenceId") is { } reference
            ? From(await service.ConvertHoldAsync(http.User, siteId, holdId, reference))
            : ApiResults.Invalid("referenceId", "The reference (a referral's id) is required.");
    }

    private static IResult From(HoldCommand command) => command.Forbidden
        ? TypedResults.Problem(command.Result.Errors.FirstOrDefault()?.Message, statusCode: StatusCodes.Status403Forbidden, title: "Not allowed; nothing was changed.")
        : ApiResults.From(command.Result);

    private static ValidationProblem InvalidCounty() =>
        ApiResults.Invalid("fips", "County must be a California FIPS code such as 06019 (Fresno).");

    private static Task<(JsonElement? Body, IResult? Error)> ReadAsync(HttpRequest request) =>
        JsonBody.ReadObjectAsync(request, MaxBodyBytes);

    private static bool TryInt(JsonElement body, string name, out int value)
    {
        value = 0;
        return TryGet(body, name, out var property) && property.ValueKind == JsonValueKind.Number && property.TryGetInt32(out value);
    }

    private static string? Text(JsonElement body, string name) =>
        TryGet(body, name, out var property) && property.ValueKind == JsonValueKind.String ? property.GetString() : null;

    private static bool TryGet(JsonElement body, string name, out JsonElement property)
    {
        foreach (var candidate in body.EnumerateObject())
        {
            if (string.Equals(candidate.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                property = candidate.Value;
                return true;
            }
        }

        property = default;
        return false;
    }
}
