using System.Collections.Frozen;
using System.Collections.Immutable;
using ConnectedCalifornia.Operations;

namespace ConnectedCalifornia.Network;

/// <summary>What an announcement is about: the thing a receiver reads (through the API, with its own permissions) when it arrives.</summary>
public enum AnnouncedEntity
{
    Organization,
    TaskForce,
    Initiative,

    /// <summary>One bed-board site (<c>GET /api/capacity/sites/{id}</c>).</summary>
    Site,

    /// <summary>The capacity totals of one county (<c>GET /api/capacity/counties/{fips}</c>): public.</summary>
    CountyCapacity,
    Referral,
    Operation,
    Event,
    LibraryEntry,
    Taxonomy,

    /// <summary>A person's own notification center (<c>GET /api/me/notifications</c>).</summary>
    Notifications,

    /// <summary>An application to join or a claim (<c>GET /api/applications/{id}</c>: its applicant and curators).</summary>
    JoinRequest,

    /// <summary>
    /// An organization's invitation to (or membership of) a task force, read in the organization's own list
    /// (<c>GET /api/organizations/{organization}/task-forces</c>: its admins); the id is the task force's.
    /// </summary>
    TaskForceInvitation,
}

/// <summary>
/// One announcement kind: what it names, the topics (by prefix) it may be published on, and those of
/// them on which it may name who acted (elsewhere the actor's name is left out).
/// </summary>
public sealed record AnnouncementAudience(string Kind, AnnouncedEntity Entity, ImmutableArray<string> TopicPrefixes, ImmutableArray<string> NamesActorOn)
{
    /// <summary>Whether a message of this kind on <paramref name="topic"/> may carry the actor's name.</summary>
    public bool NamesActor(string topic) => Allows(topic) && Matches(NamesActorOn, topic);

    /// <summary>A topic is allowed when it is listed whole (<c>statewide</c>, <c>library:public</c>) or its prefix is (<c>org:</c>).</summary>
    public bool Allows(string topic) => Matches(TopicPrefixes, topic);

    private static bool Matches(ImmutableArray<string> prefixes, string topic) =>
        prefixes.Contains(topic) || (Topics.TryParse(topic, out var prefix, out _) && prefix != Topics.LibraryPrefix && prefixes.Contains(prefix));
}

/// <summary>
/// The one declaration of where each announcement kind may go. The rule it keeps: whoever may join
/// a topic may also read, through the API, every entity announced on it ("announcement audience ⊆
/// read audience"). <see cref="AnnouncementPublisher"/> sends nothing to a topic not declared here
/// for the kind, and the Web tests check every declared kind and topic against every role
/// (PrivacyAnnouncementAudienceTests), so a new kind or topic cannot leak without failing them.
/// </summary>
/// <remarks>
/// <para>
/// Who acted is named only on topics joined by the people who work with that person: a task force's
/// own topic, a referral's two organizations, an operation's participants, the curators. On the
/// organization, county, statewide, initiative, event and public library topics, and for capacity
/// (nobody reads who posted a count through the API), the name is left out by the web node
/// (<c>AnnouncementMessage.From</c>): a confidential shelter's staff are not named to the network.
/// </para>
/// <para>
/// Why the capacity kinds are where they are: a site's counts and holds go to <c>site:&lt;id&gt;</c>
/// only (joined under ViewSiteCapacity, which for a confidential site means its organization and its
/// task forces), without who posted or held. The <c>org:</c> topic is joined by every network
/// member, so it carries none of it. <c>county:</c> and <c>statewide</c> are public and carry only
/// <see cref="AnnouncementKinds.CapacityCounty"/>: "the totals of this county changed", named by the
/// county, versioned by the index, with no site, organization or person.
/// </para>
/// </remarks>
public static class AnnouncementAudiences
{
    // Declared before All: static fields are initialized in order.
    /// <summary>The topics of a kind on which the actor may be named: those of closed groups that work with the person.</summary>
    private static readonly string[] NamedOn =
        [Topics.TaskForcePrefix, Topics.ReferralsPrefix, Topics.ReferralPrefix, Topics.OperationPrefix, Topics.Curation, Topics.LibraryCurators];

    private static readonly string[] OrganizationTopics = [Topics.OrganizationPrefix, Topics.CountyPrefix, Topics.Statewide];
    private static readonly string[] TaskForceTopics = [Topics.TaskForcePrefix];
    private static readonly string[] InitiativeTopics = [Topics.InitiativePrefix, Topics.Statewide];
    private static readonly string[] SiteTopics = [Topics.SitePrefix];
    private static readonly string[] CountyCapacityTopics = [Topics.CountyPrefix, Topics.Statewide];
    private static readonly string[] ReferralTopics = [Topics.ReferralsPrefix, Topics.ReferralPrefix];
    private static readonly string[] OperationTopics = [Topics.OperationPrefix, Topics.OperationsPrefix];

    /// <summary>
    /// An event goes to its own topic and, by its audience (decided in EventGrain): a public event to
    /// statewide, its county, its organizations and its initiative; a members' event to its
    /// organizations (joined by network members, who may read it); a task-force event to its task force.
    /// </summary>
    private static readonly string[] EventTopics =
        [Topics.EventPrefix, Topics.Statewide, Topics.CountyPrefix, Topics.OrganizationPrefix, Topics.InitiativePrefix, Topics.TaskForcePrefix];

    private static readonly string[] LibraryTopics = [Topics.LibraryCurators, Topics.LibraryPublic];

    /// <summary>Every kind the grains publish, by kind.</summary>
    public static FrozenDictionary<string, AnnouncementAudience> All { get; } = new AnnouncementAudience[]
    {
        Declare(AnnouncementKinds.OrganizationCreated, AnnouncedEntity.Organization, OrganizationTopics),
        Declare(AnnouncementKinds.OrganizationUpdated, AnnouncedEntity.Organization, [.. OrganizationTopics, Topics.Curation]),
        Declare(AnnouncementKinds.OrganizationVerification, AnnouncedEntity.Organization, OrganizationTopics),
        Declare(AnnouncementKinds.OrganizationMembers, AnnouncedEntity.Organization, OrganizationTopics),
        Declare(AnnouncementKinds.OrganizationChangeRequest, AnnouncedEntity.Organization, [Topics.OrganizationPrefix, Topics.Curation]),

        // A task force's changes, its organizations included, stay on its own topic: org: topics are
        // joined by every network member, who may not read the task force.
        Declare(AnnouncementKinds.TaskForceCreated, AnnouncedEntity.TaskForce, TaskForceTopics),
        Declare(AnnouncementKinds.TaskForceUpdated, AnnouncedEntity.TaskForce, TaskForceTopics),
        Declare(AnnouncementKinds.TaskForceMembers, AnnouncedEntity.TaskForce, TaskForceTopics),
        Declare(AnnouncementKinds.TaskForceNotice, AnnouncedEntity.TaskForce, TaskForceTopics),

        // The invited organization's admins hear of its invitations on their own topic (they may not read the task force).
        Declare(AnnouncementKinds.TaskForceInvitation, AnnouncedEntity.TaskForceInvitation, [Topics.TaskForceInvitationsPrefix]),

        Declare(AnnouncementKinds.InitiativeCreated, AnnouncedEntity.Initiative, InitiativeTopics),
        Declare(AnnouncementKinds.InitiativeUpdated, AnnouncedEntity.Initiative, InitiativeTopics),
        Declare(AnnouncementKinds.InitiativeGoal, AnnouncedEntity.Initiative, InitiativeTopics),

        Declare(AnnouncementKinds.CapacitySite, AnnouncedEntity.Site, SiteTopics),
        Declare(AnnouncementKinds.CapacityCount, AnnouncedEntity.Site, SiteTopics),
        Declare(AnnouncementKinds.CapacityHoldPlaced, AnnouncedEntity.Site, SiteTopics),
        Declare(AnnouncementKinds.CapacityHoldReleased, AnnouncedEntity.Site, SiteTopics),
        Declare(AnnouncementKinds.CapacityHoldConverted, AnnouncedEntity.Site, SiteTopics),
        Declare(AnnouncementKinds.CapacityHoldExpired, AnnouncedEntity.Site, SiteTopics),
        Declare(AnnouncementKinds.CapacityCounty, AnnouncedEntity.CountyCapacity, CountyCapacityTopics),

        Declare(AnnouncementKinds.ReferralSent, AnnouncedEntity.Referral, ReferralTopics),
        Declare(AnnouncementKinds.ReferralStatus, AnnouncedEntity.Referral, ReferralTopics),
        Declare(AnnouncementKinds.ReferralConsent, AnnouncedEntity.Referral, ReferralTopics),
        Declare(AnnouncementKinds.ReferralNote, AnnouncedEntity.Referral, ReferralTopics),
        Declare(AnnouncementKinds.ReferralOverdue, AnnouncedEntity.Referral, ReferralTopics),
        Declare(AnnouncementKinds.ReferralPurged, AnnouncedEntity.Referral, ReferralTopics),

        Declare(AnnouncementKinds.EventPublished, AnnouncedEntity.Event, EventTopics),
        Declare(AnnouncementKinds.EventChanged, AnnouncedEntity.Event, EventTopics),
        Declare(AnnouncementKinds.EventCancelled, AnnouncedEntity.Event, EventTopics),
        Declare(AnnouncementKinds.EventRegistration, AnnouncedEntity.Event, EventTopics),
        Declare(AnnouncementKinds.EventAttendance, AnnouncedEntity.Event, EventTopics),

        // Library: published entries to library:public, every change (drafts too) to library:curators.
        Declare(AnnouncementKinds.LibraryCreated, AnnouncedEntity.LibraryEntry, LibraryTopics),
        Declare(AnnouncementKinds.LibraryUpdated, AnnouncedEntity.LibraryEntry, LibraryTopics),
        Declare(AnnouncementKinds.LibraryPublished, AnnouncedEntity.LibraryEntry, LibraryTopics),
        Declare(AnnouncementKinds.LibraryUnpublished, AnnouncedEntity.LibraryEntry, LibraryTopics),

        Declare(AnnouncementKinds.TaxonomyChanged, AnnouncedEntity.Taxonomy, [Topics.Statewide]),

        // Joining: the curators' queue and the request's own page, both followed through the bridge only.
        Declare(AnnouncementKinds.JoinRequestChanged, AnnouncedEntity.JoinRequest, [Topics.Curation, Topics.JoinRequestPrefix]),

        // A person's notification center: to that person's own topic only.
        Declare(AnnouncementKinds.NotificationsChanged, AnnouncedEntity.Notifications, [Topics.PersonPrefix]),

        Declare(OperationKinds.Planned, AnnouncedEntity.Operation, OperationTopics),
        Declare(OperationKinds.Updated, AnnouncedEntity.Operation, OperationTopics),
        Declare(OperationKinds.Status, AnnouncedEntity.Operation, OperationTopics),
        Declare(OperationKinds.Assignment, AnnouncedEntity.Operation, OperationTopics),
        Declare(OperationKinds.Standby, AnnouncedEntity.Operation, OperationTopics),
        Declare(OperationKinds.Hold, AnnouncedEntity.Operation, OperationTopics),
        Declare(OperationKinds.Timeline, AnnouncedEntity.Operation, OperationTopics),
        Declare(OperationKinds.Referral, AnnouncedEntity.Operation, OperationTopics),
        Declare(OperationKinds.Review, AnnouncedEntity.Operation, OperationTopics),
        Declare(OperationKinds.Deconfliction, AnnouncedEntity.Operation, OperationTopics),
    }.ToFrozenDictionary(a => a.Kind, StringComparer.Ordinal);

    /// <summary>Whether <paramref name="kind"/> may be published on <paramref name="topic"/>.</summary>
    public static bool Allows(string kind, string topic) => All.TryGetValue(kind, out var audience) && audience.Allows(topic);

    /// <summary>Whether a message of <paramref name="kind"/> on <paramref name="topic"/> may name who acted.</summary>
    public static bool NamesActor(string kind, string topic) => All.TryGetValue(kind, out var audience) && audience.NamesActor(topic);

    private static AnnouncementAudience Declare(string kind, AnnouncedEntity entity, string[] topicPrefixes) =>
        new(kind, entity, [.. topicPrefixes], [.. topicPrefixes.Intersect(NamedOn)]);
}
