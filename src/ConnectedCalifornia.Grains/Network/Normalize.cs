using System.Collections.Immutable;

namespace ConnectedCalifornia.Network;

/// <summary>Cleans what callers send before it is validated and stored: trimmed text, no default arrays.</summary>
internal static class Normalize
{
    public static string Text(string? value) => value?.Trim() ?? string.Empty;

    public static string? OptionalText(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    public static ImmutableArray<string> Codes(ImmutableArray<string> values) =>
        values.IsDefault ? [] : [.. values.Select(v => v?.Trim() ?? string.Empty)];

    public static ImmutableArray<T> Array<T>(ImmutableArray<T> values) => values.IsDefault ? [] : values;

    public static bool SameItems<T>(ImmutableArray<T> left, ImmutableArray<T> right) =>
        Array(left).AsSpan().SequenceEqual(Array(right).AsSpan());
}
