using System.Globalization;
using System.Text.Json;
using ConnectedCalifornia.Browser.Tests.Infrastructure;
using ConnectedCalifornia.Testing;
using ConnectedCalifornia.Web.Seeding;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static ConnectedCalifornia.Browser.Tests.Infrastructure.ApiJson;
using static Microsoft.Playwright.Assertions;

namespace ConnectedCalifornia.Browser.Tests;

/// <summary>
/// Training records (issue 20) as a curator (desktop) and as the Fresno task-force lead (phone): the person's own transcript
/// with its certificates and their PDF, the Proposition 35 training-coverage page against the API's figures, and (curator)
/// an agency's staff training. The pages only read, so the shared demo app is left as found.
/// </summary>
[Collection(DemoNetworkCollection.Name)]
public sealed class TrainingTranscriptBrowserTests(BrowserFixture fixture)
{
    public static TheoryData<string, int> People => new()
    {
        { "curator", 1280 },
        { "taskforce.lead", 390 },
    };

    [SkippableTheory]
    [MemberData(nameof(People))]
    public async Task Transcript_and_training_coverage_pages_show_what_is_stored(string person, int width)
    {
        TestEnvironment.RequireChromium();
        await using var context = await fixture.SignedInContextAsync($"{person}@{DemoNetworkData.UserEmailDomain}", new ViewportSize { Width = width, Height = 900 });
        var page = context.Pages[0];
        var failures = new List<string>();
        var who = person == "curator" ? "curator" : "task-force-lead";

        // The transcript, from the menu: the rows are the stored completions; each certificate downloads as a PDF.
        await page.GotoInteractiveAsync("/account/transcript");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My training", Level = 1 })).ToBeVisibleAsync();
        var transcript = await GetJsonAsync(page, "/api/account/transcript");
        var completions = transcript.GetProperty("completions").EnumerateArray().ToList();
        if (person == "curator")
        {
            Assert.Empty(completions);
            await Expect(page.GetByText("You have not completed a training yet.")).ToBeVisibleAsync();
        }
        else
        {
            Assert.Contains(completions, c => c.GetProperty("certificateCode").GetString() == DemoTrainingData.LeadCertificate);
            await Expect(page.GetByTestId("transcript-table").Locator("tbody tr")).ToHaveCountAsync(completions.Count);
            var row = page.GetByTestId("transcript-table").Locator($"tbody tr[data-code='{DemoTrainingData.LeadCertificate}']");
            await Expect(row).ToContainTextAsync("Proposition 35");
            var href = await row.GetByTestId("certificate-pdf").GetAttributeAsync("href");
            var pdf = await context.APIRequest.GetAsync(href!);
            Assert.Equal(200, pdf.Status);
            Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString((await pdf.BodyAsync())[..4]));
            await Expect(page.GetByTestId("transcript-summary")).ToContainTextAsync(
                $"Credit hours: {transcript.GetProperty("creditHours").GetDecimal().ToString("0.##", CultureInfo.InvariantCulture)}");
        }

        failures.AddRange(await CheckAsync(page, $"/account/transcript as {person}"));
        await Screenshots.SaveAsync(page, $"training-transcript-{who}-{width}");

        // Training coverage: the state or the lead's counties, with the API's agencies, figures and untrained agencies.
        await page.GotoInteractiveAsync("/insights/training");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Proposition 35 training coverage", Level = 1 })).ToBeVisibleAsync();
        var report = await GetJsonAsync(page, "/api/insights/training");
        Assert.Equal(person == "curator", report.GetProperty("statewide").GetBoolean());
        var agencies = report.GetProperty("byAgency").EnumerateArray().ToList();
        Assert.NotEmpty(agencies);
        await Expect(page.GetByTestId("training-agencies").Locator("tbody tr")).ToHaveCountAsync(agencies.Count);
        foreach (var agency in agencies.Take(8))
        {
            var cell = page.GetByTestId("training-agencies").Locator($"tbody tr[data-key='{agency.GetProperty("key").GetString()}'] [data-measure=completions]");
            var count = agency.GetProperty("completions");
            await Expect(cell).ToHaveTextAsync(count.GetProperty("suppressed").GetBoolean()
                ? "fewer than 5 or hidden"
                : count.GetProperty("value").GetInt32().ToString(CultureInfo.InvariantCulture));
        }

        var state = report.GetProperty("state").GetProperty("completions").GetProperty("value").GetInt32();
        await Expect(page.GetByTestId("training-counties").Locator("tfoot [data-measure=completions]")).ToHaveTextAsync(state.ToString(CultureInfo.InvariantCulture));
        var untrained = report.GetProperty("noOneTrained").EnumerateArray().ToList();
        await Expect(page.GetByTestId("training-untrained").Locator("li")).ToHaveCountAsync(Math.Min(25, untrained.Count));
        if (person == "curator")
        {
            await Expect(page.GetByTestId("training-untrained").Locator("li").First).ToHaveAttributeAsync("data-law-enforcement", "true");
            await Expect(page.GetByTestId("training-untrained").Locator($"li[data-key='{DemoTrainingData.Untrained[0]}']")).ToBeVisibleAsync();
        }
        else
        {
            Assert.All(agencies, a => Assert.Contains(a.GetProperty("county").GetString(), (string[])["06019", "06031", "06039", "06107", "06029"]));
        }

        failures.AddRange(await CheckAsync(page, $"/insights/training as {person}"));
        await Screenshots.SaveAsync(page, $"training-coverage-{who}-{width}");

        if (person == "curator")
        {
            // An agency's staff training: the demo officer has the Proposition 35 training, as the records say.
            await page.GotoInteractiveAsync("/organizations/harbor-point-police-department/training");
            var staff = await GetJsonAsync(page, "/api/organizations/harbor-point-police-department/training");
            var officer = staff.GetProperty("staff").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "Det. Ray Alcantar");
            Assert.True(officer.GetProperty("prop35Trained").GetBoolean());
            await Expect(page.GetByTestId("staff-training-table").Locator($"tr[data-user='{officer.GetProperty("userId").GetString()}'] [data-measure=prop35]")).ToHaveTextAsync("Completed");
            failures.AddRange(await CheckAsync(page, "/organizations/{id}/training as curator"));
            await Screenshots.SaveAsync(page, "training-staff-curator");
        }

        Assert.True(failures.Count == 0, "Serious or critical WCAG 2.1 AA violations:\n" + string.Join("\n", failures));
    }

    private static async Task<IEnumerable<string>> CheckAsync(IPage page, string label)
    {
        var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
        Assert.True(result.Passes.Length >= 10, $"{label}: axe-core passed only {result.Passes.Length} rules; did it run?");
        return result.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{label}: [{v.Impact}] {v.Id}: {v.Help} — " + string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html)));
    }
}
