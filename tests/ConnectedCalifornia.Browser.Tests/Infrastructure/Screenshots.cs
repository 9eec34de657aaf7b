using System.Reflection;
using Microsoft.Playwright;

namespace ConnectedCalifornia.Browser.Tests.Infrastructure;

/// <summary>
/// Saves the screenshots the tests take. They land in docs/screenshots/ of the checkout (overwriting the
/// documented ones) only when <c>CC_UPDATE_SCREENSHOTS=1</c>: regenerating the user guide's pictures is a
/// choice, and a plain test run (CI included) leaves the working tree as it found it. Otherwise they go to
/// a folder under the system's temp directory, where a failing run's pictures can still be opened.
/// </summary>
public static class Screenshots
{
    private const string SolutionFile = "ConnectedCalifornia.sln";

    /// <summary>The checkout's folder (the one holding ConnectedCalifornia.sln).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string Directory { get; } = Environment.GetEnvironmentVariable("CC_UPDATE_SCREENSHOTS") == "1"
        ? Path.Combine(RepositoryRoot, "docs", "screenshots")
        : Path.Combine(Path.GetTempPath(), "cc-browser-tests", "screenshots");

    /// <summary>Saves a full-page PNG named <paramref name="name"/>.png and returns its path.</summary>
    public static async Task<string> SaveAsync(IPage page, string name)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, name + ".png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true, Animations = ScreenshotAnimations.Disabled });
        return path;
    }

    /// <summary>
    /// The folder holding ConnectedCalifornia.sln: found by walking up from the test binaries, or, when
    /// they are built outside the checkout (--artifacts-path), from the project folder recorded at build.
    /// </summary>
    private static string FindRepositoryRoot()
    {
        var recorded = typeof(Screenshots).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepositoryRoot")?.Value;
        foreach (var start in new[] { AppContext.BaseDirectory, recorded })
        {
            for (var dir = start is null ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException($"No {SolutionFile} above {AppContext.BaseDirectory} or {recorded}.");
    }
}
