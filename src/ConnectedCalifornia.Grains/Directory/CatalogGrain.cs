using System.Collections.Immutable;
using ConnectedCalifornia.Network;

namespace ConnectedCalifornia.Directory;

/// <summary>What a catalog grain stores: one line per participant, by id.</summary>
[GenerateSerializer, Immutable, Alias("cc.CatalogState")]
public sealed record CatalogState
{
    [Id(0)]
    public ImmutableDictionary<string, CatalogEntry> Entries { get; init; } = ImmutableDictionary<string, CatalogEntry>.Empty;
}

/// <summary>
/// A list of all organizations, task forces or initiatives (key: a GrainKeys catalog name), fed by
/// the participants' grains after every change. A line older than the one held is ignored, so
/// lines that arrive out of order never take the catalog back.
/// </summary>
public sealed class CatalogGrain(
    [PersistentState("catalog", StorageNames.Network)] IPersistentState<CatalogState> state)
    : Grain, ICatalogGrain
{
    private ImmutableArray<CatalogEntry>? _sorted;
    private CatalogStamp? _stamp;

    private ImmutableDictionary<string, CatalogEntry> Entries => state.State.Entries ?? ImmutableDictionary<string, CatalogEntry>.Empty;

    public async Task Upsert(CatalogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (!Identifiers.IsValidKey(entry.Id))
        {
            throw new ArgumentException($"'{entry.Id}' is not a valid key.", nameof(entry));
        }

        if (Entries.TryGetValue(entry.Id, out var held) && (held.Version > entry.Version || Same(held, entry)))
        {
            return;
        }

        var previous = state.State;
        _sorted = null;
        _stamp = null;
        await state.WriteOrRestoreAsync(previous with { Entries = Entries.SetItem(entry.Id, entry with { Counties = Normalize.Array(entry.Counties) }) });
    }

    public Task<ImmutableArray<CatalogEntry>> List() =>
        Task.FromResult(_sorted ??= [.. Entries.Values
            .OrderBy(e => e.Name, StringComparer.CurrentCultureIgnoreCase)
            .ThenBy(e => e.Id, StringComparer.Ordinal)]);

    public Task<int> Count() => Task.FromResult(Entries.Count);

    public Task<CatalogStamp> Stamp() =>
        Task.FromResult(_stamp ??= new CatalogStamp(Entries.Count, Entries.Values.Sum(e => e.Version)));

    private static bool Same(CatalogEntry held, CatalogEntry entry) =>
        held.Version == entry.Version && held.Name == entry.Name && held.Category == entry.Category
        && Normalize.SameItems(held.Counties, entry.Counties);
}
