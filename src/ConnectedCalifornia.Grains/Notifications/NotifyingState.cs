using System.Collections.Immutable;

namespace ConnectedCalifornia.Notifications;

/// <summary>
/// A grain state that keeps its own transactional outbox: the notifications a change caused, written in
/// the same storage write as the change and handed to <see cref="INotificationOutbox"/> right after it.
/// Participant grains whose state implements it get this from <c>ParticipantGrain.CommitAsync</c>.
/// </summary>
public interface INotifyingState<out TSelf>
{
    /// <summary>Notifications written but not yet handed to the outbox.</summary>
    ImmutableArray<Notification> Outbox { get; }

    /// <summary>A copy with <paramref name="outbox"/> as its pending notifications.</summary>
    TSelf WithOutbox(ImmutableArray<Notification> outbox);
}

/// <summary>How notification ids and facts are written, alike for every feature.</summary>
public static class NotificationFacts
{
    /// <summary>A time as a fact (ISO 8601, round-trip).</summary>
    public static string Time(DateTimeOffset at) => at.ToString("O", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A stable id: <c>&lt;entity&gt;:&lt;id&gt;:v&lt;version&gt;:&lt;kind&gt;:&lt;suffix&gt;</c>.</summary>
    public static string Id(string entity, string id, long version, string kind, string suffix) => $"{entity}:{id}:v{version}:{kind}:{suffix}";

    /// <summary>Facts from name/value pairs; null values are left out.</summary>
    public static ImmutableSortedDictionary<string, string> Of(params (string Key, string? Value)[] facts)
    {
        var builder = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in facts)
        {
            if (value is not null)
            {
                builder[key] = value;
            }
        }

        return builder.ToImmutable();
    }
}
