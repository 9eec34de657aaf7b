using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Globalization;
using ConnectedCalifornia.Web.Capacity;

namespace ConnectedCalifornia.Web.Insights;

/// <summary>
/// Which counties border which, derived once from the county outlines the app already ships
/// (<see cref="CaliforniaMap"/>): two counties are neighbours when their outlines share at least
/// <see cref="MinSharedPoints"/> boundary points within <see cref="Tolerance"/> map units. The map is
/// generated from a topology, so a shared border is drawn with the same points in both outlines; one
/// point alone is a corner where the counties only touch, which does not count.
/// </summary>
public sealed class CountyAdjacency
{
    /// <summary>How far apart (in the map's viewBox units; the map is 600 wide) two points may be and still be one.</summary>
    public const double Tolerance = 0.15;

    /// <summary>How many shared points make a shared border rather than a touching corner.</summary>
    public const int MinSharedPoints = 2;

    private readonly FrozenDictionary<string, ImmutableArray<string>> _neighbours;

    public CountyAdjacency(CaliforniaMap map)
        : this(map.Counties)
    {
    }

    public CountyAdjacency(IEnumerable<CountyShape> shapes)
    {
        ArgumentNullException.ThrowIfNull(shapes);
        _neighbours = Derive([.. shapes]);
    }

    /// <summary>How many pairs of neighbours the state has.</summary>
    public int PairCount => _neighbours.Values.Sum(n => n.Length) / 2;

    /// <summary>The neighbours of a county (FIPS), in FIPS order; none for an unknown code.</summary>
    public ImmutableArray<string> NeighboursOf(string fips) =>
        fips is not null && _neighbours.TryGetValue(fips, out var n) ? n : [];

    public bool AreNeighbours(string a, string b) => NeighboursOf(a).Contains(b);

    private static FrozenDictionary<string, ImmutableArray<string>> Derive(List<CountyShape> shapes)
    {
        // Points go into square buckets as wide as the tolerance, so a point's matches are in its bucket or the eight around it.
        var buckets = new Dictionary<(long X, long Y), List<(int County, double X, double Y)>>();
        var points = new List<(double X, double Y)>[shapes.Count];
        for (var i = 0; i < shapes.Count; i++)
        {
            points[i] = Points(shapes[i].Path);
            foreach (var (x, y) in points[i])
            {
                var key = Bucket(x, y);
                if (!buckets.TryGetValue(key, out var list))
                {
                    buckets[key] = list = [];
                }

                list.Add((i, x, y));
            }
        }

        var shared = new Dictionary<(int A, int B), int>();
        var matched = new HashSet<int>();
        for (var i = 0; i < shapes.Count; i++)
        {
            foreach (var (x, y) in points[i].Distinct())
            {
                matched.Clear();
                var (bx, by) = Bucket(x, y);
                for (var dx = -1L; dx <= 1; dx++)
                {
                    for (var dy = -1L; dy <= 1; dy++)
                    {
                        if (!buckets.TryGetValue((bx + dx, by + dy), out var list))
                        {
                            continue;
                        }

                        foreach (var other in list)
                        {
                            if (other.County > i && Math.Abs(other.X - x) <= Tolerance && Math.Abs(other.Y - y) <= Tolerance)
                            {
                                matched.Add(other.County);
                            }
                        }
                    }
                }

                foreach (var j in matched)
                {
                    shared[(i, j)] = shared.GetValueOrDefault((i, j)) + 1;
                }
            }
        }

        var neighbours = shapes.ToDictionary(s => s.Fips, _ => new SortedSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var ((a, b), count) in shared)
        {
            if (count >= MinSharedPoints)
            {
                neighbours[shapes[a].Fips].Add(shapes[b].Fips);
                neighbours[shapes[b].Fips].Add(shapes[a].Fips);
            }
        }

        return neighbours.ToFrozenDictionary(p => p.Key, p => p.Value.ToImmutableArray(), StringComparer.Ordinal);
    }

    private static (long X, long Y) Bucket(double x, double y) => ((long)Math.Floor(x / Tolerance), (long)Math.Floor(y / Tolerance));

    /// <summary>The points of an SVG path of absolute M, L and Z commands (as the map generator writes them).</summary>
    internal static List<(double X, double Y)> Points(string path)
    {
        var numbers = new List<double>();
        var start = -1;
        for (var i = 0; i <= path.Length; i++)
        {
            var c = i < path.Length ? path[i] : ' ';
            var partOfNumber = char.IsAsciiDigit(c) || c == '.' || (c == '-' && start < 0);
            if (partOfNumber && start < 0)
            {
                start = i;
            }
            else if (!partOfNumber && start >= 0)
            {
                numbers.Add(double.Parse(path.AsSpan(start, i - start), NumberStyles.Float, CultureInfo.InvariantCulture));
                start = -1;
                if (c == '-')
                {
                    start = i; // "1.5-2.0": a minus sign starts the next number
                }
            }
        }

        var points = new List<(double X, double Y)>(numbers.Count / 2);
        for (var i = 0; i + 1 < numbers.Count; i += 2)
        {
            points.Add((numbers[i], numbers[i + 1]));
        }

        return points;
    }
}
