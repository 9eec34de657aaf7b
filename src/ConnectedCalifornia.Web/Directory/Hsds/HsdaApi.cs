using System.Buffers;
using System.Collections.Immutable;
using System.Text.Json;
using ConnectedCalifornia.Web.Hardening;
using ConnectedCalifornia.Web.Network;
using ConnectedCalifornia.Web.Notifications;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace ConnectedCalifornia.Web.Directory.Hsds;

/// <summary>
/// The HSDA 3.0 read API (Open Referral's API reference) over the public directory: every path of the
/// reference, every parameter it lists for each (anything else is refused with a 400 naming it), the
/// Page fields, list and fully nested representations, minimal service lists and NDJSON streams.
/// Everything comes from the directory index, which holds public data only (the public directory's
/// listings, public fields and public contacts), so nothing else can be answered here.
/// </summary>
public static class HsdaApi
{
    public const string NdjsonContentType = "application/x-ndjson";

    public static RouteGroupBuilder MapHsdaReadApi(this RouteGroupBuilder api)
    {
        api.MapGet("/", Root).WithName("HsdsRoot").AllowAnonymous().Takes(HsdaParameters.None)
            .Produces<HsdsRoot>()
            .WithSummary("HSDA root: HSDS version, profile and the OpenAPI address.");

        api.MapGet("/services", ListServicesAsync).WithName("HsdsServices").AllowAnonymous().Takes(HsdaParameters.ServiceList)
            .Produces<HsdaPage<HsdaService>>(StatusCodes.Status200OK, "application/json", NdjsonContentType)
            .WithSummary("HSDS services of the public directory, paged (list shape with their organization; full=true nests everything; minimal=true gives ids and last_modified).");
        api.MapGet("/services/{id}", GetServiceAsync).WithName("HsdsService").AllowAnonymous().Takes(HsdaParameters.None)
            .Produces<HsdaService>().Produces<ApiResults.ProblemDetailsBody>(StatusCodes.Status404NotFound)
            .WithSummary("One fully nested HSDS service: organization, phones, schedules, service areas, service_at_locations with location and addresses, languages, contacts, attributes with terms.");

        api.MapGet("/organizations", ListOrganizationsAsync).WithName("HsdsOrganizations").AllowAnonymous().Takes(HsdaParameters.OrganizationList)
            .Produces<HsdaPage<HsdaOrganization>>(StatusCodes.Status200OK, "application/json", NdjsonContentType)
            .WithSummary("HSDS organizations of the public directory, paged (full=true nests contacts, phones, locations, attributes and services).");
        api.MapGet("/organizations/{id}", GetOrganizationAsync).WithName("HsdsOrganization").AllowAnonymous().Takes(HsdaParameters.OrganizationItem)
            .Produces<HsdaOrganization>().Produces<ApiResults.ProblemDetailsBody>(StatusCodes.Status404NotFound)
            .WithSummary("One fully nested HSDS organization; its services in list shape, or fully nested with full_service=true.");

        api.MapGet("/service_at_locations", ListServiceAtLocationsAsync).WithName("HsdsServiceAtLocations").AllowAnonymous().Takes(HsdaParameters.ServiceAtLocationList)
            .Produces<HsdaPage<HsdaServiceAtLocation>>(StatusCodes.Status200OK, "application/json", NdjsonContentType)
            .WithSummary("HSDS services at their organization's public locations, paged; postcode and proximity filter by service area and distance.");
        api.MapGet("/service_at_locations/{id}", GetServiceAtLocationAsync).WithName("HsdsServiceAtLocation").AllowAnonymous().Takes(HsdaParameters.None)
            .Produces<HsdaServiceAtLocation>().Produces<ApiResults.ProblemDetailsBody>(StatusCodes.Status404NotFound)
            .WithSummary("One fully nested HSDS service_at_location: location with addresses, the full service, phones, contacts, schedules.");

        api.MapGet("/taxonomies", ListTaxonomiesAsync).WithName("HsdsTaxonomies").AllowAnonymous().Takes(HsdaParameters.TaxonomyList)
            .Produces<HsdaPage<HsdsTaxonomy>>(StatusCodes.Status200OK, "application/json", NdjsonContentType)
            .WithSummary("The taxonomies the directory's terms belong to (services, populations, languages, counties, kinds, referral status).");
        api.MapGet("/taxonomies/{id}", GetTaxonomy).WithName("HsdsTaxonomy").AllowAnonymous().Takes(HsdaParameters.None)
            .Produces<HsdsTaxonomy>().Produces<ApiResults.ProblemDetailsBody>(StatusCodes.Status404NotFound)
            .WithSummary("One taxonomy.");
        api.MapGet("/taxonomy_terms", ListTaxonomyTermsAsync).WithName("HsdsTaxonomyTerms").AllowAnonymous().Takes(HsdaParameters.TaxonomyTermList)
            .Produces<HsdaPage<HsdsTaxonomyTerm>>(StatusCodes.Status200OK, "application/json", NdjsonContentType)
            .WithSummary("Every taxonomy term (retired ones too: listings may still carry them), paged.");
        api.MapGet("/taxonomy_terms/{id}", GetTaxonomyTermAsync).WithName("HsdsTaxonomyTerm").AllowAnonymous().Takes(HsdaParameters.None)
            .Produces<HsdsTaxonomyTerm>().Produces<ApiResults.ProblemDetailsBody>(StatusCodes.Status404NotFound)
            .WithSummary("One taxonomy term.");
        return api;
    }

    private static IResult Root(HttpRequest request, IOptions<MailOptions> mail) =>
        Refused(request, HsdaParameters.None, out _) ?? Json(new HsdsRoot(HsdsJson.Version, "https://docs.openreferral.org/en/latest/hsds/", HsdsExporter.BaseUriOf(mail.Value) + "/openapi/v1.json"));

    private static async Task<IResult> ListServicesAsync(HttpContext http, DirectoryIndex index, IOptions<MailOptions> mail, HsdsExportGate gate)
    {
        if (Refused(http.Request, HsdaParameters.ServiceList, out var q) is { } refused)
        {
            return refused;
        }

        var snapshot = await index.SnapshotAsync();
        if (TermFilter(q, snapshot.Taxonomy, out var linked) is { } badTerm)
        {
            return badTerm;
        }

        var catalog = HsdaCatalog.Of(snapshot);
        var matching = Matching(snapshot, q);
        var county = q.Postcode is null ? null : CountyOf(q.Postcode);
        var services = catalog.Services
            .Where(s => Keeps(s.Document, matching, q) && (q.OrganizationId is null || s.OrganizationId == q.OrganizationId))
            .Where(s => linked is null || linked(HsdaCatalog.ServiceTerms(s)))
            .Where(s => q.Postcode is null || (county is not null && s.Document.Counties.Contains(county)))
            .ToList();

        var cache = new HsdaCatalog.RowCache(HsdsExporter.BaseUriOf(mail.Value), snapshot.Taxonomy);
        return q.Minimal
            ? await AnswerAsync(http, gate, q, services, s => new HsdaMinimalService(s.Id, s.Document.UpdatedAt))
            : await AnswerAsync(http, gate, q, services, s => HsdaCatalog.Shapes.Service(cache, s, q.Full));
    }

    private static async Task<IResult> GetServiceAsync(HttpRequest request, DirectoryIndex index, IOptions<MailOptions> mail, string id)
    {
        if (Refused(request, HsdaParameters.None, out _) is { } refused)
        {
            return refused;
        }

        var snapshot = await index.SnapshotAsync();
        return HsdaCatalog.Of(snapshot).ServicesById.TryGetValue(id, out var service)
            ? Json(HsdaCatalog.Shapes.Service(new HsdaCatalog.RowCache(HsdsExporter.BaseUriOf(mail.Value), snapshot.Taxonomy), service, full: true))
            : NotFound("service");
    }

    private static async Task<IResult> ListOrganizationsAsync(HttpContext http, DirectoryIndex index, IOptions<MailOptions> mail, HsdsExportGate gate)
    {
        if (Refused(http.Request, HsdaParameters.OrganizationList, out var q) is { } refused)
        {
            return refused;
        }

        var snapshot = await index.SnapshotAsync();
        if (TermFilter(q, snapshot.Taxonomy, out var linked) is { } badTerm)
        {
            return badTerm;
        }

        var matching = Matching(snapshot, q);
        var organizations = HsdaCatalog.Of(snapshot).Organizations
            .Where(o => Keeps(o.Document, matching, q) && (q.OrganizationId is null || o.Id == q.OrganizationId))
            .Where(o => linked is null || linked(HsdaCatalog.AllOrganizationTerms(o.Document)))
            .ToList();
        var cache = new HsdaCatalog.RowCache(HsdsExporter.BaseUriOf(mail.Value), snapshot.Taxonomy);
        return await AnswerAsync(http, gate, q, organizations, o => HsdaCatalog.Shapes.Organization(cache, o.Document, q.Full, q.FullService));
    }

    private static async Task<IResult> GetOrganizationAsync(HttpRequest request, DirectoryIndex index, IOptions<MailOptions> mail, string id)
    {
        if (Refused(request, HsdaParameters.OrganizationItem, out var q) is { } refused)
        {
            return refused;
        }

        var snapshot = await index.SnapshotAsync();
        return HsdaCatalog.Of(snapshot).OrganizationsById.TryGetValue(id, out var organization)
            ? Json(HsdaCatalog.Shapes.Organization(new HsdaCatalog.RowCache(HsdsExporter.BaseUriOf(mail.Value), snapshot.Taxonomy), organization.Document, full: true, q.FullService))
            : NotFound("organization");
    }

    private static async Task<IResult> ListServiceAtLocationsAsync(HttpContext http, DirectoryIndex index, IOptions<MailOptions> mail, HsdsExportGate gate)
    {
        if (Refused(http.Request, HsdaParameters.ServiceAtLocationList, out var q) is { } refused)
        {
            return refused;
        }

        var snapshot = await index.SnapshotAsync();
        if (TermFilter(q, snapshot.Taxonomy, out var linked) is { } badTerm)
        {
            return badTerm;
        }

        Place? centre = null;
        if (q.ProximityMeters is not null && (centre = CaliforniaPlaces.Zip(q.Postcode!)) is null)
        {
            return ApiResults.Invalid(HsdaParameters.Proximity.Name,
                $"proximity is measured from the centre of postcode, and {q.Postcode} is not a California ZIP code this directory knows.");
        }

        var matching = Matching(snapshot, q);
        var county = q.Postcode is null ? null : CountyOf(q.Postcode);
        var atLocations = HsdaCatalog.Of(snapshot).ServiceAtLocations
            .Where(x => Keeps(x.Document, matching, q) && (q.OrganizationId is null || x.Service.OrganizationId == q.OrganizationId))
            .Where(x => linked is null || linked(HsdaCatalog.ServiceTerms(x.Service)))
            .Where(x => q.Postcode is null || (county is not null && x.Document.Counties.Contains(county)))
            .Where(x => centre is null || WithinMeters(centre, x.PostalCode, q.ProximityMeters!.Value))
            .ToList();
        var cache = new HsdaCatalog.RowCache(HsdsExporter.BaseUriOf(mail.Value), snapshot.Taxonomy);
        return await AnswerAsync(http, gate, q, atLocations, x => HsdaCatalog.Shapes.ServiceAtLocation(cache, x, q.Full));
    }

    private static async Task<IResult> GetServiceAtLocationAsync(HttpRequest request, DirectoryIndex index, IOptions<MailOptions> mail, string id)
    {
        if (Refused(request, HsdaParameters.None, out _) is { } refused)
        {
            return refused;
        }

        var snapshot = await index.SnapshotAsync();
        return HsdaCatalog.Of(snapshot).ServiceAtLocationsById.TryGetValue(id, out var atLocation)
            ? Json(HsdaCatalog.Shapes.ServiceAtLocation(new HsdaCatalog.RowCache(HsdsExporter.BaseUriOf(mail.Value), snapshot.Taxonomy), atLocation, full: true))
            : NotFound("service_at_location");
    }

    private static async Task<IResult> ListTaxonomiesAsync(HttpContext http, HsdsExportGate gate)
    {
        if (Refused(http.Request, HsdaParameters.TaxonomyList, out var q) is { } refused)
        {
            return refused;
        }

        var taxonomies = HsdsVocabulary.Taxonomies.Where(t => Finds(q.Search, t.Name, t.Description)).ToList();
        return await AnswerAsync(http, gate, q, taxonomies, t => t);
    }

    private static IResult GetTaxonomy(HttpRequest request, string id) =>
        Refused(request, HsdaParameters.None, out _)
        ?? (HsdsVocabulary.Taxonomies.FirstOrDefault(t => t.Id == id) is { } taxonomy ? Json(taxonomy) : NotFound("taxonomy"));

    private static async Task<IResult> ListTaxonomyTermsAsync(HttpContext http, DirectoryIndex index, HsdsExportGate gate)
    {
        if (Refused(http.Request, HsdaParameters.TaxonomyTermList, out var q) is { } refused)
        {
            return refused;
        }

        var taxonomy = (await index.SnapshotAsync()).Taxonomy;
        string? taxonomyName = null;
        if (q.TaxonomyId is not null && (taxonomyName = TaxonomyNamed(q.TaxonomyId)) is null)
        {
            return UnknownTaxonomy();
        }

        var terms = HsdaCatalog.TermsById(taxonomy);
        if (q.ParentId is not null && !terms.ContainsKey(q.ParentId))
        {
            return ApiResults.Invalid(HsdaParameters.ParentId.Name, "No taxonomy term has this id (GET /api/hsds/taxonomy_terms lists them).");
        }

        // The vocabularies are flat: every term is a top term, and none has a parent.
        var rows = HsdsVocabulary.AllTerms(taxonomy)
            .Where(t => q.ParentId is null && (taxonomyName is null || t.Taxonomy == taxonomyName))
            .Where(t => Finds(q.Search, t.Name, t.Code, t.Description))
            .ToList();
        return await AnswerAsync(http, gate, q, rows, t => t);
    }

    private static async Task<IResult> GetTaxonomyTermAsync(HttpRequest request, DirectoryIndex index, string id)
    {
        if (Refused(request, HsdaParameters.None, out _) is { } refused)
        {
            return refused;
        }

        return HsdaCatalog.TermsById((await index.SnapshotAsync()).Taxonomy).TryGetValue(id, out var term) ? Json(term) : NotFound("taxonomy term");
    }

    /// <summary>The problem when the request names a parameter this endpoint does not take or writes one wrong; null when it can be answered.</summary>
    private static IResult? Refused(HttpRequest request, IReadOnlyList<HsdaParameter> allowed, out HsdaQuery query)
    {
        var parsed = HsdaParameters.Parse(request.Query, allowed, out var problem);
        query = parsed ?? new HsdaQuery();
        return problem;
    }

    /// <summary>
    /// What taxonomy_term_id and taxonomy_id ask of an item's linked terms, as one test of all its links
    /// (each filter is met by some link: parameters are cumulative); null when neither is given. A term
    /// or taxonomy that does not exist is refused (a typo would otherwise look like an empty directory).
    /// </summary>
    private static IResult? TermFilter(HsdaQuery q, TaxonomyView taxonomy, out Func<IEnumerable<(string Taxonomy, string Code)>, bool>? linked)
    {
        linked = null;
        HashSet<(string, string)>? terms = null;
        if (q.TaxonomyTermId is { } termId)
        {
            terms = [.. HsdsVocabulary.AllTerms(taxonomy).Where(t => t.Id == termId || t.Code == termId).Select(t => (t.Taxonomy, t.Code))];
            if (terms.Count == 0)
            {
                return ApiResults.Invalid(HsdaParameters.TaxonomyTermId.Name,
                    "No taxonomy term has this id or code (GET /api/hsds/taxonomy_terms lists them; codes look like legal-aid).");
            }
        }

        string? taxonomyName = null;
        if (q.TaxonomyId is not null && (taxonomyName = TaxonomyNamed(q.TaxonomyId)) is null)
        {
            return UnknownTaxonomy();
        }

        if (terms is not null || taxonomyName is not null)
        {
            linked = links =>
            {
                var all = links as ICollection<(string Taxonomy, string Code)> ?? [.. links];
                return (terms is null || all.Any(terms.Contains)) && (taxonomyName is null || all.Any(l => l.Taxonomy == taxonomyName));
            };
        }

        return null;
    }

    private static string? TaxonomyNamed(string idOrName) =>
        HsdsVocabulary.Taxonomies.FirstOrDefault(t => t.Id == idOrName || t.Name == idOrName)?.Name;

    private static ValidationProblem UnknownTaxonomy() =>
        ApiResults.Invalid(HsdaParameters.TaxonomyId.Name, "No taxonomy has this id or name (GET /api/hsds/taxonomies lists them).");

    /// <summary>The documents search finds (by id), or null without search.</summary>
    private static HashSet<string>? Matching(DirectorySnapshot snapshot, HsdaQuery q) =>
        q.Search is null ? null : [.. snapshot.Matching(q.Search).Select(d => d.Id)];

    private static bool Keeps(DirectoryDocument d, HashSet<string>? matching, HsdaQuery q) =>
        (matching is null || matching.Contains(d.Id)) && (q.ModifiedAfter is null || d.UpdatedAt >= q.ModifiedAfter);

    /// <summary>The California county of a ZIP code, or null when the directory does not know it (then no county served covers it).</summary>
    private static string? CountyOf(string zip) => CaliforniaPlaces.Zip(zip)?.CountyFips;

    private static bool WithinMeters(Place centre, string postalCode, int meters) =>
        postalCode.Length >= 5 && CaliforniaPlaces.Zip(postalCode[..5]) is { } at
        && CaliforniaPlaces.Miles(centre.Latitude, centre.Longitude, at.Latitude, at.Longitude) * 1609.344 <= meters;

    /// <summary>Every search word is the start of a word of one of the texts (folded: case and accents do not matter).</summary>
    private static bool Finds(string? search, params string?[] texts)
    {
        if (search is null)
        {
            return true;
        }

        var words = texts.SelectMany(t => SearchText.Fold(t).Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        return SearchText.Fold(search).Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .All(w => words.Any(x => x.StartsWith(w, StringComparison.Ordinal)));
    }

    /// <summary>One page as JSON, or (format=ndjson) every row streamed one a line.</summary>
    private static async Task<IResult> AnswerAsync<TRow, T>(HttpContext http, HsdsExportGate gate, HsdaQuery q, IReadOnlyList<TRow> rows, Func<TRow, T> item) =>
        q.Ndjson ? await StreamAsync(http, gate, rows.Select(item)) : Json(HsdaPage<T>.Of(rows, q.Page, q.PerPage, item));

    /// <summary>
    /// Every result, one JSON object a line. A stream of the whole directory costs what an export costs,
    /// so it takes one of the export's turns (<see cref="HsdsExportGate"/>): 429 with Retry-After when
    /// they are all taken.
    /// </summary>
    private static async Task<IResult> StreamAsync<T>(HttpContext http, HsdsExportGate gate, IEnumerable<T> items)
    {
        using var turn = await gate.EnterAsync(http.RequestAborted);
        if (!turn.IsAcquired)
        {
            return EdgeExtensions.TooManyRequests(http, gate.RetryAfterSeconds,
                $"Many full lists and exports are being sent right now. Try again in {gate.RetryAfterSeconds} seconds, or read the list page by page.");
        }

        http.Response.ContentType = NdjsonContentType + "; charset=utf-8";
        http.Response.Headers.CacheControl = "public, no-cache";
        gate.RequireMinimumReadRate(http);
        var body = http.Response.BodyWriter;
        try
        {
            var written = 0;
            foreach (var row in items)
            {
                body.Write(JsonSerializer.SerializeToUtf8Bytes(row, HsdsJson.Options));
                body.Write("\n"u8);
                if (++written % 64 == 0)
                {
                    await body.FlushAsync(http.RequestAborted);
                }
            }

            await body.FlushAsync(http.RequestAborted);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away; its turn is given back by the using above.
        }

        return Results.Empty;
    }

    private static IResult NotFound(string what) =>
        TypedResults.NotFound(new ApiResults.ProblemDetailsBody("Not found", $"No {what} of the public directory has this id."));

    private static IResult Json<T>(T value) => TypedResults.Json(value, HsdsJson.Options);

    /// <summary>Describes the endpoint's query parameters in the OpenAPI document, from the one table the endpoint reads them with.</summary>
    private static RouteHandlerBuilder Takes(this RouteHandlerBuilder endpoint, IReadOnlyList<HsdaParameter> parameters)
    {
        endpoint.AddOpenApiOperationTransformer((operation, context, _) =>
        {
            operation.Parameters ??= [];
            foreach (var p in parameters)
            {
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = p.Name,
                    In = ParameterLocation.Query,
                    Required = false,
                    Description = p.Description,
                    Schema = p.Type switch
                    {
                        HsdaParameterType.Integer => new OpenApiSchema { Type = JsonSchemaType.Integer },
                        HsdaParameterType.Boolean => new OpenApiSchema { Type = JsonSchemaType.Boolean },
                        HsdaParameterType.DateTime => new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" },
                        _ => new OpenApiSchema { Type = JsonSchemaType.String },
                    },
                });
            }

            operation.Responses ??= [];
            OpenApiConventions.Add(operation, context.Document, "400",
                "A parameter this endpoint does not take, given twice or with a value it cannot honour: each is named in errors.", OpenApiConventions.ValidationProblemSchema);
            return Task.CompletedTask;
        });
        return endpoint;
    }
}
