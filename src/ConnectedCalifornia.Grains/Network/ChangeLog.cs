using System.Collections.Immutable;
using System.Globalization;
using ConnectedCalifornia.Directory;

namespace ConnectedCalifornia.Network;

/// <summary>Builds the change records of one command and keeps a participant's history bounded.</summary>
internal sealed class ChangeLog(Actor actor, DateTimeOffset at)
{
    /// <summary>How many change records a participant keeps (the newest).</summary>
    public const int MaxRecords = 200;

    private const int MaxValueLength = 1000;

    private readonly List<ChangeRecord> _records = [];

    public DateTimeOffset At => at;

    public Actor Actor => actor;

    /// <summary>Who requested the changes recorded next, when the actor approves someone else's request.</summary>
    public Actor? RequestedBy { get; set; }

    public bool IsEmpty => _records.Count == 0;

    /// <summary>The fields that changed, in the order they were recorded, each once.</summary>
    public IEnumerable<string> Fields => _records.Select(r => r.Field).Distinct(StringComparer.Ordinal);

    public void Record(string field, string? oldValue, string? newValue)
    {
        if (!string.Equals(oldValue, newValue, StringComparison.Ordinal))
        {
            _records.Add(new ChangeRecord(at, actor.UserId, actor.DisplayName, field, Bound(oldValue), Bound(newValue), RequestedBy?.UserId, RequestedBy?.DisplayName));
        }
    }

    public void Record(string field, ImmutableArray<string> oldValues, ImmutableArray<string> newValues)
    {
        if (!Normalize.SameItems(oldValues, newValues))
        {
            Record(field, Join(oldValues), Join(newValues));
        }
    }

    /// <summary>The history with this command's records appended, trimmed to the newest <see cref="MaxRecords"/>.</summary>
    public ImmutableArray<ChangeRecord> AppendTo(ImmutableArray<ChangeRecord> history)
    {
        var all = Normalize.Array(history).AddRange(_records);
        return all.Length <= MaxRecords ? all : all[^MaxRecords..];
    }

    public static string Join(ImmutableArray<string> values) => string.Join(", ", Normalize.Array(values));

    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>The newest <paramref name="max"/> records, newest first.</summary>
    public static ImmutableArray<ChangeRecord> Newest(ImmutableArray<ChangeRecord> history, int max) =>
        max <= 0 || history.IsDefaultOrEmpty ? [] : [.. history.Reverse().Take(max)];

    private static string? Bound(string? value) =>
        value is { Length: > MaxValueLength } ? value[..MaxValueLength] + "…" : value;
}
