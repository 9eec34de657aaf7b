using System.Collections.Immutable;
using ConnectedCalifornia.Directory;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ConnectedCalifornia.Web.Directory;

/// <summary>The public directory search: <c>GET /api/directory</c>, no account needed.</summary>
public static class DirectoryApi
{
    public static IEndpointRouteBuilder MapDirectoryApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/directory", SearchAsync).WithName("SearchDirectory").WithTags("Directory").AllowAnonymous()
            .WithSummary("Searches the public directory: free text and facets (service, population, language, county, kind, accepting referrals, verified, open now in Pacific time), paged, by relevance or name, with facet counts.");
        return app;
    }

    private static async Task<Results<Ok<DirectoryResults>, ValidationProblem>> SearchAsync(
        DirectoryIndex index,
        TaxonomyCache taxonomy,
        DirectoryClock clock,
        string? q,
        [FromQuery] string[]? service,
        [FromQuery] string[]? population,
        [FromQuery] string[]? language,
        [FromQuery] string[]? county,
        [FromQuery] string[]? kind,
        bool accepting = false,
        bool verified = false,
        bool openNow = false,
        string? sort = null,
        int page = 1,
        int pageSize = 20)
    {
        var kinds = ImmutableArray.CreateBuilder<OrganizationKind>();
        foreach (var k in kind ?? [])
        {
            if (!Enum.TryParse<OrganizationKind>(k, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(k, out _))
            {
                return TypedResults.ValidationProblem(
                    new Dictionary<string, string[]> { ["kind"] = [$"Unknown kind '{Short(k)}'. Use one of: {string.Join(", ", Enum.GetNames<OrganizationKind>())}."] },
                    title: "The search was not accepted.");
            }

            kinds.Add(parsed);
        }

        var order = sort?.ToLowerInvariant() switch
        {
            null or "" or "relevance" => DirectorySort.Relevance,
            "name" => DirectorySort.Name,
            _ => (DirectorySort)(-1),
        };
        var query = new DirectoryQuery
        {
            Text = q,
            Services = [.. service ?? []],
            Populations = [.. population ?? []],
            Languages = [.. language ?? []],
            Counties = [.. county ?? []],
            Kinds = kinds.ToImmutable(),
            AcceptingReferralsOnly = accepting,
            VerifiedOnly = verified,
            OpenAt = openNow ? clock.PacificNow() : null,
            Sort = order,
            Page = page,
            PageSize = pageSize,
        };
        var errors = query.Validate(await taxonomy.GetAsync());
        return errors.Count > 0
            ? TypedResults.ValidationProblem(errors, title: "The search was not accepted.")
            : TypedResults.Ok(await index.SearchAsync(query));
    }

    private static string Short(string value) => value.Length > 40 ? value[..40] + "…" : value;
}
