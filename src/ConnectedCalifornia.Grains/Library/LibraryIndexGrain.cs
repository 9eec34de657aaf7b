using System.Collections.Immutable;
using ConnectedCalifornia.Network;

namespace ConnectedCalifornia.Library;

[GenerateSerializer, Immutable, Alias("cc.LibraryIndexState")]
public sealed record LibraryIndexState
{
    [Id(0)]
    public ImmutableDictionary<string, LibraryIndexRow> Rows { get; init; } = ImmutableDictionary<string, LibraryIndexRow>.Empty;

    /// <summary>Grows with every row taken (stored, so it keeps growing across activations).</summary>
    [Id(1)]
    public long Version { get; init; }
}

/// <summary>
/// The library's read model (key <see cref="GrainKeys.LibraryIndex"/>): one row per entry, written by
/// the entry grains after each change and persisted, so search and lists read one grain. The library
/// holds hundreds of entries, not millions: the rows are small enough to hand over whole, and each web
/// node keeps the last ones it read (<see cref="ILibraryIndexGrain.GetRowsIfChanged"/>), so they cross
/// the wire only after a change.
/// </summary>
public sealed class LibraryIndexGrain(
    [PersistentState("library-index", StorageNames.Network)] IPersistentState<LibraryIndexState> state)
    : Grain, ILibraryIndexGrain
{
    private ImmutableArray<LibraryIndexRow>? _sorted;

    private ImmutableDictionary<string, LibraryIndexRow> Rows => state.State.Rows ?? ImmutableDictionary<string, LibraryIndexRow>.Empty;

    /// <summary>The rows in id order, sorted once per change rather than once per read.</summary>
    private ImmutableArray<LibraryIndexRow> Sorted => _sorted ??= [.. Rows.Values.OrderBy(r => r.Id, StringComparer.Ordinal)];

    public async Task Upsert(LibraryIndexRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (!Identifiers.IsValidKey(row.Id))
        {
            throw new ArgumentException($"'{row.Id}' is not a valid library entry id.", nameof(row));
        }

        if (Rows.TryGetValue(row.Id, out var held) && held.Version >= row.Version)
        {
            return;
        }

        await state.WriteOrRestoreAsync(state.State with { Rows = Rows.SetItem(row.Id, row), Version = state.State.Version + 1 });
        _sorted = null;
    }

    public Task<ImmutableArray<LibraryIndexRow>> GetRows() => Task.FromResult(Sorted);

    public Task<LibraryIndexRows?> GetRowsIfChanged(long knownVersion) =>
        Task.FromResult(knownVersion == state.State.Version ? null : new LibraryIndexRows(state.State.Version, Sorted));
}
