using System.Collections.Frozen;
using System.Globalization;
using ConnectedCalifornia.Directory;

namespace ConnectedCalifornia.Web.Directory;

/// <summary>A place named in a search: where it is and in which county.</summary>
public sealed record Place(string Name, string CountyFips, double Latitude, double Longitude)
{
    public string CountyName => California.NameOf(CountyFips);
}

/// <summary>
/// California ZIP codes, cities and counties as places, for a search that names one ("shelter 93701",
/// "abogado en Salinas"). ZIP codes: the Census ZIP Code Tabulation Areas with their internal point and
/// county (Data/california-zips.csv, public domain, see docs/directory.md). Cities: our own table of
/// about 180 cities and their county (Data/california-cities.csv); a city's point is its county's
/// centre (the mean of the county's ZIP points), as is a county's.
/// </summary>
public static class CaliforniaPlaces
{
    private static readonly FrozenDictionary<string, Place> Zips;
    private static readonly FrozenDictionary<string, Place> Names;
    private static readonly FrozenDictionary<string, (double Lat, double Lon)> Centres;

    static CaliforniaPlaces()
    {
        var zips = new Dictionary<string, Place>(StringComparer.Ordinal);
        foreach (var line in Lines("california-zips.csv"))
        {
            var f = line.Split(',');
            zips[f[0]] = new Place(f[0], f[1], double.Parse(f[2], CultureInfo.InvariantCulture), double.Parse(f[3], CultureInfo.InvariantCulture));
        }

        Zips = zips.ToFrozenDictionary(StringComparer.Ordinal);
        Centres = zips.Values.GroupBy(p => p.CountyFips)
            .ToFrozenDictionary(g => g.Key, g => (g.Average(p => p.Latitude), g.Average(p => p.Longitude)), StringComparer.Ordinal);

        var names = new Dictionary<string, Place>(StringComparer.Ordinal);
        foreach (var county in California.Counties)
        {
            var (lat, lon) = Centre(county.Fips);
            var place = new Place(county.Name + " County", county.Fips, lat, lon);
            names[Key(county.Name + " county")] = place;
            names[Key("condado de " + county.Name)] = place;
            names[Key(county.Name)] = place;
        }

        foreach (var line in Lines("california-cities.csv"))
        {
            var f = line.Split(',');
            var fips = California.Counties.First(c => c.Name == f[1]).Fips;
            var (lat, lon) = Centre(fips);
            names[Key(f[0])] = new Place(f[0], fips, lat, lon); // a city named like its county is the city
        }

        Names = names.ToFrozenDictionary(StringComparer.Ordinal);
        LongestName = Names.Keys.Max(k => k.Split(' ').Length);
    }

    /// <summary>How many words the longest place name has.</summary>
    public static int LongestName { get; }

    public static int ZipCount => Zips.Count;

    /// <summary>A California ZIP code (five digits) as a place, or null.</summary>
    public static Place? Zip(string word) => word.Length == 5 && Zips.TryGetValue(word, out var p) ? p : null;

    /// <summary>A place by its folded words ("san jose", "fresno county", "condado de kern"), or null.</summary>
    public static Place? Named(string foldedWords) => Names.TryGetValue(foldedWords, out var p) ? p : null;

    /// <summary>The centre of a county (the mean of its ZIP points).</summary>
    public static (double Latitude, double Longitude) Centre(string fips) => Centres.TryGetValue(fips, out var c) ? c : (37.2, -119.5);

    /// <summary>Great-circle distance in miles.</summary>
    public static double Miles(double lat1, double lon1, double lat2, double lon2)
    {
        const double R = 3958.8;
        var dLat = (lat2 - lat1) * Math.PI / 180;
        var dLon = (lon2 - lon1) * Math.PI / 180;
        var a = Math.Sin(dLat / 2) * Math.Sin(dLat / 2)
            + Math.Cos(lat1 * Math.PI / 180) * Math.Cos(lat2 * Math.PI / 180) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * R * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    private static string Key(string name) => string.Join(' ', SearchText.Words(name));

    private static IEnumerable<string> Lines(string file)
    {
        using var stream = typeof(CaliforniaPlaces).Assembly.GetManifestResourceStream("ConnectedCalifornia.Web.Directory.Data." + file)
            ?? throw new InvalidOperationException($"The embedded place table {file} is missing.");
        using var reader = new StreamReader(stream);
        reader.ReadLine(); // header
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                lines.Add(line);
            }
        }

        return lines;
    }
}
