using System.Collections.Immutable;
using System.Security.Claims;
using ConnectedCalifornia.Capacity;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Identity;
using ConnectedCalifornia.Initiatives;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Operations;
using ConnectedCalifornia.Referrals;
using ConnectedCalifornia.TaskForces;
using ConnectedCalifornia.Web.Identity;

namespace ConnectedCalifornia.Web.Authorization;

/// <summary>
/// The one place where the network decides who may do what. Pages (through policies), API
/// endpoints (through the same policies) and the SignalR hub (directly) all ask this class; the
/// authorization matrix in the tests drives every entry point against it.
/// </summary>
public sealed partial class NetworkAuthorizer(IGrainFactory grains, TwoFactorExemption twoFactorExemption)
{
    /// <summary>The memberships that count for this person right now (see <see cref="GetAccessAsync"/>).</summary>
    public async Task<bool> IsAllowedAsync(ClaimsPrincipal user, NetworkAction action, string? resourceId = null)
    {
        if (user.UserId() is null)
        {
            return false;
        }

        // Two-factor: a privileged role acts only once this session was signed in with a code.
        if (await AwaitsSecondFactorAsync(user))
        {
            return action == NetworkAction.SignedIn;
        }

        if (user.IsSystemAdmin())
        {
            return true;
        }

        var access = await GetAccessAsync(user);
        var curator = user.IsCurator();
        var id = resourceId ?? string.Empty;
        return action switch
        {
            NetworkAction.SignedIn => true,
            NetworkAction.ViewNetwork => curator || access.IsOrganizationMember || !access.TaskForces.IsEmpty,
            NetworkAction.ViewOrganizationConfidential => access.IsMemberOf(id) || await SharesTaskForceAsync(user, id),
            NetworkAction.EditOrganization => curator || access.IsAdminOf(id),
            NetworkAction.ManageOrganizationMembers or NetworkAction.RequireTwoFactor => access.IsAdminOf(id),
            NetworkAction.VerifyOrganization or NetworkAction.CreateOrganization
                or NetworkAction.CreateTaskForce or NetworkAction.CreateInitiative => curator,
            NetworkAction.ViewTaskForce => curator || access.IsInTaskForce(id) || await AdministersMemberOrganizationAsync(access, id),
            NetworkAction.ManageTaskForce => access.IsLeadOf(id),
            NetworkAction.ManageOrganizationTaskForces => access.IsAdminOf(id), // consent to a task force is the organization's own
            NetworkAction.AddTaskForceOrganization => curator,
            NetworkAction.ManageInitiative => curator || await ParticipatesAsync(access, id, adminOnly: true),
            NetworkAction.RecordInitiativeProgress => curator || await ParticipatesAsync(access, id, adminOnly: false),
            NetworkAction.ViewSiteCapacity => await MayViewSiteAsync(user, access, curator, id),
            NetworkAction.PostCapacity => await SiteOwnerAsync(id) is { } owner && access.IsMemberOf(owner),
            NetworkAction.DefineSite => await SiteOwnerAsync(id) is { } owner && access.IsAdminOf(owner),
            NetworkAction.ManageSites => access.IsAdminOf(id),
            NetworkAction.HoldCapacity => MayHold(access) && await MayViewSiteAsync(user, access, curator, id),
            NetworkAction.Administer => false,
            NetworkAction.ViewCluster => false, // system admins only (allowed above): the cluster's inner workings are for operators

            // Referrals
            NetworkAction.ViewReferrals or NetworkAction.SendReferral => access.IsMemberOf(id),
            NetworkAction.ViewReferral or NetworkAction.ActOnReferral =>
                await ReferralPartiesAsync(id) is { } parties && (access.IsMemberOf(parties.FromOrganizationId) || access.IsMemberOf(parties.ToOrganizationId)),
            NetworkAction.ViewReferralAudit =>
                await ReferralPartiesAsync(id) is { } parties && (access.IsAdminOf(parties.FromOrganizationId) || access.IsAdminOf(parties.ToOrganizationId)),
            NetworkAction.ViewReferralStatistics => curator || !access.TaskForces.IsEmpty,
            // Operations
            NetworkAction.ViewOperation => await OperationAccessAsync(access, id) >= OperationAccess.Participant,
            NetworkAction.ManageOperation => await OperationAccessAsync(access, id) == OperationAccess.Lead,
            NetworkAction.CreateOperation => access.IsLeadOf(id),
            NetworkAction.SetTaskForceCounties => curator,
            // Calendars
            NetworkAction.CreateEvent => curator || access.IsOrganizationMember,
            NetworkAction.ManageEvent => await MayManageEventAsync(user, id),
            NetworkAction.ManageSeries => await MayManageSeriesAsync(user, id),
            NetworkAction.ViewTrainingCompletions => curator || access.IsLeadOf(id),
            // Directory
            NetworkAction.ImportDirectory => curator,
            // Curation
            NetworkAction.ReviewChanges => curator,
            // Library
            NetworkAction.ManageLibrary => curator,
            // Joining
            NetworkAction.SubmitJoinRequest or NetworkAction.ClaimOrganization => true,
            NetworkAction.ReviewJoinRequests or NetworkAction.ReverifyListings => curator,
            NetworkAction.RequestReverification => access.IsAdminOf(id),
            // Taxonomy
            NetworkAction.ManageTaxonomy => curator,
            // Task forces and initiatives set up through the product (NetworkAuthorizer.SetUp.cs)
            NetworkAction.EditTaskForce or NetworkAction.DecideInitiativeRequests => curator,
            NetworkAction.ManageTaskForcePeople => curator || access.IsLeadOf(id),
            NetworkAction.RequestInitiativeMembership => access.IsAdminOf(id),
            // Insights (NetworkAuthorizer.Insights.cs decides which counties)
            NetworkAction.ViewCoverage or NetworkAction.ViewReferralOutcomes or NetworkAction.ViewCapacityTrend
                or NetworkAction.ViewTrainingCoverage => curator || LeadsATaskForce(access),
            NetworkAction.ViewStaffTraining => curator || access.IsAdminOf(id), // an organization's admins are its training officers
            _ => false,
        };
    }

    /// <summary>Runs <paramref name="command"/> only when the person may take the action; otherwise changes nothing.</summary>
    public async Task<CommandResult> WhenAllowedAsync(ClaimsPrincipal user, NetworkAction action, string? resourceId, Func<Task<CommandResult>> command) =>
        await IsAllowedAsync(user, action, resourceId) ? await command() : CommandResult.Forbidden();

    /// <summary>May this person (signed in or not) receive the live updates of a topic?</summary>
    public async Task<bool> MayJoinTopicAsync(ClaimsPrincipal user, string topic)
    {
        if (!Topics.TryParse(topic, out var prefix, out var key))
        {
            return false;
        }

        return prefix switch
        {
            Topics.Statewide or Topics.CountyPrefix => key.Length == 0 || California.IsCounty(key),
            Topics.InitiativePrefix => true,
            Topics.OrganizationPrefix => await IsAllowedAsync(user, NetworkAction.ViewNetwork),
            Topics.TaskForcePrefix => await MayFollowTaskForceAsync(user, key),
            Topics.SitePrefix => await IsAllowedAsync(user, NetworkAction.ViewSiteCapacity, key),

            // Referrals
            Topics.ReferralsPrefix => await IsAllowedAsync(user, NetworkAction.ViewReferrals, key),
            Topics.ReferralPrefix => await IsAllowedAsync(user, NetworkAction.ViewReferral, key),
            // Operations
            Topics.OperationPrefix => await IsAllowedAsync(user, NetworkAction.ViewOperation, key),
            Topics.OperationsPrefix => await MayFollowOperationsOfAsync(user, key),
            Topics.TaskForceInvitationsPrefix => await MayFollowTaskForceInvitationsOfAsync(user, key),
            // Calendars
            Topics.EventPrefix => await MayViewEventAsync(user, key),
            // Library: the public topic carries published entries only; the curators' one drafts too
            Topics.LibraryPrefix => topic == Topics.LibraryPublic || (topic == Topics.LibraryCurators && await IsAllowedAsync(user, NetworkAction.ManageLibrary)),
            // Notifications: a person's own center, nobody else's
            Topics.PersonPrefix => user.UserId() is { } self && string.Equals(self, key, StringComparison.Ordinal),
            _ => false,
        };
    }

    /// <summary>
    /// The person's memberships as they count now: a membership of an organization that requires
    /// two-factor sign-in counts only when the person signed in with two-factor switched on.
    /// </summary>
    public async Task<UserMemberships> GetAccessAsync(ClaimsPrincipal user) =>
        user.UserId() is { } userId ? (await PersonAsync(user, userId)).Access : UserMemberships.None;

    /// <summary>
    /// What this scope knows about the person. One page or request asks several times (a bed board
    /// asks once per site); the grains are read once per person and moment. A Blazor circuit keeps this
    /// instance for its whole life, so the answer is kept briefly: a change of membership, of a task
    /// force's organizations or of an organization's kind reaches an open page within AccessCacheMilliseconds.
    /// </summary>
    private async Task<KnownPerson> PersonAsync(ClaimsPrincipal user, string userId)
    {
        var key = (userId, user.HasTwoFactor());
        if (_person is { } known && known.Key == key && Environment.TickCount64 - known.At < AccessCacheMilliseconds)
        {
            return known;
        }

        var person = new KnownPerson(key, Environment.TickCount64, await ReadAccessAsync(user, userId));
        _person = person;
        return person;
    }

    private const long AccessCacheMilliseconds = 2000;
    private KnownPerson? _person;

    /// <summary>
    /// One person's memberships, and what is derived from them by more reads, each read the first time
    /// it is needed. A class, so a concurrent request of the same scope sees the whole entry or none.
    /// </summary>
    private sealed class KnownPerson((string UserId, bool TwoFactor) key, long at, UserMemberships access)
    {
        public (string UserId, bool TwoFactor) Key { get; } = key;

        public long At { get; } = at;

        public UserMemberships Access { get; } = access;

        /// <summary>The organizations of the person's task forces (<see cref="TaskForcePartnersAsync"/>).</summary>
        public Task<ImmutableHashSet<string>>? TaskForcePartners { get; set; }

        /// <summary>Whether one of the person's organizations is a law-enforcement or prosecution agency.</summary>
        public Task<bool>? LawEnforcement { get; set; }
    }

    private async Task<UserMemberships> ReadAccessAsync(ClaimsPrincipal user, string userId)
    {
        var memberships = await grains.GetGrain<IUserAccessGrain>(userId).Get();
        if (user.HasTwoFactor() || memberships.Organizations.IsEmpty)
        {
            return memberships;
        }

        var details = await Task.WhenAll(memberships.Organizations.Keys.Select(id => grains.GetGrain<IOrganizationGrain>(id).GetDetails()));
        var kept = details.OfType<OrganizationDetails>().Where(d => !d.RequireTwoFactor).Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        return memberships with { Organizations = memberships.Organizations.Where(m => kept.Contains(m.Key)).ToImmutableDictionary() };
    }

    /// <summary>Organizations of this person whose two-factor requirement they do not meet yet.</summary>
    public async Task<ImmutableArray<string>> OrganizationsAwaitingTwoFactorAsync(ClaimsPrincipal user)
    {
        var userId = user.UserId();
        if (userId is null || user.HasTwoFactor())
        {
            return [];
        }

        var memberships = await grains.GetGrain<IUserAccessGrain>(userId).Get();
        var waiting = ImmutableArray.CreateBuilder<string>();
        foreach (var organizationId in memberships.Organizations.Keys)
        {
            var details = await grains.GetGrain<IOrganizationGrain>(organizationId).GetDetails();
            if (details is { RequireTwoFactor: true })
            {
                waiting.Add(details.Profile.Name);
            }
        }

        return waiting.ToImmutable();
    }

    /// <summary>
    /// The organization that owns a site: the one that defined it, or, for a site not defined yet,
    /// the organization its id names (<c>&lt;organizationId&gt;--&lt;name&gt;</c>). Null for an invalid id.
    /// </summary>
    public async Task<string?> SiteOwnerAsync(string siteId)
    {
        if (!Identifiers.IsValidKey(siteId))
        {
            return null;
        }

        if (await grains.GetGrain<ICapacityIndexGrain>(GrainKeys.CapacityIndex).GetSite(siteId) is { } row)
        {
            return row.OrganizationId;
        }

        var separator = siteId.IndexOf("--", StringComparison.Ordinal);
        return separator > 0 ? siteId[..separator] : null;
    }

    /// <summary>What this person may do with one site of the bed board, decided by the same rules as the actions.</summary>
    public async Task<SitePermissions> SitePermissionsAsync(ClaimsPrincipal user, CapacitySiteRow row)
    {
        if (user.UserId() is null)
        {
            return SitePermissions.None;
        }

        if (user.IsSystemAdmin())
        {
            return new SitePermissions(true, true, true, true);
        }

        var access = await GetAccessAsync(user);
        var view = await MayViewRowAsync(user, access, user.IsCurator(), row);
        var hold = view && MayHold(access);
        return new SitePermissions(view, access.IsMemberOf(row.OrganizationId), access.IsAdminOf(row.OrganizationId), hold);
    }

    /// <summary>Who may hold a bed of a site they can see: members of any organization, and task-force leads.</summary>
    private static bool MayHold(UserMemberships access) =>
        access.IsOrganizationMember || access.TaskForces.Values.Any(r => r == TaskForceRole.Lead);

    /// <summary>Network members see ordinary sites; a confidential site only its organization and members of its task forces.</summary>
    private async Task<bool> MayViewSiteAsync(ClaimsPrincipal user, UserMemberships access, bool curator, string siteId)
    {
        if (!Identifiers.IsValidKey(siteId))
        {
            return false;
        }

        return await grains.GetGrain<ICapacityIndexGrain>(GrainKeys.CapacityIndex).GetSite(siteId) is { } row
            && await MayViewRowAsync(user, access, curator, row);
    }

    private async Task<bool> MayViewRowAsync(ClaimsPrincipal user, UserMemberships access, bool curator, CapacitySiteRow row)
    {
        if (!row.Confidential)
        {
            return curator || access.IsOrganizationMember || !access.TaskForces.IsEmpty;
        }

        return access.IsMemberOf(row.OrganizationId) || await SharesTaskForceAsync(user, row.OrganizationId);
    }

    private async Task<bool> SharesTaskForceAsync(ClaimsPrincipal user, string organizationId) =>
        (await TaskForcePartnersAsync(user)).Contains(organizationId);

    /// <summary>Every organization of the person's task forces: read once per scope and moment, not once per site or organization asked about.</summary>
    private async Task<ImmutableHashSet<string>> TaskForcePartnersAsync(ClaimsPrincipal user)
    {
        if (user.UserId() is not { } userId)
        {
            return [];
        }

        var person = await PersonAsync(user, userId);
        return await (person.TaskForcePartners ??= ReadPartnersAsync(person.Access));

        async Task<ImmutableHashSet<string>> ReadPartnersAsync(UserMemberships access)
        {
            var details = await Task.WhenAll(access.TaskForces.Keys.Select(id => grains.GetGrain<ITaskForceGrain>(id).GetDetails()));
            return details.OfType<TaskForceDetails>().SelectMany(d => d.Organizations).Select(o => o.OrganizationId).ToImmutableHashSet(StringComparer.Ordinal);
        }
    }

    private async Task<bool> ParticipatesAsync(UserMemberships access, string initiativeId, bool adminOnly)
    {
        var details = await grains.GetGrain<IInitiativeGrain>(initiativeId).GetDetails();
        return details is not null && details.Organizations.Any(o => adminOnly ? access.IsAdminOf(o) : access.IsMemberOf(o));
    }

    // Referrals
    /// <summary>The two organizations of a referral; null for an unknown or malformed id.</summary>
    private async Task<ReferralParties?> ReferralPartiesAsync(string referralId)
    {
        if (!Identifiers.IsValidKey(referralId))
        {
            return null;
        }

        // A referral's two organizations never change, so one request (or page) reads them once.
        if (_referralParties.TryGetValue(referralId, out var known))
        {
            return known;
        }

        var parties = await grains.GetGrain<IReferralGrain>(referralId).GetParties();
        if (parties is not null && _referralParties.Count < MaxReferralPartiesKept)
        {
            _referralParties[referralId] = parties;
        }

        return parties;
    }

    private const int MaxReferralPartiesKept = 256;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ReferralParties> _referralParties = new(StringComparer.Ordinal);

    // Operations

    /// <summary>
    /// How a person stands to an operation: its lead (a member of its lead agency, or a lead of its
    /// task force), a participant (a member of a participating organization), or nothing at all.
    /// </summary>
    public async Task<OperationAccess> OperationAccessAsync(UserMemberships access, string operationId)
    {
        if (!Identifiers.IsValidKey(operationId)
            || await grains.GetGrain<IOperationGrain>(operationId).GetDetails() is not { } operation)
        {
            return OperationAccess.None;
        }

        return OperationAccessOf(access, operation.Plan.TaskForceId, operation.Plan.LeadAgencyId, operation.Participants.Select(p => p.OrganizationId));
    }

    /// <summary>The same decision from an operation's index row or details, without reading the operation again.</summary>
    public static OperationAccess OperationAccessOf(UserMemberships access, string taskForceId, string leadAgencyId, IEnumerable<string> participantIds)
    {
        if (access.IsLeadOf(taskForceId) || access.IsMemberOf(leadAgencyId))
        {
            return OperationAccess.Lead;
        }

        return participantIds.Any(access.IsMemberOf) ? OperationAccess.Participant : OperationAccess.None;
    }

    // Calendars (the rules themselves are in NetworkAuthorizer.Calendars.cs)
    private IGrainFactory Grains => grains;
}

/// <summary>What one person may do with one site: see its detail, post its counts, define it, hold its beds.</summary>
public sealed record SitePermissions(bool View, bool Post, bool Define, bool Hold)
{
    public static SitePermissions None { get; } = new(false, false, false, false);
}

// Operations
/// <summary>How a person stands to one operation; a system admin counts as <see cref="Lead"/>.</summary>
public enum OperationAccess
{
    None = 0,
    Participant = 1,
    Lead = 2,
}
