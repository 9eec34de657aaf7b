using System.Collections.Immutable;
using ConnectedCalifornia.Library;
using ConnectedCalifornia.Web.Directory;

namespace ConnectedCalifornia.Web.Library;

/// <summary>A search of the library. <see cref="Validate"/> says what is out of range, field by field.</summary>
public sealed record LibraryQuery
{
    public const int MaxTextLength = 200;
    public const int MaxPageSize = 50;

    public string? Text { get; init; }

    public ImmutableArray<LibraryKind> Kinds { get; init; } = [];

    public string? Topic { get; init; }

    /// <summary>Bills with one of these statuses (empty: any); entries without bill details are left out when set.</summary>
    public ImmutableArray<LegislationStatus> Statuses { get; init; } = [];

    /// <summary>Bills of one of these sessions, spelled "2017–2018" (empty: any).</summary>
    public ImmutableArray<string> Sessions { get; init; } = [];

    /// <summary>Curators only: drafts too (the service ignores it for anyone else).</summary>
    public bool IncludeDrafts { get; init; }

    public int Page { get; init; } = 1;

    public int PageSize { get; init; } = 20;

    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (Text is { Length: > MaxTextLength })
        {
            errors["q"] = [$"The search text must be at most {MaxTextLength} characters (it has {Text.Length})."];
        }

        if (Topic is not null && !LibraryFormats.IsTopic(Topic))
        {
            errors["topic"] = ["A topic is lowercase words joined by dashes, such as 'labor-trafficking'."];
        }

        if (Page is < 1 or > 100_000)
        {
            errors["page"] = ["Page must be between 1 and 100000."];
        }

        if (PageSize is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = [$"Page size must be between 1 and {MaxPageSize}."];
        }

        return errors;
    }
}

/// <summary>One page of library entries, with how many entries of each kind match the rest of the search.</summary>
public sealed record LibraryResults(
    ImmutableArray<LibraryEntryView> Items,
    int TotalItems,
    int Page,
    int PageSize,
    int TotalPages,
    ImmutableArray<FacetCount> Kinds,
    ImmutableArray<FacetCount> Statuses,
    ImmutableArray<FacetCount> Sessions);

/// <summary>An entry as the pages and the API show it.</summary>
public sealed record LibraryEntryView(
    string Id,
    LibraryKind Kind,
    string KindLabel,
    string Title,
    string Summary,
    string? Url,
    ImmutableArray<string> Topics,
    string Language,
    DateOnly? PublishedOn,
    LegislationDetails? Legislation,
    LibraryPublication Publication,
    long Version,
    DateTimeOffset UpdatedAt)
{
    public static LibraryEntryView From(string id, LibraryContent c, LibraryPublication publication, long version, DateTimeOffset updatedAt) =>
        new(id, c.Kind, LibraryFormats.Label(c.Kind), c.Title, c.Summary, c.Url, c.Topics.IsDefault ? [] : c.Topics, c.Language, c.PublishedOn, c.Legislation, publication, version, updatedAt);

    public static LibraryEntryView From(LibraryIndexRow row) => From(row.Id, row.Content, row.Publication, row.Version, row.UpdatedAt);

    public static LibraryEntryView From(LibraryEntry entry) => From(entry.Id, entry.Content, entry.Publication, entry.Version, entry.UpdatedAt);
}

/// <summary>What a curator sends to create or change an entry (API body and editor alike).</summary>
/// <param name="Version">The version the curator edited; a newer one on the server refuses the change instead of overwriting it.</param>
public sealed record LibraryForm(
    LibraryKind Kind,
    string? Title,
    string? Summary,
    string? Url,
    IReadOnlyList<string>? Topics,
    string? Language,
    DateOnly? PublishedOn,
    LegislationForm? Legislation,
    long? Version = null)
{
    public LibraryContent ToContent() => new(
        Kind,
        Title ?? string.Empty,
        Summary ?? string.Empty,
        Url,
        [.. Topics ?? []],
        Language ?? string.Empty,
        PublishedOn,
        Legislation?.ToDetails());
}

public sealed record LegislationForm(string? BillNumber, string? Author, string? Session, LegislationStatus? Status, string? Chapter)
{
    public LegislationDetails ToDetails() => new(BillNumber ?? string.Empty, Author, Session, Status, Chapter);
}

/// <summary>The answer to a read of one entry: the view, or whether it exists at all (a draft the person may not see exists).</summary>
public sealed record LibraryLookup(LibraryEntryView? Entry, bool Exists, bool MayManage)
{
    public static LibraryLookup Missing { get; } = new(null, false, false);
}
