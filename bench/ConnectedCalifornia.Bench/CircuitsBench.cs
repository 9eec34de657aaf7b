using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;

namespace ConnectedCalifornia.Bench;

/// <summary>
/// Server memory per connected Blazor circuit on the county bed board, beside the same number of
/// circuits on the smallest page of the app (the not-found page) in the same run. Real Chromium
/// pages open the circuits; the server is this process, so its managed heap (after a full
/// collection) and working set are measured before and with the circuits open.
/// </summary>
public sealed class CircuitsBench(BenchOptions options)
{
    private readonly int _circuits = options.Int("circuits", 30, 1, 200);
    private readonly string _chromium = options.Text("chromium")
        ?? Environment.GetEnvironmentVariable("CC_TEST_CHROMIUM") ?? "/usr/bin/chromium";

    public async Task<BenchReport> RunAsync(CancellationToken cancellationToken)
    {
        await using var app = new BenchAppFactory(seedDemoNetwork: true);
        var address = app.StartKestrel();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = _chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });

        // Warm both pages once so code paths, caches and the grains are loaded before measuring.
        await MeasureAsync(browser, address, "/not-found", 2, cancellationToken);
        await MeasureAsync(browser, address, "/beds/06019", 2, cancellationToken);

        var bare = await MeasureAsync(browser, address, "/not-found", _circuits, cancellationToken);
        var board = await MeasureAsync(browser, address, "/beds/06019", _circuits, cancellationToken);

        string Mb(double bytes) => (bytes / 1024 / 1024).ToString("0.00", CultureInfo.InvariantCulture);
        var table = new List<string>
        {
            "| per open circuit | county board `/beds/06019` | smallest page `/not-found` | board − smallest |",
            "|---|---:|---:|---:|",
            $"| managed heap (MB) | {Mb(board.ManagedPerCircuit)} | {Mb(bare.ManagedPerCircuit)} | {Mb(board.ManagedPerCircuit - bare.ManagedPerCircuit)} |",
            $"| process working set (MB) | {Mb(board.WorkingSetPerCircuit)} | {Mb(bare.WorkingSetPerCircuit)} | {Mb(board.WorkingSetPerCircuit - bare.WorkingSetPerCircuit)} |",
            $"| circuits open | {board.Circuits} | {bare.Circuits} | |",
        };
        return new BenchReport(
            "circuits",
            "Server memory per Blazor circuit on the county bed board",
            [
                $"{_circuits} Chromium pages (one browser context each) hold a circuit open on each page; the server is the real app in this process (embedded topology, demo network seeded)",
                "measured: managed heap after a full blocking GC, and the process working set, before opening and with all circuits open; divided by the number of circuits",
                "closed pages end their circuits at once (DisconnectedCircuitMaxRetained = 0), so the second measurement starts clean",
            ],
            table,
            ["The working-set figure includes the GC's own growth; the managed-heap figure is the circuit's state (component tree, render batches, subscriptions)."]);
    }

    private static async Task<Measurement> MeasureAsync(IBrowser browser, Uri address, string path, int count, CancellationToken cancellationToken)
    {
        var (managedBefore, workingSetBefore) = Snapshot();
        var contexts = new List<IBrowserContext>(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var context = await browser.NewContextAsync();
                contexts.Add(context);
                var page = await context.NewPageAsync();
                await page.GotoAsync(new Uri(address, path).ToString(), new() { WaitUntil = WaitUntilState.NetworkIdle, Timeout = 60_000 });
            }

            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            var (managedWith, workingSetWith) = Snapshot();
            return new Measurement(count, (double)(managedWith - managedBefore) / count, (double)(workingSetWith - workingSetBefore) / count);
        }
        finally
        {
            foreach (var context in contexts)
            {
                await context.CloseAsync();
            }

            await Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None);
        }
    }

    private static (long Managed, long WorkingSet) Snapshot()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return (GC.GetTotalMemory(forceFullCollection: true), process.WorkingSet64);
    }

    private sealed record Measurement(int Circuits, double ManagedPerCircuit, double WorkingSetPerCircuit);
}
