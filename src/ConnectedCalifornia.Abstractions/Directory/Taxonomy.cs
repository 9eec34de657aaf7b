using System.Collections.Frozen;

namespace ConnectedCalifornia.Directory;

/// <summary>A term of one of the directory's vocabularies: a stable code and the label people read.</summary>
public sealed record TaxonomyTerm(string Code, string Label);

/// <summary>
/// The seeded vocabularies of the directory. Listings store codes, never labels, so a label
/// can be renamed without touching any listing.
/// </summary>
public static class Taxonomy
{
    public static IReadOnlyList<TaxonomyTerm> Services { get; } =
    [
        new("shelter-housing", "Shelter and housing"), new("case-management", "Case management"),
        new("mental-health", "Mental health"), new("legal-aid", "Legal aid"),
        new("immigration-relief", "Immigration relief"), new("medical", "Medical care"),
        new("vocational-employment", "Vocational training and employment"), new("hotline", "Hotline"),
        new("law-enforcement", "Law enforcement"), new("prosecution", "Prosecution"),
        new("child-welfare", "Child welfare"), new("prevention-education", "Prevention education"),
    ];

    public static IReadOnlyList<TaxonomyTerm> Populations { get; } =
    [
        new("minors-csec", "Minors (CSEC)"), new("adults", "Adults"), new("women", "Women"), new("men", "Men"),
        new("lgbtq", "LGBTQ+"), new("families", "Families"), new("foreign-nationals", "Foreign nationals"),
        new("labor-trafficking", "Survivors of labor trafficking"), new("sex-trafficking", "Survivors of sex trafficking"),
    ];

    public static IReadOnlyList<TaxonomyTerm> Languages { get; } =
    [
        new("en", "English"), new("es", "Spanish"), new("zh", "Chinese"), new("vi", "Vietnamese"),
        new("tl", "Tagalog"), new("ko", "Korean"), new("hy", "Armenian"), new("fa", "Persian"),
        new("ru", "Russian"), new("hmn", "Hmong"), new("pa", "Punjabi"), new("km", "Khmer"),
        new("ar", "Arabic"), new("ja", "Japanese"), new("th", "Thai"), new("ase", "American Sign Language"),
    ];

    private static readonly FrozenDictionary<string, TaxonomyTerm> ServiceByCode = Services.ToFrozenDictionary(t => t.Code);
    private static readonly FrozenDictionary<string, TaxonomyTerm> PopulationByCode = Populations.ToFrozenDictionary(t => t.Code);
    private static readonly FrozenDictionary<string, TaxonomyTerm> LanguageByCode = Languages.ToFrozenDictionary(t => t.Code);

    public static bool IsService(string code) => ServiceByCode.ContainsKey(code);

    public static bool IsPopulation(string code) => PopulationByCode.ContainsKey(code);

    public static bool IsLanguage(string code) => LanguageByCode.ContainsKey(code);

    public static string ServiceLabel(string code) => ServiceByCode.TryGetValue(code, out var t) ? t.Label : code;

    public static string PopulationLabel(string code) => PopulationByCode.TryGetValue(code, out var t) ? t.Label : code;

    public static string LanguageLabel(string code) => LanguageByCode.TryGetValue(code, out var t) ? t.Label : code;
}
