using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using ConnectedCalifornia.Directory;

namespace ConnectedCalifornia.Web.Directory.Hsds;

/// <summary>
/// How the directory's vocabularies appear in HSDS: one taxonomy each, terms keyed by our stable
/// codes, linked to organizations and services through HSDS attributes. Ids are name-based UUIDs,
/// so the same listing gets the same ids in every export.
/// </summary>
public static class HsdsVocabulary
{
    public const string Services = "connected-california-services";
    public const string Populations = "connected-california-populations";
    public const string Languages = "iso-639";
    public const string Counties = "california-county-fips";
    public const string Kinds = "connected-california-organization-kinds";
    public const string Referrals = "connected-california-referrals";

    /// <summary>
    /// Text in another language than the record's own (HSDS 3.0 has no translation table): an attribute with a term of
    /// this taxonomy carries the translation in its <c>value</c>; <see cref="SpanishDescription"/> is the organization's description in Spanish.
    /// </summary>
    public const string Translations = "connected-california-translations";
    public const string SpanishDescription = "description-es";
    public const string AcceptingReferrals = "accepting-referrals";
    public const string HotlinePrefix = "Hotline: ";

    public static IReadOnlyList<HsdsTaxonomy> Taxonomies { get; } =
    [
        new(Id(Services), Services, "Services to survivors of trafficking (Connected California)", "1"),
        new(Id(Populations), Populations, "Populations served (Connected California)", "1"),
        new(Id(Languages), Languages, "Languages, by ISO 639 code", null),
        new(Id(Counties), Counties, "California counties, by FIPS code", null),
        new(Id(Kinds), Kinds, "Kinds of organization and agency (Connected California)", "1"),
        new(Id(Referrals), Referrals, "Referral status (Connected California)", "1"),
        new(Id(Translations), Translations, "Translations of a record's text; the attribute's value is the text (Connected California)", "1"),
    ];

    /// <summary>
    /// Every term with its current label; retired terms too, as listings may still carry them. Made
    /// once per version of the vocabularies (two hashes a term), not on every HSDS request.
    /// </summary>
    public static IReadOnlyList<HsdsTaxonomyTerm> AllTerms(TaxonomyView taxonomy) =>
        TermsByVocabularies.GetValue(taxonomy, static t => [.. MakeTerms(t)]);

    private static readonly ConditionalWeakTable<TaxonomyView, HsdsTaxonomyTerm[]> TermsByVocabularies = new();

    private static IEnumerable<HsdsTaxonomyTerm> MakeTerms(TaxonomyView taxonomy) =>
        taxonomy.All(Vocabulary.Services).Select(t => Term(Services, t.Code, t.Label))
            .Concat(taxonomy.All(Vocabulary.Populations).Select(t => Term(Populations, t.Code, t.Label)))
            .Concat(taxonomy.All(Vocabulary.Languages).Select(t => Term(Languages, t.Code, t.Label)))
            .Concat(California.Counties.Select(c => Term(Counties, c.Fips, c.Name + " County")))
            .Concat(Enum.GetValues<OrganizationKind>().Select(k => Term(Kinds, k.ToString(), Words(k.ToString()))))
            .Append(Term(Referrals, AcceptingReferrals, "Accepting referrals"))
            .Append(Term(Translations, SpanishDescription, "Description in Spanish"));

    /// <summary>"LawEnforcement" reads "Law enforcement".</summary>
    private static string Words(string name) =>
        string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : c.ToString()));

    public static HsdsTaxonomyTerm Term(string taxonomy, string code, string label) =>
        new(TermId(taxonomy, code), code, label, label, taxonomy, Id(taxonomy));

    public static string TermId(string taxonomy, string code) => Id($"term:{taxonomy}:{code}");

    /// <summary>A name-based UUID (SHA-256 of the name, version and variant bits set), stable across exports.</summary>
    public static string Id(string name)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes("connected-california:" + name), hash);
        var bytes = hash[..16].ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true).ToString();
    }
}
