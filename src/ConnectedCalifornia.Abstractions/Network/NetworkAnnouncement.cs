using System.Collections.Immutable;

namespace ConnectedCalifornia.Network;

/// <summary>
/// What a grain says after every change. It is small and carries no survivor data: the
/// receiving screen reads details from the grain with its own authorization. <see cref="Version"/>
/// grows by one per change of <see cref="EntityId"/>, so a receiver can drop stale or repeated ones.
/// </summary>
[GenerateSerializer, Immutable, Alias("cc.NetworkAnnouncement")]
public sealed record NetworkAnnouncement(
    [property: Id(0)] ImmutableArray<string> Topics,
    [property: Id(1)] string Kind,
    [property: Id(2)] string EntityId,
    [property: Id(3)] long Version,
    [property: Id(4)] string Title,
    [property: Id(5)] string Summary,
    [property: Id(6)] DateTimeOffset At,
    [property: Id(7)] string ActorName)
{
    /// <summary>Contract version of this message shape, sent to external clients.</summary>
    public const int ContractVersion = 1;

    /// <summary>
    /// The journal cursor of each topic, in the order of <see cref="Topics"/>, once the publisher has written the
    /// announcement to the durable journal (empty before, or when the journal could not be written).
    /// </summary>
    [Id(8)]
    public ImmutableArray<long> Cursors { get; init; } = [];

    /// <summary>The journal cursor of the announcement on <paramref name="index"/>-th topic, 0 when it was not journaled.</summary>
    public long CursorAt(int index) => !Cursors.IsDefault && index < Cursors.Length ? Cursors[index] : 0;
}

/// <summary>Announcement kinds. External clients switch on these strings.</summary>
public static class AnnouncementKinds
{
    /// <summary>A person's notification center changed (a new notification, something marked read): on <c>person:</c> only.</summary>
    public const string NotificationsChanged = "notifications.changed";

    public const string OrganizationCreated = "organization.created";
    public const string OrganizationUpdated = "organization.updated";
    public const string OrganizationVerification = "organization.verification";
    public const string OrganizationMembers = "organization.members";

    /// <summary>An organization's change request was opened, changed, decided or withdrawn (topics: its own and <see cref="Topics.Curation"/>).</summary>
    public const string OrganizationChangeRequest = "organization.change-request";
    public const string TaskForceCreated = "task-force.created";
    public const string TaskForceUpdated = "task-force.updated";
    public const string TaskForceMembers = "task-force.members";
    public const string TaskForceNotice = "task-force.notice";

    /// <summary>
    /// An organization's place in a task force changed (invited, answered, withdrawn, joined, left, removed): on that
    /// organization's <c>task-force-invitations:</c> topic only. Entity: the task force, read in the organization's list.
    /// </summary>
    public const string TaskForceInvitation = "task-force.invitations";
    public const string InitiativeCreated = "initiative.created";
    public const string InitiativeUpdated = "initiative.updated";
    public const string InitiativeGoal = "initiative.goal";
    public const string CapacitySite = "capacity.site";
    public const string CapacityCount = "capacity.count";
    public const string CapacityHoldPlaced = "capacity.hold-placed";
    public const string CapacityHoldReleased = "capacity.hold-released";
    public const string CapacityHoldConverted = "capacity.hold-converted";
    public const string CapacityHoldExpired = "capacity.hold-expired";

    /// <summary>
    /// The capacity totals of a county changed (topics <c>county:&lt;fips&gt;</c> and <c>statewide</c>).
    /// Entity: the county's FIPS code; no site, organization or person. The site kinds above go to <c>site:&lt;id&gt;</c> only.
    /// </summary>
    public const string CapacityCounty = "capacity.county";

    // Referrals
    public const string ReferralSent = "referral.sent";
    public const string ReferralStatus = "referral.status";
    public const string ReferralConsent = "referral.consent";
    public const string ReferralNote = "referral.note";
    public const string ReferralOverdue = "referral.overdue";
    public const string ReferralPurged = "referral.purged";

    // Calendars
    public const string EventPublished = "event.published";
    public const string EventChanged = "event.changed";
    public const string EventCancelled = "event.cancelled";
    public const string EventRegistration = "event.registration";
    public const string EventAttendance = "event.attendance";

    // Library
    public const string LibraryCreated = "library.created";
    public const string LibraryUpdated = "library.updated";
    public const string LibraryPublished = "library.published";
    public const string LibraryUnpublished = "library.unpublished";

    // Taxonomy
    public const string TaxonomyChanged = "taxonomy.changed";

    // Joining
    /// <summary>An application or claim was submitted, confirmed, decided or resubmitted (topics <see cref="Topics.Curation"/> and its own <c>join-request:</c>).</summary>
    public const string JoinRequestChanged = "join-request.changed";
}
