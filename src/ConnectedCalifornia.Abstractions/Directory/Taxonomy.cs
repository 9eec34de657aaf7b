using System.Collections.Frozen;

namespace ConnectedCalifornia.Directory;

/// <summary>A term of one of the directory's vocabularies: a stable code, the label people read, and its Spanish label.</summary>
public sealed record TaxonomyTerm(string Code, string Label, string? Spanish = null);

/// <summary>
/// The seeded vocabularies of the directory. Listings store codes, never labels, so a label
/// can be renamed without touching any listing.
/// </summary>
public static class Taxonomy
{
    public static IReadOnlyList<TaxonomyTerm> Services { get; } =
    [
        new("shelter-housing", "Shelter and housing", "Albergue y vivienda"), new("case-management", "Case management", "Manejo de casos"),
        new("mental-health", "Mental health", "Salud mental"), new("legal-aid", "Legal aid", "Ayuda legal"),
        new("immigration-relief", "Immigration relief", "Ayuda migratoria"), new("medical", "Medical care", "Atención médica"),
        new("vocational-employment", "Vocational training and employment", "Capacitación laboral y empleo"), new("hotline", "Hotline", "Línea de ayuda"),
        new("law-enforcement", "Law enforcement", "Fuerzas del orden"), new("prosecution", "Prosecution", "Fiscalía"),
        new("child-welfare", "Child welfare", "Bienestar infantil"), new("prevention-education", "Prevention education", "Educación preventiva"),
    ];

    public static IReadOnlyList<TaxonomyTerm> Populations { get; } =
    [
        new("minors-csec", "Minors (CSEC)", "Menores de edad (CSEC)"), new("adults", "Adults", "Personas adultas"), new("women", "Women", "Mujeres"), new("men", "Men", "Hombres"),
        new("lgbtq", "LGBTQ+", "LGBTQ+"), new("families", "Families", "Familias"), new("foreign-nationals", "Foreign nationals", "Personas extranjeras"),
        new("labor-trafficking", "Survivors of labor trafficking", "Sobrevivientes de trata laboral"), new("sex-trafficking", "Survivors of sex trafficking", "Sobrevivientes de trata sexual"),
        new("domestic-violence", "Survivors of domestic violence", "Sobrevivientes de violencia doméstica"),
    ];

    /// <summary>
    /// The words people type for a term, seeded with the vocabularies (curators edit them on the taxonomy
    /// page): English and Spanish synonyms and abbreviations. Keyed by code; languages, services and
    /// populations share no code.
    /// </summary>
    public static IReadOnlyDictionary<string, string[]> SeedAliases { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["shelter-housing"] = ["shelter", "housing", "safe house", "bed", "refugio", "albergue", "vivienda", "casa segura", "alojamiento"],
        ["case-management"] = ["case manager", "advocate", "advocacy", "manejo de casos", "gestion de casos", "intercesor", "acompanamiento"],
        ["mental-health"] = ["counseling", "therapy", "therapist", "counselor", "salud mental", "terapia", "consejeria", "psicologo"],
        ["legal-aid"] = ["lawyer", "attorney", "legal help", "legal services", "abogado", "ayuda legal", "asesoria legal", "servicios legales"],
        ["immigration-relief"] = ["immigration", "t visa", "u visa", "visa", "inmigracion", "visa t", "visa u", "papeles"],
        ["medical"] = ["doctor", "clinic", "health care", "medico", "clinica", "salud", "atencion medica"],
        ["vocational-employment"] = ["job", "jobs", "work", "employment", "job training", "trabajo", "empleo", "capacitacion"],
        ["hotline"] = ["crisis line", "helpline", "phone line", "24/7", "linea de crisis", "linea de ayuda", "telefono"],
        ["law-enforcement"] = ["police", "sheriff", "cops", "policia", "alguacil"],
        ["prosecution"] = ["district attorney", "da", "prosecutor", "fiscal", "fiscalia"],
        ["child-welfare"] = ["cps", "foster care", "child protective services", "proteccion infantil", "bienestar infantil"],
        ["prevention-education"] = ["training", "prevention", "school", "education", "prevencion", "educacion", "capacitacion escolar"],
        ["minors-csec"] = ["youth", "teens", "teen", "teenager", "kids", "children", "minors", "juvenile", "jovenes", "adolescentes", "menores", "ninos", "ninas"],
        ["adults"] = ["adultos"],
        ["women"] = ["woman", "girls", "female", "mujer", "mujeres"],
        ["men"] = ["man", "male", "boys", "hombre", "hombres"],
        ["lgbtq"] = ["gay", "lesbian", "trans", "transgender", "queer", "lgbt", "lgbtqia"],
        ["families"] = ["family", "parents", "mothers", "familia", "familias", "madres"],
        ["foreign-nationals"] = ["immigrants", "undocumented", "migrants", "inmigrantes", "indocumentados", "migrantes"],
        ["labor-trafficking"] = ["forced labor", "labor trafficking", "trata laboral", "trabajo forzado"],
        ["sex-trafficking"] = ["sex trafficking", "sexual exploitation", "trata sexual", "explotacion sexual"],
        ["domestic-violence"] = ["dv", "domestic abuse", "ipv", "intimate partner violence", "violencia domestica", "violencia familiar", "abuso domestico"],
        ["es"] = ["espanol", "spanish speaking", "hispanohablante", "en espanol"],
        ["zh"] = ["mandarin", "cantonese", "chino"],
        ["vi"] = ["vietnamita"],
        ["ase"] = ["asl", "sign language", "deaf", "lengua de senas", "sordos"],
    };

    public static IReadOnlyList<TaxonomyTerm> Languages { get; } =
    [
        new("en", "English", "Inglés"), new("es", "Spanish", "Español"), new("zh", "Chinese", "Chino"), new("vi", "Vietnamese", "Vietnamita"),
        new("tl", "Tagalog", "Tagalo"), new("ko", "Korean", "Coreano"), new("hy", "Armenian", "Armenio"), new("fa", "Persian", "Persa"),
        new("ru", "Russian", "Ruso"), new("hmn", "Hmong", "Hmong"), new("pa", "Punjabi", "Panyabí"), new("km", "Khmer", "Jemer"),
        new("ar", "Arabic", "Árabe"), new("ja", "Japanese", "Japonés"), new("th", "Thai", "Tailandés"), new("ase", "American Sign Language", "Lengua de señas americana"),
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
