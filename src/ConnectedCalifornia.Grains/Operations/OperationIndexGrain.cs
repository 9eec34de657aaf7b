using System.Collections.Immutable;
using ConnectedCalifornia.Network;
using Microsoft.Extensions.DependencyInjection;

namespace ConnectedCalifornia.Operations;

/// <summary>
/// The operations' read model (key <see cref="OperationKeys.Index"/>): one persisted row per
/// operation, written by the operation grains after each change of plan, status or participants.
/// It finds overlapping operations for deconfliction; it is never shown unfiltered.
/// </summary>
public sealed class OperationIndexGrain(
    [PersistentState("operation-index", StorageNames.Network)] IPersistentState<OperationIndexState> state)
    : Grain, IOperationIndexGrain
{
    public async Task<ImmutableArray<OperationIndexRow>> Upsert(OperationIndexRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var rows = state.State.Rows ?? ImmutableDictionary<string, OperationIndexRow>.Empty;
        if (!rows.TryGetValue(row.Id, out var existing) || existing != row)
        {
            state.State = state.State with { Rows = rows.SetItem(row.Id, row) };
            await state.WriteStateAsync();
        }

        return [.. state.State.Rows!.Values.Where(row.Overlaps).OrderBy(r => r.Id, StringComparer.Ordinal)];
    }

    public async Task SetNextItemDue(string operationId, DateTimeOffset? due)
    {
        ArgumentNullException.ThrowIfNull(operationId);
        var items = state.State.ItemsDue ?? ImmutableDictionary<string, DateTimeOffset>.Empty;
        var next = due is { } at ? items.SetItem(operationId, at) : items.Remove(operationId);
        if (next != items)
        {
            state.State = state.State with { ItemsDue = next };
            await state.WriteStateAsync();
        }
    }

    public Task<ImmutableArray<string>> GetItemsDue(DateTimeOffset now) =>
        Task.FromResult((state.State.ItemsDue ?? ImmutableDictionary<string, DateTimeOffset>.Empty)
            .Where(i => i.Value <= now).Select(i => i.Key).Order(StringComparer.Ordinal).ToImmutableArray());

    public Task<ImmutableArray<OperationIndexRow>> List() =>
        Task.FromResult((state.State.Rows ?? ImmutableDictionary<string, OperationIndexRow>.Empty).Values.ToImmutableArray());
}
