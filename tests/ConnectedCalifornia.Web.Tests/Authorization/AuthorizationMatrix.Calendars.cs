using ConnectedCalifornia.Web.Seeding;
using static ConnectedCalifornia.Web.Tests.Authorization.MatrixRole;

namespace ConnectedCalifornia.Web.Tests.Authorization;

// The calendars feature's rows. Properties (not fields), so the role sets of the main file are
// always initialized when these are read, whatever order the partial files' initializers run in.
public static partial class AuthorizationMatrix
{
    /// <summary>The seeded Proposition 35 training for law enforcement only, hosted by Sierra Mirador PD and the Central Sierra DA.</summary>
    public const string LawEnforcementEvent = DemoCalendarData.Prop35Training;

    // End before start and an empty title: an allowed caller gets a validation problem and nothing changes.
    private const string InvalidEvent = """{"title":"","kind":"Training","hostOrganizationIds":[],"county":"06019","start":"2030-01-01T10:00:00-08:00","end":"2030-01-01T09:00:00-08:00","capacity":0,"audience":"Public"}""";

    // The audience of a law-enforcement event: law-enforcement and prosecution agencies' members, curators, system admins (and its hosts).
    private static MatrixRole[] LawEnforcementViewers => [LawEnforcementStaff, TaskForceLead, Curator, SystemAdmin];

    // Its hosts' members (the task-force lead works at Sierra Mirador PD), curators, system admins.
    private static MatrixRole[] EventManagers => [TaskForceLead, Curator, SystemAdmin];

    // The roster (registrants' names, e-mails, ids) goes to the hosts only; curators and system admins see counts.
    private static MatrixRole[] EventHosts => [TaskForceLead];

    /// <summary>
    /// Relationship fixture (issue 13): the seeded Awareness Month community night, a public event of the
    /// Awareness Month initiative hosted by Juniper Gate (the other organization's admin). Bright Orchard,
    /// the shelter admin's organization, takes part in the same initiative and must not manage it.
    /// </summary>
    public const string InitiativePartnersEvent = DemoCalendarData.AwarenessNight;

    private static MatrixRole[] PartnersEventManagers => [OtherOrganizationAdmin, Curator, SystemAdmin];

    private static MatrixRole[] PartnersEventHosts => [OtherOrganizationAdmin];

    private const string Partners = " (an initiative partner's event)";

    /// <summary>The seeded Fresno task force's monthly meeting (task-force members only), hosted by Sierra Mirador PD.</summary>
    public const string TaskForceEvent = DemoCalendarData.TaskForceMeeting;

    private const string TaskForceEventSuffix = " (a task force's event)";

    // Its task force's people (the lead also works at its host), curators, system admins.
    private static MatrixRole[] TaskForceEventViewers => [TaskForceLead, TaskForceMember, Curator, SystemAdmin];

    /// <summary>The seeded monthly law-enforcement refresher series, hosted by Sierra Mirador PD (as <see cref="LawEnforcementEvent"/>).</summary>
    public const string SeriesWithOccurrences = DemoCalendarData.Prop35RefresherSeries;

    /// <summary>The seeded online working-group meeting, for the network's members (every signed-in role of the matrix).</summary>
    public const string MembersEvent = DemoCalendarData.WorkingGroupMeeting;

    private const string MembersEventSuffix = " (a members' event)";

    private static MatrixRole[] CompletionViewers => [TaskForceLead, Curator, SystemAdmin];

    // Those who see the task force (its admins' member organization too) reach the feed-token endpoints; only its people get a token.
    private static MatrixRole[] CalendarTaskForcePeople => [ShelterAdmin, TaskForceLead, TaskForceMember, Curator, SystemAdmin];

    private static MatrixRow[] CalendarEndpoints =>
    [
        new("GET /api/calendar/events", "/api/calendar/events", MatrixRoles.All),
        new("GET /api/calendar/events/{eventId}", $"/api/calendar/events/{LawEnforcementEvent}", LawEnforcementViewers),
        new("POST /api/calendar/events", "/api/calendar/events", MatrixRoles.SignedIn, InvalidEvent),
        new("PUT /api/calendar/events/{eventId}", $"/api/calendar/events/{LawEnforcementEvent}", EventManagers, InvalidEvent),
        new("POST /api/calendar/events/{eventId}/cancel", $"/api/calendar/events/{LawEnforcementEvent}/cancel", EventManagers, """{"confirm":false}"""),
        new("POST /api/calendar/events/{eventId}/registrations", $"/api/calendar/events/{LawEnforcementEvent}/registrations", LawEnforcementViewers, """{"name":"","email":"not-an-email"}"""),
        new("GET /api/calendar/events/{eventId}/registrations/{registrationId}", $"/api/calendar/events/{LawEnforcementEvent}/registrations/no-such-registration", MatrixRoles.All),
        new("DELETE /api/calendar/events/{eventId}/registrations/{registrationId}", $"/api/calendar/events/{LawEnforcementEvent}/registrations/no-such-registration", MatrixRoles.All),
        new("GET /api/calendar/events/{eventId}/roster", $"/api/calendar/events/{LawEnforcementEvent}/roster", EventHosts),
        new("PUT /api/calendar/events/{eventId}/registrations/{registrationId}/attendance", $"/api/calendar/events/{LawEnforcementEvent}/registrations/no-such-registration/attendance", EventManagers, """{"attended":true}"""),
        new("PUT /api/calendar/events/{eventId}/promotions/{organizationId}", $"/api/calendar/events/no-such-event/promotions/{Org}", [ShelterAdmin, Curator, SystemAdmin]),
        new("DELETE /api/calendar/events/{eventId}/promotions/{organizationId}", $"/api/calendar/events/no-such-event/promotions/{Org}", [ShelterAdmin, Curator, SystemAdmin]),
        new("GET /api/calendar/task-forces/{taskForceId}/completions", $"/api/calendar/task-forces/{TaskForce}/completions", CompletionViewers),
        new("POST /api/calendar/task-forces/{taskForceId}/feed-token", $"/api/calendar/task-forces/{TaskForce}/feed-token", CalendarTaskForcePeople, """{"issue":false}"""),
        new("DELETE /api/calendar/task-forces/{taskForceId}/feed-token", $"/api/calendar/task-forces/{TaskForce}/feed-token", CalendarTaskForcePeople),
        new("GET /api/certificates/{code}", "/api/certificates/CC-2345-6789", MatrixRoles.All),

        // Recurring series (the seeded law-enforcement refresher): an occurrence inherits its series' audience and hosts.
        new("POST /api/calendar/series", "/api/calendar/series", MatrixRoles.SignedIn, """{"event":""" + InvalidEvent + ""","recurrence":{"frequency":"Weekly","interval":1,"weekdays":["Tuesday"],"count":60}}"""),
        new("GET /api/calendar/series/{seriesId}", $"/api/calendar/series/{SeriesWithOccurrences}", LawEnforcementViewers),
        new("PUT /api/calendar/series/{seriesId}", $"/api/calendar/series/{SeriesWithOccurrences}", EventManagers, InvalidEvent),
        new("POST /api/calendar/series/{seriesId}/occurrences/{eventId}/cancel", $"/api/calendar/series/{SeriesWithOccurrences}/occurrences/no-such-occurrence/cancel", EventManagers, """{"confirm":false}"""),
        new("POST /api/calendar/series/{seriesId}/occurrences/{eventId}/move", $"/api/calendar/series/{SeriesWithOccurrences}/occurrences/no-such-occurrence/move", EventManagers,
            """{"start":"2030-01-01T10:00:00-08:00","end":"2030-01-01T09:00:00-08:00"}"""),
        new("GET /calendars/series/{seriesId}.ics", $"/calendars/series/{SeriesWithOccurrences}.ics", LawEnforcementViewers),

        // Relationship fixture: an event another organization hosts in an initiative the shelter admin's organization takes part in.
        new("GET /api/calendar/events/{eventId}" + Partners, $"/api/calendar/events/{InitiativePartnersEvent}", MatrixRoles.All),
        new("PUT /api/calendar/events/{eventId}" + Partners, $"/api/calendar/events/{InitiativePartnersEvent}", PartnersEventManagers, InvalidEvent),
        new("POST /api/calendar/events/{eventId}/cancel" + Partners, $"/api/calendar/events/{InitiativePartnersEvent}/cancel", PartnersEventManagers, """{"confirm":false}"""),
        new("GET /api/calendar/events/{eventId}/roster" + Partners, $"/api/calendar/events/{InitiativePartnersEvent}/roster", PartnersEventHosts),
        new("PUT /api/calendar/events/{eventId}/registrations/{registrationId}/attendance" + Partners,
            $"/api/calendar/events/{InitiativePartnersEvent}/registrations/no-such-registration/attendance", PartnersEventManagers, """{"attended":true}"""),
        new("DELETE /api/calendar/events/{eventId}/registrations/{registrationId}" + Partners,
            $"/api/calendar/events/{InitiativePartnersEvent}/registrations/no-such-registration", MatrixRoles.All),

        // iCalendar feeds: public ones for everyone; the task-force feed only with a member's token (none here).
        new("GET /calendars/statewide.ics", "/calendars/statewide.ics", MatrixRoles.All),
        new("GET /calendars/counties/{fips}.ics", "/calendars/counties/06019.ics", MatrixRoles.All),
        new("GET /calendars/organizations/{organizationId}.ics", $"/calendars/organizations/{Org}.ics", MatrixRoles.All),
        new("GET /calendars/initiatives/{initiativeId}.ics", $"/calendars/initiatives/{Initiative}.ics", MatrixRoles.All),
        new("GET /calendars/task-forces/{taskForceId}.ics", $"/calendars/task-forces/{TaskForce}.ics", []),
        // One event's .ics (Add to calendar): whoever may see the event, as for the event itself.
        new("GET /calendars/events/{eventId}.ics", $"/calendars/events/{LawEnforcementEvent}.ics", LawEnforcementViewers),
        new("GET /calendars/events/{eventId}.ics" + TaskForceEventSuffix, $"/calendars/events/{TaskForceEvent}.ics", TaskForceEventViewers),
        new("GET /calendars/events/{eventId}.ics" + MembersEventSuffix, $"/calendars/events/{MembersEvent}.ics", MatrixRoles.SignedIn),
    ];

    private static MatrixRow[] CalendarPages =>
    [
        new("/calendar", "/calendar", MatrixRoles.All),
        new("/calendar/events/{eventId}", $"/calendar/events/{LawEnforcementEvent}", LawEnforcementViewers),
        new("/calendar/new", "/calendar/new", MatrixRoles.SignedIn),
        new("/calendar/events/{eventId}/edit", $"/calendar/events/{LawEnforcementEvent}/edit", EventManagers),
        new("/calendar/events/{eventId}" + Partners, $"/calendar/events/{InitiativePartnersEvent}", MatrixRoles.All),
        new("/calendar/events/{eventId}/edit" + Partners, $"/calendar/events/{InitiativePartnersEvent}/edit", PartnersEventManagers),
        new("/calendar/task-forces/{taskForceId}/completions", $"/calendar/task-forces/{TaskForce}/completions", CompletionViewers),
        new("/certificates", "/certificates", MatrixRoles.All),
        new("/certificates/{code}", "/certificates/CC-2345-6789", MatrixRoles.All),
    ];

    private static MatrixRow[] CalendarHubMethods =>
    [
        new("hub Join(event)", $"event:{LawEnforcementEvent}", LawEnforcementViewers),

        // A public event's topic carries counts, never registrants: everyone may join it.
        new("hub Join(event" + Partners + ")", $"event:{InitiativePartnersEvent}", MatrixRoles.All),
    ];
}
