using System.Collections.Immutable;
using System.Text.Json.Serialization;
using ConnectedCalifornia.Directory;

namespace ConnectedCalifornia.Library;

/// <summary>What a library entry grain stores. Immutable, changed with <c>with</c>; plain JSON in the database.</summary>
[GenerateSerializer, Immutable, Alias("cc.LibraryEntryState")]
public sealed record LibraryEntryState
{
    /// <summary>Null until the entry is created.</summary>
    [Id(0)]
    public LibraryContent? Content { get; init; }

    [Id(1)]
    public LibraryPublication Publication { get; init; }

    [Id(2)]
    public DateTimeOffset? FirstPublishedAt { get; init; }

    [Id(3)]
    public long Version { get; init; }

    [Id(4)]
    public DateTimeOffset CreatedAt { get; init; }

    [Id(5)]
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The newest change records, oldest first.</summary>
    [Id(6)]
    public ImmutableArray<ChangeRecord> History { get; init; } = [];

    [JsonIgnore]
    public bool Exists => Content is not null;
}
