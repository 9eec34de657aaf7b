namespace ConnectedCalifornia.Web.Authorization;

/// <summary>What a person may try to do. Each action names the kind of resource it is about.</summary>
public enum NetworkAction
{
    /// <summary>Anything a signed-in person sees about themselves (their network, their account).</summary>
    SignedIn,

    /// <summary>Network-tier information: signed-in members of any organization, curators, system admins.</summary>
    ViewNetwork,

    /// <summary>An organization's confidential tier: its members and members of its task forces.</summary>
    ViewOrganizationConfidential,

    EditOrganization,
    ManageOrganizationMembers,
    RequireTwoFactor,
    VerifyOrganization,
    CreateOrganization,

    ViewTaskForce,
    ManageTaskForce,
    CreateTaskForce,

    /// <summary>An organization's own task-force memberships: see them and its open invitations, accept or decline, leave: its admins.</summary>
    ManageOrganizationTaskForces,

    /// <summary>Add an organization to a task force without its acceptance, with a reason recorded on both histories: curators.</summary>
    AddTaskForceOrganization,

    ManageInitiative,
    RecordInitiativeProgress,
    CreateInitiative,

    /// <summary>Site-level capacity of one site (bed board): network members for ordinary sites; for a confidential site only its organization and its task forces.</summary>
    ViewSiteCapacity,

    /// <summary>Post the counts of one site: staff or admins of the site's organization.</summary>
    PostCapacity,

    /// <summary>Define a site (name, county, categories, totals): admins of the site's organization.</summary>
    DefineSite,

    /// <summary>Hold a bed of one site: members of any organization, or task-force leads, who may see the site.</summary>
    HoldCapacity,

    /// <summary>List, define, edit and retire the sites of one organization (the sites page): its admins.</summary>
    ManageSites,

    Administer,

    // Referrals
    /// <summary>An organization's referral inbox and outbox: its members.</summary>
    ViewReferrals,

    /// <summary>Send a referral from an organization (and check the receiver's capacity first): its members.</summary>
    SendReferral,

    /// <summary>One referral: members of its two organizations (a system admin sees the record without the person's details).</summary>
    ViewReferral,

    /// <summary>Take a step, record or revoke consent, write a secure note: members of the referral's two organizations.</summary>
    ActOnReferral,

    /// <summary>A referral's audit log: admins of its two organizations.</summary>
    ViewReferralAudit,

    /// <summary>Referral statistics without people: curators and task-force members.</summary>
    ViewReferralStatistics,

    // Operations
    /// <summary>See a task-force operation: members of its participating organizations and its task force's leads.</summary>
    ViewOperation,

    /// <summary>Run an operation (plan, status, assignments, standby, after-action review): its lead agency's members and its task force's leads.</summary>
    ManageOperation,

    /// <summary>Plan a new operation of a task force: the task force's leads.</summary>
    CreateOperation,

    /// <summary>Set the counties a task force plans operations in (its profile's counties): curators.</summary>
    SetTaskForceCounties,

    // Calendars
    /// <summary>Publish an event: members of an organization (for their organizations) and curators.</summary>
    CreateEvent,

    /// <summary>
    /// Change or cancel an event, mark attendance: members of a host organization and curators (for an
    /// event no organization hosts, the admins of its initiative's organizations). Other organizations of
    /// the event's initiative do not manage it; the roster is for the hosts only (curators see counts).
    /// </summary>
    ManageEvent,

    /// <summary>
    /// Change a recurring series as a whole, cancel or move one of its occurrences: the same people as
    /// <see cref="ManageEvent"/>, decided on the series' hosts and initiative (each occurrence inherits them).
    /// </summary>
    ManageSeries,

    /// <summary>The training completions of a task force's agencies: its leads and curators.</summary>
    ViewTrainingCompletions,

    // Directory
    /// <summary>Import an HSDS dataset into the directory (dry run or for real): curators.</summary>
    ImportDirectory,

    // Curation
    /// <summary>
    /// See the queue of change requests and accept or reject their fields: curators. A person who may
    /// take this action also edits verified listings at once; anyone else's edit of a verified field waits.
    /// </summary>
    ReviewChanges,

    // Library
    /// <summary>Write, publish and unpublish entries of the resource library, and see its drafts: curators.</summary>
    ManageLibrary,

    // Joining
    /// <summary>Apply to join with a new organization, follow and correct one's own applications and claims: anyone signed in.</summary>
    SubmitJoinRequest,

    /// <summary>Claim an existing listing (the listing must have no admin; the grain checks): anyone signed in.</summary>
    ClaimOrganization,

    /// <summary>Review the queue of applications and claims and decide them: curators.</summary>
    ReviewJoinRequests,

    /// <summary>Say a listing due for re-verification is still correct: its admins.</summary>
    RequestReverification,

    /// <summary>See the listings due for re-verification and verify them again: curators.</summary>
    ReverifyListings,

    // Taxonomy
    /// <summary>Add, rename, retire or restore terms of the directory's vocabularies, and read their history: curators.</summary>
    ManageTaxonomy,

    // Task forces and initiatives set up through the product (issue 15)
    /// <summary>Edit a task force's profile (name, description, counties), archive or restore it: curators.</summary>
    EditTaskForce,

    /// <summary>Add people to a task force, change their role (member or lead), remove them: curators and the task force's leads.</summary>
    ManageTaskForcePeople,

    /// <summary>Ask for an organization to join or leave an initiative: its admins (a curator decides).</summary>
    RequestInitiativeMembership,

    /// <summary>Approve or decline organizations' requests to join or leave an initiative: curators.</summary>
    DecideInitiativeRequests,

    // Insights (issue 20)
    /// <summary>Coverage per county and service category, and the gap report: curators (statewide) and task-force leads (their task forces' counties).</summary>
    ViewCoverage,

    /// <summary>Referral outcomes (volume, acceptance, time to answer, declines), small counts suppressed: curators (statewide) and task-force leads (their counties).</summary>
    ViewReferralOutcomes,

    /// <summary>Capacity over time (free beds, occupancy, fresh counts, nights with no free bed): curators (statewide) and task-force leads (their counties).</summary>
    ViewCapacityTrend,

    // Observability (issue 17)
    /// <summary>The cluster page and its JSON (silos, activations, bridge lag, outbox depth): system admins only.</summary>
    ViewCluster,

    /// <summary>Proposition 35 training coverage (completions, credit hours, people trained by agency and county; agencies with no one trained): curators (statewide) and task-force leads (their counties).</summary>
    ViewTrainingCoverage,

    /// <summary>An organization's staff training (who completed which training, hours, who has no Proposition 35 training): its admins (its training officers) and curators.</summary>
    ViewStaffTraining,
}

public enum ResourceKind
{
    None,
    Organization,
    TaskForce,
    Initiative,
    Site,

    // Referrals
    Referral,

    // Operations
    Operation,

    // Calendars
    Event,
    Series,
}

public static class NetworkActions
{
    /// <summary>The route parameter that carries the resource of an action, by convention across API and pages.</summary>
    public static string? RouteKey(this NetworkAction action) => action.Resource() switch
    {
        ResourceKind.Organization => "organizationId",
        ResourceKind.TaskForce => "taskForceId",
        ResourceKind.Initiative => "initiativeId",
        ResourceKind.Site => "siteId",

        // Referrals
        ResourceKind.Referral => "referralId",
        ResourceKind.Operation => "operationId",
        // Calendars
        ResourceKind.Event => "eventId",
        ResourceKind.Series => "seriesId",
        _ => null,
    };

    public static ResourceKind Resource(this NetworkAction action) => action switch
    {
        NetworkAction.ViewOrganizationConfidential or NetworkAction.EditOrganization or NetworkAction.ManageOrganizationMembers
            or NetworkAction.RequireTwoFactor or NetworkAction.VerifyOrganization => ResourceKind.Organization,
        NetworkAction.ViewTaskForce or NetworkAction.ManageTaskForce or NetworkAction.AddTaskForceOrganization => ResourceKind.TaskForce,
        NetworkAction.ManageOrganizationTaskForces or NetworkAction.ManageSites => ResourceKind.Organization,
        NetworkAction.ManageInitiative or NetworkAction.RecordInitiativeProgress => ResourceKind.Initiative,
        NetworkAction.ViewSiteCapacity or NetworkAction.PostCapacity or NetworkAction.DefineSite or NetworkAction.HoldCapacity => ResourceKind.Site,

        // Referrals
        NetworkAction.ViewReferrals or NetworkAction.SendReferral => ResourceKind.Organization,
        NetworkAction.ViewReferral or NetworkAction.ActOnReferral or NetworkAction.ViewReferralAudit => ResourceKind.Referral,
        // Operations
        NetworkAction.ViewOperation or NetworkAction.ManageOperation => ResourceKind.Operation,
        NetworkAction.CreateOperation or NetworkAction.SetTaskForceCounties => ResourceKind.TaskForce,
        // Calendars
        NetworkAction.ManageEvent => ResourceKind.Event,
        NetworkAction.ManageSeries => ResourceKind.Series,
        NetworkAction.ViewTrainingCompletions => ResourceKind.TaskForce,
        NetworkAction.ViewStaffTraining => ResourceKind.Organization,
        // Joining
        NetworkAction.ClaimOrganization or NetworkAction.RequestReverification => ResourceKind.Organization,
        // Task forces and initiatives set up through the product
        NetworkAction.EditTaskForce or NetworkAction.ManageTaskForcePeople => ResourceKind.TaskForce,
        NetworkAction.RequestInitiativeMembership => ResourceKind.Organization,
        NetworkAction.DecideInitiativeRequests => ResourceKind.Initiative,
        _ => ResourceKind.None,
    };

    /// <summary>The policy name used with [Authorize(Policy = ...)] and RequireAuthorization(...).</summary>
    public static string Policy(this NetworkAction action) => "cc:" + action;
}
