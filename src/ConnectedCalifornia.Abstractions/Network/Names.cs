namespace ConnectedCalifornia.Network;

/// <summary>Names of grain storages. Every [PersistentState] refers to one of these.</summary>
public static class StorageNames
{
    /// <summary>The grain-state store: a SQLite file in the embedded default, PostgreSQL in a cluster.</summary>
    public const string Network = "network";

    /// <summary>Orleans' own PubSub store name (kept for stream providers added later).</summary>
    public const string PubSub = "PubSubStore";
}

/// <summary>Well-known grain keys for singleton grains.</summary>
public static class GrainKeys
{
    public const long NodeRegistry = 0;
    public const string OrganizationCatalog = "organizations";
    public const string TaskForceCatalog = "task-forces";
    public const string InitiativeCatalog = "initiatives";
    public const string Deployment = "deployment";
    public const string CapacityIndex = "capacity";

    // Calendars
    public const string CalendarIndex = "calendar";

    /// <summary>Every training completion with its person and agency: transcripts, staff training and training coverage read it.</summary>
    public const string TrainingRecords = "training-records";

    // Curation
    /// <summary>The curators' queue of organizations with changes waiting for review.</summary>
    public const string CurationQueue = "curation";

    // Library
    public const string LibraryIndex = "library";

    // Taxonomy
    public const string Taxonomy = "taxonomy";
}

/// <summary>
/// Live-update topics. A topic is also the name of the SignalR group that carries it, so the
/// names here are the whole vocabulary of live updates: grain announcements, the node bridge
/// and the hub's group joins all use them.
/// </summary>
public static class Topics
{
    public const string Statewide = "statewide";
    public const string CountyPrefix = "county:";
    public const string OrganizationPrefix = "org:";
    public const string TaskForcePrefix = "task-force:";
    public const string InitiativePrefix = "initiative:";
    public const string SitePrefix = "site:";

    // Operations
    public const string OperationPrefix = "operation:";

    public static string County(string fips) => CountyPrefix + fips;

    public static string Organization(string organizationId) => OrganizationPrefix + organizationId;

    public static string TaskForce(string taskForceId) => TaskForcePrefix + taskForceId;

    public static string Initiative(string initiativeId) => InitiativePrefix + initiativeId;

    /// <summary>The live capacity of one site (bed board); a confidential site's topic is for its organization only.</summary>
    public static string Site(string siteId) => SitePrefix + siteId;

    // Referrals
    public const string ReferralsPrefix = "referrals:";
    public const string ReferralPrefix = "referral:";

    /// <summary>An organization's referral inbox and outbox: for its members only.</summary>
    public static string Referrals(string organizationId) => ReferralsPrefix + organizationId;

    /// <summary>One referral's page: for the members of its two organizations only.</summary>
    public static string Referral(string referralId) => ReferralPrefix + referralId;

    // Operations
    /// <summary>One task-force operation: for its participating organizations and its task force's leads only.</summary>
    public static string Operation(string operationId) => OperationPrefix + operationId;

    /// <summary>Every topic prefix, longest first where one starts another ("referrals:" before "referral:").</summary>
    private static readonly string[] Prefixes =
    [
        CountyPrefix, OrganizationPrefix, TaskForcePrefix, InitiativePrefix, SitePrefix,
        // Referrals
        ReferralsPrefix, ReferralPrefix,
        // Operations
        OperationPrefix,
        // Calendars
        EventPrefix,
        // Library
        LibraryPrefix,
        // Notifications
        PersonPrefix,
        // Joining
        JoinRequestPrefix,
        // Operations of one organization
        OperationsPrefix,
        // Task-force invitations of one organization
        TaskForceInvitationsPrefix,
    ];

    /// <summary>Splits a topic into its prefix (with the colon) and its key; false for an unknown shape.</summary>
    public static bool TryParse(string? topic, out string prefix, out string key)
    {
        prefix = key = string.Empty;
        if (string.IsNullOrWhiteSpace(topic) || topic.Length > 200)
        {
            return false;
        }

        if (topic == Statewide)
        {
            prefix = Statewide;
            return true;
        }

        foreach (var candidate in Prefixes)
        {
            if (topic.StartsWith(candidate, StringComparison.Ordinal) && topic.Length > candidate.Length)
            {
                prefix = candidate;
                key = topic[candidate.Length..];
                return Identifiers.IsValidKey(key);
            }
        }

        return false;
    }

    // Calendars
    public const string EventPrefix = "event:";

    /// <summary>One event's seat counts and roster; joined only by those who may see the event.</summary>
    public static string Event(string eventId) => EventPrefix + eventId;

    // Curation
    /// <summary>
    /// Change requests waiting for curators. Followed by the curators' pages on each node through the
    /// bridge; not a SignalR group anyone can join (its announcements carry no more than an organization's name).
    /// </summary>
    public const string Curation = "curation";

    // Library
    public const string LibraryPrefix = "library:";

    /// <summary>Changes of published library entries: anyone may follow it.</summary>
    public const string LibraryPublic = LibraryPrefix + "public";

    /// <summary>Every change of the library, drafts included: curators only.</summary>
    public const string LibraryCurators = LibraryPrefix + "curators";

    // Notifications
    public const string PersonPrefix = "person:";

    /// <summary>One person's notification center (the bell's count); only that person may follow it.</summary>
    public static string Person(string userId) => PersonPrefix + userId;

    // Operations of one organization
    public const string OperationsPrefix = "operations:";

    /// <summary>
    /// The operations one organization takes part in or leads (a shelter's operations list): every change of
    /// each, so one that adds the organization appears at once. Only the organization's members may join it.
    /// </summary>
    public static string Operations(string organizationId) => OperationsPrefix + organizationId;

    // Joining
    public const string JoinRequestPrefix = "join-request:";

    /// <summary>
    /// One application or claim, followed by its applicant's page through the bridge (an applicant without an
    /// account holds only a private link). Not a SignalR group anyone can join, like <see cref="Curation"/>.
    /// </summary>
    public static string JoinRequest(string requestId) => JoinRequestPrefix + requestId;

    // Task-force invitations of one organization
    public const string TaskForceInvitationsPrefix = "task-force-invitations:";

    /// <summary>
    /// The task forces one organization is invited to or in, as its admins see them (the invitations page and the
    /// organization's Task forces panel): an invitation sent, answered, withdrawn, or a membership that changed.
    /// Only the organization's admins (and system admins) may join it.
    /// </summary>
    public static string TaskForceInvitations(string organizationId) => TaskForceInvitationsPrefix + organizationId;
}
