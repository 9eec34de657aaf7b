using System.Collections.Immutable;

namespace ConnectedCalifornia.Directory;

/// <summary>One line of a catalog: enough to list and link a participant without activating it.</summary>
[GenerateSerializer, Immutable, Alias("cc.CatalogEntry")]
public sealed record CatalogEntry(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] ImmutableArray<string> Counties,
    [property: Id(3)] string Category,
    [property: Id(4)] long Version);

/// <summary>
/// A summary of a catalog that changes whenever a line is added or takes a newer version (lines are
/// never removed and versions only grow): a reader that holds the lines of one stamp need not read
/// the whole list again while the stamp stays the same.
/// </summary>
[GenerateSerializer, Immutable, Alias("cc.CatalogStamp")]
public sealed record CatalogStamp(
    [property: Id(0)] int Count,
    [property: Id(1)] long VersionSum);

/// <summary>
/// A list of all organizations, task forces or initiatives (key: one of the GrainKeys catalog names),
/// fed by the participants' own grains after every change.
/// </summary>
[Alias("cc.ICatalogGrain")]
public interface ICatalogGrain : IGrainWithStringKey
{
    [Alias("Upsert")]
    Task Upsert(CatalogEntry entry);

    [Alias("List")]
    Task<ImmutableArray<CatalogEntry>> List();

    [Alias("Count")]
    Task<int> Count();

    /// <summary>The catalog's stamp: a cheap way to learn that nothing changed since the last <see cref="List"/>.</summary>
    [Alias("Stamp")]
    Task<CatalogStamp> Stamp();
}
