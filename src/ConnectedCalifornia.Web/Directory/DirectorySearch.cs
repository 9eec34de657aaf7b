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
    DateTimeOffset UpdatedAt)
{
    /// <summary>The public document of an organization: contacts above the public tier are left out here, once.</summary>
    public static DirectoryDocument From(OrganizationDetails d) => new(
        d.Id,
        d.Profile.Name,
        d.Profile.Kind,
        d.Profile.Description ?? string.Empty,
        d.Profile.Website,
        OrganizationViewMapping.Safe(d.Profile.Services),
        OrganizationViewMapping.Safe(d.Profile.Populations),
        OrganizationViewMapping.Safe(d.Profile.Languages),
        OrganizationViewMapping.Safe(d.Profile.Counties),
        [.. OrganizationViewMapping.Safe(d.Profile.Contacts).Where(c => c.Visibility == Visibility.Public).Select(c => new ContactView(c.Label, c.Kind, c.Value, c.Visibility))],
        d.Profile.AcceptingReferrals,
        d.Verification == VerificationStatus.Verified,
        d.Verification == VerificationStatus.Verified ? d.VerifiedAt : null,
        d.Version,
        d.UpdatedAt);
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

    public DirectorySort Sort { get; init; }

    public int Page { get; init; } = 1;

    public int PageSize { get; init; } = 20;

    /// <summary>Every problem of the query by field; empty when it can run.</summary>
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (Text is { Length: > MaxTextLength })
        {
            errors["q"] = [$"Search text can be at most {MaxTextLength} characters."];
        }

        Check(errors, "service", Services, Taxonomy.IsService, "Unknown service '{0}'. Use a code of the service taxonomy such as legal-aid.");
        Check(errors, "population", Populations, Taxonomy.IsPopulation, "Unknown population '{0}'. Use a code such as minors-csec.");
        Check(errors, "language", Languages, Taxonomy.IsLanguage, "Unknown language '{0}'. Use a code such as es (Spanish).");
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
/// An immutable, query-ready snapshot of the directory. Facet terms are bits (services, populations,
/// languages, the 58 counties each fit one 64-bit mask), names and texts are folded once, so a
/// faceted query is a scan of small structs without allocation until the page is cut.
/// </summary>
public sealed class DirectorySnapshot
{
    private static readonly Dictionary<string, int> ServiceBits = Bits(Taxonomy.Services.Select(t => t.Code));
    private static readonly Dictionary<string, int> PopulationBits = Bits(Taxonomy.Populations.Select(t => t.Code));
    private static readonly Dictionary<string, int> LanguageBits = Bits(Taxonomy.Languages.Select(t => t.Code));
    private static readonly Dictionary<string, int> CountyBits = Bits(California.Counties.Select(c => c.Fips));

    private readonly Entry[] _entries;

    public DirectorySnapshot(IEnumerable<DirectoryDocument> documents)
    {
        _entries = [.. documents
            .OrderBy(d => d.Name, StringComparer.OrdinalIgnoreCase)
            .ThenBy(d => d.Id, StringComparer.Ordinal)
            .Select(d => new Entry(d))];
        for (var i = 0; i < _entries.Length; i++)
        {
            _entries[i].NameRank = i;
        }
    }

    public static DirectorySnapshot Empty { get; } = new([]);

    public int Count => _entries.Length;

    public IEnumerable<DirectoryDocument> Documents => _entries.Select(e => e.Document);

    /// <summary>The documents that match every word of the text, by name.</summary>
    public IEnumerable<DirectoryDocument> Matching(string text)
    {
        var terms = Terms(text);
        return _entries.Where(e => terms.Length == 0 || e.Score(terms) > 0).Select(e => e.Document);
    }

    public DirectoryResults Search(DirectoryQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var services = Mask(query.Services, ServiceBits);
        var populations = Mask(query.Populations, PopulationBits);
        var languages = Mask(query.Languages, LanguageBits);
        var counties = Mask(query.Counties, CountyBits);
        var kinds = query.Kinds.IsDefaultOrEmpty ? 0UL : query.Kinds.Aggregate(0UL, (m, k) => m | (1UL << (int)k));
        var terms = Terms(query.Text);

        var matches = new List<(Entry Entry, int Score)>();
        var facetServices = new int[ServiceBits.Count];
        var facetPopulations = new int[PopulationBits.Count];
        var facetLanguages = new int[LanguageBits.Count];
        var facetCounties = new int[CountyBits.Count];
        int accepting = 0, verified = 0;
        foreach (var e in _entries)
        {
            if ((kinds != 0 && (kinds & (1UL << (int)e.Document.Kind)) == 0))
            {
                continue;
            }

            // Facet counts are disjunctive: a facet's counts apply every filter but its own, so the
            // other terms of a facet stay visible (and countable) after one is chosen.
            var failed = 0;
            failed |= services != 0 && (e.Services & services) == 0 ? 1 : 0;
            failed |= populations != 0 && (e.Populations & populations) == 0 ? 2 : 0;
            failed |= languages != 0 && (e.Languages & languages) == 0 ? 4 : 0;
            failed |= counties != 0 && (e.Counties & counties) == 0 ? 8 : 0;
            failed |= query.AcceptingReferralsOnly && !e.Document.AcceptingReferrals ? 16 : 0;
            failed |= query.VerifiedOnly && !e.Document.Verified ? 32 : 0;
            if (BitOperations.PopCount((uint)failed) > 1)
            {
                continue;
            }

            var score = 0;
            if (terms.Length > 0)
            {
                score = e.Score(terms);
                if (score == 0)
                {
                    continue;
                }
            }

            if (failed is 0 or 1)
            {
                CountBits(e.Services, facetServices);
            }

            if (failed is 0 or 2)
            {
                CountBits(e.Populations, facetPopulations);
            }

            if (failed is 0 or 4)
            {
                CountBits(e.Languages, facetLanguages);
            }

            if (failed is 0 or 8)
            {
                CountBits(e.Counties, facetCounties);
            }

            accepting += failed is 0 or 16 && e.Document.AcceptingReferrals ? 1 : 0;
            verified += failed is 0 or 32 && e.Document.Verified ? 1 : 0;
            if (failed == 0)
            {
                matches.Add((e, score));
            }
        }

        if (query.Sort == DirectorySort.Relevance && terms.Length > 0)
        {
            matches.Sort((a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Entry.NameRank.CompareTo(b.Entry.NameRank));
        }

        var page = matches.Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).Select(m => Hit(m.Entry.Document));
        var facets = new DirectoryFacets(
            Facet(Taxonomy.Services.Select(t => (t.Code, t.Label)), facetServices),
            Facet(Taxonomy.Populations.Select(t => (t.Code, t.Label)), facetPopulations),
            Facet(Taxonomy.Languages.Select(t => (t.Code, t.Label)), facetLanguages),
            Facet(California.Counties.Select(c => (c.Fips, c.Name)), facetCounties),
            accepting,
            verified);
        return new DirectoryResults([.. page], query.Page, query.PageSize, matches.Count, facets);
    }

    public static DirectoryHit Hit(DirectoryDocument d) => new(
        d.Id,
        d.Name,
        d.Kind,
        d.Description.Length > 220 ? d.Description[..d.Description.LastIndexOf(' ', 219)] + "…" : d.Description,
        [.. d.Services.Select(c => new TermView(c, Taxonomy.ServiceLabel(c)))],
        [.. d.Populations.Select(c => new TermView(c, Taxonomy.PopulationLabel(c)))],
        [.. d.Languages.Select(c => new TermView(c, Taxonomy.LanguageLabel(c)))],
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
            .Split([' ', ',', ';', '.', '\t', '/', '(', ')', '"'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(t => t.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .Take(8)];

    private static ImmutableArray<FacetCount> Facet(IEnumerable<(string Code, string Label)> terms, int[] counts) =>
        [.. terms.Select((t, i) => new FacetCount(t.Code, t.Label, counts[i]))];

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
        private readonly string _name;
        private readonly string _tags;
        private readonly string _description;

        public Entry(DirectoryDocument document)
        {
            Document = document;
            Services = Mask(document.Services, ServiceBits);
            Populations = Mask(document.Populations, PopulationBits);
            Languages = Mask(document.Languages, LanguageBits);
            Counties = Mask(document.Counties, CountyBits);
            _name = document.Name.ToLowerInvariant();
            _tags = string.Join(" ", document.Services.Select(Taxonomy.ServiceLabel)
                .Concat(document.Populations.Select(Taxonomy.PopulationLabel))
                .Concat(document.Languages.Select(Taxonomy.LanguageLabel))
                .Concat(document.Counties.Select(California.NameOf))).ToLowerInvariant();
            _description = document.Description.ToLowerInvariant();
        }

        public DirectoryDocument Document { get; }

        public ulong Services { get; }

        public ulong Populations { get; }

        public ulong Languages { get; }

        public ulong Counties { get; }

        public int NameRank { get; set; }

        /// <summary>Every term must occur somewhere; a term in the name weighs most, then the tags, then the description.</summary>
        public int Score(string[] terms)
        {
            var score = 0;
            foreach (var term in terms)
            {
                var s = _name.Contains(term, StringComparison.Ordinal) ? (_name.StartsWith(term, StringComparison.Ordinal) ? 12 : 8)
                    : _tags.Contains(term, StringComparison.Ordinal) ? 4
                    : _description.Contains(term, StringComparison.Ordinal) ? 1
                    : 0;
                if (s == 0)
                {
                    return 0;
                }

                score += s;
            }

            return score + (Document.Verified ? 1 : 0);
        }
    }
}
