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
        insights.MapGet("/capacity", CapacityAsync).WithName("GetCapacityTrend").RequireNetwork(NetworkAction.ViewCapacityTrend)
            .WithSummary("Capacity over time: free beds, occupancy, fresh counts and nights with no free bed, per day (7, 30 days) or week (90, 365 days) and per county; ?county=06019&category=minors&days=90. A county with fewer than 3 sites in the category is marked tooFew, without figures.");
        insights.MapGet("/training", TrainingAsync).WithName("GetTrainingCoverage").RequireNetwork(NetworkAction.ViewTrainingCoverage)
            .WithSummary("Proposition 35 training coverage: completions, people trained, people with the Proposition 35 training and credit hours for the state, by county and by agency, and the agencies where no one is trained; counts of 1-4, and counts that would reveal them, are {\"value\": null, \"suppressed\": true}. ?county=06019 for one county.");
        return app;
    }

    private static async Task<Results<Ok<TrainingCoverageReport>, ValidationProblem, ForbidHttpResult>> TrainingAsync(TrainingCoverageService service, HttpContext http, string? county)
    {
        if (county is not null && !California.IsCounty(county))
        {
            return ApiResults.Invalid("county", "County is a California county's five-digit FIPS code, such as 06019 for Fresno.");
        }

        if (await service.ScopeAsync(http.User) is not { } scope || county is not null && !scope.Counties.Contains(county)
            || await service.ReportAsync(http.User) is not { } report)
        {
            return TypedResults.Forbid();
        }

        return TypedResults.Ok(county is null ? report : TrainingCoverageModel.Within(report, new HashSet<string> { county }) with { Statewide = report.Statewide });
    }

    private static async Task<Results<Ok<CapacityTrendReport>, ValidationProblem, ForbidHttpResult>> CapacityAsync(
        CapacityTrendService service, HttpContext http, string? county, string? category, string? days)
    {
        var (query, errors) = CapacityTrendQuery.Parse(county, category, days);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The request was not accepted; nothing was changed.");
        }

        // A lead asking for a county outside their task forces is refused, not answered with an empty line.
        if (await service.ScopeAsync(http.User) is not { } scope || query.County is { } one && !scope.Counties.Contains(one))
        {
            return TypedResults.Forbid();
        }

        var report = await service.ReportAsync(scope, query.County, query.Category, query.Days);
        return TypedResults.Ok(query.County is null ? report : report with { Counties = [.. report.Counties.Where(c => c.Key == query.County)] });
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
