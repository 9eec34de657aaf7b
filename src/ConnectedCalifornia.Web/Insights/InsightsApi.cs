using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Web.Authorization;
using ConnectedCalifornia.Web.Network;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConnectedCalifornia.Web.Insights;

/// <summary>
/// The insights API: coverage per county and service category, and the gap report. Curators and
/// system admins get the whole state, a task-force lead the counties of their task forces; anyone else 403.
/// </summary>
public static class InsightsApi
{
    public static IEndpointRouteBuilder MapInsightsApi(this IEndpointRouteBuilder app)
    {
        var insights = app.MapGroup("/api/insights").WithTags("Insights");
        insights.MapGet("/coverage", CoverageAsync).WithName("GetCoverage").RequireNetwork(NetworkAction.ViewCoverage)
            .WithSummary("Per county (FIPS) and service category: verified providers, those accepting referrals, beds total and free now; ?county=06019 for one county.");
        insights.MapGet("/gaps", GapsAsync).WithName("GetCoverageGaps").RequireNetwork(NetworkAction.ViewCoverage)
            .WithSummary("Rows (county, service category) with no verified provider in the county or any neighbouring county.");
        insights.MapGet("/referrals", ReferralsAsync).WithName("GetReferralOutcomes").RequireNetwork(NetworkAction.ViewReferralOutcomes)
            .WithSummary("Referral outcomes over the last 12 months: the state, by county, by service and by month; counts of 1-4, and counts that would reveal them, are {\"value\": null, \"suppressed\": true}. ?county=06019 for one county.");
        return app;
    }

    private static async Task<Results<Ok<ReferralOutcomesReport>, ValidationProblem, ForbidHttpResult>> ReferralsAsync(ReferralOutcomesService service, HttpContext http, string? county)
    {
        if (county is not null && !California.IsCounty(county))
        {
            return ApiResults.Invalid("county", "County is a California county's five-digit FIPS code, such as 06019 for Fresno.");
        }

        if (await service.ReportAsync(http.User) is not { } report)
        {
            return TypedResults.Forbid();
        }

        if (county is null)
        {
            return TypedResults.Ok(report);
        }

        // One county's line (and the state's): the same published counts, fewer of them; a county outside a lead's is refused.
        var one = report.ByCounty.Where(c => c.Key == county).ToArray();
        return one.Length == 0 ? TypedResults.Forbid() : TypedResults.Ok(report with { ByCounty = [.. one], ByService = [], ByMonth = [] });
    }

    private static async Task<Results<Ok<CoverageReport>, ValidationProblem, ForbidHttpResult>> CoverageAsync(CoverageService service, HttpContext http, string? county)
    {
        if (county is not null && !California.IsCounty(county))
        {
            return ApiResults.Invalid("county", "County is a California county's five-digit FIPS code, such as 06019 for Fresno.");
        }

        if (await service.CoverageAsync(http.User) is not { } report)
        {
            return TypedResults.Forbid();
        }

        if (county is null)
        {
            return TypedResults.Ok(report);
        }

        // A lead asking for a county outside their task forces is refused, not answered with an empty list.
        var one = report.Counties.Where(c => c.County == county).ToArray();
        return one.Length == 0 ? TypedResults.Forbid() : TypedResults.Ok(report with { Counties = [.. one] });
    }

    private static async Task<Results<Ok<GapReport>, ForbidHttpResult>> GapsAsync(CoverageService service, HttpContext http) =>
        await service.GapsAsync(http.User) is { } gaps ? TypedResults.Ok(gaps) : TypedResults.Forbid();
}
