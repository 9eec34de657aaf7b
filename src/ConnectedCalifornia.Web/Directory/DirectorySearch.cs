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
    OpeningHours? Hours = null)
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
            p.Hours);
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
    long Version);

/// <summary>How many results would carry each term of a facet, with every other filter applied.</summary>
public sealed record FacetCount(string Code, string Label, int Count);

public sealed record DirectoryFacets(
    ImmutableArray<FacetCount> Services,
    ImmutableArray<FacetCount> Populations,
    ImmutableArray<FacetCount> Languages,
    ImmutableArray<FacetCount> Counties,
    int AcceptingReferrals,
    int Verified);

public sealed record DirectoryResults(
    ImmutableArray<DirectoryHit> Items,
    int PageNumber,
    int PageSize,
    int TotalItems,
    DirectoryFacets Facets)
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
    }

    public static DirectorySnapshot Empty { get; } = new([]);

    /// <summary>The vocabularies whose labels this snapshot shows.</summary>
    public TaxonomyView Taxonomy { get; }

    public int Count => _entries.Length;

    public IEnumerable<DirectoryDocument> Documents => _entries.Select(e => e.Document);

    /// <summary>The documents that match every word of the text, by name.</summary>
    public IEnumerable<DirectoryDocument> Matching(string text)
    {
        var terms = Terms(text);
        var grams = terms.Select(Bigrams.Of).ToArray();
        return _entries.Where(e => terms.Length == 0 || e.Score(terms, grams) > 0).Select(e => e.Document);
    }

    public DirectoryResults Search(DirectoryQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var services = Mask(query.Services, _serviceBits);
        var populations = Mask(query.Populations, _populationBits);
        var languages = Mask(query.Languages, _languageBits);
        var counties = Mask(query.Counties, CountyBits);
        var kinds = query.Kinds.IsDefaultOrEmpty ? 0UL : query.Kinds.Aggregate(0UL, (m, k) => m | (1UL << (int)k));
        var terms = Terms(query.Text);
        var grams = terms.Select(Bigrams.Of).ToArray();

        var matches = new List<(int Index, int Score)>();
        var facetServices = new int[_serviceBits.Count];
        var facetPopulations = new int[_populationBits.Count];
        var facetLanguages = new int[_languageBits.Count];
        var facetCounties = new int[CountyBits.Count];
        int accepting = 0, verified = 0;
        var acceptingOnly = query.AcceptingReferralsOnly;
        var verifiedOnly = query.VerifiedOnly;
        var openAt = query.OpenAt;
        for (var i = 0; i < _entries.Length; i++)
        {
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

            var score = 0;
            if (terms.Length > 0)
            {
                score = _entries[i].Score(terms, grams);
                if (score == 0)
                {
                    continue;
                }
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
                matches.Add((i, score));
            }
        }

        var skip = (query.Page - 1) * query.PageSize;
        IEnumerable<(int Index, int Score)> ordered = matches;
        if (query.Sort == DirectorySort.Relevance && terms.Length > 0)
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
        return new DirectoryResults([.. page], query.Page, query.PageSize, matches.Count, facets);
    }

    /// <summary>The result card of a document, with this snapshot's labels.</summary>
    public DirectoryHit Hit(DirectoryDocument d) => Hit(d, Taxonomy);

    public static DirectoryHit Hit(DirectoryDocument d, TaxonomyView taxonomy) => new(
        d.Id,
        d.Name,
        d.Kind,
        d.Description.Length > 220 ? d.Description[..d.Description.LastIndexOf(' ', 219)] + "…" : d.Description,
        taxonomy.Views(Vocabulary.Services, d.Services),
        taxonomy.Views(Vocabulary.Populations, d.Populations),
        taxonomy.Views(Vocabulary.Languages, d.Languages),
        [.. d.Counties.Select(OrganizationViewMapping.County)],
        [.. d.PublicContacts.Where(c => c.Kind is ContactKind.Hotline or ContactKind.Phone)],
        d.AcceptingReferrals,
        d.Verified,
        d.VerifiedAt,
        d.Version);

    /// <summary>Lowercased words of the search text, without duplicates (at most 8).</summary>
    public static string[] Terms(string? text) => string.IsNullOrWhiteSpace(text)
        ? []
        : [.. text.ToLowerInvariant()
            .Split([' ', ',', ';', '.', '\t', '\n', '\r', '/', '(', ')', '"'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(t => t.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .Take(8)];

    /// <summary>The best <paramref name="count"/> matches by score, then name, without sorting all of them.</summary>
    private static List<(int Index, int Score)> Top(List<(int Index, int Score)> matches, int count)
    {
        static int Compare((int Index, int Score) a, (int Index, int Score) b) =>
            a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Index.CompareTo(b.Index);

        if (count >= matches.Count / 4)
        {
            matches.Sort(Compare);
            return matches;
        }

        // A heap of the best so far whose root is the worst of them.
        var heap = new PriorityQueue<(int Index, int Score), (int Index, int Score)>(count + 1, Comparer<(int Index, int Score)>.Create((a, b) => Compare(b, a)));
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

        var top = new List<(int Index, int Score)>(heap.Count);
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
        [.. terms.Select((t, i) => (Term: t, Count: counts[i])).Where(x => !x.Term.Retired).Select(x => new FacetCount(x.Term.Code, x.Term.Label, x.Count))];

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
        // Name, tags and description folded into one string, in that order: the first occurrence of a
        // word is in the best place it occurs, so one search per word finds both whether and where.
        private readonly string _text;
        private readonly int _nameEnd;
        private readonly int _tagsEnd;
        private readonly Bigrams _bigrams;

        public Entry(DirectoryDocument document, DirectorySnapshot snapshot)
        {
            Document = document;
            Services = Mask(document.Services, snapshot._serviceBits);
            Populations = Mask(document.Populations, snapshot._populationBits);
            Languages = Mask(document.Languages, snapshot._languageBits);
            Counties = Mask(document.Counties, CountyBits);
            var name = document.Name.ToLowerInvariant();
            var taxonomy = snapshot.Taxonomy;
            var tags = string.Join(" ", document.Services.Select(taxonomy.ServiceLabel)
                .Concat(document.Populations.Select(taxonomy.PopulationLabel))
                .Concat(document.Languages.Select(taxonomy.LanguageLabel))
                .Concat(document.Counties.Select(California.NameOf))).ToLowerInvariant();
            _text = name + "\n" + tags + "\n" + document.Description.ToLowerInvariant();
            _nameEnd = name.Length;
            _tagsEnd = name.Length + 1 + tags.Length;
            _bigrams = Bigrams.Of(_text);
        }

        public DirectoryDocument Document { get; }

        public ulong Services { get; }

        public ulong Populations { get; }

        public ulong Languages { get; }

        public ulong Counties { get; }

        public int NameRank { get; set; }

        /// <summary>Every term must occur somewhere; a term in the name weighs most, then the tags, then the description.</summary>
        public int Score(string[] terms, Bigrams[] grams)
        {
            var score = 0;
            for (var t = 0; t < terms.Length; t++)
            {
                var term = terms[t];
                if (!_bigrams.MayContain(grams[t]))
                {
                    return 0; // a pair of letters of the word is nowhere in the text
                }

                var at = _text.IndexOf(term, StringComparison.Ordinal);
                if (at < 0)
                {
                    return 0;
                }

                score += at == 0 ? 12 : at < _nameEnd ? 8 : at < _tagsEnd ? 4 : 1;
            }

            return score + (Document.Verified ? 1 : 0);
        }
    }

    /// <summary>
    /// Which pairs of adjacent characters a text has, hashed into 256 bits: a word whose pairs are
    /// not all there cannot occur in the text, which rules most texts out without searching them.
    /// </summary>
    private readonly record struct Bigrams(ulong A, ulong B, ulong C, ulong D)
    {
        public static Bigrams Of(string text)
        {
            ulong a = 0, b = 0, c = 0, d = 0;
            for (var i = 1; i < text.Length; i++)
            {
                var h = (uint)((text[i - 1] * 31) ^ (text[i] * 17)) & 255;
                var bit = 1UL << (int)(h & 63);
                switch (h >> 6)
                {
                    case 0: a |= bit; break;
                    case 1: b |= bit; break;
                    case 2: c |= bit; break;
                    default: d |= bit; break;
                }
            }

            return new Bigrams(a, b, c, d);
        }

        public bool MayContain(Bigrams word) =>
            (word.A & ~A) == 0 && (word.B & ~B) == 0 && (word.C & ~C) == 0 && (word.D & ~D) == 0;
    }
}
