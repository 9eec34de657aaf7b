using System.Collections.Immutable;
using ConnectedCalifornia.Network;

namespace ConnectedCalifornia.Library;

[GenerateSerializer, Immutable, Alias("cc.LibraryIndexState")]
public sealed record LibraryIndexState
{
    [Id(0)]
    public ImmutableDictionary<string, LibraryIndexRow> Rows { get; init; } = ImmutableDictionary<string, LibraryIndexRow>.Empty;
}

/// <summary>
/// The library's read model (key <see cref="GrainKeys.LibraryIndex"/>): one row per entry, written by
/// the entry grains after each change and persisted, so search and lists read one grain. The library
/// holds hundreds of entries, not millions: the rows are small enough to hand over whole.
/// </summary>
public sealed class LibraryIndexGrain(
    [PersistentState("library-index", StorageNames.Network)] IPersistentState<LibraryIndexState> state)
    : Grain, ILibraryIndexGrain
{
    private ImmutableDictionary<string, LibraryIndexRow> Rows => state.State.Rows ?? ImmutableDictionary<string, LibraryIndexRow>.Empty;

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

        state.State = state.State with { Rows = Rows.SetItem(row.Id, row) };
        await state.WriteStateAsync();
    }

    public Task<ImmutableArray<LibraryIndexRow>> GetRows() =>
        Task.FromResult(Rows.Values.OrderBy(r => r.Id, StringComparer.Ordinal).ToImmutableArray());
}
