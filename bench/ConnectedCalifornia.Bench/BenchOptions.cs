using System.Globalization;

namespace ConnectedCalifornia.Bench;

/// <summary>The command line: a mode (fanout | durable) and <c>--name value</c> pairs.</summary>
public sealed class BenchOptions
{
    private readonly Dictionary<string, string> _values;

    private BenchOptions(string mode, Dictionary<string, string> values)
    {
        Mode = mode;
        _values = values;
    }

    public string Mode { get; }

    public static BenchOptions Parse(string[] args)
    {
        var hasMode = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal);
        var mode = hasMode ? args[0].ToLowerInvariant() : "fanout";
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = hasMode ? 1 : 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"Expected '--name value', got '{args[i]}'.");
            }

            values[args[i][2..]] = args[++i];
        }

        return new BenchOptions(mode, values);
    }

    public int Int(string name, int fallback, int min, int max)
    {
        if (!_values.TryGetValue(name, out var text))
        {
            return fallback;
        }

        var value = int.Parse(text, CultureInfo.InvariantCulture);
        return value < min || value > max
            ? throw new ArgumentOutOfRangeException(name, value, $"--{name} must be between {min} and {max}.")
            : value;
    }

    public double Double(string name, double fallback, double min, double max)
    {
        if (!_values.TryGetValue(name, out var text))
        {
            return fallback;
        }

        var value = double.Parse(text, CultureInfo.InvariantCulture);
        return value < min || value > max
            ? throw new ArgumentOutOfRangeException(name, value, $"--{name} must be between {min} and {max}.")
            : value;
    }

    public string? Text(string name) => _values.TryGetValue(name, out var text) ? text : null;
}
