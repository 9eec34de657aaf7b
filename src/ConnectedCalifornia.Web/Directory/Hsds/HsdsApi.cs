using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.CompilerServices;
using ConnectedCalifornia.Web.Authorization;
using ConnectedCalifornia.Web.Hardening;
using ConnectedCalifornia.Web.Network;
using ConnectedCalifornia.Web.Notifications;
using Microsoft.Extensions.Options;

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
        api.MapGet("/", (IOptions<MailOptions> mail) => Json(new HsdsRoot(HsdsJson.Version, "https://docs.openreferral.org/en/latest/hsds/", HsdsExporter.BaseUriOf(mail.Value) + "/openapi/v1.json")))
            .WithName("HsdsRoot").AllowAnonymous().WithSummary("HSDA root: HSDS version, profile and the OpenAPI address.");
        api.MapGet("/organizations", ListOrganizationsAsync).WithName("HsdsOrganizations").AllowAnonymous()
            .WithSummary("HSDS organizations of the public directory, paged; filters search, taxonomy_term_id, organization_id, modified_after.");
        api.MapGet("/services", ListServicesAsync).WithName("HsdsServices").AllowAnonymous()
            .WithSummary("HSDS services of the public directory, paged; filters search, taxonomy_term_id, organization_id, modified_after.");
        api.MapGet("/services/{serviceId}", GetServiceAsync).WithName("HsdsService").AllowAnonymous()
            .WithSummary("One HSDS service with its organization, phones, languages, service areas, taxonomy terms and locations.");
        api.MapGet("/export", ExportAsync).WithName("HsdsExport").AllowAnonymous().RequireRateLimiting(EdgePolicies.Hsds)
            .WithSummary("The whole public directory as one HSDS 3.0 JSON dataset (one array per table).");
        api.MapPost("/import", ImportAsync).WithName("HsdsImport").RequireNetwork(NetworkAction.ImportDirectory).RequireRateLimiting(EdgePolicies.Hsds)
            .WithSummary("Imports an HSDS 3.0 JSON dataset (curators). dryRun=true (the default) reports what would be created, updated or rejected and changes nothing.")
            .DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> ListOrganizationsAsync(
        DirectoryIndex index, IOptions<MailOptions> mail, string? search, string? taxonomy_term_id, string? organization_id, string? modified_after, int page = 1, int per_page = 50)
    {
        if (CheckFilters(search, taxonomy_term_id, organization_id, modified_after, page, per_page, out var after) is { } invalid)
        {
            return invalid;
        }

        // Filter and page the documents; HSDS rows (many name-based ids each) are made for the page only.
        var snapshot = await index.SnapshotAsync();
        var terms = TermsNamed(taxonomy_term_id, snapshot.Taxonomy);
        var documents = Filter(snapshot, search, organization_id, after)
            .Where(d => terms is null || OrganizationTerms(d).Any(terms.Contains) || d.Services.Any(code => terms.Contains((HsdsVocabulary.Services, code))))
            .ToList();
        var baseUri = HsdsExporter.BaseUriOf(mail.Value);
        return Json(PageOf(documents, page, per_page, d => HsdsExporter.RowsOf(d, baseUri, snapshot.Taxonomy).Organization));
    }

    private static async Task<IResult> ListServicesAsync(
        DirectoryIndex index, IOptions<MailOptions> mail, string? search, string? taxonomy_term_id, string? organization_id, string? modified_after, int page = 1, int per_page = 50)
    {
        if (CheckFilters(search, taxonomy_term_id, organization_id, modified_after, page, per_page, out var after) is { } invalid)
        {
            return invalid;
        }

        // A service matches a term linked to it or to its organization.
        var snapshot = await index.SnapshotAsync();
        var terms = TermsNamed(taxonomy_term_id, snapshot.Taxonomy);
        var services = Filter(snapshot, search, organization_id, after)
            .SelectMany(d =>
            {
                var byOrganization = terms is null || OrganizationTerms(d).Any(terms.Contains);
                return d.Services.Select((code, i) => (Document: d, Index: i, Code: code))
                    .Where(s => byOrganization || terms!.Contains((HsdsVocabulary.Services, s.Code)));
            })
            .ToList();
        var baseUri = HsdsExporter.BaseUriOf(mail.Value);
        return Json(PageOf(services, page, per_page, s => HsdsExporter.RowsOf(s.Document, baseUri, snapshot.Taxonomy).Services[s.Index]));
    }

    private static async Task<IResult> GetServiceAsync(DirectoryIndex index, IOptions<MailOptions> mail, string serviceId)
    {
        var snapshot = await index.SnapshotAsync();
        if (!Guid.TryParse(serviceId, out _)
            || !ServicesOf(snapshot).TryGetValue(serviceId, out var document))
        {
            return TypedResults.NotFound(new ApiResults.ProblemDetailsBody("Not found", "No service has this id."));
        }

        var r = HsdsExporter.RowsOf(document, HsdsExporter.BaseUriOf(mail.Value), snapshot.Taxonomy);
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
            [.. HsdsVocabulary.AllTerms(snapshot.Taxonomy).Where(t => termIds.Contains(t.Id))],
            [.. r.Locations.Where(l => locationIds.Contains(l.Id))],
            [.. r.Addresses.Where(a => locationIds.Contains(a.LocationId))]));
    }

    /// <summary>Service id → its organization's document, made once per snapshot (the ids are hashes).</summary>
    private static Dictionary<string, DirectoryDocument> ServicesOf(DirectorySnapshot snapshot) =>
        ServiceIds.GetValue(snapshot, s => s.Documents
            .SelectMany(d => d.Services.Select(code => (Id: HsdsExporter.ServiceId(d.Id, code), Document: d)))
            .ToDictionary(x => x.Id, x => x.Document, StringComparer.Ordinal));

    private static readonly ConditionalWeakTable<DirectorySnapshot, Dictionary<string, DirectoryDocument>> ServiceIds = new();

    /// <summary>
    /// The export of the current version of the directory, made once per version (<see cref="HsdsExportCache"/>):
    /// a client that has it already (If-None-Match with its ETag) gets 304 and no body, without a turn once
    /// this node has built that version. Everything else takes one of the few turns of
    /// <see cref="HsdsExportGate"/> before it waits for (or starts) a build or is sent the body; when the queue
    /// for a turn is full the answer is 429 with Retry-After at once, and no build is started for it. The body
    /// is written piece by piece as the client reads it.
    /// </summary>
    private static async Task<IResult> ExportAsync(DirectoryIndex index, HsdsExportCache cache, HsdsExportGate gate, HttpContext http)
    {
        var snapshot = await index.SnapshotAsync();
        if (cache.Built(snapshot) is { } built && Revalidates(http, built))
        {
            return NotModified(http, built);
        }

        using var turn = await gate.EnterAsync(http.RequestAborted);
        if (!turn.IsAcquired)
        {
            return EdgeExtensions.TooManyRequests(http, gate.RetryAfterSeconds,
                $"Many exports are being sent right now. Try again in {gate.RetryAfterSeconds} seconds; send If-None-Match with the ETag of the export you have, and an unchanged directory answers 304 without waiting.");
        }

        // The directory as it is now that the turn came (a request may have waited in the queue).
        var export = await cache.GetAsync(await index.SnapshotAsync()).WaitAsync(http.RequestAborted);
        if (Revalidates(http, export))
        {
            return NotModified(http, export);
        }

        var headers = http.Response.Headers;
        headers.ETag = export.ETag;
        headers.CacheControl = "public, no-cache";
        headers.ContentDisposition = "inline; filename=\"connected-california-hsds.json\"";
        http.Response.ContentType = "application/json";
        http.Response.ContentLength = export.Length;
        gate.RequireMinimumReadRate(http);
        try
        {
            await export.WriteToAsync(http.Response.BodyWriter, http.RequestAborted);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away; its turn is given back by the using above.
        }

        return Results.Empty;
    }

    private static bool Revalidates(HttpContext http, HsdsExportCache.Export export) =>
        http.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(tag => tag.Trim() == export.ETag || tag.Trim() == "*"));

    private static IResult NotModified(HttpContext http, HsdsExportCache.Export export)
    {
        http.Response.Headers.ETag = export.ETag;
        http.Response.Headers.CacheControl = "public, no-cache"; // public data; revalidate with the ETag
        return TypedResults.StatusCode(StatusCodes.Status304NotModified);
    }

    private static async Task<IResult> ImportAsync(HsdsImporter importer, HttpContext http, bool dryRun = true)
    {
        if (await JsonBody.ReadLimitedAsync(http.Request, HsdsJson.MaxImportBytes) is not { } body)
        {
            return ApiResults.Invalid("file", $"The file is larger than {HsdsJson.MaxImportBytes / 1024 / 1024} MB; split the dataset.");
        }

        var (dataset, problem) = HsdsImporter.Read(body.AsSpan());
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

    private static IEnumerable<DirectoryDocument> Filter(DirectorySnapshot snapshot, string? search, string? organizationId, DateTimeOffset? after)
    {
        var documents = string.IsNullOrWhiteSpace(search) ? snapshot.Documents : snapshot.Matching(search);
        return documents
            .Where(d => after is null || d.UpdatedAt > after)
            .Where(d => organizationId is null || HsdsExporter.OrganizationId(d.Id) == organizationId);
    }

    /// <summary>The organization-level terms <see cref="HsdsExporter.RowsOf"/> links (kind, referrals, populations, languages, counties).</summary>
    private static IEnumerable<(string Taxonomy, string Code)> OrganizationTerms(DirectoryDocument d) =>
        new[] { (HsdsVocabulary.Kinds, d.Kind.ToString()) }
            .Concat(d.AcceptingReferrals ? [(HsdsVocabulary.Referrals, HsdsVocabulary.AcceptingReferrals)] : [])
            .Concat(d.Populations.Select(c => (HsdsVocabulary.Populations, c)))
            .Concat(d.Languages.Select(c => (HsdsVocabulary.Languages, c)))
            .Concat(d.Counties.Select(c => (HsdsVocabulary.Counties, c)));

    /// <summary>The terms a filter names, by id or by code (e.g. legal-aid); null when there is no filter.</summary>
    private static HashSet<(string Taxonomy, string Code)>? TermsNamed(string? termId, TaxonomyView taxonomy) =>
        termId is null ? null : [.. HsdsVocabulary.AllTerms(taxonomy).Where(t => t.Id == termId || t.Code == termId).Select(t => (t.Taxonomy, t.Code))];

    private static HsdsPage<TRow> PageOf<T, TRow>(List<T> rows, int page, int size, Func<T, TRow> row)
    {
        var totalPages = (rows.Count + size - 1) / size;
        var contents = rows.Skip((page - 1) * size).Take(size).Select(row).ToImmutableArray();
        return new HsdsPage<TRow>(rows.Count, totalPages, page, size, page == 1, page >= totalPages, contents.IsEmpty, contents);
    }

    private static IResult Json<T>(T value) => TypedResults.Json(value, HsdsJson.Options);
}
