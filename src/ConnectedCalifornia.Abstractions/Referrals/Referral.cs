using System.Collections.Immutable;
using ConnectedCalifornia.Network;

namespace ConnectedCalifornia.Referrals;

[Alias("cc.ReferralStatus")]
public enum ReferralStatus
{
    Sent = 0,
    Viewed = 1,
    Accepted = 2,
    Declined = 3,
    InProgress = 4,
    Completed = 5,
    Closed = 6,
    Withdrawn = 7,
    Expired = 8,
}

/// <summary>Why a receiving organization declines a referral.</summary>
[Alias("cc.DeclineReason")]
public enum DeclineReason
{
    NoCapacity = 0,
    NotEligible = 1,
    CannotContact = 2,
    ServiceNotOffered = 3,
    Other = 4,
}

/// <summary>How a referral ended, recorded with Completed or Closed.</summary>
[Alias("cc.ReferralOutcome")]
public enum ReferralOutcome
{
    ServicesProvided = 0,
    Placed = 1,
    ReferredElsewhere = 2,
    PersonDeclinedServices = 3,
    LostContact = 4,
    Other = 5,
}

[Alias("cc.AgeBracket")]
public enum AgeBracket
{
    Unknown = 0,
    Under12 = 1,
    Age12To17 = 2,
    Age18To24 = 3,
    Age25To59 = 4,
    Age60Plus = 5,
}

[Alias("cc.ReferralUrgency")]
public enum ReferralUrgency
{
    Routine = 0,
    Urgent = 1,
}

/// <summary>Which side of a referral someone acts for. <see cref="None"/>: neither (a system admin, the system).</summary>
[Alias("cc.ReferralSide")]
public enum ReferralSide
{
    None = 0,
    Sender = 1,
    Receiver = 2,
}

/// <summary>The vocabulary of a referral's fields, shared by the grain, the API and the forms.</summary>
public static class ReferralVocabulary
{
    public const int MaxNeedsLength = 1000;
    public const int MaxSafetyNotesLength = 1000;
    public const int MaxTextLength = 1000;
    public const int MaxNoteLength = 2000;
    public const int MaxNotes = 200;
    public const int MaxNameLength = 200;
    public const int MaxContactLength = 200;
    public const int MaxPurposeLength = 500;
    public const int MaxServices = 10;

    /// <summary>The longest consent the network records: a year, after which the person is asked again.</summary>
    public static readonly TimeSpan MaxConsentDuration = TimeSpan.FromDays(366);

    /// <summary>Genders a referral may state when eligibility depends on it; empty when it does not.</summary>
    public static ImmutableArray<string> Genders { get; } = ["female", "male", "nonbinary", "transgender-female", "transgender-male"];

    public static bool IsTerminal(ReferralStatus status) =>
        status is ReferralStatus.Declined or ReferralStatus.Completed or ReferralStatus.Closed or ReferralStatus.Withdrawn or ReferralStatus.Expired;

    /// <summary>Not answered yet: the receiving side owes an answer.</summary>
    public static bool IsAwaitingAnswer(ReferralStatus status) => status is ReferralStatus.Sent or ReferralStatus.Viewed;

    /// <summary>Who owns a transition to <paramref name="to"/>; <see cref="ReferralSide.None"/> for the system's own (expiry).</summary>
    public static ReferralSide Owner(ReferralStatus to) => to switch
    {
        ReferralStatus.Viewed or ReferralStatus.Accepted or ReferralStatus.Declined or ReferralStatus.InProgress
            or ReferralStatus.Completed or ReferralStatus.Closed => ReferralSide.Receiver,
        ReferralStatus.Withdrawn => ReferralSide.Sender,
        _ => ReferralSide.None,
    };

    /// <summary>The states a transition to <paramref name="to"/> may start from.</summary>
    public static ImmutableArray<ReferralStatus> From(ReferralStatus to) => to switch
    {
        ReferralStatus.Viewed => [ReferralStatus.Sent],
        ReferralStatus.Accepted or ReferralStatus.Declined => [ReferralStatus.Sent, ReferralStatus.Viewed],
        ReferralStatus.InProgress => [ReferralStatus.Accepted],
        ReferralStatus.Completed or ReferralStatus.Closed => [ReferralStatus.Accepted, ReferralStatus.InProgress],
        ReferralStatus.Withdrawn => [ReferralStatus.Sent, ReferralStatus.Viewed, ReferralStatus.Accepted],
        ReferralStatus.Expired => [ReferralStatus.Sent, ReferralStatus.Viewed],
        _ => [],
    };

    public static string Label(ReferralStatus status) => status switch
    {
        ReferralStatus.InProgress => "In progress",
        _ => status.ToString(),
    };

    public static string Label(DeclineReason reason) => reason switch
    {
        DeclineReason.NoCapacity => "No capacity",
        DeclineReason.NotEligible => "Not eligible",
        DeclineReason.CannotContact => "Cannot contact",
        DeclineReason.ServiceNotOffered => "Service not offered",
        _ => "Other",
    };

    public static string Label(ReferralOutcome outcome) => outcome switch
    {
        ReferralOutcome.ServicesProvided => "Services provided",
        ReferralOutcome.Placed => "Placed (bed or program)",
        ReferralOutcome.ReferredElsewhere => "Referred elsewhere",
        ReferralOutcome.PersonDeclinedServices => "Person declined services",
        ReferralOutcome.LostContact => "Lost contact",
        _ => "Other",
    };

    public static string Label(AgeBracket age) => age switch
    {
        AgeBracket.Under12 => "Under 12",
        AgeBracket.Age12To17 => "12–17",
        AgeBracket.Age18To24 => "18–24",
        AgeBracket.Age25To59 => "25–59",
        AgeBracket.Age60Plus => "60 or older",
        _ => "Not stated",
    };

    /// <summary>The human code of a referral id: <c>rf-7k3q9m2d</c> reads as <c>RF-7K3Q9M2D</c>.</summary>
    public static string CodeOf(string referralId) => referralId.ToUpperInvariant();
}

/// <summary>
/// Who acts on a referral: the person, and the organization they act for (one of the referral's two).
/// The application service checks that the person belongs to that organization; the grain checks
/// that the organization is the side that owns the step.
/// </summary>
[GenerateSerializer, Immutable, Alias("cc.ReferralActor")]
public sealed record ReferralActor(
    [property: Id(0)] Actor Actor,
    [property: Id(1)] string OrganizationId);

/// <summary>
/// What a sender fills in. No name or contact of the person: those travel only with consent
/// (<see cref="ConsentDraft"/>).
/// </summary>
/// <param name="Services">Directory service codes asked for (at least one), such as <c>shelter-housing</c>.</param>
/// <param name="HoldCategory">A capacity category (e.g. <c>minors</c>) to hold a bed of at the receiver while it answers; null for no hold.</param>
[GenerateSerializer, Immutable, Alias("cc.ReferralDraft")]
public sealed record ReferralDraft(
    [property: Id(0)] string FromOrganizationId,
    [property: Id(1)] string ToOrganizationId,
    [property: Id(2)] ImmutableArray<string> Services,
    [property: Id(3)] AgeBracket AgeBracket,
    [property: Id(4)] string? Gender,
    [property: Id(5)] string Language,
    [property: Id(6)] string County,
    [property: Id(7)] string? Needs,
    [property: Id(8)] ReferralUrgency Urgency,
    [property: Id(9)] string? SafetyNotes,
    [property: Id(10)] string? HoldCategory = null);

/// <summary>The identifying details a person agreed to share. Stored only with consent; never announced, logged or audited.</summary>
[GenerateSerializer, Immutable, Alias("cc.IdentifyingDetails")]
public sealed record IdentifyingDetails(
    [property: Id(0)] string? Name,
    [property: Id(1)] string? Contact);

/// <summary>
/// Informed, written, time-limited consent: to whom (<paramref name="RecipientOrganizationId"/>, the
/// receiver), what for, which details (the scope is the details given), until when.
/// </summary>
[GenerateSerializer, Immutable, Alias("cc.ConsentDraft")]
public sealed record ConsentDraft(
    [property: Id(0)] string RecipientOrganizationId,
    [property: Id(1)] string Purpose,
    [property: Id(2)] DateTimeOffset ExpiresAt,
    [property: Id(3)] bool WrittenConsentConfirmed,
    [property: Id(4)] IdentifyingDetails Details);

/// <summary>Consent as recorded: its terms and life, never the details themselves.</summary>
/// <param name="Scope">Which details were shared: "name", "contact".</param>
[GenerateSerializer, Immutable, Alias("cc.ConsentRecord")]
public sealed record ConsentRecord(
    [property: Id(0)] string RecipientOrganizationId,
    [property: Id(1)] string Purpose,
    [property: Id(2)] ImmutableArray<string> Scope,
    [property: Id(3)] DateTimeOffset ExpiresAt,
    [property: Id(4)] DateTimeOffset RecordedAt,
    [property: Id(5)] string RecordedByName,
    [property: Id(6)] DateTimeOffset? RevokedAt = null,
    [property: Id(7)] string? RevokedByName = null)
{
    public bool IsActiveAt(DateTimeOffset now) => RevokedAt is null && now < ExpiresAt;
}

/// <summary>One message of the secure thread between the two organizations.</summary>
[GenerateSerializer, Immutable, Alias("cc.ReferralNote")]
public sealed record ReferralNote(
    [property: Id(0)] int Number,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string OrganizationId,
    [property: Id(3)] string AuthorName,
    [property: Id(4)] string Text);

/// <summary>One step of a referral's life: who (person and organization) took it, when.</summary>
[GenerateSerializer, Immutable, Alias("cc.ReferralEvent")]
public sealed record ReferralEvent(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] ReferralStatus Status,
    [property: Id(2)] string ActorId,
    [property: Id(3)] string ActorName,
    [property: Id(4)] string OrganizationId,
    [property: Id(5)] string? Detail = null);

/// <summary>A bed (or slot) held at one of the receiver's sites for the referral.</summary>
[GenerateSerializer, Immutable, Alias("cc.ReferralHold")]
public sealed record ReferralHold(
    [property: Id(0)] string SiteId,
    [property: Id(1)] string HoldId,
    [property: Id(2)] string Category,
    [property: Id(3)] DateTimeOffset ExpiresAt,
    [property: Id(4)] string Status);

/// <summary>
/// A referral as one reader may see it. The grain fills <see cref="Details"/> only for the sender and
/// for the consent's recipient while consent is active, and <see cref="Needs"/>, <see cref="SafetyNotes"/>
/// and <see cref="Notes"/> only for the two organizations.
/// </summary>
[GenerateSerializer, Immutable, Alias("cc.ReferralRecord")]
public sealed record ReferralRecord(
    [property: Id(0)] string Id,
    [property: Id(1)] string Code,
    [property: Id(2)] string FromOrganizationId,
    [property: Id(3)] string FromOrganizationName,
    [property: Id(4)] string ToOrganizationId,
    [property: Id(5)] string ToOrganizationName,
    [property: Id(6)] ImmutableArray<string> Services,
    [property: Id(7)] AgeBracket AgeBracket,
    [property: Id(8)] string? Gender,
    [property: Id(9)] string Language,
    [property: Id(10)] string County,
    [property: Id(11)] string? Needs,
    [property: Id(12)] ReferralUrgency Urgency,
    [property: Id(13)] string? SafetyNotes,
    [property: Id(14)] ReferralStatus Status,
    [property: Id(15)] DeclineReason? DeclineReason,
    [property: Id(16)] string? DeclineText,
    [property: Id(17)] ReferralOutcome? Outcome,
    [property: Id(18)] ImmutableArray<ReferralEvent> Timeline,
    [property: Id(19)] ConsentRecord? Consent,
    [property: Id(20)] IdentifyingDetails? Details,
    [property: Id(21)] ImmutableArray<ReferralNote> Notes,
    [property: Id(22)] ReferralHold? Hold,
    [property: Id(23)] DateTimeOffset SentAt,
    [property: Id(24)] DateTimeOffset AnswerDueAt,
    [property: Id(25)] DateTimeOffset? EscalatedAt,
    [property: Id(26)] bool Overdue,
    [property: Id(27)] DateTimeOffset? ClosedAt,
    [property: Id(28)] DateTimeOffset? PurgeAt,
    [property: Id(29)] bool Purged,
    [property: Id(30)] ReferralSide ReaderSide,
    [property: Id(31)] long Version,
    [property: Id(32)] DateTimeOffset ReadAt);

/// <summary>The two organizations of a referral: what authorization needs, read without an audit entry.</summary>
[GenerateSerializer, Immutable, Alias("cc.ReferralParties")]
public sealed record ReferralParties(
    [property: Id(0)] string FromOrganizationId,
    [property: Id(1)] string ToOrganizationId);

/// <summary>A step asked of a referral: accept, decline (with reason), start, complete or close (with outcome), withdraw.</summary>
[GenerateSerializer, Immutable, Alias("cc.ReferralTransition")]
public sealed record ReferralTransition(
    [property: Id(0)] ReferralStatus To,
    [property: Id(1)] DeclineReason? Reason = null,
    [property: Id(2)] string? Text = null,
    [property: Id(3)] ReferralOutcome? Outcome = null);

/// <summary>What one sweep of a referral did.</summary>
[GenerateSerializer, Immutable, Alias("cc.ReferralTickResult")]
public sealed record ReferralTickResult(
    [property: Id(0)] bool Escalated,
    [property: Id(1)] bool Expired,
    [property: Id(2)] bool ConsentLapsed,
    [property: Id(3)] bool Purged);

/// <summary>
/// One referral between two organizations (key: its id, such as <c>rf-7k3q9m2d</c>, which is also
/// its code). It owns the lifecycle, the consent and identifying details, the secure notes, the bed
/// hold and the tamper-evident audit log.
/// </summary>
/// <remarks>
/// Every command validates first and changes nothing when refused; a repeated command that is
/// already in effect succeeds without a second change. Every read and change appends an audit entry
/// (who, when, what — never identifying details or note text) chained by SHA-256.
/// </remarks>
[Alias("cc.IReferralGrain")]
public interface IReferralGrain : IGrainWithStringKey
{
    /// <summary>Creates the referral (state Sent), holding a bed when the draft asks for one. Sending the same referral again changes nothing.</summary>
    [Alias("Send")]
    Task<CommandResult> Send(ReferralDraft draft, ReferralActor actor);

    /// <summary>The referral as the reader's side may see it, recorded in the audit log; the receiver's first read marks it Viewed. Null if unknown.</summary>
    [Alias("Read")]
    Task<ReferralRecord?> Read(ReferralActor reader);

    /// <summary>The two organizations, for authorization; not audited (no content). Null if unknown.</summary>
    [Alias("GetParties")]
    Task<ReferralParties?> GetParties();

    [Alias("Transition")]
    Task<CommandResult> Transition(ReferralTransition transition, ReferralActor actor);

    /// <summary>The sender records the person's consent with the details it covers.</summary>
    [Alias("RecordConsent")]
    Task<CommandResult> RecordConsent(ConsentDraft consent, ReferralActor actor);

    /// <summary>Either side records that consent was withdrawn: the details are deleted at once.</summary>
    [Alias("RevokeConsent")]
    Task<CommandResult> RevokeConsent(ReferralActor actor);

    [Alias("AddNote")]
    Task<CommandResult> AddNote(string text, ReferralActor actor);

    /// <summary>The audit log, oldest first (reading it is itself recorded).</summary>
    [Alias("ReadAudit")]
    Task<ImmutableArray<ReferralAuditEntry>> ReadAudit(ReferralActor reader);

    /// <summary>Escalates, expires, lapses consent and purges as the time says; called by the sweep. Idempotent.</summary>
    [Alias("Tick")]
    Task<ReferralTickResult> Tick();
}
