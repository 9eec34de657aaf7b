namespace ConnectedCalifornia.Bench;

/// <summary>
/// The entry point (not top-level statements: the app's own <c>Program</c> is in scope).
/// <code>
/// dotnet run -c Release --project bench/ConnectedCalifornia.Bench -- fanout [--clients 1000] [--rate 10] [--seconds 20] [--warmup 3] [--drain 5]
/// dotnet run -c Release --project bench/ConnectedCalifornia.Bench -- durable [--concurrency 16] [--sites 64] [--seconds 15] [--warmup 10] [--postgres CONN]
/// dotnet run -c Release --project bench/ConnectedCalifornia.Bench -- circuits [--circuits 30] [--chromium /usr/bin/chromium]
/// dotnet run -c Release --project bench/ConnectedCalifornia.Bench -- directory [--organizations 100000] [--queries 5000] [--http-queries 1000]
/// dotnet run -c Release --project bench/ConnectedCalifornia.Bench -- relevance [--set docs/search/judged-queries.json]
/// dotnet run -c Release --project bench/ConnectedCalifornia.Bench -- notify [--notifications 1000] [--concurrency 16] [--events 100]
/// dotnet run -c Release --project bench/ConnectedCalifornia.Bench -- exportburst [--organizations 20000] [--exports 100] [--at-once 2] [--queue 8]
/// dotnet run -c Release --project bench/ConnectedCalifornia.Bench -- failover [--kills 2] [--rate 10] [--steady 5] [--downtime 3] [--postgres CONN]
/// </code>
/// Every mode accepts <c>--out DIR</c> (default: docs/benchmarks of the repository) and <c>--minutes N</c>, after which
/// the run is stopped (default 6; directory 30).
/// </summary>
public static class BenchMain
{
    public static async Task<int> Main(string[] args)
    {
        var options = BenchOptions.Parse(args);
        // A run that hangs is stopped. The directory benchmark at 100,000 organizations runs its LINQ
        // baseline over HTTP for minutes on a loaded 2-core machine, so it gets longer (--minutes sets any mode's).
        var minutes = options.Int("minutes", options.Mode == "directory" ? 30 : 6, 1, 240);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(minutes));
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        BenchReport report;
        switch (options.Mode)
        {
            case "fanout":
                report = await new FanoutBench(options).RunAsync(cancel.Token);
                break;
            case "durable":
                report = await new DurableBench(options).RunAsync(cancel.Token);
                break;
            case "circuits":
                report = await new CircuitsBench(options).RunAsync(cancel.Token);
                break;
            case "directory":
                report = await new DirectoryBench(options).RunAsync(cancel.Token);
                break;
            case "relevance":
                report = await new RelevanceBench(options).RunAsync(cancel.Token);
                break;
            case "notify":
                report = await new NotifyBench(options).RunAsync(cancel.Token);
                break;
            case "exportburst":
                report = await new ExportBurstBench(options).RunAsync(cancel.Token);
                break;
            case "failover":
                report = await new FailoverBench(options).RunAsync(cancel.Token);
                break;
            default:
                Console.Error.WriteLine($"Unknown mode '{options.Mode}'. Modes: fanout, durable, circuits, directory, relevance, notify, exportburst, failover.");
                return 2;
        }

        var at = DateTimeOffset.UtcNow;
        var command = "dotnet run -c Release --project bench/ConnectedCalifornia.Bench -- " + (args.Length == 0 ? "fanout" : string.Join(' ', args.Select((a, i) => i > 0 && args[i - 1] == "--postgres" ? "'<connection string>'" : a)));
        var markdown = report.ToMarkdown(at, command);
        Console.WriteLine();
        Console.WriteLine(markdown);
        Console.WriteLine("written to " + report.Write(markdown, at, options.Text("out")));
        return 0;
    }
}
