using System.Collections.Immutable;

namespace ConnectedCalifornia.Calendars;

/// <summary>
/// One event as every calendar lists it: no registrant, and the address only when it is public
/// (<see cref="PublicAddress"/> is null for a hidden address and for online events).
/// </summary>
[GenerateSerializer, Immutable, Alias("cc.CalendarEventRow")]
public sealed record CalendarEventRow(
    [property: Id(0)] string EventId,
    [property: Id(1)] string Title,
    [property: Id(2)] string Description,
    [property: Id(3)] EventKind Kind,
    [property: Id(4)] ImmutableArray<string> HostOrganizationIds,
    [property: Id(5)] ImmutableArray<string> PromotedBy,
    [property: Id(6)] string? InitiativeId,
    [property: Id(7)] string? TaskForceId,
    [property: Id(8)] string County,
    [property: Id(9)] DateTimeOffset Start,
    [property: Id(10)] DateTimeOffset End,
    [property: Id(11)] bool Online,
    [property: Id(12)] string? PublicAddress,
    [property: Id(13)] int Capacity,
    [property: Id(14)] int Registered,
    [property: Id(15)] int Waitlisted,
    [property: Id(16)] string? Fee,
    [property: Id(17)] EventAudience Audience,
    [property: Id(18)] EventStatus Status,
    [property: Id(19)] int Sequence,
    [property: Id(20)] string? TrainingType,
    [property: Id(21)] decimal CreditHours,
    [property: Id(22)] DateTimeOffset CreatedAt,
    [property: Id(23)] DateTimeOffset UpdatedAt,
    [property: Id(24)] long Version,
    [property: Id(25)] DateTimeOffset? NextReminderAt = null,
    [property: Id(26)] int Held = 0,
    [property: Id(27)] string? SeriesId = null,
    [property: Id(28)] DateTimeOffset? RecurrenceId = null)
{
    // Registered and Waitlisted count every active registration; Held is how many of them are public registrations
    // still awaiting their e-mail confirmation (they hold a seat or place until confirmed or expired).

    /// <summary>Seats still free; null when the event has no limit.</summary>
    public int? SeatsLeft => Capacity == 0 ? null : Math.Max(0, Capacity - Registered);

    /// <summary>Hosts and promoters: the organizations whose calendars carry the event.</summary>
    public bool IsOnCalendarOf(string organizationId) =>
        HostOrganizationIds.Contains(organizationId) || PromotedBy.Contains(organizationId);
}

/// <summary>
/// Which events a calendar shows; every filter is optional. The calendar index applies it, so a
/// page or feed receives only its own rows, not the whole network's calendar.
/// </summary>
/// <param name="OrganizationId">Events on the organization's calendar: hosted or promoted by it.</param>
/// <param name="HostedByAny">Events hosted by any of these organizations (a task force's members).</param>
/// <param name="From">Events that have not ended before this time.</param>
/// <param name="To">Events that start before this time.</param>
/// <param name="SeriesId">The occurrences of one recurring series.</param>
[GenerateSerializer, Immutable, Alias("cc.CalendarFilter")]
public sealed record CalendarFilter(
    [property: Id(0)] EventKind? Kind = null,
    [property: Id(1)] string? County = null,
    [property: Id(2)] EventAudience? Audience = null,
    [property: Id(3)] string? OrganizationId = null,
    [property: Id(4)] string? InitiativeId = null,
    [property: Id(5)] string? TaskForceId = null,
    [property: Id(6)] DateTimeOffset? From = null,
    [property: Id(7)] DateTimeOffset? To = null,
    [property: Id(8)] ImmutableArray<string>? HostedByAny = null,
    [property: Id(9)] string? SeriesId = null)
{
    public bool Matches(CalendarEventRow row) =>
        (Kind is null || row.Kind == Kind)
        && (County is null || row.County == County)
        && (Audience is null || row.Audience == Audience)
        && (OrganizationId is null || row.IsOnCalendarOf(OrganizationId))
        && (InitiativeId is null || row.InitiativeId == InitiativeId)
        && (TaskForceId is null || row.TaskForceId == TaskForceId)
        && (From is null || row.End >= From)
        && (To is null || row.Start < To)
        && (HostedByAny is not { } hosts || row.HostOrganizationIds.Any(hosts.Contains))
        && (SeriesId is null || row.SeriesId == SeriesId);
}

/// <summary>One completed training, for the completions-by-agency report. No names: the certificate holds those.</summary>
[GenerateSerializer, Immutable, Alias("cc.CompletionRow")]
public sealed record CompletionRow(
    [property: Id(0)] string CertificateCode,
    [property: Id(1)] string EventId,
    [property: Id(2)] string EventTitle,
    [property: Id(3)] string TrainingType,
    [property: Id(4)] decimal CreditHours,
    [property: Id(5)] string? OrganizationId,
    [property: Id(6)] DateTimeOffset CompletedOn);

/// <summary>
/// The read model of every calendar (key <see cref="Network.GrainKeys"/>' <c>CalendarIndex</c>): one row
/// per event, written by the event grains after each change, and the training completions.
/// Statewide, county, organization, task-force and initiative calendars and feeds are views of it.
/// </summary>
[Alias("cc.ICalendarIndexGrain")]
public interface ICalendarIndexGrain : IGrainWithStringKey
{
    [Alias("Upsert")]
    Task Upsert(CalendarEventRow row);

    /// <summary>The events matching the filter, by start time.</summary>
    [Alias("GetEvents")]
    Task<ImmutableArray<CalendarEventRow>> GetEvents(CalendarFilter filter);

    [Alias("GetEvent")]
    Task<CalendarEventRow?> GetEvent(string eventId);

    [Alias("SetCompletion")]
    Task SetCompletion(CompletionRow completion, bool completed);

    [Alias("GetCompletions")]
    Task<ImmutableArray<CompletionRow>> GetCompletions();

    /// <summary>Events whose next reminder is due at <paramref name="now"/>.</summary>
    [Alias("GetDueReminders")]
    Task<ImmutableArray<string>> GetDueReminders(DateTimeOffset now);
}

/// <summary>A training completion certificate, checked by anyone at its public verification address.</summary>
[GenerateSerializer, Immutable, Alias("cc.Certificate")]
public sealed record Certificate(
    [property: Id(0)] string Code,
    [property: Id(1)] string EventId,
    [property: Id(2)] string EventTitle,
    [property: Id(3)] string TrainingType,
    [property: Id(4)] decimal CreditHours,
    [property: Id(5)] string RecipientName,
    [property: Id(6)] string? OrganizationId,
    [property: Id(7)] DateTimeOffset CompletedOn,
    [property: Id(8)] DateTimeOffset IssuedAt,
    [property: Id(9)] bool Revoked = false);

/// <summary>One certificate (key: its verification code, such as <c>CC-7KQ2-M9XD</c>).</summary>
[Alias("cc.ICertificateGrain")]
public interface ICertificateGrain : IGrainWithStringKey
{
    [Alias("Get")]
    Task<Certificate?> Get();

    [Alias("Issue")]
    Task Issue(Certificate certificate);

    [Alias("Revoke")]
    Task Revoke();
}

/// <summary>Verification codes: "CC-" and two groups of four letters and digits that cannot be mistaken for each other.</summary>
public static class CertificateCodes
{
    private const string Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

    public static string New()
    {
        Span<char> chars = stackalloc char[8];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Alphabet[System.Security.Cryptography.RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return $"CC-{chars[..4]}-{chars[4..]}";
    }

    /// <summary>The code as typed, cleaned (trimmed, upper case); null when it cannot be a code.</summary>
    public static string? Normalize(string? code)
    {
        var value = code?.Trim().ToUpperInvariant();
        return value is { Length: 12 } && value.StartsWith("CC-", StringComparison.Ordinal) && value[7] == '-'
            && value.Where((c, i) => i is not (0 or 1 or 2 or 7)).All(Alphabet.Contains)
            ? value
            : null;
    }
}

/// <summary>The task-force feed's tokens (key: the task force id): one per person, revocable. Only hashes are stored.</summary>
[Alias("cc.ITaskForceFeedGrain")]
public interface ITaskForceFeedGrain : IGrainWithStringKey
{
    /// <summary>Issues a new token for the person, replacing (revoking) their previous one.</summary>
    [Alias("Issue")]
    Task<string> Issue(string userId);

    [Alias("Revoke")]
    Task Revoke(string userId);

    /// <summary>The person a token belongs to; null for an unknown or revoked token.</summary>
    [Alias("Validate")]
    Task<string?> Validate(string token);

    [Alias("HasToken")]
    Task<bool> HasToken(string userId);
}
