using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using ConnectedCalifornia.Library;
using ConnectedCalifornia.Web.Authorization;
using ConnectedCalifornia.Web.Identity;
using ConnectedCalifornia.Web.Network;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ConnectedCalifornia.Web.Library;

/// <summary>
/// The resource library's REST API under <c>/api/library</c>. Reads are public and show published
/// entries only (curators also drafts); commands are for curators, by policy and again in
/// <see cref="LibraryService"/>. Every refused input is a ProblemDetails and changes nothing.
/// </summary>
public static class LibraryApi
{
    private const int MaxBodyBytes = 32 * 1024;
    private const string EntryShape = "The entry needs kind, title, summary and language; legislation also legislation.billNumber.";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>Registers the library's services (one line in NetworkWebExtensions).</summary>
    public static IServiceCollection AddLibrary(this IServiceCollection services)
    {
        services.AddSingleton<LibraryIndexCache>();
        services.AddScoped<LibraryService>();
        return services;
    }

    public static IEndpointRouteBuilder MapLibrary(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/library").WithTags("Library");
        api.MapGet("/", SearchAsync).WithName("SearchLibrary").AllowAnonymous()
            .WithSummary("Searches published entries: q (words), kind, status and session (each repeatable; a session is written '2017-2018'), topic, page, pageSize ≤ 50; drafts=true adds drafts for curators.");
        api.MapGet("/{entryId}", GetAsync).WithName("GetLibraryEntry").AllowAnonymous()
            .WithSummary("One entry; a draft only for curators (401/403 for others).");
        api.MapGet("/{entryId}/history", HistoryAsync).WithName("GetLibraryEntryHistory").RequireNetwork(NetworkAction.ManageLibrary)
            .WithSummary("Who changed what and when, newest first (max ≤ 200).");
        api.MapPost("/", CreateAsync).WithName("CreateLibraryEntry").Accepts<LibraryForm>("application/json").Produces<EntryCreated>(StatusCodes.Status201Created).RequireNetwork(NetworkAction.ManageLibrary)
            .WithSummary("Creates a draft. " + EntryShape);
        api.MapPut("/{entryId}", UpdateAsync).WithName("UpdateLibraryEntry").Accepts<LibraryForm>("application/json").RequireNetwork(NetworkAction.ManageLibrary)
            .WithSummary("Replaces the entry's content; with \"version\", refused when someone changed it since.");
        api.MapPut("/{entryId}/publication", PublicationAsync).WithName("SetLibraryEntryPublication").Accepts<PublicationBody>("application/json").RequireNetwork(NetworkAction.ManageLibrary)
            .WithSummary("{ \"published\": true } publishes the entry, false takes it back to draft.");
        return app;
    }

    public sealed record EntryCreated(string EntryId, long Version);

    private sealed record PublicationBody(bool? Published);

    private static async Task<Results<Ok<LibraryResults>, ValidationProblem>> SearchAsync(
        LibraryService service, HttpContext http, string? q, [FromQuery] string[]? kind, string? topic,
        [FromQuery] string[]? status, [FromQuery] string[]? session, bool drafts = false, int page = 1, int pageSize = 20)
    {
        var kinds = ImmutableArray.CreateBuilder<LibraryKind>();
        foreach (var k in kind ?? [])
        {
            if (!Enum.TryParse<LibraryKind>(k, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(k, out _))
            {
                return ApiResults.Invalid("kind", $"Unknown kind '{(k.Length > 40 ? k[..40] + "…" : k)}'. Use one of: {string.Join(", ", Enum.GetNames<LibraryKind>())}.");
            }

            kinds.Add(parsed);
        }

        var statuses = ImmutableArray.CreateBuilder<LegislationStatus>();
        foreach (var st in status ?? [])
        {
            if (!Enum.TryParse<LegislationStatus>(st, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(st, out _))
            {
                return ApiResults.Invalid("status", $"Unknown status '{(st.Length > 40 ? st[..40] + "…" : st)}'. Use one of: {string.Join(", ", Enum.GetNames<LegislationStatus>())}.");
            }

            statuses.Add(parsed);
        }

        var sessions = ImmutableArray.CreateBuilder<string>();
        foreach (var se in session ?? [])
        {
            if (LibraryFormats.NormalizeSession(se) is not { } normalized)
            {
                return ApiResults.Invalid("session", $"'{(se.Length > 40 ? se[..40] + "…" : se)}' is not a session of the Legislature. Write its two years, such as 2017-2018.");
            }

            sessions.Add(normalized);
        }

        var query = new LibraryQuery { Text = q, Kinds = kinds.ToImmutable(), Statuses = statuses.ToImmutable(), Sessions = sessions.ToImmutable(), Topic = string.IsNullOrWhiteSpace(topic) ? null : topic.Trim(), IncludeDrafts = drafts, Page = page, PageSize = pageSize };
        var errors = query.Validate();
        return errors.Count > 0
            ? TypedResults.ValidationProblem(errors, title: "The search was not accepted.")
            : TypedResults.Ok(await service.SearchAsync(http.User, query));
    }

    private static async Task<IResult> GetAsync(LibraryService service, HttpContext http, string entryId)
    {
        var lookup = await service.GetAsync(http.User, entryId);
        return lookup.Entry is { } entry ? TypedResults.Ok(entry) : Refused(http, lookup.Exists);
    }

    private static async Task<IResult> HistoryAsync(LibraryService service, HttpContext http, string entryId, int max = 50)
    {
        if (max is < 1 or > 200)
        {
            return ApiResults.Invalid("max", "max must be between 1 and 200.");
        }

        return await service.HistoryAsync(http.User, entryId, max) is { } history ? TypedResults.Ok(history) : Refused(http, exists: false);
    }

    private static async Task<IResult> CreateAsync(LibraryService service, HttpContext http)
    {
        var (form, error) = await ReadAsync<LibraryForm>(http.Request, EntryShape);
        if (error is not null)
        {
            return error;
        }

        var (result, id) = await service.CreateAsync(http.User, form!);
        return result.Succeeded ? TypedResults.Created($"/api/library/{id}", new EntryCreated(id!, result.Version)) : ApiResults.From(result);
    }

    private static async Task<IResult> UpdateAsync(LibraryService service, HttpContext http, string entryId)
    {
        var (form, error) = await ReadAsync<LibraryForm>(http.Request, EntryShape);
        return error ?? ApiResults.From(await service.UpdateAsync(http.User, entryId, form!));
    }

    private static async Task<IResult> PublicationAsync(LibraryService service, HttpContext http, string entryId)
    {
        var (body, error) = await ReadAsync<PublicationBody>(http.Request, "Send { \"published\": true } or false.");
        if (error is not null)
        {
            return error;
        }

        return body!.Published is { } published
            ? ApiResults.From(await service.SetPublicationAsync(http.User, entryId, published))
            : ApiResults.Invalid("published", "Send { \"published\": true } to publish or false to take the entry back to draft; nothing was changed.");
    }

    /// <summary>401 for the anonymous and 403 for others when a draft exists; 404 otherwise.</summary>
    private static IResult Refused(HttpContext http, bool exists) =>
        !exists
            ? TypedResults.Problem("No such library entry.", statusCode: StatusCodes.Status404NotFound, title: "Not found")
            : http.User.UserId() is null
                ? TypedResults.Problem("This entry is not published yet.", statusCode: StatusCodes.Status401Unauthorized, title: "Not published")
                : TypedResults.Problem("This entry is not published yet; only curators see drafts.", statusCode: StatusCodes.Status403Forbidden, title: "Not published");

    /// <summary>A JSON object body of at most 32 KB read into <typeparamref name="T"/>; a ValidationProblem on "body" for anything else.</summary>
    private static Task<(T? Body, IResult? Error)> ReadAsync<T>(HttpRequest request, string shape)
        where T : class => JsonBody.ReadAsync<T>(request, MaxBodyBytes, Json, shape);
}
