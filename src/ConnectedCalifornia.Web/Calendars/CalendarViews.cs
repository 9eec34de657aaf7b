using System.Collections.Immutable;
using ConnectedCalifornia.Calendars;
using ConnectedCalifornia.Network;

namespace ConnectedCalifornia.Web.Calendars;

/// <summary>An event lookup: the view, or whether the event exists at all (to tell "not found" from "not for you").</summary>
public sealed record EventLookup(EventView? View, bool Exists)
{
    public static EventLookup Missing { get; } = new(null, false);
}

/// <summary>One event as a person may see it.</summary>
/// <param name="Address">Null for online events, and for a hidden address unless the person is registered or a host.</param>
/// <param name="OnlineLink">Only for registrants (with a seat) and hosts.</param>
/// <param name="Roster">Hosts only: every active registration, seats first then the waitlist in order.</param>
/// <param name="CanManage">The hosts and curators: edit and cancel the event.</param>
/// <param name="SeesRoster">The hosts only (curators see the counts unless they host).</param>
/// <param name="CancellationNotice">Those who manage a cancelled event: the registrants to be told.</param>
public sealed record EventView(
    CalendarEventRow Event,
    string? Address,
    string? OnlineLink,
    ImmutableDictionary<string, string> HostNames,
    string? InitiativeName,
    MyRegistration? Mine,
    ImmutableArray<RosterEntry> Roster,
    bool CanManage,
    bool IsOver,
    bool SeesRoster,
    EventCancellationNotice? CancellationNotice = null);

/// <summary>For the hosts of a cancelled event: how many registrants are to be told, and whether the notice went out.</summary>
public sealed record EventCancellationNotice(int Registrants, DateTimeOffset? ToldAt);

/// <summary>A registrant's own view of their registration.</summary>
/// <param name="ConfirmBy">A public registration awaiting confirmation through its e-mailed link: it holds its seat or place until then.</param>
public sealed record MyRegistration(string RegistrationId, RegistrationStatus Status, int? WaitlistPosition, bool Attended, string? CertificateCode, DateTimeOffset RegisteredAt, DateTimeOffset? ConfirmBy = null, DateTimeOffset? ConfirmedAt = null)
{
    public static MyRegistration From(Registration r, int? position) =>
        new(r.RegistrationId, r.Status, position, r.Attended, r.CertificateCode, r.RegisteredAt, r.Status == RegistrationStatus.Cancelled ? null : r.ConfirmBy, r.ConfirmedAt);
}

/// <summary>One line of the hosts' roster.</summary>
public sealed record RosterEntry(string RegistrationId, string Name, string Email, string? OrganizationId, RegistrationStatus Status, bool Attended, string? CertificateCode, DateTimeOffset RegisteredAt, bool Member)
{
    public static RosterEntry From(Registration r) =>
        new(r.RegistrationId, r.Name, r.Email, r.OrganizationId, r.Status, r.Attended, r.CertificateCode, r.RegisteredAt, r.UserId is not null);
}

/// <summary>What a registration asks: the public gives name and e-mail; members may leave them empty to use their account's.</summary>
public sealed record RegistrationForm(string? Name, string? Email, string? OrganizationId = null);

/// <summary>
/// The answer to a registration: the registration (a signed-in person's own), or the address its link was
/// e-mailed to (a public registration: the link is the registrant's ticket and goes only by e-mail), or why not.
/// </summary>
public sealed record RegistrationOutcome(CommandResult Result, MyRegistration? Registration, string? SentTo = null)
{
    public bool Succeeded => Result.Succeeded && (Registration is not null || SentTo is not null);

    /// <summary>What the page and the API say to a public registrant, whether the address was new or had registered before.</summary>
    public string? CheckEmailMessage => SentTo is null ? null
        : $"Check your e-mail: we sent the link to confirm or see your registration to {SentTo}. Open it within the time it gives to keep your place.";

    public static RegistrationOutcome From(RegistrationResult result) =>
        new(result.Result, result.Registration is null ? null : MyRegistration.From(result.Registration, null));
}

/// <summary>An event as the form and the API take it. Times are instants (ISO 8601 with offset); pages enter them in Pacific time.</summary>
public sealed record EventForm(
    string? Title,
    string? Description,
    EventKind Kind,
    IReadOnlyList<string>? HostOrganizationIds,
    string? InitiativeId,
    string? TaskForceId,
    string? County,
    DateTimeOffset Start,
    DateTimeOffset End,
    bool Online,
    string? Address,
    bool HideAddressUntilRegistered,
    string? OnlineLink,
    int Capacity,
    string? Fee,
    EventAudience Audience,
    string? TrainingType,
    decimal CreditHours)
{
    public EventDefinition ToDefinition() => new(
        Title ?? string.Empty,
        Description ?? string.Empty,
        Kind,
        [.. HostOrganizationIds ?? []],
        InitiativeId,
        TaskForceId,
        County ?? string.Empty,
        Start,
        End,
        Online,
        Address,
        HideAddressUntilRegistered,
        OnlineLink,
        Capacity,
        Fee,
        Audience,
        TrainingType,
        CreditHours);
}

/// <summary>What the public verification page shows of a certificate. No e-mail.</summary>
public sealed record CertificateView(
    string Code,
    string RecipientName,
    string TrainingType,
    string EventTitle,
    decimal CreditHours,
    DateTimeOffset CompletedOn,
    string? OrganizationName,
    bool Valid);

public sealed record TrainingCount(string TrainingType, int Completions);

public sealed record AgencyCompletions(string OrganizationId, string Name, int Completions, decimal CreditHours, ImmutableArray<TrainingCount> ByTraining);

public sealed record CompletionsReport(string TaskForceId, string TaskForceName, ImmutableArray<AgencyCompletions> Agencies);

public sealed record OrganizationOption(string Id, string Name);

/// <summary>What the event form offers: host organizations the person may name, initiatives, and their task forces.</summary>
public sealed record EventFormChoices(ImmutableArray<OrganizationOption> Hosts, ImmutableArray<OrganizationOption> Initiatives, ImmutableArray<OrganizationOption> TaskForces);

/// <summary>How a series repeats, as the form and the API take it (see <see cref="RecurrenceRule"/>).</summary>
/// <param name="Weekdays">Weekly: the days, such as ["Tuesday","Thursday"]; the first date's day must be one of them. Monthly: empty.</param>
/// <param name="Count">Ends after this many occurrences (2 to 52)...</param>
/// <param name="Until">...or on this date in California (inclusive, within a year of the first date): exactly one of the two.</param>
public sealed record RecurrenceForm(RecurrenceFrequency Frequency, int Interval, IReadOnlyList<DayOfWeek>? Weekdays, int? Count, DateOnly? Until)
{
    public RecurrenceRule ToRule() => new(Frequency, Interval, [.. Weekdays ?? []], Count, Until);
}

/// <summary>A new recurring series: the first occurrence (an event as <see cref="EventForm"/>) and how it repeats.</summary>
public sealed record SeriesForm(EventForm? Event, RecurrenceForm? Recurrence);

/// <summary>A published series: its id and its occurrences (each an event, with its own registration).</summary>
public sealed record SeriesCreated(string SeriesId, ImmutableArray<SeriesOccurrence> Occurrences);

/// <summary>A move of one occurrence: its new start and end (instants).</summary>
public sealed record MoveOccurrenceBody(DateTimeOffset Start, DateTimeOffset End);

/// <summary>One occurrence as the series lists it: its event's row (times, status, seats) and its start by the rule.</summary>
public sealed record OccurrenceView(string EventId, DateTimeOffset RecurrenceId, DateTimeOffset Start, DateTimeOffset End, EventStatus Status, int Capacity, int Registered, int Waitlisted)
{
    /// <summary>Moved from its date by the rule.</summary>
    public bool Moved => Start != RecurrenceId;
}

/// <summary>A series as a person may see it: its definition's row, its rule, its occurrences in order.</summary>
/// <param name="CanManage">Its hosts and curators: change the series, cancel or move occurrences.</param>
public sealed record SeriesView(string SeriesId, CalendarEventRow Series, RecurrenceRule Rule, ImmutableArray<OccurrenceView> Occurrences, bool CanManage);
