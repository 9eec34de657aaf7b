using ConnectedCalifornia.Browser.Tests.Infrastructure;
using ConnectedCalifornia.Testing;
using ConnectedCalifornia.Web.Seeding;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ConnectedCalifornia.Browser.Tests.Operations;

/// <summary>
/// A task-force lead plans an operation and asks a shelter to stand by; the shelter answers in
/// another browser and the lead's screen changes without reload; then the timeline runs live.
/// </summary>
[Collection(DemoNetworkCollection.Name)]
public sealed class OperationTests(BrowserFixture fixture, ITestOutputHelper output)
{
    private const string Shelter = "Bright Orchard Youth Shelter";

    [SkippableFact]
    public async Task A_lead_plans_an_operation_a_shelter_answers_the_standby_and_the_leads_screen_updates_live()
    {
        TestEnvironment.RequireChromium();
        await using var leadContext = await fixture.NewContextAsync();
        await using var shelterContext = await fixture.NewContextAsync();
        var title = "Thursday corridor operation " + Guid.NewGuid().ToString("N")[..4];

        // The lead plans the operation from the task force's page.
        var lead = await leadContext.NewPageAsync();
        await BrowserFixture.SignInAsync(lead, $"taskforce.lead@{DemoNetworkData.UserEmailDomain}");
        await lead.GotoInteractiveAsync($"/task-forces/{DemoNetworkData.FresnoTaskForceKey}/operations/new");
        await lead.GetByLabel("Title").FillAsync(title);
        await lead.GetByLabel("General area (every participant sees this)").FillAsync("Motels along the Highway 99 corridor, north Fresno");
        await lead.GetByLabel("Exact location (law-enforcement participants only)").FillAsync("Staging: substation rear lot");
        // The first keystrokes can land while the interactive form replaces the prerendered one: type the title again once it has settled.
        await lead.GetByLabel("Title").FillAsync(title);
        await Expect(lead.GetByLabel("Title")).ToHaveValueAsync(title);
        await Screenshots.SaveAsync(lead, "operations-plan");
        await lead.GetByRole(AriaRole.Button, new() { Name = "Plan operation" }).ClickAsync();
        await Expect(lead.GetByRole(AriaRole.Heading, new() { Name = title })).ToBeVisibleAsync();
        var operationPath = new Uri(lead.Url).AbsolutePath;
        Assert.StartsWith("/operations/", operationPath, StringComparison.Ordinal);
        await lead.GotoInteractiveAsync(operationPath);
        await Expect(lead.GetByRole(AriaRole.Heading, new() { Name = title })).ToBeVisibleAsync();

        // It sends a standby request to the shelter.
        await lead.GetByRole(AriaRole.Checkbox, new() { Name = Shelter }).CheckAsync();
        await lead.GetByLabel("Expected number of people").FillAsync("6");
        await lead.GetByLabel("Ages").SelectOptionAsync("MinorsInvolved");
        await lead.GetByLabel("Housing needs").FillAsync("Emergency beds for up to 2 minors");
        await lead.GetByRole(AriaRole.Button, new() { Name = "Send standby request" }).ClickAsync();
        await Expect(lead.GetByText("Waiting for an answer")).ToBeVisibleAsync();
        await lead.EvaluateAsync("() => { window.__ccNotReloaded = true; }");

        // The shelter answers in another browser.
        var shelter = await shelterContext.NewPageAsync();
        await BrowserFixture.SignInAsync(shelter, $"shelter.staff@{DemoNetworkData.UserEmailDomain}");
        await shelter.GotoInteractiveAsync(operationPath);
        await Expect(shelter.GetByText("Shared with law-enforcement participants only", new() { Exact = false })).ToBeVisibleAsync();
        await Expect(shelter.GetByText("Staging: substation rear lot")).ToHaveCountAsync(0);
        await shelter.GetByLabel($"Answer for {Shelter}").SelectOptionAsync("Yes");
        await shelter.GetByLabel("Advocates").FillAsync("2");
        await shelter.GetByLabel("Note (optional)").FillAsync("One Spanish-speaking advocate");
        await shelter.GetByRole(AriaRole.Button, new() { Name = "Send answer" }).ClickAsync();
        await Expect(shelter.GetByTestId("standby-total")).ToContainTextAsync("2 advocates standing by");
        await Screenshots.SaveAsync(shelter, "operations-shelter-answers-standby");

        // The lead's screen shows the answer without reload.
        await Expect(lead.GetByTestId("standby-total")).ToContainTextAsync("2 advocates standing by", new() { Timeout = 15_000 });
        await Expect(lead.GetByTestId("standby-reply")).ToContainTextAsync(Shelter);
        Assert.True(await lead.EvaluateAsync<bool>("() => window.__ccNotReloaded === true"), "the lead's page reloaded instead of updating live");

        // The lead holds a bed, starts the operation and posts to the timeline; the shelter sees it live.
        if (await lead.GetByRole(AriaRole.Button, new() { Name = "Hold bed" }).CountAsync() > 0)
        {
            await lead.GetByRole(AriaRole.Button, new() { Name = "Hold bed" }).ClickAsync();
            await Expect(lead.GetByText("held until", new() { Exact = false })).ToBeVisibleAsync();
        }

        await lead.GetByRole(AriaRole.Button, new() { Name = "Start the operation (active)" }).ClickAsync();
        await lead.GetByLabel("Entry (no names)").FillAsync("Teams in position; advocates at staging");
        await lead.GetByRole(AriaRole.Button, new() { Name = "Post", Exact = true }).ClickAsync();
        await Expect(shelter.GetByTestId("timeline-entry")).ToContainTextAsync("Teams in position", new() { Timeout = 15_000 });
        await Screenshots.SaveAsync(lead, "operations-lead-live");

        var result = await lead.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        foreach (var violation in serious)
        {
            output.WriteLine($"[{violation.Impact}] {violation.Id}: {violation.Help} — " + string.Join(" | ", violation.Nodes.Take(5).Select(n => n.Html)));
        }

        Assert.True(serious.Count == 0, "Serious WCAG violations on the operation page: " + string.Join(", ", serious.Select(v => v.Id)));
    }
}
