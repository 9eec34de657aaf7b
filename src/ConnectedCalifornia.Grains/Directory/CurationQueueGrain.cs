using System.Collections.Immutable;
using ConnectedCalifornia.Network;

namespace ConnectedCalifornia.Directory;

/// <summary>What the curators' queue stores: one line per organization with an open change request.</summary>
[GenerateSerializer, Immutable, Alias("cc.CurationQueueState")]
public sealed record CurationQueueState
{
    [Id(0)]
    public ImmutableDictionary<string, CurationQueueEntry> Entries { get; init; } = ImmutableDictionary<string, CurationQueueEntry>.Empty;
}

/// <summary>
/// The curators' queue (key <see cref="GrainKeys.CurationQueue"/>), a read model fed by the organization
/// grains after each change of their request. Lines carry the organization's version, so a line older
/// than the one held never takes the queue back. The details of a request are always read from the
/// organization itself.
/// </summary>
public sealed class CurationQueueGrain(
    [PersistentState("curation-queue", StorageNames.Network)] IPersistentState<CurationQueueState> state)
    : Grain, ICurationQueueGrain
{
    private ImmutableArray<CurationQueueEntry>? _sorted;

    private ImmutableDictionary<string, CurationQueueEntry> Entries => state.State.Entries ?? ImmutableDictionary<string, CurationQueueEntry>.Empty;

    public async Task Set(CurationQueueEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (!Identifiers.IsValidKey(entry.OrganizationId))
        {
            throw new ArgumentException($"'{entry.OrganizationId}' is not a valid key.", nameof(entry));
        }

        if (Entries.TryGetValue(entry.OrganizationId, out var held) && (held.Version >= entry.Version))
        {
            return;
        }

        await WriteAsync(Entries.SetItem(entry.OrganizationId, entry));
    }

    public async Task Remove(string organizationId, long version)
    {
        if (Entries.TryGetValue(organizationId ?? string.Empty, out var held) && held.Version <= version)
        {
            await WriteAsync(Entries.Remove(organizationId!));
        }
    }

    public Task<ImmutableArray<CurationQueueEntry>> List() =>
        Task.FromResult(_sorted ??= [.. Entries.Values.OrderByDescending(e => e.UpdatedAt).ThenBy(e => e.OrganizationId, StringComparer.Ordinal)]);

    private async Task WriteAsync(ImmutableDictionary<string, CurationQueueEntry> entries)
    {
        var previous = state.State;
        _sorted = null;
        await state.WriteOrRestoreAsync(previous with { Entries = entries });
    }
}
