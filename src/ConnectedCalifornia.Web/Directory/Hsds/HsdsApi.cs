using System.Collections.Immutable;
using System.Globalization;
using ConnectedCalifornia.Web.Authorization;
using ConnectedCalifornia.Web.Network;

namespace ConnectedCalifornia.Web.Directory.Hsds;

/// <summary>
/// Open Referral exchange: an HSDA-style read API and the HSDS 3.0 export of the public directory
/// (anyone), and the import with a dry-run report (curators). Everything read here comes from the
/// directory index, which holds public data only.
/// </summary>
public static class HsdsApi
{
    public const int MaxPerPage = 100;

    public static IEndpointRouteBuilder MapHsdsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/hsds").WithTags("HSDS (Open Referral)");
        api.MapGet("/", (HttpContext http) => Json(new HsdsRoot(HsdsJson.Version, "https://docs.openreferral.org/en/latest/hsds/", BaseUri(http) + "/openapi/v1.json")))
            .WithName("HsdsRoot").AllowAnonymous().WithSummary("HSDA root: HSDS version, profile and the OpenAPI address.");
        api.MapGet("/organizations", ListOrganizationsAsync).WithName("HsdsOrganizations").AllowAnonymous()
            .WithSummary("HSDS organizations of the public directory, paged; filters search, taxonomy_term_id, organization_id, modified_after.");
        api.MapGet("/services", ListServicesAsync).WithName("HsdsServices").AllowAnonymous()
            .WithSummary("HSDS services of the public directory, paged; filters search, taxonomy_term_id, organization_id, modified_after.");
        api.MapGet("/services/{serviceId}", GetServiceAsync).WithName("HsdsService").AllowAnonymous()
            .WithSummary("One HSDS service with its organization, phones, languages, service areas, taxonomy terms and locations.");
        api.MapGet("/export", ExportAsync).WithName("HsdsExport").AllowAnonymous()
            .WithSummary("The whole public directory as one HSDS 3.0 JSON dataset (one array per table).");
        api.MapPost("/import", ImportAsync).WithName("HsdsImport").RequireNetwork(NetworkAction.ImportDirectory)
            .WithSummary("Imports an HSDS 3.0 JSON dataset (curators). dryRun=true (the default) reports what would be created, updated or rejected and changes nothing.")
            .DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> ListOrganizationsAsync(
        DirectoryIndex index, HttpContext http, string? search, string? taxonomy_term_id, string? organization_id, string? modified_after, int page = 1, int per_page = 50)
    {
        if (CheckFilters(search, taxonomy_term_id, organization_id, modified_after, page, per_page, out var after) is { } invalid)
        {
            return invalid;
        }

        var baseUri = BaseUri(http);
        var rows = (await FilterAsync(index, search, taxonomy_term_id, organization_id, after, baseUri)).Select(r => r.Organization).ToList();
        return Json(PageOf(rows, page, per_page));
    }

    private static async Task<IResult> ListServicesAsync(
        DirectoryIndex index, HttpContext http, string? search, string? taxonomy_term_id, string? organization_id, string? modified_after, int page = 1, int per_page = 50)
    {
        if (CheckFilters(search, taxonomy_term_id, organization_id, modified_after, page, per_page, out var after) is { } invalid)
        {
            return invalid;
        }

        var rows = await FilterAsync(index, search, null, organization_id, after, BaseUri(http));
        var services = rows.SelectMany(r => r.Services.Where(s => taxonomy_term_id is null || Linked(r, s.Id, taxonomy_term_id) || Linked(r, r.Organization.Id, taxonomy_term_id))).ToList();
        return Json(PageOf(services, page, per_page));
    }

    private static async Task<IResult> GetServiceAsync(DirectoryIndex index, HttpContext http, string serviceId)
    {
        if (!Guid.TryParse(serviceId, out _))
        {
            return TypedResults.NotFound(new ApiResults.ProblemDetailsBody("Not found", "No service has this id."));
        }

        var baseUri = BaseUri(http);
        foreach (var document in (await index.SnapshotAsync()).Documents)
        {
            if (!document.Services.Any(code => HsdsExporter.ServiceId(document.Id, code) == serviceId))
            {
                continue;
            }

            var r = HsdsExporter.RowsOf(document, baseUri);
            var s = r.Services.Single(x => x.Id == serviceId);
            var attributes = r.Attributes.Where(a => a.LinkId == s.Id || a.LinkId == r.Organization.Id).ToImmutableArray();
            var termIds = attributes.Select(a => a.TaxonomyTermId).ToHashSet();
            var locationIds = r.ServiceAtLocations.Where(x => x.ServiceId == s.Id).Select(x => x.LocationId).ToHashSet();
            return Json(new HsdsServiceDetail(
                s.Id, s.OrganizationId, s.Name, s.Description, s.Url, s.Email, s.Status, s.LastModified,
                r.Organization,
                r.Phones,
                [.. r.Languages.Where(l => l.ServiceId == s.Id)],
                [.. r.ServiceAreas.Where(a => a.ServiceId == s.Id)],
                attributes,
                [.. HsdsVocabulary.AllTerms().Where(t => termIds.Contains(t.Id))],
                [.. r.Locations.Where(l => locationIds.Contains(l.Id))],
                [.. r.Addresses.Where(a => locationIds.Contains(a.LocationId))]));
        }

        return TypedResults.NotFound(new ApiResults.ProblemDetailsBody("Not found", "No service has this id."));
    }

    private static async Task<IResult> ExportAsync(DirectoryIndex index, HttpContext http)
    {
        var dataset = HsdsExporter.Export((await index.SnapshotAsync()).Documents, BaseUri(http));
        http.Response.Headers.ContentDisposition = "inline; filename=\"connected-california-hsds.json\"";
        return Json(dataset);
    }

    private static async Task<IResult> ImportAsync(HsdsImporter importer, HttpContext http, bool dryRun = true)
    {
        if (http.Request.ContentLength is > HsdsJson.MaxImportBytes)
        {
            return ApiResults.Invalid("file", $"The file is larger than {HsdsJson.MaxImportBytes / 1024 / 1024} MB; split the dataset.");
        }

        using var body = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
        {
            if (body.Length + read > HsdsJson.MaxImportBytes)
            {
                return ApiResults.Invalid("file", $"The file is larger than {HsdsJson.MaxImportBytes / 1024 / 1024} MB; split the dataset.");
            }

            body.Write(chunk, 0, read);
        }

        var (dataset, problem) = HsdsImporter.Read(body.GetBuffer().AsSpan(0, (int)body.Length));
        if (dataset is null)
        {
            return ApiResults.Invalid("file", problem!);
        }

        var report = await importer.ImportAsync(http.User, dataset, dryRun);
        return report is null
            ? TypedResults.Problem(title: "Forbidden", detail: "You may not do this; nothing was changed.", statusCode: StatusCodes.Status403Forbidden)
            : TypedResults.Ok(report);
    }

    private static IResult? CheckFilters(string? search, string? termId, string? organizationId, string? modifiedAfter, int page, int perPage, out DateTimeOffset? after)
    {
        after = null;
        if (page is < 1 or > 100_000)
        {
            return ApiResults.Invalid("page", "page must be between 1 and 100000.");
        }

        if (perPage is < 1 or > MaxPerPage)
        {
            return ApiResults.Invalid("per_page", $"per_page must be between 1 and {MaxPerPage}.");
        }

        if (search is { Length: > 200 })
        {
            return ApiResults.Invalid("search", "search can be at most 200 characters.");
        }

        if (termId is { Length: > 100 } || organizationId is { Length: > 100 })
        {
            return ApiResults.Invalid(termId is { Length: > 100 } ? "taxonomy_term_id" : "organization_id", "An id has at most 100 characters.");
        }

        if (modifiedAfter is not null)
        {
            if (!DateTimeOffset.TryParse(modifiedAfter, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return ApiResults.Invalid("modified_after", "modified_after must be a date and time such as 2026-05-01T00:00:00Z.");
            }

            after = parsed;
        }

        return null;
    }

    private static async Task<List<HsdsExporter.Rows>> FilterAsync(
        DirectoryIndex index, string? search, string? termId, string? organizationId, DateTimeOffset? after, string baseUri)
    {
        var snapshot = await index.SnapshotAsync();
        var documents = string.IsNullOrWhiteSpace(search) ? snapshot.Documents : snapshot.Matching(search);
        return [.. documents
            .Where(d => after is null || d.UpdatedAt > after)
            .Select(d => HsdsExporter.RowsOf(d, baseUri))
            .Where(r => organizationId is null || r.Organization.Id == organizationId)
            .Where(r => termId is null || r.Attributes.Any(a => a.TaxonomyTermId == termId || TermCode(a.TaxonomyTermId) == termId))];
    }

    private static bool Linked(HsdsExporter.Rows rows, string linkId, string termId) =>
        rows.Attributes.Any(a => a.LinkId == linkId && (a.TaxonomyTermId == termId || TermCode(a.TaxonomyTermId) == termId));

    private static readonly Dictionary<string, string> CodesById = HsdsVocabulary.AllTerms().ToDictionary(t => t.Id, t => t.Code);

    /// <summary>A term may be named by its id or by its code (e.g. legal-aid).</summary>
    private static string? TermCode(string termId) => CodesById.GetValueOrDefault(termId);

    private static HsdsPage<T> PageOf<T>(List<T> rows, int page, int size)
    {
        var totalPages = (rows.Count + size - 1) / size;
        var contents = rows.Skip((page - 1) * size).Take(size).ToImmutableArray();
        return new HsdsPage<T>(rows.Count, totalPages, page, size, page == 1, page >= totalPages, contents.IsEmpty, contents);
    }

    private static IResult Json<T>(T value) => TypedResults.Json(value, HsdsJson.Options);

    private static string BaseUri(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";
}
