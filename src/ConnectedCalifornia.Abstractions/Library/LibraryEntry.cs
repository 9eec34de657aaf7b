using System.Collections.Immutable;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;

namespace ConnectedCalifornia.Library;

/// <summary>What a resource of the library is.</summary>
[Alias("cc.LibraryKind")]
public enum LibraryKind
{
    AwarenessMaterial = 0,
    Training = 1,
    Legislation = 2,
    PreventionEducation = 3,
    Research = 4,

    /// <summary>Model legislation other states or counties can adapt.</summary>
    LegislativeModel = 5,
}

/// <summary>Where a bill or ballot measure stands. Left empty (null) when a curator does not know it for sure.</summary>
[Alias("cc.LegislationStatus")]
public enum LegislationStatus
{
    Pending = 0,

    /// <summary>Signed by the Governor and filed with the Secretary of State (it has a chapter number).</summary>
    Chaptered = 1,

    /// <summary>A ballot measure the voters approved.</summary>
    ApprovedByVoters = 2,
    RejectedByVoters = 3,
    Vetoed = 4,

    /// <summary>Died in the Legislature (held in committee, not taken up before the deadline).</summary>
    Died = 5,
}

/// <summary>Whether the public sees an entry. Curators write drafts and publish them.</summary>
[Alias("cc.LibraryPublication")]
public enum LibraryPublication
{
    Draft = 0,
    Published = 1,
}

/// <summary>
/// The facts of a bill or ballot measure. Only <see cref="BillNumber"/> is required: a curator leaves
/// what they do not know for sure empty rather than guess.
/// </summary>
/// <param name="BillNumber">"AB 2105", "SB 1279", "ACA 5" or "Proposition 35".</param>
/// <param name="Author">The member who introduced the bill (or the measure's proponents).</param>
/// <param name="Session">The two-year session of the Legislature, such as "2017–2018".</param>
/// <param name="Chapter">The chapter of the statutes, as the Secretary of State gives it, such as "Chapter 123, Statutes of 2018".</param>
[GenerateSerializer, Immutable, Alias("cc.LegislationDetails")]
public sealed record LegislationDetails(
    [property: Id(0)] string BillNumber,
    [property: Id(1)] string? Author = null,
    [property: Id(2)] string? Session = null,
    [property: Id(3)] LegislationStatus? Status = null,
    [property: Id(4)] string? Chapter = null);

/// <summary>What curators write about one resource.</summary>
/// <param name="Url">Where the resource itself is: an absolute http or https address (optional).</param>
/// <param name="Topics">Tags such as <c>labor-trafficking</c>: lowercase words joined by dashes.</param>
/// <param name="Language">The resource's language (ISO 639-1 code of the directory's languages).</param>
/// <param name="PublishedOn">When the resource itself came out (a bill's chaptering, a report's release), not when it entered the library.</param>
/// <param name="Legislation">Required for <see cref="LibraryKind.Legislation"/>, allowed for <see cref="LibraryKind.LegislativeModel"/>, refused for the other kinds.</param>
[GenerateSerializer, Immutable, Alias("cc.LibraryContent")]
public sealed record LibraryContent(
    [property: Id(0)] LibraryKind Kind,
    [property: Id(1)] string Title,
    [property: Id(2)] string Summary,
    [property: Id(3)] string? Url,
    [property: Id(4)] ImmutableArray<string> Topics,
    [property: Id(5)] string Language,
    [property: Id(6)] DateOnly? PublishedOn,
    [property: Id(7)] LegislationDetails? Legislation = null);

/// <summary>Everything a library entry grain knows; the caller decides who may see a draft.</summary>
[GenerateSerializer, Immutable, Alias("cc.LibraryEntry")]
public sealed record LibraryEntry(
    [property: Id(0)] string Id,
    [property: Id(1)] LibraryContent Content,
    [property: Id(2)] LibraryPublication Publication,
    [property: Id(3)] DateTimeOffset? FirstPublishedAt,
    [property: Id(4)] long Version,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] DateTimeOffset UpdatedAt)
{
    public bool IsPublished => Publication == LibraryPublication.Published;
}

/// <summary>
/// One resource of the library (key: its id, a slug). Curators create it as a draft, edit it, publish
/// and unpublish it; every command is validated whole (a refused one changes nothing), every change
/// is recorded with who, when, the old and the new value, written to the library index and announced.
/// </summary>
[Alias("cc.ILibraryEntryGrain")]
public interface ILibraryEntryGrain : IGrainWithStringKey
{
    /// <summary>The entry, draft or published; null when it does not exist.</summary>
    [Alias("Get")]
    Task<LibraryEntry?> Get();

    /// <summary>Creates the entry as a draft; refused when the id is taken.</summary>
    [Alias("Create")]
    Task<CommandResult> Create(LibraryContent content, Actor actor);

    /// <summary>Replaces the content; a published entry stays published.</summary>
    [Alias("Update")]
    Task<CommandResult> Update(LibraryContent content, Actor actor, long? expectedVersion = null);

    /// <summary>Publishes (the public sees it) or unpublishes (back to draft) the entry.</summary>
    [Alias("SetPublication")]
    Task<CommandResult> SetPublication(LibraryPublication publication, Actor actor);

    /// <summary>The newest recorded changes, newest first.</summary>
    [Alias("GetHistory")]
    Task<ImmutableArray<ChangeRecord>> GetHistory(int max);
}

/// <summary>One entry as the library lists it (the whole entry is small): written by the entry grain after each change.</summary>
[GenerateSerializer, Immutable, Alias("cc.LibraryIndexRow")]
public sealed record LibraryIndexRow(
    [property: Id(0)] string Id,
    [property: Id(1)] LibraryContent Content,
    [property: Id(2)] LibraryPublication Publication,
    [property: Id(3)] long Version,
    [property: Id(4)] DateTimeOffset UpdatedAt);

/// <summary>
/// The library's read model (key <see cref="GrainKeys.LibraryIndex"/>): one row per entry, drafts
/// included (the web service shows the public only published rows). Persisted, so nothing needs
/// rebuilding after a restart; it ignores a row older than the one it holds.
/// </summary>
[Alias("cc.ILibraryIndexGrain")]
public interface ILibraryIndexGrain : IGrainWithStringKey
{
    [Alias("Upsert")]
    Task Upsert(LibraryIndexRow row);

    [Alias("GetRows")]
    Task<ImmutableArray<LibraryIndexRow>> GetRows();

    /// <summary>
    /// Every row with the index's version, or null when the version is still <paramref name="knownVersion"/>:
    /// a web node keeps the rows it read and asks again on each search, so an unchanged library costs no transfer.
    /// </summary>
    [Alias("GetRowsIfChanged")]
    Task<LibraryIndexRows?> GetRowsIfChanged(long knownVersion);
}

/// <summary>The library index's rows at one version (the version grows with every row taken).</summary>
[GenerateSerializer, Immutable, Alias("cc.LibraryIndexRows")]
public sealed record LibraryIndexRows(
    [property: Id(0)] long Version,
    [property: Id(1)] ImmutableArray<LibraryIndexRow> Rows);

/// <summary>The library's vocabulary: how bill numbers, sessions and topics look.</summary>
public static partial class LibraryFormats
{
    public const int MaxTitleLength = 200;
    public const int MaxSummaryLength = 4000;
    public const int MaxUrlLength = 2000;
    public const int MaxTopics = 10;
    public const int MaxTopicLength = 40;
    public const int MaxAuthorLength = 200;
    public const int MaxChapterLength = 100;

    /// <summary>The house prefixes of California bills and resolutions.</summary>
    public static readonly ImmutableArray<string> BillPrefixes = ["AB", "SB", "ACA", "SCA", "AJR", "SJR", "ACR", "SCR", "HR", "SR"];

    /// <summary>
    /// The bill number in its usual spelling ("ab2105" and "AB  2105" become "AB 2105", "prop 35" becomes
    /// "Proposition 35"); null when it is not a California bill, resolution or proposition number.
    /// </summary>
    public static string? NormalizeBillNumber(string? value)
    {
        var match = BillPattern().Match(value?.Trim() ?? string.Empty);
        if (!match.Success)
        {
            return null;
        }

        var number = match.Groups["number"].Value.TrimStart('0');
        if (number.Length == 0)
        {
            return null;
        }

        if (match.Groups["prop"].Success)
        {
            return "Proposition " + number + match.Groups["letter"].Value.ToUpperInvariant();
        }

        var prefix = match.Groups["house"].Value.ToUpperInvariant();
        return BillPrefixes.Contains(prefix) && match.Groups["letter"].Value.Length == 0 ? $"{prefix} {number}" : null;
    }

    /// <summary>
    /// A regular two-year session in its usual spelling ("2017-2018" becomes "2017–2018"); null unless it
    /// starts in an odd year and ends the next year, as California's sessions do.
    /// </summary>
    public static string? NormalizeSession(string? value)
    {
        var match = SessionPattern().Match(value?.Trim() ?? string.Empty);
        if (!match.Success)
        {
            return null;
        }

        var first = int.Parse(match.Groups["first"].Value, System.Globalization.CultureInfo.InvariantCulture);
        var second = int.Parse(match.Groups["second"].Value, System.Globalization.CultureInfo.InvariantCulture);
        return first % 2 == 1 && second == first + 1 && first is >= 1849 and <= 2199 ? $"{first}–{second}" : null;
    }

    /// <summary>A topic tag: lowercase letters and digits joined by single dashes.</summary>
    public static bool IsTopic(string? value) =>
        !string.IsNullOrEmpty(value) && value.Length <= MaxTopicLength && Identifiers.IsValidKey(value);

    /// <summary>"AwarenessMaterial" as people read it: "Awareness material".</summary>
    public static string Label(LibraryKind kind) => kind switch
    {
        LibraryKind.AwarenessMaterial => "Awareness material",
        LibraryKind.PreventionEducation => "Prevention education",
        LibraryKind.LegislativeModel => "Legislative model",
        _ => kind.ToString(),
    };

    public static string Label(LegislationStatus status) => status switch
    {
        LegislationStatus.ApprovedByVoters => "Approved by voters",
        LegislationStatus.RejectedByVoters => "Rejected by voters",
        _ => status.ToString(),
    };

    [System.Text.RegularExpressions.GeneratedRegex(@"^(?:(?<prop>(?:proposition|prop\.?)\s*)|(?<house>[A-Za-z]{2,3})\s*)(?<number>\d{1,4})(?<letter>[A-Za-z]?)$", System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex BillPattern();

    [System.Text.RegularExpressions.GeneratedRegex(@"^(?<first>\d{4})\s*[-–—]\s*(?<second>\d{4})$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex SessionPattern();
}
