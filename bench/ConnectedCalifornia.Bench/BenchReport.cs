using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace ConnectedCalifornia.Bench;

/// <summary>The figures of one mode, printed and written to <c>docs/benchmarks/&lt;mode&gt;-&lt;date&gt;.md</c>.</summary>
public sealed record BenchReport(string Mode, string Title, IReadOnlyList<string> Parameters, IReadOnlyList<string> Table, IReadOnlyList<string> Notes)
{
    public string ToMarkdown(DateTimeOffset at, string command)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# Benchmark: {Title}");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"- date: {at:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine(CultureInfo.InvariantCulture, $"- machine: {Environment.ProcessorCount} logical CPUs, {RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture})");
        text.AppendLine(CultureInfo.InvariantCulture, $"- runtime: {RuntimeInformation.FrameworkDescription}, server GC: {System.Runtime.GCSettings.IsServerGC}");
        text.AppendLine(CultureInfo.InvariantCulture, $"- command: `{command}`");
        if (LoadAverage() is { } load)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- load average when the run ended (1, 5, 15 min): {load} (other work on the shared machine)");
        }

        text.AppendLine();
        text.AppendLine("## Parameters");
        text.AppendLine();
        foreach (var parameter in Parameters)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {parameter}");
        }

        text.AppendLine();
        text.AppendLine("## Results");
        text.AppendLine();
        foreach (var line in Table)
        {
            text.AppendLine(line);
        }

        text.AppendLine();
        foreach (var note in Notes)
        {
            text.AppendLine(note);
            text.AppendLine();
        }

        return text.ToString();
    }

    /// <summary>The machine's load averages from /proc/loadavg ("1.20, 3.40, 5.10"), or null where there is none.</summary>
    public static string? LoadAverage()
    {
        try
        {
            var parts = File.ReadAllText("/proc/loadavg").Split(' ');
            return parts.Length >= 3 ? $"{parts[0]}, {parts[1]}, {parts[2]}" : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Writes the report under the repository's docs/benchmarks (or the given directory); returns the path.</summary>
    public string Write(string markdown, DateTimeOffset at, string? directory)
    {
        directory ??= Path.Combine(FindRepositoryRoot(), "docs", "benchmarks");
        System.IO.Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{Mode}-{at:yyyy-MM-dd}.md");
        File.WriteAllText(path, markdown);
        return path;
    }

    public static string FindRepositoryRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "ConnectedCalifornia.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        return Environment.CurrentDirectory;
    }
}
