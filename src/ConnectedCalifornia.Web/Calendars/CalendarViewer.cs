using System.Collections.Immutable;
using ConnectedCalifornia.Calendars;

namespace ConnectedCalifornia.Web.Calendars;

/// <summary>
/// What the calendars need to know about a person to decide each event's audience without reading
/// grains per event. Built by <see cref="Authorization.NetworkAuthorizer.CalendarViewerAsync"/>.
/// </summary>
/// <param name="LawEnforcement">A member of a law-enforcement or prosecution agency.</param>
public sealed record CalendarViewer(
    bool SignedIn,
    bool SystemAdmin,
    bool Curator,
    bool NetworkMember,
    bool LawEnforcement,
    ImmutableHashSet<string> Organizations,
    ImmutableHashSet<string> TaskForces)
{
    public static CalendarViewer Anonymous { get; } = new(false, false, false, false, false, [], []);

    /// <summary>
    /// The audience rule, the same everywhere: public events for everyone; members' events for
    /// network members; law-enforcement events for law-enforcement and prosecution agencies;
    /// task-force events for that task force's members. Hosts, curators and system admins see their events.
    /// </summary>
    public bool MaySee(CalendarEventRow row)
    {
        if (row.Audience == EventAudience.Public)
        {
            return true;
        }

        if (!SignedIn)
        {
            return false;
        }

        if (SystemAdmin || Curator || row.HostOrganizationIds.Any(Organizations.Contains))
        {
            return true;
        }

        return row.Audience switch
        {
            EventAudience.NetworkMembers => NetworkMember,
            EventAudience.LawEnforcement => LawEnforcement,
            EventAudience.TaskForceMembers => row.TaskForceId is { } taskForce && TaskForces.Contains(taskForce),
            _ => false,
        };
    }
}
