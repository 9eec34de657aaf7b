using System.Collections.Immutable;
using System.Security.Claims;
using ConnectedCalifornia.Calendars;
using ConnectedCalifornia.Capacity;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Operations;
using ConnectedCalifornia.Referrals;
using ConnectedCalifornia.Web.Authorization;
using ConnectedCalifornia.Web.Calendars;
using ConnectedCalifornia.Web.Identity;
using ConnectedCalifornia.Web.Directory;
using ConnectedCalifornia.Web.Directory.Curation;
using ConnectedCalifornia.Web.Operations;
using ConnectedCalifornia.Web.Referrals;
using ConnectedCalifornia.Web.TaskForces;

namespace ConnectedCalifornia.Web.Network;

/// <summary>One line of a person's work on the home page: a count, what it counts, where to act.</summary>
/// <param name="Attention">Something waits for this person (shown highlighted).</param>
public sealed record WorkItem(string Key, string Label, int Count, string Detail, string Href, bool Attention);

/// <summary>A site whose counts the person posts, one tap away.</summary>
public sealed record WorkSite(string SiteId, string Name, bool Stale);

/// <summary>The person's work and the live topics that change it (only topics the person may join).</summary>
public sealed record MyWork(ImmutableArray<WorkItem> Items, ImmutableArray<WorkSite> Sites, ImmutableArray<string> Topics);

/// <summary>
/// The home page's "My work": counts read from the read models (the referral indexes of the person's
/// organizations, the operation index, the capacity index, the curation and joining queues), each
/// through the service that authorizes it, so nobody sees a count of what they may not open.
/// </summary>
public sealed class MyWorkService(
    IGrainFactory grains,
    NetworkAuthorizer authorizer,
    ReferralService referrals,
    OperationService operations,
    CurationService curation,
    JoiningService joining,
    TaskForceInvitationService taskForceInvitations,
    CalendarService calendar)
{
    /// <summary>How far ahead "upcoming events hosted" looks.</summary>
    public static readonly TimeSpan UpcomingEventsWindow = TimeSpan.FromDays(30);

    public async Task<MyWork> GetAsync(ClaimsPrincipal user, DateTimeOffset now)
    {
        var items = new List<WorkItem>();
        var topics = new List<string>();
        var access = await authorizer.GetAccessAsync(user);
        var myOrganizations = access.Organizations.Keys.Order(StringComparer.Ordinal).ToImmutableArray();

        // Referral inbox of each of the person's organizations: new (not yet opened) and overdue (no answer in time).
        var waiting = 0;
        var overdue = 0;
        foreach (var organizationId in myOrganizations)
        {
            if (await referrals.ListAsync(user, organizationId, inbox: true) is not { } inbox)
            {
                continue;
            }

            topics.Add(Topics.Referrals(organizationId));
            waiting += inbox.Count(r => r.Status == ReferralStatus.Sent);
            overdue += inbox.Count(r => r.Status is ReferralStatus.Sent or ReferralStatus.Viewed && r.AnswerDueAt < now);
        }

        if (topics.Count > 0)
        {
            items.Add(new WorkItem("referrals", "New referrals", waiting, overdue == 0 ? "none overdue" : $"{overdue} overdue", "/referrals", waiting > 0 || overdue > 0));
        }

        // Operations the person takes part in, and the standby requests still waiting for their organizations' answer.
        var list = await operations.ListAsync(user);
        var open = list.Where(o => o.Status != OperationStatus.Closed).ToList();
        var standby = 0;
        foreach (var item in open)
        {
            topics.Add(Topics.Operation(item.Id));
            if (await operations.GetAsync(user, item.Id) is { } view)
            {
                standby += view.Standby.Sum(s => s.Request.OrganizationIds.Count(o =>
                    view.Permissions.MyOrganizations.Contains(o) && s.Replies.All(r => r.OrganizationId != o)));
            }
        }

        if (open.Count > 0 || standby > 0)
        {
            items.Add(new WorkItem("standby", "Standby requests to answer", standby, $"{open.Count} open operation{(open.Count == 1 ? "" : "s")}", "/operations", standby > 0));
        }

        // Curators: listing changes to review and organizations asking to join.
        if (await curation.QueueAsync(user, 1, 1) is { } queue)
        {
            topics.Add(Topics.Curation);
            items.Add(new WorkItem("curation", "Listing changes to review", queue.TotalItems, "curation queue", "/curation", queue.TotalItems > 0));
            var applications = (await joining.OpenAsync(user)).Length;
            items.Add(new WorkItem("applications", "Applications to join", applications, "waiting for a curator", "/curation/applications", applications > 0));
        }

        // Task-force invitations waiting for an answer from an organization the person administers. A new one
        // reaches the admins as a notification, which their own person: topic announces.
        var invitations = await taskForceInvitations.PendingAsync(user);
        if (!invitations.IsEmpty || access.Organizations.Values.Contains(OrganizationRole.Admin))
        {
            if (user.UserId() is { } self)
            {
                topics.Add(Topics.Person(self));
            }

            items.Add(new WorkItem("task-force-invitations", "Task-force invitations", invitations.Length,
                invitations.IsEmpty ? "none waiting" : "waiting for your answer", "/task-forces", !invitations.IsEmpty));
        }

        // Upcoming events hosted by the person's organizations (announced on their org: topics).
        if (!myOrganizations.IsEmpty)
        {
            var hosted = (await calendar.ListAsync(user, new CalendarFilter(From: now, To: now + UpcomingEventsWindow, HostedByAny: myOrganizations)))
                .Where(e => e.Status != EventStatus.Cancelled && e.HostOrganizationIds.Any(myOrganizations.Contains))
                .ToList();
            topics.AddRange(myOrganizations.Select(Topics.Organization));
            items.Add(new WorkItem("hosted-events", "Upcoming events you host", hosted.Count,
                hosted.Count == 0 ? "none in the next 30 days" : $"next: {ConnectedCalifornia.Web.Components.Shared.Pacific.Format(hosted.Min(e => e.Start))}", "/calendar", false));
        }

        // Sites of the person's organizations: posting counts is one tap.
        var sites = myOrganizations.IsEmpty
            ? []
            : await grains.GetGrain<ICapacityIndexGrain>(GrainKeys.CapacityIndex).GetSitesOf(myOrganizations);
        var siteLinks = sites.OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase)
            .Select(s => new WorkSite(s.SiteId, s.Name, s.Categories.Any(c => c.IsStale)))
            .ToImmutableArray();

        return new MyWork([.. items], siteLinks, [.. topics.Distinct(StringComparer.Ordinal)]);
    }
}
