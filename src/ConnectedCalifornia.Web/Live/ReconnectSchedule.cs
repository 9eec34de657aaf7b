using System.Globalization;

namespace ConnectedCalifornia.Web.Live;

/// <summary>
/// When a client that lost its connection tries again: at once, then after 1, 2, 3 and 4 seconds, then every 4 to
/// 5 seconds (a random part spreads the clients of a node that comes back) for as long as it takes. So the first
/// tries fall within the first 2 seconds, no wait is ever longer than 5 seconds, and a client is back within about
/// 5 seconds of its node (or another behind the same address) answering again. The one schedule for the Blazor
/// circuits (<see cref="BlazorStartScript"/>), the .NET hub clients (an <c>IRetryPolicy</c> that returns
/// <see cref="Next"/>) and the JavaScript hub clients (docs/api.md shows the policy object).
/// </summary>
public static class ReconnectSchedule
{
    /// <summary>The first waits, in milliseconds, by the number of tries already made.</summary>
    public static readonly IReadOnlyList<int> FirstMilliseconds = [0, 1000, 2000, 3000, 4000];

    /// <summary>After the first waits: this long ...</summary>
    public const int SteadyMilliseconds = 4000;

    /// <summary>... plus a random part below this.</summary>
    public const int JitterMilliseconds = 1000;

    /// <summary>How many times a Blazor circuit tries before it shows "failed" (about an hour and a half).</summary>
    public const int BlazorMaxRetries = 1200;

    /// <summary>The wait before the next try, after <paramref name="previousRetries"/> tries; never null: clients keep trying.</summary>
    public static TimeSpan Next(long previousRetries, Random? random = null) =>
        TimeSpan.FromMilliseconds(previousRetries < FirstMilliseconds.Count
            ? FirstMilliseconds[(int)Math.Max(0, previousRetries)]
            : SteadyMilliseconds + (random ?? Random.Shared).Next(JitterMilliseconds));

    /// <summary>
    /// The script that starts Blazor (blazor.web.js is loaded with <c>autostart="false"</c>) with this schedule
    /// for the circuit's reconnection.
    /// </summary>
    public static string BlazorStartScript { get; } = string.Create(CultureInfo.InvariantCulture, $$"""
        (() => {
          const first = [{{string.Join(",", FirstMilliseconds)}}];
          Blazor.start({
            circuit: {
              reconnectionOptions: {
                maxRetries: {{BlazorMaxRetries}},
                retryIntervalMilliseconds: previous => previous < first.length ? first[previous] : {{SteadyMilliseconds}} + Math.floor(Math.random() * {{JitterMilliseconds}})
              }
            }
          });
        })();
        """);
}
