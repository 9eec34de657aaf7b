using System.Diagnostics;

namespace ConnectedCalifornia.Bench;

/// <summary>Percentiles (nearest rank) of a set of latencies in milliseconds.</summary>
public sealed record LatencyStats(int Count, double P50, double P95, double P99, double Max, double Mean)
{
    public static LatencyStats Of(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0)
        {
            return new LatencyStats(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        var sorted = values.ToArray();
        Array.Sort(sorted);
        return new LatencyStats(sorted.Length, Rank(sorted, 0.50), Rank(sorted, 0.95), Rank(sorted, 0.99), sorted[^1], sorted.Average());
    }

    private static double Rank(double[] sorted, double p)
    {
        var index = (int)Math.Ceiling(p * sorted.Length) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Length - 1)];
    }
}

/// <summary>Monotonic time in one process: every timestamp of a run comes from here.</summary>
public static class Clock
{
    public static long Now() => Stopwatch.GetTimestamp();

    public static double Ms(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;

    public static double Seconds(long from, long to) => (to - from) / (double)Stopwatch.Frequency;

    /// <summary>Waits until a timestamp (a short sleep, then a spin-free yield loop for the last milliseconds).</summary>
    public static async Task UntilAsync(long timestamp, CancellationToken token)
    {
        while (true)
        {
            var left = Ms(Now(), timestamp);
            if (left <= 0)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(1, left)), token);
        }
    }
}
