using System.Collections.Frozen;

namespace ConnectedCalifornia.Directory;

/// <summary>A California county, keyed by its five-digit FIPS code (06001–06115).</summary>
public sealed record County(string Fips, string Name)
{
    public string Slug => Network.Identifiers.Slugify(Name);
}

/// <summary>California's 58 counties.</summary>
public static class California
{
    public static IReadOnlyList<County> Counties { get; } =
    [
        new("06001", "Alameda"), new("06003", "Alpine"), new("06005", "Amador"), new("06007", "Butte"),
        new("06009", "Calaveras"), new("06011", "Colusa"), new("06013", "Contra Costa"), new("06015", "Del Norte"),
        new("06017", "El Dorado"), new("06019", "Fresno"), new("06021", "Glenn"), new("06023", "Humboldt"),
        new("06025", "Imperial"), new("06027", "Inyo"), new("06029", "Kern"), new("06031", "Kings"),
        new("06033", "Lake"), new("06035", "Lassen"), new("06037", "Los Angeles"), new("06039", "Madera"),
        new("06041", "Marin"), new("06043", "Mariposa"), new("06045", "Mendocino"), new("06047", "Merced"),
        new("06049", "Modoc"), new("06051", "Mono"), new("06053", "Monterey"), new("06055", "Napa"),
        new("06057", "Nevada"), new("06059", "Orange"), new("06061", "Placer"), new("06063", "Plumas"),
        new("06065", "Riverside"), new("06067", "Sacramento"), new("06069", "San Benito"), new("06071", "San Bernardino"),
        new("06073", "San Diego"), new("06075", "San Francisco"), new("06077", "San Joaquin"), new("06079", "San Luis Obispo"),
        new("06081", "San Mateo"), new("06083", "Santa Barbara"), new("06085", "Santa Clara"), new("06087", "Santa Cruz"),
        new("06089", "Shasta"), new("06091", "Sierra"), new("06093", "Siskiyou"), new("06095", "Solano"),
        new("06097", "Sonoma"), new("06099", "Stanislaus"), new("06101", "Sutter"), new("06103", "Tehama"),
        new("06105", "Trinity"), new("06107", "Tulare"), new("06109", "Tuolumne"), new("06111", "Ventura"),
        new("06113", "Yolo"), new("06115", "Yuba"),
    ];

    private static readonly FrozenDictionary<string, County> ByFips = Counties.ToFrozenDictionary(c => c.Fips);

    public static bool IsCounty(string? fips) => fips is not null && ByFips.ContainsKey(fips);

    public static County? Find(string? fips) => fips is not null && ByFips.TryGetValue(fips, out var c) ? c : null;

    public static string NameOf(string fips) => Find(fips)?.Name ?? fips;
}
