using System.Security.Claims;
using ConnectedCalifornia.Calendars;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Identity;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Web.Calendars;
using ConnectedCalifornia.Web.Identity;

namespace ConnectedCalifornia.Web.Authorization;

/// <summary>The calendars' part of the one authorizer: who may see an event (its audience) and who may manage it.</summary>
public sealed partial class NetworkAuthorizer
{
    /// <summary>Who this person is for the calendars: read once, then every event's audience is decided without more reads.</summary>
    public async Task<CalendarViewer> CalendarViewerAsync(ClaimsPrincipal user)
    {
        if (user.UserId() is not { } userId)
        {
            return CalendarViewer.Anonymous;
        }

        var person = await PersonAsync(user, userId);
        var access = person.Access;
        var lawEnforcement = await (person.LawEnforcement ??= IsLawEnforcementAsync(access));
        return new CalendarViewer(
            SignedIn: true,
            SystemAdmin: user.IsSystemAdmin(),
            Curator: user.IsCurator(),
            NetworkMember: user.IsCurator() || access.IsOrganizationMember || !access.TaskForces.IsEmpty,
            LawEnforcement: lawEnforcement,
            [.. access.Organizations.Keys],
            [.. access.TaskForces.Keys]);
    }

    /// <summary>Whether one of the person's own organizations (only those, not the whole catalog) is a law-enforcement or prosecution agency.</summary>
    private async Task<bool> IsLawEnforcementAsync(UserMemberships access)
    {
        var details = await Task.WhenAll(access.Organizations.Keys.Select(id => Grains.GetGrain<IOrganizationGrain>(id).GetDetails()));
        return details.Any(d => d?.Profile.Kind is OrganizationKind.LawEnforcement or OrganizationKind.Prosecution);
    }

    /// <summary>May this person see the event at all (pages, API, feeds, hub)? False for an unknown event.</summary>
    public async Task<bool> MayViewEventAsync(ClaimsPrincipal user, string eventId)
    {
        if (!Identifiers.IsValidKey(eventId) || await Grains.GetGrain<ICalendarIndexGrain>(GrainKeys.CalendarIndex).GetEvent(eventId) is not { } row)
        {
            return false;
        }

        return await MayViewEventAsync(user, row);
    }

    /// <summary>The same decision for an event row the caller has already read; a public event is decided without reading who they are.</summary>
    public async Task<bool> MayViewEventAsync(ClaimsPrincipal user, CalendarEventRow row) =>
        row.Audience == EventAudience.Public || (await CalendarViewerAsync(user)).MaySee(row);

    /// <summary>
    /// The event's hosts and curators (and system admins). Admins of the other organizations of an
    /// event's initiative do not manage it: only its hosts do, unless no organization hosts it and the
    /// initiative does (see <see cref="IsHostAsync(ClaimsPrincipal, CalendarEventRow)"/>).
    /// </summary>
    public async Task<bool> MayManageEventAsync(ClaimsPrincipal user, string eventId) =>
        user.UserId() is not null && Identifiers.IsValidKey(eventId)
        && await Grains.GetGrain<ICalendarIndexGrain>(GrainKeys.CalendarIndex).GetEvent(eventId) is { } row
        && await MayManageEventAsync(user, row);

    /// <summary>The same decision for an event row the caller has already read from the calendar index.</summary>
    public async Task<bool> MayManageEventAsync(ClaimsPrincipal user, CalendarEventRow row) =>
        user.UserId() is not null && (user.IsSystemAdmin() || user.IsCurator() || await IsHostAsync(user, row));

    /// <summary>
    /// Is this person one of the event's hosts: a member of a host organization or, for an event no
    /// organization hosts, an admin of one of its initiative's organizations? Only hosts see the roster
    /// (registrants' names, e-mails and registration ids); curators and system admins see the counts.
    /// </summary>
    public async Task<bool> IsHostAsync(ClaimsPrincipal user, CalendarEventRow row)
    {
        if (user.UserId() is null)
        {
            return false;
        }

        var access = await GetAccessAsync(user);
        return row.HostOrganizationIds.Any(access.IsMemberOf)
            || (row.HostOrganizationIds.IsEmpty && row.InitiativeId is { } initiative && await ParticipatesAsync(access, initiative, adminOnly: true));
    }

    /// <summary>A recurring series by its id; null for an unknown one or an id that cannot be one.</summary>
    public async Task<EventSeriesSnapshot?> SeriesAsync(string? seriesId) =>
        seriesId is not null && Identifiers.IsValidKey(seriesId) ? await Grains.GetGrain<IEventSeriesGrain>(seriesId).GetSnapshot() : null;

    /// <summary>May this person see the series? The rule of its occurrences: its audience, decided on the series' definition.</summary>
    public Task<bool> MayViewSeriesAsync(ClaimsPrincipal user, EventSeriesSnapshot series) => MayViewEventAsync(user, series.ToRow());

    /// <summary>
    /// May this person change the series as a whole, or cancel or move one of its occurrences? Its hosts (or, for a
    /// series no organization hosts, the admins of its initiative's organizations), curators and system admins: the
    /// rule of an event, on the series' hosts and initiative, which every occurrence inherits.
    /// </summary>
    public async Task<bool> MayManageSeriesAsync(ClaimsPrincipal user, string? seriesId) =>
        user.UserId() is not null && await SeriesAsync(seriesId) is { } series && await MayManageEventAsync(user, series.ToRow());

    /// <summary>
    /// May this person cancel or move this date of the series? Whoever manages the series AND the date: a date
    /// re-hosted on its own belongs to its new hosts, so the series' former hosts cannot change it through the series.
    /// A date that is not one of the series' is left to the series grain to refuse (404).
    /// </summary>
    public async Task<bool> MayManageOccurrenceAsync(ClaimsPrincipal user, string? seriesId, string? eventId) =>
        await MayManageSeriesAsync(user, seriesId)
        && (!Identifiers.IsValidKey(eventId ?? string.Empty)
            || await Grains.GetGrain<ICalendarIndexGrain>(GrainKeys.CalendarIndex).GetEvent(eventId!) is not { } row
            || row.SeriesId != seriesId
            || await MayManageEventAsync(user, row));
}
