using System.Collections.Immutable;
using ConnectedCalifornia.Network;

namespace ConnectedCalifornia.Directory;

/// <summary>The directory's three curated vocabularies.</summary>
public enum Vocabulary
{
    Services = 0,
    Populations = 1,
    Languages = 2,
}

/// <summary>
/// One term of a curated vocabulary. The code never changes (listings store it); the label can be
/// renamed. A retired term is no longer offered for new selections nor shown as a search facet,
/// but listings that carry it stay valid and still show its label. <see cref="Aliases"/> are the other
/// words people type for it ("teens", "DV", "abogado"): the directory search finds the term by them.
/// </summary>
[GenerateSerializer, Immutable, Alias("cc.VocabularyTerm")]
public sealed record VocabularyTerm(
    [property: Id(0)] string Code,
    [property: Id(1)] string Label,
    [property: Id(2)] bool Retired = false,
    [property: Id(3)] ImmutableArray<string> Aliases = default,
    [property: Id(4)] string? Spanish = null)
{
    /// <summary>The aliases, never default.</summary>
    public ImmutableArray<string> Synonyms => Aliases.IsDefault ? [] : Aliases;

    /// <summary>
    /// The label a reader of this language sees: the Spanish one for "es" when there is one, else the English.
    /// <see cref="Spanish"/> null means never given (a seeded term takes the seed's); empty means removed by curators.
    /// </summary>
    public string LabelIn(string? language) => language == "es" && !string.IsNullOrEmpty(Spanish) ? Spanish : Label;

    /// <summary>Terms are equal by value, aliases included (an array compares by reference otherwise).</summary>
    public bool Equals(VocabularyTerm? other) =>
        other is not null && Code == other.Code && Label == other.Label && Retired == other.Retired && Spanish == other.Spanish && Synonyms.SequenceEqual(other.Synonyms);

    public override int GetHashCode() => HashCode.Combine(Code, Label, Retired, Spanish, Synonyms.Length);

    /// <summary>At most this many aliases per term.</summary>
    public const int MaxAliases = 20;

    /// <summary>An alias is at most this long.</summary>
    public const int MaxAliasLength = 40;
}

/// <summary>The current vocabularies, as the taxonomy grain answers them; <see cref="Version"/> grows with every change.</summary>
[GenerateSerializer, Immutable, Alias("cc.TaxonomyVocabularies")]
public sealed record TaxonomyVocabularies(
    [property: Id(0)] ImmutableArray<VocabularyTerm> Services,
    [property: Id(1)] ImmutableArray<VocabularyTerm> Populations,
    [property: Id(2)] ImmutableArray<VocabularyTerm> Languages,
    [property: Id(3)] long Version)
{
    /// <summary>The vocabularies the network starts with: the categories of the product brief (<see cref="Taxonomy"/>).</summary>
    public static TaxonomyVocabularies Seed { get; } = new(
        [.. Taxonomy.Services.Select(SeedTerm)],
        [.. Taxonomy.Populations.Select(SeedTerm)],
        [.. Taxonomy.Languages.Select(SeedTerm)],
        0);

    private static VocabularyTerm SeedTerm(TaxonomyTerm t) =>
        new(t.Code, t.Label, false, Taxonomy.SeedAliases.TryGetValue(t.Code, out var aliases) ? [.. aliases] : [], t.Spanish);

    /// <summary>
    /// Vocabularies stored before terms had Spanish labels: a seeded term whose English label curators have not
    /// renamed takes the seed's Spanish label (a renamed one waits for the curators' own).
    /// </summary>
    public TaxonomyVocabularies WithSeedSpanish()
    {
        static ImmutableArray<VocabularyTerm> Fill(ImmutableArray<VocabularyTerm> terms, ImmutableArray<VocabularyTerm> seed) =>
            terms.IsDefault || !terms.Any(t => t.Spanish is null)
                ? terms
                : [.. terms.Select(t => t.Spanish is null && seed.FirstOrDefault(s => s.Code == t.Code) is { } s && s.Label == t.Label ? t with { Spanish = s.Spanish } : t)];

        return this with
        {
            Services = Fill(Services, Seed.Services),
            Populations = Fill(Populations, Seed.Populations),
            Languages = Fill(Languages, Seed.Languages),
        };
    }

    public ImmutableArray<VocabularyTerm> Of(Vocabulary vocabulary) => vocabulary switch
    {
        Vocabulary.Services => Services,
        Vocabulary.Populations => Populations,
        Vocabulary.Languages => Languages,
        _ => [],
    };

    public VocabularyTerm? Find(Vocabulary vocabulary, string? code)
    {
        foreach (var term in Of(vocabulary))
        {
            if (string.Equals(term.Code, code, StringComparison.Ordinal))
            {
                return term;
            }
        }

        return null;
    }

    public TaxonomyVocabularies With(Vocabulary vocabulary, ImmutableArray<VocabularyTerm> terms) => vocabulary switch
    {
        Vocabulary.Services => this with { Services = terms },
        Vocabulary.Populations => this with { Populations = terms },
        Vocabulary.Languages => this with { Languages = terms },
        _ => this,
    };
}

/// <summary>
/// The directory's curated vocabularies (services, populations served, languages): one grain for
/// the network, key <see cref="GrainKeys.Taxonomy"/>. Curators add terms, rename labels and retire
/// or restore terms; every change is recorded and announced on the statewide topic.
/// </summary>
[Alias("cc.ITaxonomyGrain")]
public interface ITaxonomyGrain : IGrainWithStringKey
{
    [Alias("GetVocabularies")]
    Task<TaxonomyVocabularies> GetVocabularies();

    [Alias("AddTerm")]
    Task<CommandResult> AddTerm(Vocabulary vocabulary, string code, string label, Actor actor);

    /// <summary>Gives a term a new label; its code (and so every listing that carries it) stays.</summary>
    [Alias("RenameTerm")]
    Task<CommandResult> RenameTerm(Vocabulary vocabulary, string code, string label, Actor actor);

    /// <summary>Gives a term its Spanish label (what readers of the Spanish pages see); empty removes it (they see the English one).</summary>
    [Alias("SetSpanishLabel")]
    Task<CommandResult> SetSpanishLabel(Vocabulary vocabulary, string code, string? label, Actor actor);

    /// <summary>Retires a term (no longer offered for new selections, hidden from facets) or restores it.</summary>
    [Alias("SetRetired")]
    Task<CommandResult> SetRetired(Vocabulary vocabulary, string code, bool retired, Actor actor);

    /// <summary>Replaces a term's aliases (the other words the search finds it by).</summary>
    [Alias("SetAliases")]
    Task<CommandResult> SetAliases(Vocabulary vocabulary, string code, ImmutableArray<string> aliases, Actor actor);

    /// <summary>The newest recorded changes, newest first.</summary>
    [Alias("GetHistory")]
    Task<ImmutableArray<ChangeRecord>> GetHistory(int max);
}
