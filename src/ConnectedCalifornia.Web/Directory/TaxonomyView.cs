using System.Collections.Frozen;
using System.Collections.Immutable;
using ConnectedCalifornia.Directory;

namespace ConnectedCalifornia.Web.Directory;

/// <summary>
/// The current vocabularies as this node reads them: the labels every page, card, facet and HSDS
/// row shows. Immutable; <see cref="TaxonomyCache"/> swaps in a new one after each change.
/// </summary>
public sealed class TaxonomyView
{
    private readonly FrozenDictionary<string, VocabularyTerm> _services;
    private readonly FrozenDictionary<string, VocabularyTerm> _populations;
    private readonly FrozenDictionary<string, VocabularyTerm> _languages;

    public TaxonomyView(TaxonomyVocabularies vocabularies)
    {
        ArgumentNullException.ThrowIfNull(vocabularies);

        // Terms stored before aliases existed have none (a default array): give them an empty list.
        Vocabularies = vocabularies with
        {
            Services = WithAliases(vocabularies.Services),
            Populations = WithAliases(vocabularies.Populations),
            Languages = WithAliases(vocabularies.Languages),
        };
        vocabularies = Vocabularies;
        _services = Index(vocabularies.Services);
        _populations = Index(vocabularies.Populations);
        _languages = Index(vocabularies.Languages);
    }

    /// <summary>The seeded vocabularies (before the taxonomy grain was first read).</summary>
    public static TaxonomyView Seed { get; } = new(TaxonomyVocabularies.Seed);

    public TaxonomyVocabularies Vocabularies { get; }

    public long Version => Vocabularies.Version;

    /// <summary>Every term, retired ones included (listings may still carry them), in the curators' order.</summary>
    public ImmutableArray<VocabularyTerm> All(Vocabulary vocabulary) => Safe(Vocabularies.Of(vocabulary));

    /// <summary>The terms offered for new selections and shown as facets.</summary>
    public IEnumerable<VocabularyTerm> Active(Vocabulary vocabulary) => All(vocabulary).Where(t => !t.Retired);

    /// <summary>A term of the vocabulary, retired or not.</summary>
    public bool IsKnown(Vocabulary vocabulary, string code) => Terms(vocabulary).ContainsKey(code);

    public bool IsActive(Vocabulary vocabulary, string code) => Terms(vocabulary).TryGetValue(code, out var t) && !t.Retired;

    /// <summary>The current (English) label of a code (the code itself if it is no term): what exports and the search index use.</summary>
    public string Label(Vocabulary vocabulary, string code) => Terms(vocabulary).TryGetValue(code, out var t) ? t.Label : code;

    /// <summary>A service's label in the reader's language (pages); exports and the search index use <see cref="Label"/>.</summary>
    public string ServiceLabel(string code) => Shown(Vocabulary.Services, code);

    /// <summary>A population's label in the reader's language (pages).</summary>
    public string PopulationLabel(string code) => Shown(Vocabulary.Populations, code);

    /// <summary>A language's label in the reader's language (pages).</summary>
    public string LanguageLabel(string code) => Shown(Vocabulary.Languages, code);

    public ImmutableArray<TermView> Views(Vocabulary vocabulary, ImmutableArray<string> codes) =>
        [.. Safe(codes).Select(c => Terms(vocabulary).TryGetValue(c, out var t) ? new TermView(c, t.Label, t.Spanish) : new TermView(c, c))];

    /// <summary>The label of a code in the reader's language (the page's culture): what pages show; exports keep <see cref="Label"/>.</summary>
    public string Shown(Vocabulary vocabulary, string code) =>
        Terms(vocabulary).TryGetValue(code, out var t) ? TermView.Localized(t.Label, t.Spanish) : code;

    private FrozenDictionary<string, VocabularyTerm> Terms(Vocabulary vocabulary) => vocabulary switch
    {
        Vocabulary.Services => _services,
        Vocabulary.Populations => _populations,
        _ => _languages,
    };

    private static FrozenDictionary<string, VocabularyTerm> Index(ImmutableArray<VocabularyTerm> terms) =>
        Safe(terms).GroupBy(t => t.Code, StringComparer.Ordinal).ToFrozenDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    private static ImmutableArray<VocabularyTerm> WithAliases(ImmutableArray<VocabularyTerm> terms) =>
        terms.IsDefault ? [] : terms.Any(t => t.Aliases.IsDefault) ? [.. terms.Select(t => t.Aliases.IsDefault ? t with { Aliases = [] } : t)] : terms;

    private static ImmutableArray<T> Safe<T>(ImmutableArray<T> items) => items.IsDefault ? [] : items;
}
