using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Web.Authorization;
using ConnectedCalifornia.Web.Network;

namespace ConnectedCalifornia.Web.Directory;

/// <summary>The directory's vocabularies: <c>GET /api/taxonomy</c> (anyone) and the curators' commands.</summary>
public static class TaxonomyApi
{
    public sealed record AddTermRequest(string? Code, string? Label);

    /// <summary>A new label, a retired flag, new aliases (the whole list), a Spanish label ("" removes it), or any of them.</summary>
    public sealed record UpdateTermRequest(string? Label, bool? Retired, string[]? Aliases = null, string? Spanish = null);

    public static IEndpointRouteBuilder MapTaxonomyApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/taxonomy").WithTags("Taxonomy");
        api.MapGet("/", GetAsync).WithName("GetTaxonomy").AllowAnonymous()
            .WithSummary("The directory's vocabularies (services, populations, languages): code, label, Spanish label and whether a term is retired.");
        api.MapGet("/history", HistoryAsync).WithName("GetTaxonomyHistory").RequireNetwork(NetworkAction.ManageTaxonomy)
            .WithSummary("The newest changes of the vocabularies (who, when, old and new value), newest first (curators).");
        api.MapPost("/{vocabulary}/terms", AddAsync).WithName("AddTaxonomyTerm").RequireNetwork(NetworkAction.ManageTaxonomy)
            .WithSummary("Adds a term (code and label) to services, populations or languages (curators).");
        api.MapPut("/{vocabulary}/terms/{code}", UpdateAsync).WithName("UpdateTaxonomyTerm").RequireNetwork(NetworkAction.ManageTaxonomy)
            .WithSummary("Renames a term's label, sets its Spanish label, retires or restores it and/or replaces its aliases (the words search finds it by); the code never changes (curators).");
        return app;
    }

    private static async Task<IResult> GetAsync(TaxonomyService service) => TypedResults.Ok(await service.GetAsync());

    private static async Task<IResult> HistoryAsync(TaxonomyService service, HttpContext http, int max = 50) =>
        max is < 1 or > 200
            ? ApiResults.Invalid("max", "Max must be between 1 and 200.")
            : await service.HistoryAsync(http.User, max) is { } history ? TypedResults.Ok(history) : ApiResults.From(ConnectedCalifornia.Network.CommandResult.Forbidden());

    private static async Task<IResult> AddAsync(TaxonomyService service, HttpContext http, string vocabulary, AddTermRequest request)
    {
        if (!TaxonomyService.TryParseVocabulary(vocabulary, out var parsed))
        {
            return UnknownVocabulary();
        }

        return ApiResults.From(await service.AddAsync(http.User, parsed, request?.Code ?? string.Empty, request?.Label ?? string.Empty));
    }

    private static async Task<IResult> UpdateAsync(TaxonomyService service, HttpContext http, string vocabulary, string code, UpdateTermRequest request)
    {
        if (!TaxonomyService.TryParseVocabulary(vocabulary, out var parsed))
        {
            return UnknownVocabulary();
        }

        if (request is null || (request.Label is null && request.Retired is null && request.Aliases is null && request.Spanish is null))
        {
            return ApiResults.Invalid("label", "Give a new label, a Spanish label, retired (true or false), aliases (a list of words), or several of them.");
        }

        // The label first: a refused label stops here, before the retired flag changes.
        var result = ConnectedCalifornia.Network.CommandResult.Ok(0);
        if (request.Label is not null)
        {
            result = await service.RenameAsync(http.User, parsed, code, request.Label);
        }

        if (result.Succeeded && request.Spanish is { } spanish)
        {
            result = await service.SetSpanishAsync(http.User, parsed, code, spanish);
        }

        if (result.Succeeded && request.Retired is { } retired)
        {
            result = await service.SetRetiredAsync(http.User, parsed, code, retired);
        }

        if (result.Succeeded && request.Aliases is { } aliases)
        {
            result = await service.SetAliasesAsync(http.User, parsed, code, aliases);
        }

        return ApiResults.From(result);
    }

    private static IResult UnknownVocabulary() =>
        TypedResults.Problem(title: "Not found", detail: "No such vocabulary: use services, populations or languages.", statusCode: StatusCodes.Status404NotFound);
}
