using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ConnectedCalifornia.Web.Insights;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ConnectedCalifornia.Web.Tests.Insights;

/// <summary>
/// The coverage and gap API through the real app (sign-in, policies, directory index, capacity index):
/// who gets which counties, and that the figures are the directory's and the bed board's own.
/// </summary>
public sealed class CoverageApiTests(SeededAppFixture app) : IClassFixture<SeededAppFixture>
{
    private const string Fresno = "06019";
    private const string LosAngeles = "06037";
    private static readonly string[] FresnoTaskForceCounties = ["06019", "06031", "06039", "06107"]; // Fresno, Kings, Madera, Tulare

    [Fact]
    public async Task Coverage_a_curator_gets_all_58_counties_with_the_directorys_and_the_bed_boards_figures()
    {
        var (curator, _) = await app.ClientForAsync(MatrixRole.Curator.Email());

        var response = await curator.GetAsync("/api/insights/coverage");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = (await response.Content.ReadFromJsonAsync<CoverageReport>(TestJson.Options))!;
        Assert.True(report.Statewide);
        Assert.Equal(58, report.Counties.Length);
        var fresno = report.Counties.Single(c => c.County == Fresno);

        // The public directory search agrees: verified organizations serving Fresno, and per service.
        Assert.True(fresno.VerifiedProviders > 0);
        Assert.Equal(await DirectoryCountAsync(curator, $"county={Fresno}&verified=true"), fresno.VerifiedProviders);
        Assert.Equal(await DirectoryCountAsync(curator, $"county={Fresno}&verified=true&accepting=true"), fresno.AcceptingReferrals);
        foreach (var category in fresno.Categories)
        {
            Assert.Equal(await DirectoryCountAsync(curator, $"county={Fresno}&verified=true&service={category.Category}"), category.VerifiedProviders);
        }

        // The bed board's public county summary agrees on beds.
        var capacity = await curator.GetFromJsonAsync<JsonElement>($"/api/capacity/counties/{Fresno}", TestJson.Options);
        var beds = capacity.GetProperty("categories").EnumerateArray()
            .Where(c => ConnectedCalifornia.Capacity.CapacityCategories.IsBed(c.GetProperty("category").GetString())).ToList();
        Assert.True(fresno.BedsTotal > 0);
        Assert.Equal(beds.Sum(c => c.GetProperty("total").GetInt32()), fresno.BedsTotal);
        Assert.Equal(beds.Sum(c => c.GetProperty("availableNow").GetInt32()), fresno.BedsFreeNow);
    }

    [Fact]
    public async Task Coverage_a_task_force_lead_gets_only_the_counties_of_their_task_force_and_is_refused_another()
    {
        var (lead, _) = await app.ClientForAsync(MatrixRole.TaskForceLead.Email());
        var taskForce = await lead.GetFromJsonAsync<JsonElement>($"/api/task-forces/{AuthorizationMatrix.TaskForce}", TestJson.Options);
        var stored = taskForce.GetProperty("profile").GetProperty("counties").EnumerateArray().Select(c => c.GetString()!).Order().ToArray();
        Assert.Equal(FresnoTaskForceCounties, stored);

        var report = (await lead.GetFromJsonAsync<CoverageReport>("/api/insights/coverage", TestJson.Options))!;
        Assert.False(report.Statewide);
        Assert.Equal(stored, report.Counties.Select(c => c.County).Order().ToArray());

        var gaps = (await lead.GetFromJsonAsync<GapReport>("/api/insights/gaps", TestJson.Options))!;
        Assert.All(gaps.Gaps, g => Assert.Contains(g.County, stored));

        var one = (await lead.GetFromJsonAsync<CoverageReport>($"/api/insights/coverage?county={Fresno}", TestJson.Options))!;
        Assert.Equal(Fresno, Assert.Single(one.Counties).County);
        Assert.Equal(HttpStatusCode.Forbidden, (await lead.GetAsync($"/api/insights/coverage?county={LosAngeles}")).StatusCode);
    }

    [Fact]
    public async Task Coverage_is_refused_to_organization_staff_and_task_force_members_and_asks_anonymous_callers_to_sign_in()
    {
        foreach (var role in new[] { MatrixRole.ShelterStaff, MatrixRole.ShelterAdmin, MatrixRole.TaskForceMember, MatrixRole.LawEnforcementStaff })
        {
            var (client, _) = await app.ClientForAsync(role.Email());
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/insights/coverage")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/insights/gaps")).StatusCode);
        }

        var (anonymous, _) = await app.ClientForAsync(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/insights/coverage")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/insights/gaps")).StatusCode);
    }

    [Fact]
    public async Task Coverage_of_a_county_that_is_not_californian_is_a_field_error()
    {
        var (curator, _) = await app.ClientForAsync(MatrixRole.Curator.Email());

        var response = await curator.GetAsync("/api/insights/coverage?county=99999");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("county", out _));
    }

    [Fact]
    public async Task Coverage_gap_rows_are_the_statewide_report_s_gaps_and_follow_a_change_of_verification()
    {
        var (curator, _) = await app.ClientForAsync(MatrixRole.Curator.Email());
        var report = (await curator.GetFromJsonAsync<CoverageReport>("/api/insights/coverage", TestJson.Options))!;
        var gaps = (await curator.GetFromJsonAsync<GapReport>("/api/insights/gaps", TestJson.Options))!;
        Assert.True(gaps.Statewide);
        Assert.Equal(report.Counties.Sum(c => c.Gaps), gaps.Gaps.Length);
        foreach (var gap in gaps.Gaps)
        {
            var county = report.Counties.Single(c => c.County == gap.County);
            var cell = county.Categories.Single(x => x.Category == gap.Category);
            Assert.Equal((0, 0), (cell.VerifiedProviders, cell.NeighbourProviders));
        }

        // Suspending Bright Orchard (verified, serves Fresno) takes it out of Fresno's verified providers, through
        // the organization's announcement into the directory index; verifying it again puts it back.
        var before = report.Counties.Single(c => c.County == Fresno).VerifiedProviders;
        try
        {
            (await curator.PutAsJsonAsync($"/api/organizations/{AuthorizationMatrix.Org}/verification", new { status = "Suspended" })).EnsureSuccessStatusCode();
            await Eventually.TrueAsync(async () => await FresnoVerifiedAsync(curator) == before - 1, what: "Fresno loses a verified provider");
        }
        finally
        {
            (await curator.PutAsJsonAsync($"/api/organizations/{AuthorizationMatrix.Org}/verification", new { status = "Verified" })).EnsureSuccessStatusCode();
        }

        await Eventually.TrueAsync(async () => await FresnoVerifiedAsync(curator) == before, what: "Fresno has its verified provider back");
    }

    [Fact]
    public void Coverage_adjacency_of_the_running_app_is_derived_once_from_its_county_map()
    {
        var adjacency = app.Factory.Services.GetRequiredService<CountyAdjacency>();

        Assert.Same(adjacency, app.Factory.Services.GetRequiredService<CountyAdjacency>());
        Assert.True(adjacency.AreNeighbours("06037", "06059")); // Los Angeles–Orange
        Assert.True(adjacency.AreNeighbours("06075", "06081")); // San Francisco–San Mateo
        Assert.False(adjacency.AreNeighbours("06037", "06073")); // Los Angeles–San Diego
    }

    private static async Task<int> FresnoVerifiedAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<CoverageReport>($"/api/insights/coverage?county={Fresno}", TestJson.Options))!.Counties.Single().VerifiedProviders;

    private static async Task<int> DirectoryCountAsync(HttpClient client, string query) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/directory?{query}&pageSize=1")).GetProperty("totalItems").GetInt32();
}
