using ConnectedCalifornia.Web.Authorization;
using ConnectedCalifornia.Web.Hardening;
using ConnectedCalifornia.Web.Network;
using ConnectedCalifornia.Web.Notifications;
using Microsoft.Extensions.Options;

namespace ConnectedCalifornia.Web.Directory.Hsds;

/// <summary>
/// Open Referral exchange: the HSDA read API (<see cref="HsdaApi"/>) and the HSDS 3.0 export of the
/// public directory (anyone), and the import with a dry-run report (curators). Everything read here
/// comes from the directory index, which holds public data only.
/// </summary>
public static class HsdsApi
{
    public static IEndpointRouteBuilder MapHsdsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/hsds").WithTags("HSDS (Open Referral)");
        api.MapHsdaReadApi();
        api.MapGet("/export", ExportAsync).WithName("HsdsExport").AllowAnonymous().RequireRateLimiting(EdgePolicies.Hsds)
            .WithSummary("The whole public directory as one HSDS 3.0 JSON dataset (one array per table).");
        api.MapPost("/import", ImportAsync).WithName("HsdsImport").Accepts<HsdsDataset>("application/json").RequireNetwork(NetworkAction.ImportDirectory).RequireRateLimiting(EdgePolicies.Hsds)
            .WithSummary("Imports HSDS 3.0 JSON (curators): a tabular dataset, one organization with its nested records, a list of them or a page of an HSDA list. dryRun=true (the default) reports what would be created, updated, left unchanged or refused, with warnings, and changes nothing; a real import with a refusal stores nothing and answers 422 with the report.")
            .DisableAntiforgery();
        return app;
    }

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

        var file = HsdsImporter.Read(body.AsSpan());
        if (file.Dataset is null)
        {
            return ApiResults.Invalid("file", file.Problem!);
        }

        var report = await importer.ImportAsync(http.User, file, dryRun);
        return report switch
        {
            null => TypedResults.Problem(title: "Forbidden", detail: "You may not do this; nothing was changed.", statusCode: StatusCodes.Status403Forbidden),

            // An import with a refusal stores nothing: 422 with the report that names each refused table, row and field.
            { DryRun: false, Applied: false } => TypedResults.UnprocessableEntity(report),
            _ => TypedResults.Ok(report),
        };
    }
}
