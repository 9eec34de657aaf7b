using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using ConnectedCalifornia.Directory;

namespace ConnectedCalifornia.Web.Directory;

/// <summary>
/// The public part of one listing, as the directory's search read model holds it. Built only from
/// public data (public contacts, public fields): whatever is not public never enters the index, so
/// nothing read from it (search page, API, HSDS export) can show it.
/// </summary>
public sealed record DirectoryDocument(
    string Id,
    string Name,
    OrganizationKind Kind,
    string Description,
    string? Website,
    ImmutableArray<string> Services,
    ImmutableArray<string> Populations,
    ImmutableArray<string> Languages,
    ImmutableArray<string> Counties,
    ImmutableArray<ContactView> PublicContacts,
    bool AcceptingReferrals,
    bool Verified,
    DateTimeOffset? VerifiedAt,
    long Version,
    DateTimeOffset UpdatedAt,
    OpeningHours? Hours = null,
    ImmutableArray<ServiceDescription>? ServiceDescriptions = null,
    string? SpanishDescription = null)
{
    /// <summary>
    /// The public document of an organization: fields and contacts above the public tier are left out
    /// here, once, so search cannot match on them and no card, API answer or export can show them.
    /// </summary>
    public static DirectoryDocument From(OrganizationDetails d)
    {
        var p = d.Profile.SeenBy(Visibility.Public);
        return new(
            d.Id,
            p.Name,
            p.Kind,
            p.Description ?? string.Empty,
            p.Website,
            OrganizationViewMapping.Safe(p.Services),
            OrganizationViewMapping.Safe(p.Populations),
            OrganizationViewMapping.Safe(p.Languages),
            OrganizationViewMapping.Safe(p.Counties),
            [.. OrganizationViewMapping.Safe(p.Contacts).Select(c => new ContactView(c.Label, c.Kind, c.Value, c.Visibility))],
            p.AcceptingReferrals,
            d.Verification == VerificationStatus.Verified,
            d.Verification == VerificationStatus.Verified ? d.VerifiedAt : null,
            d.Version,
            d.UpdatedAt,
            p.Hours,
            p.ServiceDescriptions,
            p.SpanishDescription);
    }
}

public enum DirectorySort
{
    Relevance = 0,
    Name = 1,
}

/// <summary>A faceted directory query. Within one facet any selected term matches; across facets all must.</summary>
public sealed record DirectoryQuery
{
    public const int MaxTextLength = 200;
    public const int MaxTerms = 20;
    public const int MaxPageSize = 100;

    public string? Text { get; init; }

    public ImmutableArray<string> Services { get; init; } = [];

    public ImmutableArray<string> Populations { get; init; } = [];

    public ImmutableArray<string> Languages { get; init; } = [];

    public ImmutableArray<string> Counties { get; init; } = [];

    public ImmutableArray<OrganizationKind> Kinds { get; init; } = [];

    public bool AcceptingReferralsOnly { get; init; }

    public bool VerifiedOnly { get; init; }

    /// <summary>Only listings open at this Pacific wall-clock time ("open now": the network clock's time in America/Los_Angeles).</summary>
    public DateTime? OpenAt { get; init; }

    public DirectorySort Sort { get; init; }

    public int Page { get; init; } = 1;

    public int PageSize { get; init; } = 20;

    /// <summary>Every problem of the query by field (codes against <paramref name="taxonomy"/>, the seeded vocabularies if none); empty when it can run.</summary>
    public Dictionary<string, string[]> Validate(TaxonomyView? taxonomy = null)
    {
        taxonomy ??= TaxonomyView.Seed;
        var errors = new Dictionary<string, string[]>();
        if (Text is { Length: > MaxTextLength })
        {
            errors["q"] = [$"Search text can be at most {MaxTextLength} characters."];
        }

        Check(errors, "service", Services, c => taxonomy.IsKnown(Vocabulary.Services, c), "Unknown service '{0}'. Use a code of the service taxonomy such as legal-aid (GET /api/taxonomy lists them).");
        Check(errors, "population", Populations, c => taxonomy.IsKnown(Vocabulary.Populations, c), "Unknown population '{0}'. Use a code such as minors-csec (GET /api/taxonomy lists them).");
        Check(errors, "language", Languages, c => taxonomy.IsKnown(Vocabulary.Languages, c), "Unknown language '{0}'. Use a code such as es (Spanish; GET /api/taxonomy lists them).");
        Check(errors, "county", Counties, California.IsCounty, "Unknown county '{0}'. Use a California FIPS code such as 06019 (Fresno).");
        if (Kinds.Any(k => !Enum.IsDefined(k)))
        {
            errors["kind"] = ["Unknown kind of organization."];
        }

        if (!Enum.IsDefined(Sort))
        {
            errors["sort"] = ["Sort must be relevance or name."];
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

    private static void Check(Dictionary<string, string[]> errors, string field, ImmutableArray<string> codes, Func<string, bool> known, string message)
    {
        if (codes.IsDefault)
        {
            return;
        }

        if (codes.Length > MaxTerms)
        {
            errors[field] = [$"Choose at most {MaxTerms} values."];
            return;
        }

        var unknown = codes.FirstOrDefault(c => !known(c));
        if (unknown is not null)
        {
            errors[field] = [string.Format(CultureInfo.InvariantCulture, message, unknown.Length > 40 ? unknown[..40] + "…" : unknown)];
        }
    }
}

/// <summary>One result card: the public listing with its badge.</summary>
public sealed record DirectoryHit(
    string Id,
    string Name,
    OrganizationKind Kind,
    string Summary,
    ImmutableArray<TermView> Services,
    ImmutableArray<TermView> Populations,
    ImmutableArray<TermView> Languages,
    ImmutableArray<TermView> Counties,
    ImmutableArray<ContactView> Hotlines,
    bool AcceptingReferrals,
    bool Verified,
    DateTimeOffset? VerifiedAt,
    long Version,
    string? SpanishSummary = null)
{
    /// <summary>The summary in the reader's language: the organization's Spanish text on the Spanish pages when it gave one.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string ShownSummary => TermView.Localized(Summary, SpanishSummary);

    /// <summary>Whether <see cref="ShownSummary"/> is in the page's language.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool SummaryInPageLanguage => TermView.ShowsInPageLanguage(SpanishSummary);
}

/// <summary>How many results would carry each term of a facet, with every other filter applied.</summary>
public sealed record FacetCount(string Code, string Label, int Count, string? Spanish = null)
{
    /// <summary>The label in the reader's language (see <see cref="TermView.Shown"/>).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Shown => TermView.Localized(Label, Spanish);
}

public sealed record DirectoryFacets(
    ImmutableArray<FacetCount> Services,
    ImmutableArray<FacetCount> Populations,
    ImmutableArray<FacetCount> Languages,
    ImmutableArray<FacetCount> Counties,
    int AcceptingReferrals,
    int Verified);

/// <param name="Near">The place the search text named (a California ZIP code, city or county), by whose distance relevance orders; null if none.</param>
public sealed record DirectoryResults(
    ImmutableArray<DirectoryHit> Items,
    int PageNumber,
    int PageSize,
    int TotalItems,
    DirectoryFacets Facets,
    Place? Near = null)
{
    public int TotalPages => PageSize == 0 ? 0 : (TotalItems + PageSize - 1) / PageSize;
}

/// <summary>
/// An immutable, query-ready snapshot of the directory with the vocabularies of its time. Facet
/// terms are bits (services, populations, languages: at most 64 terms each, the 58 counties), names
/// and texts (with the current labels) are folded once, so a faceted query is a scan of small structs
/// without allocation until the page is cut.
/// </summary>
public sealed class DirectorySnapshot
{
    private static readonly Dictionary<string, int> CountyBits = Bits(California.Counties.Select(c => c.Fips));

    private readonly Dictionary<string, int> _serviceBits;
    private readonly Dictionary<string, int> _populationBits;
    private readonly Dictionary<string, int> _languageBits;

    private readonly Entry[] _entries;

    // The facets as columns (one slot per entry, in name order), so the scan reads memory in sequence.
    private readonly ulong[] _services;
    private readonly ulong[] _populations;
    private readonly ulong[] _languages;
    private readonly ulong[] _counties;
    private readonly byte[] _flags;
    private readonly byte[] _kinds;
    private readonly DirectoryTextIndex _text;

    private const byte Accepting = 1;
    private const byte IsVerified = 2;

    public DirectorySnapshot(IEnumerable<DirectoryDocument> documents, TaxonomyView? taxonomy = null)
    {
        Taxonomy = taxonomy ?? TaxonomyView.Seed;
        _serviceBits = Bits(Taxonomy.All(Vocabulary.Services).Select(t => t.Code));
        _populationBits = Bits(Taxonomy.All(Vocabulary.Populations).Select(t => t.Code));
        _languageBits = Bits(Taxonomy.All(Vocabulary.Languages).Select(t => t.Code));
        _entries = [.. documents
            .OrderBy(d => d.Name, StringComparer.OrdinalIgnoreCase)
            .ThenBy(d => d.Id, StringComparer.Ordinal)
            .Select(d => new Entry(d, this))];
        _services = new ulong[_entries.Length];
        _populations = new ulong[_entries.Length];
        _languages = new ulong[_entries.Length];
        _counties = new ulong[_entries.Length];
        _flags = new byte[_entries.Length];
        _kinds = new byte[_entries.Length];
        for (var i = 0; i < _entries.Length; i++)
        {
            var e = _entries[i];
            e.NameRank = i;
            _services[i] = e.Services;
            _populations[i] = e.Populations;
            _languages[i] = e.Languages;
            _counties[i] = e.Counties;
            _flags[i] = (byte)((e.Document.AcceptingReferrals ? Accepting : 0) | (e.Document.Verified ? IsVerified : 0));
            _kinds[i] = (byte)e.Document.Kind;
        }

        _text = new DirectoryTextIndex(
            [.. _entries.Select(e => e.Document)],
            Taxonomy,
            (vocabulary, code) => (vocabulary switch
            {
                Vocabulary.Services => _serviceBits,
                Vocabulary.Populations => _populationBits,
                _ => _languageBits,
            })[code],
            _services,
            _populations,
            _languages);
    }

    public static DirectorySnapshot Empty { get; } = new([]);

    /// <summary>The vocabularies whose labels this snapshot shows.</summary>
    public TaxonomyView Taxonomy { get; }

    /// <summary>
    /// The index's count of changes when this snapshot was taken (<see cref="DirectoryIndex"/>; 0 for a
    /// snapshot made elsewhere). It only grows, and the snapshot holds at least every change it counts, so
    /// with <see cref="TaxonomyView.Version"/> it names a version of the directory (the HSDS export cache keys by it).
    /// </summary>
    public long Generation { get; init; }

    public int Count => _entries.Length;

    public IEnumerable<DirectoryDocument> Documents => _entries.Select(e => e.Document);

    /// <summary>How many distinct word stems the listings have (the text index's vocabulary).</summary>
    public int WordCount => _text.WordCount;

    /// <summary>The documents the text finds (as the search does: words, phrases, typos, synonyms), by name.</summary>
    public IEnumerable<DirectoryDocument> Matching(string text)
    {
        var parsed = _text.Parse(text);
        if (!parsed.HasWords)
        {
            return Documents;
        }

        return _text.Evaluate(parsed).Select(m => m.Index).Order().Select(i => _entries[i].Document);
    }

    public DirectoryResults Search(DirectoryQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var services = Mask(query.Services, _serviceBits);
        var populations = Mask(query.Populations, _populationBits);
        var languages = Mask(query.Languages, _languageBits);
        var counties = Mask(query.Counties, CountyBits);
        var kinds = query.Kinds.IsDefaultOrEmpty ? 0UL : query.Kinds.Aggregate(0UL, (m, k) => m | (1UL << (int)k));
        var text = _text.Parse(query.Text);
        var place = text.Place;
        var textMatches = text.HasWords ? _text.Evaluate(text) : null;
        var distances = place is null ? null : CountyDistances(place);
        var ranked = query.Sort == DirectorySort.Relevance && (textMatches is not null || place is not null);

        var matches = new List<(int Index, long Score)>();
        var facetServices = new int[_serviceBits.Count];
        var facetPopulations = new int[_populationBits.Count];
        var facetLanguages = new int[_languageBits.Count];
        var facetCounties = new int[CountyBits.Count];
        int accepting = 0, verified = 0;
        var acceptingOnly = query.AcceptingReferralsOnly;
        var verifiedOnly = query.VerifiedOnly;
        var openAt = query.OpenAt;
        var candidates = textMatches?.Count ?? _entries.Length;
        for (var k = 0; k < candidates; k++)
        {
            var i = textMatches is null ? k : textMatches[k].Index;
            if (kinds != 0 && (kinds & (1UL << _kinds[i])) == 0)
            {
                continue;
            }

            if (openAt is { } at && _entries[i].Document.Hours?.IsOpenAt(at) != true)
            {
                continue; // like the kind, "open now" narrows every count
            }

            // Facet counts are disjunctive: a facet's counts apply every filter but its own, so the
            // other terms of a facet stay visible (and countable) after one is chosen.
            var s = _services[i];
            var p = _populations[i];
            var l = _languages[i];
            var c = _counties[i];
            var f = _flags[i];
            var failed = (services != 0 && (s & services) == 0 ? 1 : 0)
                | (populations != 0 && (p & populations) == 0 ? 2 : 0)
                | (languages != 0 && (l & languages) == 0 ? 4 : 0)
                | (counties != 0 && (c & counties) == 0 ? 8 : 0)
                | (acceptingOnly && (f & Accepting) == 0 ? 16 : 0)
                | (verifiedOnly && (f & IsVerified) == 0 ? 32 : 0);
            if ((failed & (failed - 1)) != 0)
            {
                continue; // more than one filter fails: counted nowhere
            }

            if (failed is 0 or 1)
            {
                CountBits(s, facetServices);
            }

            if (failed is 0 or 2)
            {
                CountBits(p, facetPopulations);
            }

            if (failed is 0 or 4)
            {
                CountBits(l, facetLanguages);
            }

            if (failed is 0 or 8)
            {
                CountBits(c, facetCounties);
            }

            accepting += failed is 0 or 16 && (f & Accepting) != 0 ? 1 : 0;
            verified += failed is 0 or 32 && (f & IsVerified) != 0 ? 1 : 0;
            if (failed == 0)
            {
                matches.Add((i, ranked ? RankKey(textMatches is null ? default : textMatches[k], c, place, distances) : 0));
            }
        }

        if (textMatches is not null)
        {
            matches.Sort((a, b) => a.Index.CompareTo(b.Index)); // name order, as without text
        }

        var skip = (query.Page - 1) * query.PageSize;
        IEnumerable<(int Index, long Score)> ordered = matches;
        if (ranked)
        {
            ordered = Top(matches, skip + query.PageSize);
        }

        var page = ordered.Skip(skip).Take(query.PageSize).Select(m => Hit(_entries[m.Index].Document));

        // Retired terms are counted (listings keep them) but not offered as facets.
        var facets = new DirectoryFacets(
            Facet(Taxonomy.All(Vocabulary.Services), facetServices),
            Facet(Taxonomy.All(Vocabulary.Populations), facetPopulations),
            Facet(Taxonomy.All(Vocabulary.Languages), facetLanguages),
            Facet(California.Counties.Select(c => (c.Fips, c.Name)), facetCounties),
            accepting,
            verified);
        return new DirectoryResults([.. page], query.Page, query.PageSize, matches.Count, facets, place);
    }

    /// <summary>
    /// The relevance of a match as one number: first how many words or phrases of the text it matched,
    /// then (when the text named a place) how near it serves (a listing serving the place's county
    /// first, then by 25-mile steps from the nearest county centre it serves), then its weighted score.
    /// </summary>
    private static long RankKey(TextMatch text, ulong counties, Place? place, double[]? distances)
    {
        long bucket = 0;
        if (place is not null && distances is not null)
        {
            if ((counties & (1UL << CountyBits[place.CountyFips])) == 0)
            {
                var nearest = double.MaxValue;
                var mask = counties;
                while (mask != 0)
                {
                    var bit = BitOperations.TrailingZeroCount(mask);
                    nearest = Math.Min(nearest, distances[bit]);
                    mask &= mask - 1;
                }

                bucket = nearest == double.MaxValue ? 999 : Math.Min(998, 1 + (long)(nearest / 25));
            }
        }

        return (text.Count * 1_000_000_000_000L) + ((999 - bucket) * 100_000_000L) + Math.Min(text.Score, 99_999_999);
    }

    /// <summary>Miles from the place to each county's centre, by county bit.</summary>
    private static double[] CountyDistances(Place place)
    {
        var distances = new double[CountyBits.Count];
        foreach (var (fips, bit) in CountyBits)
        {
            var (lat, lon) = CaliforniaPlaces.Centre(fips);
            distances[bit] = CaliforniaPlaces.Miles(place.Latitude, place.Longitude, lat, lon);
        }

        return distances;
    }

    /// <summary>The result card of a document, with this snapshot's labels.</summary>
    public DirectoryHit Hit(DirectoryDocument d) => Hit(d, Taxonomy);

    public static DirectoryHit Hit(DirectoryDocument d, TaxonomyView taxonomy) => new(
        d.Id,
        d.Name,
        d.Kind,
        Excerpt(d.Description),
        taxonomy.Views(Vocabulary.Services, d.Services),
        taxonomy.Views(Vocabulary.Populations, d.Populations),
        taxonomy.Views(Vocabulary.Languages, d.Languages),
        [.. d.Counties.Select(OrganizationViewMapping.County)],
        [.. d.PublicContacts.Where(c => c.Kind is ContactKind.Hotline or ContactKind.Phone)],
        d.AcceptingReferrals,
        d.Verified,
        d.VerifiedAt,
        d.Version,
        d.SpanishDescription is { Length: > 0 } spanish ? Excerpt(spanish) : null);

    /// <summary>The first 220 characters of a description, cut at the last space before them when there is one.</summary>
    internal static string Excerpt(string text)
    {
        if (text.Length <= 220)
        {
            return text;
        }

        var space = text.LastIndexOf(' ', 219);
        return text[..(space > 0 ? space : 220)] + "…";
    }

    /// <summary>
    /// Lowercased words of the search text, without duplicates (at most 8): the plain substring reading
    /// that the benchmark's and tests' LINQ baselines use (the search itself reads text with <see cref="SearchText"/>).
    /// </summary>
    public static string[] Terms(string? text) => string.IsNullOrWhiteSpace(text)
        ? []
        : [.. text.ToLowerInvariant()
            .Split([' ', ',', ';', '.', '\t', '\n', '\r', '/', '(', ')', '"'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(t => t.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .Take(8)];

    /// <summary>The best <paramref name="count"/> matches by score, then name, without sorting all of them.</summary>
    private static List<(int Index, long Score)> Top(List<(int Index, long Score)> matches, int count)
    {
        static int Compare((int Index, long Score) a, (int Index, long Score) b) =>
            a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Index.CompareTo(b.Index);

        if (count >= matches.Count / 4)
        {
            matches.Sort(Compare);
            return matches;
        }

        // A heap of the best so far whose root is the worst of them.
        var heap = new PriorityQueue<(int Index, long Score), (int Index, long Score)>(count + 1, Comparer<(int Index, long Score)>.Create((a, b) => Compare(b, a)));
        foreach (var m in matches)
        {
            if (heap.Count < count)
            {
                heap.Enqueue(m, m);
            }
            else if (Compare(m, heap.Peek()) < 0)
            {
                heap.EnqueueDequeue(m, m);
            }
        }

        var top = new List<(int Index, long Score)>(heap.Count);
        while (heap.Count > 0)
        {
            top.Add(heap.Dequeue());
        }

        top.Reverse();
        return top;
    }

    private static ImmutableArray<FacetCount> Facet(IEnumerable<(string Code, string Label)> terms, int[] counts) =>
        [.. terms.Select((t, i) => new FacetCount(t.Code, t.Label, counts[i]))];

    private static ImmutableArray<FacetCount> Facet(ImmutableArray<VocabularyTerm> terms, int[] counts) =>
        [.. terms.Select((t, i) => (Term: t, Count: counts[i])).Where(x => !x.Term.Retired).Select(x => new FacetCount(x.Term.Code, x.Term.Label, x.Count, x.Term.Spanish))];

    private static void CountBits(ulong mask, int[] counts)
    {
        while (mask != 0)
        {
            var bit = BitOperations.TrailingZeroCount(mask);
            counts[bit]++;
            mask &= mask - 1;
        }
    }

    private static Dictionary<string, int> Bits(IEnumerable<string> codes)
    {
        var bits = codes.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        return bits.Count > 64 ? throw new InvalidOperationException("A facet holds at most 64 terms.") : bits;
    }

    private static ulong Mask(ImmutableArray<string> codes, Dictionary<string, int> bits)
    {
        var mask = 0UL;
        if (!codes.IsDefaultOrEmpty)
        {
            foreach (var code in codes)
            {
                if (bits.TryGetValue(code, out var bit))
                {
                    mask |= 1UL << bit;
                }
            }
        }

        return mask;
    }

    private sealed class Entry
    {
        public Entry(DirectoryDocument document, DirectorySnapshot snapshot)
        {
            Document = document;
            Services = Mask(document.Services, snapshot._serviceBits);
            Populations = Mask(document.Populations, snapshot._populationBits);
            Languages = Mask(document.Languages, snapshot._languageBits);
            Counties = Mask(document.Counties, CountyBits);
        }

        public DirectoryDocument Document { get; }

        public ulong Services { get; }

        public ulong Populations { get; }

        public ulong Languages { get; }

        public ulong Counties { get; }

        public int NameRank { get; set; }
    }
}

/// <summary>
/// A version of the directory: the index's change count and the taxonomy's version. Both only grow, so one
/// version is newer than another when neither count is smaller. Read models built from a snapshot (the HSDS
/// export, the coverage counts) key on it, not on the snapshot object: two snapshots of one version are equal.
/// </summary>
public readonly record struct DirectoryVersion(long Generation, long Taxonomy)
{
    public static DirectoryVersion Of(DirectorySnapshot snapshot) => new(snapshot.Generation, snapshot.Taxonomy.Version);

    public bool IsNewerThan(DirectoryVersion other) => this != other && Generation >= other.Generation && Taxonomy >= other.Taxonomy;
}
