using System.Collections.Immutable;
using ConnectedCalifornia.Library;
using ConnectedCalifornia.Network;

namespace ConnectedCalifornia.Web.Library;

/// <summary>
/// This node's copy of the library index's rows. Every read still asks the index grain, with the
/// version held, so a search never shows less than the grain holds; the rows themselves are sent
/// only when the index changed since (see <see cref="ILibraryIndexGrain.GetRowsIfChanged"/>).
/// </summary>
public sealed class LibraryIndexCache(IGrainFactory grains)
{
    private LibraryIndexRows _held = new(-1, []);

    public async Task<ImmutableArray<LibraryIndexRow>> RowsAsync()
    {
        var held = Volatile.Read(ref _held);
        if (await grains.GetGrain<ILibraryIndexGrain>(GrainKeys.LibraryIndex).GetRowsIfChanged(held.Version) is not { } newer)
        {
            return held.Rows;
        }

        // Keep the newest of what concurrent reads brought back.
        while (newer.Version > held.Version && Interlocked.CompareExchange(ref _held, newer, held) != held)
        {
            held = Volatile.Read(ref _held);
        }

        return newer.Rows;
    }
}
