using System.Collections.Immutable;
using System.Text.Json;

namespace ConnectedCalifornia.Web.Capacity;

/// <summary>One county of the map: its FIPS code, name and SVG path in the map's viewBox.</summary>
public sealed record CountyShape(string Fips, string Name, string Path);

/// <summary>
/// The California county map, read once from <c>wwwroot/maps/california-counties.json</c>, which
/// <c>tools/county-map/generate.mjs</c> generates from the us-atlas counties (see docs/bed-board.md).
/// </summary>
public sealed class CaliforniaMap
{
    public const string File = "maps/california-counties.json";

    public CaliforniaMap(IWebHostEnvironment environment)
    {
        var file = environment.WebRootFileProvider.GetFileInfo(File);
        if (!file.Exists)
        {
            throw new InvalidOperationException($"The county map {File} is missing from wwwroot; run tools/county-map (npm ci && npm run generate).");
        }

        using var stream = file.CreateReadStream();
        using var document = JsonDocument.Parse(stream);
        var root = document.RootElement;
        Width = root.GetProperty("width").GetInt32();
        Height = root.GetProperty("height").GetInt32();
        Counties = [.. root.GetProperty("counties").EnumerateArray().Select(c => new CountyShape(
            c.GetProperty("fips").GetString()!, c.GetProperty("name").GetString()!, c.GetProperty("path").GetString()!))];
    }

    public int Width { get; }

    public int Height { get; }

    public ImmutableArray<CountyShape> Counties { get; }
}
