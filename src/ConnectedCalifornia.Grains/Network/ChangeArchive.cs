using System.Collections.Immutable;
using ConnectedCalifornia.Directory;

namespace ConnectedCalifornia.Network;

/// <summary>The change records of one version of one entity (a site, ...), as one unit of the archive.</summary>
[GenerateSerializer, Immutable, Alias("cc.VersionedChange")]
public sealed record VersionedChange(
    [property: Id(0)] long Version,
    [property: Id(1)] ImmutableArray<ChangeRecord> Records);

/// <summary>
/// The append-only change history of entities that change often (a site's counts change many times a
/// day). Their grains keep only the records not archived yet in their own state, so each write stays
/// small; the archive saves the records in the background, in batches, and idempotently by
/// (kind, id, version, record number), so a record handed over twice (after a crash, or by a grain
/// that moved to another silo) is stored once. A grain trims its pending records once
/// <see cref="ArchivedThrough"/> says they are saved, so nothing is lost if the archive is slow or down.
/// </summary>
public interface IChangeArchive
{
    /// <summary>Hands over the records of some versions of one entity; returns at once.</summary>
    void Append(string entityKind, string entityId, IEnumerable<VersionedChange> changes);

    /// <summary>The highest version of the entity this silo's archive knows to be saved (0 if none).</summary>
    long ArchivedThrough(string entityKind, string entityId);

    /// <summary>The newest <paramref name="max"/> saved records of the entity, newest first, with their versions.</summary>
    Task<ImmutableArray<VersionedChange>> ReadNewestAsync(string entityKind, string entityId, int max, CancellationToken cancellationToken = default);
}
