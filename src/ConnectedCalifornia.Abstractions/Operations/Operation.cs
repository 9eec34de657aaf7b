using System.Collections.Immutable;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.TaskForces;

namespace ConnectedCalifornia.Operations;

public enum OperationType
{
    Enforcement = 0,
    Outreach = 1,
    LaborInspection = 2,
    Training = 3,
    Other = 4,
}

/// <summary>The life of an operation; it only moves forward, one step at a time.</summary>
public enum OperationStatus
{
    Planning = 0,
    Active = 1,
    Debrief = 2,
    Closed = 3,
}

public enum WorkStatus
{
    Open = 0,
    InProgress = 1,
    Done = 2,
}

/// <summary>Who the people an operation expects to meet are.</summary>
public enum ExpectedAges
{
    AdultsOnly = 0,
    MinorsInvolved = 1,
    Unknown = 2,
}

public enum StandbyResponse
{
    Yes = 0,
    Partial = 1,
    No = 2,
}

/// <summary>
/// What the lead plans: the window, the area (counties and a general area that every participant
/// sees; an exact location that only law-enforcement participants see unless <see cref="ShareLocation"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("cc.OperationPlan")]
public sealed record OperationPlan(
    [property: Id(0)] string TaskForceId,
    [property: Id(1)] string Title,
    [property: Id(2)] OperationType Type,
    [property: Id(3)] DateTimeOffset Start,
    [property: Id(4)] DateTimeOffset End,
    [property: Id(5)] ImmutableArray<string> Counties,
    [property: Id(6)] string GeneralArea,
    [property: Id(7)] string? ExactLocation,
    [property: Id(8)] bool ShareLocation,
    [property: Id(9)] string LeadAgencyId);

/// <summary>An organization taking part, with the part it plays (the task-force roles).</summary>
[GenerateSerializer, Immutable, Alias("cc.OperationParticipant")]
public sealed record OperationParticipant(
    [property: Id(0)] string OrganizationId,
    [property: Id(1)] TaskForceOrganizationRole Role);

/// <summary>A role or task of one participating organization.</summary>
[GenerateSerializer, Immutable, Alias("cc.OperationAssignment")]
public sealed record OperationAssignment(
    [property: Id(0)] string Id,
    [property: Id(1)] string OrganizationId,
    [property: Id(2)] string Task,
    [property: Id(3)] string Owner,
    [property: Id(4)] DateTimeOffset? Due,
    [property: Id(5)] WorkStatus Status);

/// <summary>What the lead asks victim-service organizations to stand by for. No survivor data: counts and needs only.</summary>
[GenerateSerializer, Immutable, Alias("cc.StandbyRequest")]
public sealed record StandbyRequest(
    [property: Id(0)] ImmutableArray<string> OrganizationIds,
    [property: Id(1)] int ExpectedPeople,
    [property: Id(2)] ExpectedAges Ages,
    [property: Id(3)] ImmutableArray<string> Languages,
    [property: Id(4)] string SafetyRisks,
    [property: Id(5)] string HousingNeeds);

[GenerateSerializer, Immutable, Alias("cc.StandbyAnswer")]
public sealed record StandbyAnswer(
    [property: Id(0)] StandbyResponse Response,
    [property: Id(1)] int Advocates,
    [property: Id(2)] string Note);

/// <summary>A sent standby request, with the window it was sent for and every organization's answer so far.</summary>
[GenerateSerializer, Immutable, Alias("cc.StandbyRecord")]
public sealed record StandbyRecord(
    [property: Id(0)] string Id,
    [property: Id(1)] StandbyRequest Request,
    [property: Id(2)] DateTimeOffset Start,
    [property: Id(3)] DateTimeOffset End,
    [property: Id(4)] DateTimeOffset SentAt,
    [property: Id(5)] string SentByName,
    [property: Id(6)] ImmutableArray<StandbyReply> Replies);

[GenerateSerializer, Immutable, Alias("cc.StandbyReply")]
public sealed record StandbyReply(
    [property: Id(0)] string OrganizationId,
    [property: Id(1)] StandbyAnswer Answer,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string ByName);

/// <summary>A bed held for the operation on the bed board; released when the operation closes.</summary>
[GenerateSerializer, Immutable, Alias("cc.OperationHold")]
public sealed record OperationHold(
    [property: Id(0)] string SiteId,
    [property: Id(1)] string HoldId,
    [property: Id(2)] string Category,
    [property: Id(3)] string HolderOrganizationId,
    [property: Id(4)] DateTimeOffset PlacedAt,
    [property: Id(5)] DateTimeOffset ExpiresAt,
    [property: Id(6)] bool Released = false);

/// <summary>A short entry of the live timeline. Never a survivor's name.</summary>
[GenerateSerializer, Immutable, Alias("cc.TimelineEntry")]
public sealed record TimelineEntry(
    [property: Id(0)] long Number,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string OrganizationId,
    [property: Id(3)] string AuthorName,
    [property: Id(4)] string Text);

/// <summary>An after-action review item, tracked to done; assigned to a participating organization (<see cref="OrganizationId"/>, optional), which is told.</summary>
[GenerateSerializer, Immutable, Alias("cc.ReviewItem")]
public sealed record ReviewItem(
    [property: Id(0)] string Id,
    [property: Id(1)] string Text,
    [property: Id(2)] string Owner,
    [property: Id(3)] DateTimeOffset? Due,
    [property: Id(4)] WorkStatus Status,
    [property: Id(5)] string? OrganizationId = null);

/// <summary>The counts of the after-action summary: people assisted and services used (by service code).</summary>
[GenerateSerializer, Immutable, Alias("cc.OperationOutcome")]
public sealed record OperationOutcome(
    [property: Id(0)] int PeopleAssisted,
    [property: Id(1)] ImmutableDictionary<string, int> ServicesUsed);

/// <summary>
/// Another operation overlaps this one in time and area. Only the other lead agency and its
/// contact are told; never the other operation's title, place or participants.
/// </summary>
[GenerateSerializer, Immutable, Alias("cc.DeconflictionWarning")]
public sealed record DeconflictionWarning(
    [property: Id(0)] string LeadAgencyId,
    [property: Id(1)] string LeadAgencyName,
    [property: Id(2)] string Contact,
    [property: Id(3)] DateTimeOffset DetectedAt);

/// <summary>Everything an operation grain knows, for the caller to filter (exact location) by who asks.</summary>
[GenerateSerializer, Immutable, Alias("cc.OperationDetails")]
public sealed record OperationDetails(
    [property: Id(0)] string Id,
    [property: Id(1)] OperationPlan Plan,
    [property: Id(2)] OperationStatus Status,
    [property: Id(3)] ImmutableArray<OperationParticipant> Participants,
    [property: Id(4)] ImmutableArray<OperationAssignment> Assignments,
    [property: Id(5)] ImmutableArray<StandbyRecord> Standby,
    [property: Id(6)] ImmutableArray<OperationHold> Holds,
    [property: Id(7)] ImmutableArray<TimelineEntry> Timeline,
    [property: Id(8)] ImmutableArray<string> ReferralIds,
    [property: Id(9)] ImmutableArray<ReviewItem> ReviewItems,
    [property: Id(10)] OperationOutcome? Outcome,
    [property: Id(11)] ImmutableArray<DeconflictionWarning> Warnings,
    [property: Id(12)] long Version,
    [property: Id(13)] DateTimeOffset UpdatedAt)
{
    public bool IsParticipant(string organizationId) => Participants.Any(p => p.OrganizationId == organizationId);

    /// <summary>Law-enforcement participants (and the lead agency) see the exact location.</summary>
    public bool IsLawEnforcement(string organizationId) =>
        organizationId == Plan.LeadAgencyId
        || Participants.Any(p => p.OrganizationId == organizationId && p.Role is TaskForceOrganizationRole.LawEnforcement or TaskForceOrganizationRole.LeadAgency);
}

/// <summary>One line of the operation index: enough to list operations and to find overlaps, never shown unfiltered.</summary>
[GenerateSerializer, Immutable, Alias("cc.OperationIndexRow")]
public sealed record OperationIndexRow(
    [property: Id(0)] string Id,
    [property: Id(1)] string TaskForceId,
    [property: Id(2)] string Title,
    [property: Id(3)] ImmutableArray<string> Counties,
    [property: Id(4)] DateTimeOffset Start,
    [property: Id(5)] DateTimeOffset End,
    [property: Id(6)] OperationStatus Status,
    [property: Id(7)] string LeadAgencyId,
    [property: Id(8)] ImmutableArray<string> ParticipantIds)
{
    /// <summary>Same county at least once, and windows that overlap.</summary>
    public bool Overlaps(OperationIndexRow other) =>
        other.Id != Id && other.Status != OperationStatus.Closed && Status != OperationStatus.Closed
        && other.Start < End && Start < other.End && other.Counties.Intersect(Counties).Any();
}

/// <summary>
/// A task-force operation (key: its id, a slug). Visible only to its participating organizations
/// and the leads of its task force; every command validates first and changes nothing when refused;
/// every change is recorded (who, when, what) and announced on <c>operation:&lt;id&gt;</c> only.
/// </summary>
[Alias("cc.IOperationGrain")]
public interface IOperationGrain : IGrainWithStringKey
{
    [Alias("GetDetails")]
    Task<OperationDetails?> GetDetails();

    /// <summary>Plans the operation; the lead agency becomes its first participant. Checks for overlaps with other operations.</summary>
    [Alias("Create")]
    Task<CommandResult> Create(OperationPlan plan, Actor actor);

    [Alias("UpdatePlan")]
    Task<CommandResult> UpdatePlan(OperationPlan plan, Actor actor);

    [Alias("SetParticipant")]
    Task<CommandResult> SetParticipant(OperationParticipant participant, Actor actor);

    [Alias("RemoveParticipant")]
    Task<CommandResult> RemoveParticipant(string organizationId, Actor actor);

    /// <summary>Moves the status one step forward. Closing releases every bed still held for the operation.</summary>
    [Alias("SetStatus")]
    Task<CommandResult> SetStatus(OperationStatus status, Actor actor);

    /// <summary>Adds or changes an assignment (by its id).</summary>
    [Alias("SetAssignment")]
    Task<CommandResult> SetAssignment(OperationAssignment assignment, Actor actor);

    /// <summary>Sends a standby request; organizations that are not participating yet join as victim services.</summary>
    [Alias("SendStandby")]
    Task<CommandResult> SendStandby(string requestId, StandbyRequest request, Actor actor);

    /// <summary>One organization's answer to a standby request (a new answer replaces its earlier one).</summary>
    [Alias("AnswerStandby")]
    Task<CommandResult> AnswerStandby(string requestId, string organizationId, StandbyAnswer answer, Actor actor);

    /// <summary>Holds a bed of a site for the operation (through the site's grain), for a participating organization.</summary>
    [Alias("PlaceHold")]
    Task<HoldOutcome> PlaceHold(string siteId, string category, string holderOrganizationId, Actor actor);

    /// <summary>Posts a short timeline entry (active operations only).</summary>
    [Alias("PostTimeline")]
    Task<CommandResult> PostTimeline(string organizationId, string text, Actor actor);

    /// <summary>
    /// Links a referral made during the operation (by the referral's id). Only a referral that exists
    /// and that one of <paramref name="linkingOrganizationIds"/> (the linker's organizations) is a party
    /// of, and that takes part in the operation, is linked; anything else is refused the same way.
    /// </summary>
    [Alias("LinkReferral")]
    Task<CommandResult> LinkReferral(string referralId, ImmutableArray<string> linkingOrganizationIds, Actor actor);

    [Alias("SetReviewItem")]
    Task<CommandResult> SetReviewItem(ReviewItem item, Actor actor);

    [Alias("RecordOutcome")]
    Task<CommandResult> RecordOutcome(OperationOutcome outcome, Actor actor);

    /// <summary>
    /// Tells each open, assigned after-action item's organization that the item is due, once per due time
    /// (stored with the change, so a restart neither loses nor repeats one); returns how many were told.
    /// </summary>
    [Alias("SendDueItemReminders")]
    Task<int> SendDueItemReminders();

    /// <summary>Called by an overlapping operation: records the warning (once per other operation) and announces it.</summary>
    [Alias("Warn")]
    Task Warn(string otherOperationId, DeconflictionWarning warning);

    [Alias("GetHistory")]
    Task<ImmutableArray<ChangeRecord>> GetHistory(int max);
}

/// <summary>The answer to <see cref="IOperationGrain.PlaceHold"/>.</summary>
[GenerateSerializer, Immutable, Alias("cc.HoldOutcome")]
public sealed record HoldOutcome(
    [property: Id(0)] CommandResult Result,
    [property: Id(1)] string? HoldId = null);

/// <summary>The index of all operations (key <see cref="OperationKeys.Index"/>), for listing and for deconfliction.</summary>
[Alias("cc.IOperationIndexGrain")]
public interface IOperationIndexGrain : IGrainWithStringKey
{
    /// <summary>Stores the row and returns the other open operations that overlap it.</summary>
    [Alias("Upsert")]
    Task<ImmutableArray<OperationIndexRow>> Upsert(OperationIndexRow row);

    [Alias("List")]
    Task<ImmutableArray<OperationIndexRow>> List();

    /// <summary>Records when the operation's next after-action item reminder is due (null: none waits).</summary>
    [Alias("SetNextItemDue")]
    Task SetNextItemDue(string operationId, DateTimeOffset? due);

    /// <summary>The operations with an after-action item reminder due at <paramref name="now"/>.</summary>
    [Alias("GetItemsDue")]
    Task<ImmutableArray<string>> GetItemsDue(DateTimeOffset now);
}

public static class OperationKeys
{
    public const string Index = "operations";

    /// <summary>The catalog the operation grains keep their line in (read by nobody but the operations feature).</summary>
    public const string Catalog = "operations";
}

/// <summary>Small counts (1–4) of the after-action summary are shown as "fewer than 5", so that no one is identifiable.</summary>
public static class SmallCounts
{
    public const int Threshold = 5;

    public static bool IsSuppressed(int count) => count is > 0 and < Threshold;

    public static int? Shown(int count) => IsSuppressed(count) ? null : count;

    public static string Display(int count) => IsSuppressed(count) ? $"fewer than {Threshold}" : count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Announcement kinds of operations (on <c>operation:&lt;id&gt;</c> only).</summary>
public static class OperationKinds
{
    public const string Planned = "operation.planned";
    public const string Updated = "operation.updated";
    public const string Status = "operation.status";
    public const string Assignment = "operation.assignment";
    public const string Standby = "operation.standby";
    public const string Hold = "operation.hold";
    public const string Timeline = "operation.timeline";
    public const string Referral = "operation.referral";
    public const string Review = "operation.review";
    public const string Deconfliction = "operation.deconfliction";
}

/// <summary>
/// Which organizations a standby request may go to: those whose category serves victims
/// (nonprofits, legal aid, clinics, child welfare, faith-based groups). Police, prosecutors and other
/// government offices are participants of an operation, never asked to stand by for survivors.
/// </summary>
public static class VictimServiceKinds
{
    public static bool Includes(OrganizationKind kind) => kind is
        OrganizationKind.Nonprofit
        or OrganizationKind.LegalAid
        or OrganizationKind.HealthClinic
        or OrganizationKind.ChildWelfare
        or OrganizationKind.FaithBased;

    /// <summary>The same rule for a catalog line, whose category is the kind's name.</summary>
    public static bool Includes(string category) =>
        Enum.TryParse<OrganizationKind>(category, out var kind) && Includes(kind);
}
