using ConnectedCalifornia.Browser.Tests.Infrastructure;
using ConnectedCalifornia.Testing;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Xunit.Abstractions;

namespace ConnectedCalifornia.Browser.Tests;

/// <summary>The public pages meet WCAG 2.1 AA as far as axe-core can tell, in a real browser.</summary>
[Collection(DemoNetworkCollection.Name)]
public sealed class AccessibilityTests(BrowserFixture fixture, ITestOutputHelper output)
{
    private static readonly string[] WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

    private static readonly string[] Blocking = ["serious", "critical"];

    [SkippableFact]
    public async Task Home_directory_organization_and_sign_in_pages_have_no_serious_wcag_violations()
    {
        TestEnvironment.RequireChromium();
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        var failures = new List<string>();

        foreach (var (path, interactive) in new[]
        {
            ("/", true),
            ("/organizations", true),
            ("/organizations/bright-orchard-youth-shelter", true),
            ("/Account/Login", false),
        })
        {
            if (interactive)
            {
                await page.GotoInteractiveAsync(path);
            }
            else
            {
                await page.GotoAsync(path);
            }

            var result = await RunWcagChecksAsync(page);
            Assert.True(result.Passes.Length >= 10, $"{path}: axe-core passed only {result.Passes.Length} rules; did it run?");
            output.WriteLine($"{path}: {result.Passes.Length} rules passed, {result.Violations.Length} violated, {result.Incomplete.Length} need review"
                + (result.Incomplete.Length > 0 ? " (" + string.Join(", ", result.Incomplete.Select(i => i.Id)) + ")" : string.Empty));
            foreach (var violation in result.Violations)
            {
                var line = $"{path}: [{violation.Impact}] {violation.Id}: {violation.Help} — "
                    + string.Join(" | ", violation.Nodes.Take(5).Select(n => n.Target?.ToString() + " " + n.Html));
                output.WriteLine(line);
                if (Blocking.Contains(violation.Impact, StringComparer.OrdinalIgnoreCase))
                {
                    failures.Add(line);
                }
            }
        }

        Assert.True(failures.Count == 0, "Serious or critical WCAG 2.1 AA violations:\n" + string.Join("\n", failures));

        // The checker itself finds what it should: an unlabeled image and button are serious violations.
        await page.SetContentAsync("<!DOCTYPE html><html lang=\"en\"><body><main><h1>Probe</h1><img src=\"x.png\"><button></button></main></body></html>");
        var probe = await RunWcagChecksAsync(page);
        Assert.Contains(probe.Violations, v => v.Id == "image-alt" && Blocking.Contains(v.Impact));
        Assert.Contains(probe.Violations, v => v.Id == "button-name" && Blocking.Contains(v.Impact));
    }

    private static Task<AxeResult> RunWcagChecksAsync(Microsoft.Playwright.IPage page) =>
        page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. WcagTags] } });
}
