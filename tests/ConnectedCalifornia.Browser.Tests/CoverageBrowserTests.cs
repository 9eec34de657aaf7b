using System.Globalization;
using System.Text.Json;
using ConnectedCalifornia.Browser.Tests.Infrastructure;
using ConnectedCalifornia.Testing;
using ConnectedCalifornia.Web.Seeding;
using Microsoft.Playwright;
using static ConnectedCalifornia.Browser.Tests.Infrastructure.ApiJson;
using static Microsoft.Playwright.Assertions;

namespace ConnectedCalifornia.Browser.Tests;

/// <summary>
/// The coverage page (issue 20) as a curator (all 58 counties) and as the Fresno task-force lead (the task
/// force's four counties), on a desktop and on a phone: every figure shown is the one the API gives the same
/// person. The page only reads, so the shared demo app is left as found.
/// </summary>
[Collection(DemoNetworkCollection.Name)]
public sealed class CoverageBrowserTests(BrowserFixture fixture)
{
    private const string Fresno = "06019";

    public static TheoryData<string, int> People => new()
    {
        { "curator", 1280 },
        { "curator", 390 },
        { "taskforce.lead", 1280 },
        { "taskforce.lead", 390 },
    };

    [SkippableTheory]
    [MemberData(nameof(People))]
    public async Task Coverage_page_shows_the_apis_figures_for_each_county_the_detail_and_the_gaps(string person, int width)
    {
        TestEnvironment.RequireChromium();
        await using var context = await fixture.SignedInContextAsync($"{person}@{DemoNetworkData.UserEmailDomain}", new ViewportSize { Width = width, Height = 900 });
        var page = context.Pages[0];

        await page.GotoInteractiveAsync($"/insights/coverage?county={Fresno}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Coverage and gaps", Level = 1 })).ToBeVisibleAsync();

        var coverage = await GetJsonAsync(page, "/api/insights/coverage");
        var counties = coverage.GetProperty("counties").EnumerateArray().ToList();
        if (person == "curator")
        {
            Assert.Equal(58, counties.Count);
        }
        else
        {
            // The Fresno task force's four counties, and those of any task force another test of the shared demo made
            // this lead lead (SetUpThroughTheProductTests adds one in Kern): never the whole state, never Los Angeles.
            var theirs = counties.Select(c => c.GetProperty("county").GetString()!).ToHashSet();
            Assert.Superset(new HashSet<string> { "06019", "06031", "06039", "06107" }, theirs);
            Assert.DoesNotContain("06037", theirs);
            Assert.True(counties.Count < 58);
        }

        var rows = page.GetByTestId("coverage-counties").Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(counties.Count);
        foreach (var county in counties)
        {
            var row = page.GetByTestId("coverage-counties").Locator($"tr[data-county='{county.GetProperty("county").GetString()}']");
            await Expect(row.Locator("th")).ToHaveTextAsync(county.GetProperty("countyName").GetString()!);
            await Expect(row.Locator("[data-measure=verified]")).ToHaveTextAsync(Number(county, "verifiedProviders"));
            await Expect(row.Locator("[data-measure=accepting]")).ToHaveTextAsync(Number(county, "acceptingReferrals"));
            await Expect(row.Locator("[data-measure=gaps]")).ToHaveTextAsync(Number(county, "gaps"));
            var beds = county.GetProperty("beds").GetArrayLength() == 0 ? "—" : $"{Number(county, "bedsFreeNow")} of {Number(county, "bedsTotal")}";
            await Expect(row.Locator("[data-measure=beds]")).ToHaveTextAsync(beds);
        }

        if (person != "curator")
        {
            await Expect(page.Locator("tr[data-county='06037']")).ToHaveCountAsync(0); // Los Angeles is not the lead's
        }

        // The drill-down of Fresno: one row per service category with the API's counts.
        var fresno = counties.Single(c => c.GetProperty("county").GetString() == Fresno);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Fresno County" })).ToBeVisibleAsync();
        var categories = fresno.GetProperty("categories").EnumerateArray().ToList();
        await Expect(page.GetByTestId("coverage-categories").Locator("tbody tr")).ToHaveCountAsync(categories.Count);
        foreach (var category in categories)
        {
            var row = page.GetByTestId("coverage-categories").Locator($"tr[data-category='{category.GetProperty("category").GetString()}']");
            await Expect(row.Locator("[data-measure=verified]")).ToHaveTextAsync(Number(category, "verifiedProviders"));
            await Expect(row.Locator("[data-measure=accepting]")).ToHaveTextAsync(Number(category, "acceptingReferrals"));
            await Expect(row.Locator("[data-measure=neighbours]")).ToHaveTextAsync(Number(category, "neighbourProviders"));
        }

        foreach (var bed in fresno.GetProperty("beds").EnumerateArray())
        {
            var row = page.GetByTestId("coverage-beds").Locator($"tr[data-category='{bed.GetProperty("category").GetString()}']");
            await Expect(row.Locator("[data-measure=free]")).ToHaveTextAsync(Number(bed, "freeNow"));
            await Expect(row.Locator("[data-measure=total]")).ToHaveTextAsync(Number(bed, "total"));
        }

        // The gap list is the API's gap report, one row per county with its services.
        var gaps = (await GetJsonAsync(page, "/api/insights/gaps")).GetProperty("gaps").EnumerateArray().ToList();
        if (gaps.Count == 0)
        {
            await Expect(page.GetByText("No gaps: every service has a verified provider in or next to each county.")).ToBeVisibleAsync();
        }

        foreach (var county in gaps.GroupBy(g => g.GetProperty("county").GetString()))
        {
            var row = page.GetByTestId("coverage-gaps").Locator($"tr[data-county='{county.Key}']");
            await Expect(row).ToHaveAttributeAsync("data-gaps", county.Count().ToString(CultureInfo.InvariantCulture));
            foreach (var gap in county)
            {
                await Expect(row.Locator("td")).ToContainTextAsync(gap.GetProperty("categoryLabel").GetString()!);
            }
        }

        await Expect(page.GetByTestId("coverage-gaps").Locator("tbody tr")).ToHaveCountAsync(gaps.Select(g => g.GetProperty("county").GetString()).Distinct().Count());

        var who = person == "curator" ? "curator" : "task-force-lead";
        await Screenshots.SaveAsync(page, $"coverage-{who}-{width}");

        // Colouring by gaps: the map's Fresno shape carries the number of gaps the API gives.
        await page.Locator(".cc-coverage-measure").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Gaps" }).ClickAsync();
        await Expect(page.Locator($"svg path[data-fips='{Fresno}']")).ToHaveAttributeAsync("data-value", Number(fresno, "gaps"));
        if (person != "curator")
        {
            await Expect(page.Locator("svg path[data-fips='06037']")).Not.ToHaveAttributeAsync("data-value", new System.Text.RegularExpressions.Regex(".*"));
        }
    }

    [SkippableFact]
    public async Task Coverage_is_not_offered_to_organization_staff()
    {
        TestEnvironment.RequireChromium();
        await using var context = await fixture.SignedInContextAsync($"shelter.staff@{DemoNetworkData.UserEmailDomain}");
        var page = context.Pages[0];
        await page.GotoInteractiveAsync("/");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Coverage and gaps" })).ToHaveCountAsync(0);

        await page.GotoAsync("/insights/coverage");
        await Expect(page.GetByTestId("coverage-counties")).ToHaveCountAsync(0);
    }

    [SkippableFact]
    public async Task Coverage_page_reads_in_spanish_with_the_same_figures()
    {
        TestEnvironment.RequireChromium();
        await using var context = await fixture.SignedInContextAsync($"taskforce.lead@{DemoNetworkData.UserEmailDomain}", new ViewportSize { Width = 390, Height = 900 });
        await fixture.UseSpanishAsync(context);
        var page = context.Pages[0];

        await page.GotoInteractiveAsync($"/insights/coverage?county={Fresno}");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Cobertura y carencias", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Condado de Fresno" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("coverage-counties").Locator("thead")).ToContainTextAsync("Verificados");
        var fresno = (await GetJsonAsync(page, $"/api/insights/coverage?county={Fresno}")).GetProperty("counties")[0];
        await Expect(page.GetByTestId("coverage-counties").Locator($"tr[data-county='{Fresno}'] [data-measure=verified]")).ToHaveTextAsync(Number(fresno, "verifiedProviders"));
        await Screenshots.SaveAsync(page, "coverage-task-force-lead-spanish-390");
    }

    private static string Number(JsonElement e, string property) => e.GetProperty(property).GetInt32().ToString(CultureInfo.InvariantCulture);
}
