using ConnectedCalifornia.Web.Components.Shared;

namespace ConnectedCalifornia.Web.Directory;

/// <summary>The time "open now" is computed at: the network clock, read as a wall-clock time in America/Los_Angeles.</summary>
public sealed class DirectoryClock(TimeProvider clock)
{
    public DateTime PacificNow() => Pacific.ToPacific(clock.GetUtcNow()).DateTime;
}
