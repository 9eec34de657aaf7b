using ConnectedCalifornia.Network;
using Microsoft.Extensions.Logging;

namespace ConnectedCalifornia.Hosting.History;

/// <summary>
/// Deletes the announcement journal's entries older than <see cref="AdoNetAnnouncementJournal.Retention"/>: when
/// the silo becomes active, then every <see cref="PruneInterval"/>, on its own loop (a failure is logged and the
/// next run is on time). Every silo runs one; deleting what another silo already deleted is harmless.
/// </summary>
public sealed class AnnouncementJournalPruning(AdoNetAnnouncementJournal journal, TimeProvider timeProvider, ILogger<AnnouncementJournalPruning> logger)
    : PeriodicSiloSweep(timeProvider, logger)
{
    /// <summary>Time between two runs.</summary>
    public static readonly TimeSpan PruneInterval = TimeSpan.FromMinutes(10);

    /// <summary>Longest one delete may take before it is given up until the next run.</summary>
    private static readonly TimeSpan PruneTimeout = TimeSpan.FromMinutes(2);

    protected override TimeSpan Interval => PruneInterval;

    protected override async Task SweepOnceAsync()
    {
        using var timeout = new CancellationTokenSource(PruneTimeout);
        await journal.PruneAsync(timeout.Token);
    }
}
