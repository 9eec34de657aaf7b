using System.Collections.Immutable;
using ConnectedCalifornia.Network;

namespace ConnectedCalifornia.Calendars;

[Alias("cc.EventKind")]
public enum EventKind
{
    Training = 0,
    Event = 1,

    /// <summary>A campaign action such as a signature-gathering table.</summary>
    CampaignAction = 2,
    Meeting = 3,
}

/// <summary>Who may see an event: in pages, the API, feeds and the hub alike.</summary>
[Alias("cc.EventAudience")]
public enum EventAudience
{
    Public = 0,

    /// <summary>Signed-in members of the network.</summary>
    NetworkMembers = 1,

    /// <summary>Members of law-enforcement and prosecution agencies (and the hosts).</summary>
    LawEnforcement = 2,

    /// <summary>Members of the event's task force (and the hosts).</summary>
    TaskForceMembers = 3,
}

[Alias("cc.EventStatus")]
public enum EventStatus
{
    Scheduled = 0,

    /// <summary>Its time or place changed after it was published.</summary>
    Changed = 1,
    Cancelled = 2,
}

[Alias("cc.RegistrationStatus")]
public enum RegistrationStatus
{
    Registered = 0,
    Waitlisted = 1,
    Cancelled = 2,
}

/// <summary>
/// What hosts say about an event. Times are instants; pages and feeds show them in Pacific time.
/// </summary>
/// <param name="HostOrganizationIds">One or more host organizations (co-hosts); may be empty when an initiative hosts.</param>
/// <param name="InitiativeId">The shared initiative that hosts it or whose calendar carries it.</param>
/// <param name="TaskForceId">The task force whose members may see it (audience <see cref="EventAudience.TaskForceMembers"/>).</param>
/// <param name="County">The county (FIPS) it takes place in, or that an online event is for.</param>
/// <param name="HideAddressUntilRegistered">The address is shown only to registrants and hosts.</param>
/// <param name="OnlineLink">For an online event: shown only to registrants and hosts.</param>
/// <param name="Capacity">Seats; 0 means no limit.</param>
/// <param name="Fee">Shown as typed, such as "$10, includes T-shirt and campaign materials"; no payment is processed.</param>
/// <param name="CreditHours">Training credit hours a completion earns; 0 for none.</param>
/// <param name="SeriesId">The recurring series this event is an occurrence of; set only by the series grain, kept for good.</param>
/// <param name="RecurrenceId">An occurrence's start as the series' rule gives it (the iCalendar RECURRENCE-ID), whatever time it was moved to.</param>
[GenerateSerializer, Immutable, Alias("cc.EventDefinition")]
public sealed record EventDefinition(
    [property: Id(0)] string Title,
    [property: Id(1)] string Description,
    [property: Id(2)] EventKind Kind,
    [property: Id(3)] ImmutableArray<string> HostOrganizationIds,
    [property: Id(4)] string? InitiativeId,
    [property: Id(5)] string? TaskForceId,
    [property: Id(6)] string County,
    [property: Id(7)] DateTimeOffset Start,
    [property: Id(8)] DateTimeOffset End,
    [property: Id(9)] bool Online,
    [property: Id(10)] string? Address,
    [property: Id(11)] bool HideAddressUntilRegistered,
    [property: Id(12)] string? OnlineLink,
    [property: Id(13)] int Capacity,
    [property: Id(14)] string? Fee,
    [property: Id(15)] EventAudience Audience,
    [property: Id(16)] string? TrainingType = null,
    [property: Id(17)] decimal CreditHours = 0,
    [property: Id(18)] string? SeriesId = null,
    [property: Id(19)] DateTimeOffset? RecurrenceId = null);

/// <summary>
/// What the person who publishes or changes an event may do with its host list: a curator (or a
/// system admin) anything; anyone else add or remove only the organizations they belong to.
/// </summary>
/// <param name="Curator">A curator or a system admin: may name and remove any host.</param>
/// <param name="Organizations">The organizations the person belongs to (their memberships as they count now).</param>
[GenerateSerializer, Immutable, Alias("cc.EventHostRights")]
public sealed record EventHostRights(
    [property: Id(0)] bool Curator,
    [property: Id(1)] ImmutableArray<string> Organizations)
{
    /// <summary>The rights of a curator (and of the demo seeder, which acts for the curators).</summary>
    public static EventHostRights AnyHost { get; } = new(true, []);

    /// <summary>May the person add or remove this organization as a host?</summary>
    public bool MayChange(string organizationId) => Curator || (!Organizations.IsDefault && Organizations.Contains(organizationId));
}

/// <summary>Who registers: a member with their account (user id), or anyone from the public with a name and an e-mail.</summary>
/// <param name="Language">The language of the page the registration was made from (<c>es</c> or <c>en</c>): a public registrant's e-mails are written in it.</param>
[GenerateSerializer, Immutable, Alias("cc.RegistrationRequest")]
public sealed record RegistrationRequest(
    [property: Id(0)] string? UserId,
    [property: Id(1)] string Name,
    [property: Id(2)] string Email,
    [property: Id(3)] string? OrganizationId = null,
    [property: Id(4)] string? Language = null);

/// <summary>One registration. Name and e-mail are personal data: shown to the hosts' roster and the registrant only, never logged or announced.</summary>
/// <param name="RegistrationId">A long random id: whoever holds it may see and cancel the registration (the public's "ticket").</param>
/// <param name="OrganizationId">The agency or organization the registrant attends for (completions by agency).</param>
/// <param name="ConfirmBy">
/// A public registration (without an account) holds its seat or waitlist place only until the registrant opens the
/// confirmation link sent to the address; set until then, null once confirmed (and for members, who need no confirmation).
/// </param>
/// <param name="ConfirmedAt">When the registrant confirmed through the e-mailed link.</param>
/// <param name="LinkSentAt">When the registration's link was last sent again because the address registered again (sent at most once per interval).</param>
/// <param name="Language">The language of the page a public registrant registered from (<c>es</c>; null for English): their e-mails are written in it.</param>
[GenerateSerializer, Immutable, Alias("cc.Registration")]
public sealed record Registration(
    [property: Id(0)] string RegistrationId,
    [property: Id(1)] string? UserId,
    [property: Id(2)] string Name,
    [property: Id(3)] string Email,
    [property: Id(4)] string? OrganizationId,
    [property: Id(5)] RegistrationStatus Status,
    [property: Id(6)] DateTimeOffset RegisteredAt,
    [property: Id(7)] DateTimeOffset? PromotedAt = null,
    [property: Id(8)] bool Attended = false,
    [property: Id(9)] string? CertificateCode = null,
    [property: Id(10)] DateTimeOffset? CancelledAt = null,
    [property: Id(11)] DateTimeOffset? ConfirmBy = null,
    [property: Id(12)] DateTimeOffset? ConfirmedAt = null,
    [property: Id(13)] DateTimeOffset? LinkSentAt = null,
    [property: Id(14)] string? Language = null);

/// <param name="Existing">
/// The same account or e-mail was already registered and <see cref="Registration"/> is that first
/// registration: its id is that registrant's ticket, so the caller hands it back only to its owner.
/// </param>
[GenerateSerializer, Immutable, Alias("cc.RegistrationResult")]
public sealed record RegistrationResult(
    [property: Id(0)] CommandResult Result,
    [property: Id(1)] Registration? Registration = null,
    [property: Id(2)] bool Existing = false)
{
    public bool Succeeded => Result.Succeeded && Registration is not null;
}

/// <summary>
/// An event's cancellation, kept with the event: when and by whom, and the registrations (with a seat or
/// on the waitlist at that moment) whose registrants are told. Their notices are written to the event's
/// outbox in the same write as the cancellation, so <see cref="RegistrantsToldAt"/> is that moment.
/// </summary>
[GenerateSerializer, Immutable, Alias("cc.EventCancellation")]
public sealed record EventCancellation(
    [property: Id(0)] DateTimeOffset CancelledAt,
    [property: Id(1)] string CancelledBy,
    [property: Id(2)] ImmutableArray<string> RegistrantsToTell,
    [property: Id(3)] DateTimeOffset? RegistrantsToldAt = null);

/// <summary>Everything an event grain knows, for the caller to filter by audience and role.</summary>
/// <param name="Sequence">The iCalendar SEQUENCE: 0 when published, +1 with every change.</param>
/// <param name="Registrations">Active ones (registered, then waitlisted in order) and cancelled ones.</param>
[GenerateSerializer, Immutable, Alias("cc.EventSnapshot")]
public sealed record EventSnapshot(
    [property: Id(0)] string EventId,
    [property: Id(1)] EventDefinition Definition,
    [property: Id(2)] EventStatus Status,
    [property: Id(3)] int Sequence,
    [property: Id(4)] ImmutableArray<string> PromotedBy,
    [property: Id(5)] ImmutableArray<Registration> Registrations,
    [property: Id(6)] long Version,
    [property: Id(7)] DateTimeOffset CreatedAt,
    [property: Id(8)] DateTimeOffset UpdatedAt,
    [property: Id(9)] EventCancellation? Cancellation = null)
{
    public int Registered => Registrations.Count(r => r.Status == RegistrationStatus.Registered);

    public int Waitlisted => Registrations.Count(r => r.Status == RegistrationStatus.Waitlisted);
}

/// <summary>
/// One event, training, campaign action or meeting (key: the event id). Being one grain, it alone
/// decides who gets the last seat: of many simultaneous registrations exactly
/// <see cref="EventDefinition.Capacity"/> are registered and the rest waitlisted in arrival order;
/// when a seat frees (a cancellation, or more seats), the next on the waitlist is promoted in the
/// same change. Every change is validated whole, written, put in the calendar index and announced.
/// </summary>
[Alias("cc.IEventGrain")]
public interface IEventGrain : IGrainWithStringKey
{
    /// <summary>The event with its registrations; null until it is published.</summary>
    [Alias("GetSnapshot")]
    Task<EventSnapshot?> GetSnapshot();

    /// <summary>
    /// Publishes the event, or changes it: a change keeps the id (the feeds' UID), bumps the
    /// sequence and marks it "changed" when its time or place moved. Refused when the end is not
    /// after the start, or the capacity is below the seats already taken; a cancelled event is final.
    /// </summary>
    /// <remarks>
    /// The host list changes only by the <paramref name="rights"/> of who asks: a curator names and
    /// removes any host; anyone else adds or removes only organizations they belong to, so a co-host
    /// cannot take the event away from another host.
    /// </remarks>
    [Alias("Define")]
    Task<CommandResult> Define(EventDefinition definition, Actor actor, EventHostRights rights);

    /// <summary>Cancels the event: it stays in calendars and feeds as cancelled.</summary>
    [Alias("Cancel")]
    Task<CommandResult> Cancel(Actor actor);

    /// <summary>
    /// Registers a person: a seat while there is one, else the waitlist. Registering again with the
    /// same account or e-mail returns the existing registration, marked <see cref="RegistrationResult.Existing"/>.
    /// </summary>
    [Alias("Register")]
    Task<RegistrationResult> Register(RegistrationRequest request, Actor actor);

    /// <summary>Cancels a registration; a freed seat goes to the next on the waitlist at once.</summary>
    [Alias("CancelRegistration")]
    Task<CommandResult> CancelRegistration(string registrationId, Actor actor);

    /// <summary>Marks (or unmarks) a registrant as attended, from the event's start on. A training with credit hours issues (or revokes) a certificate.</summary>
    [Alias("MarkAttendance")]
    Task<CommandResult> MarkAttendance(string registrationId, bool attended, Actor actor);

    /// <summary>An organization adds the event to its own calendar (promotes it), or takes it off.</summary>
    [Alias("SetPromotion")]
    Task<CommandResult> SetPromotion(string organizationId, bool promoted, Actor actor);

    [Alias("GetRegistration")]
    Task<Registration?> GetRegistration(string registrationId);

    /// <summary>
    /// Confirms a public registration through the link e-mailed to its address (the registration id is
    /// the link's token): it keeps its seat or waitlist place for good. Confirming again changes nothing;
    /// an unknown, cancelled or expired registration answers 404.
    /// </summary>
    [Alias("ConfirmRegistration")]
    Task<RegistrationResult> ConfirmRegistration(string registrationId);

    /// <summary>Sends the reminders that are due and not sent yet (each once); returns how many went out.</summary>
    [Alias("SendDueReminders")]
    Task<int> SendDueReminders();
}
