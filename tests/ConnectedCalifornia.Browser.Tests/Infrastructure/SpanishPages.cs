using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ConnectedCalifornia.Browser.Tests.Infrastructure;

/// <summary>
/// What every Spanish page visit checks (issue 18): the page is Spanish (lang, a key text, none of the English
/// resource texts), does not scroll sideways, and has no serious or critical axe violation. Failures are collected
/// so one run reports every page.
/// </summary>
public static class SpanishPages
{
    public static async Task CheckAsync(ITestOutputHelper output, IPage page, string path, string spanish, List<string> english, List<string> failures, string? screenshot)
    {
        await page.GotoInteractiveAsync(path);
        await CheckShownAsync(output, page, path, spanish, english, failures, screenshot);
    }

    /// <summary>Spanish (lang, a key text, no English resource text), no sideways scrolling, no serious axe violation.</summary>
    public static async Task CheckShownAsync(ITestOutputHelper output, IPage page, string name, string spanish, List<string> english, List<string> failures, string? screenshot)
    {
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "es");
        await Expect(page.Locator("body")).ToContainTextAsync(spanish);
        var text = await page.Locator("body").InnerTextAsync();
        var left = english.Where(e => text.Contains(e, StringComparison.Ordinal)).ToList();
        if (left.Count > 0)
        {
            failures.Add($"{name} still shows English: {string.Join(" | ", left)}");
        }

        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        if (widths[0] > widths[1])
        {
            failures.Add($"{name} is {widths[0]} px wide in a {widths[1]} px window");
        }

        var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
        Assert.True(result.Passes.Length >= 10, $"{name}: axe-core did not run");
        foreach (var violation in result.Violations)
        {
            var line = $"{name}: [{violation.Impact}] {violation.Id}: {violation.Help} — " + string.Join(" | ", violation.Nodes.Take(3).Select(n => n.Html));
            output.WriteLine(line);
            if (violation.Impact is "serious" or "critical")
            {
                failures.Add(line);
            }
        }

        if (screenshot is not null)
        {
            await Screenshots.SaveAsync(page, screenshot);
        }
    }
}
