using System.Collections.Immutable;
using System.Security.Claims;
using ConnectedCalifornia.Calendars;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Initiatives;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Notifications;
using ConnectedCalifornia.TaskForces;
using ConnectedCalifornia.Web.Authorization;
using ConnectedCalifornia.Web.Identity;

namespace ConnectedCalifornia.Web.Calendars;

/// <summary>
/// What the calendar pages and API do. Every read filters events by their audience through the one
/// authorizer (<see cref="CalendarViewer.MaySee"/>); every command asks it again, because Blazor
/// pages call this service directly. Hidden addresses and online links go only to registrants and hosts.
/// </summary>
public sealed class CalendarService(IGrainFactory grains, NetworkAuthorizer authorizer, TimeProvider clock)
{
    private ICalendarIndexGrain Index => grains.GetGrain<ICalendarIndexGrain>(GrainKeys.CalendarIndex);

    /// <summary>The events this person may see, filtered (by the index), by start time.</summary>
    public async Task<ImmutableArray<CalendarEventRow>> ListAsync(ClaimsPrincipal user, CalendarFilter filter)
    {
        var viewer = await authorizer.CalendarViewerAsync(user);
        var rows = await Index.GetEvents(filter);
        return [.. rows.Where(viewer.MaySee)];
    }

    /// <summary>
    /// One event as an iCalendar file ("Add to calendar"), for whoever may see the event (the same rule as the event's
    /// page): the row the feeds write, so the same UID and SEQUENCE, no hidden address and no online link.
    /// </summary>
    public async Task<(string? Ics, bool Exists)> EventIcsAsync(ClaimsPrincipal user, string eventId, string baseUrl)
    {
        if (!Identifiers.IsValidKey(eventId) || await Index.GetEvent(eventId) is not { } row)
        {
            return (null, false);
        }

        return await authorizer.MayViewEventAsync(user, row) ? (CalendarFeeds.Write(row.Title, [row], baseUrl), true) : (null, true);
    }

    /// <summary>
    /// One event as this person may see it, with their own registration (by account, or by the
    /// registration id a public registrant holds) and, for hosts, the roster.
    /// </summary>
    public async Task<EventLookup> GetEventAsync(ClaimsPrincipal user, string eventId, string? registrationId = null)
    {
        // The audience is decided on the index row; the event grain (with its registrants) is read only for those who may see it.
        if (!Identifiers.IsValidKey(eventId) || await Index.GetEvent(eventId) is not { } row)
        {
            return EventLookup.Missing;
        }

        if (!await authorizer.MayViewEventAsync(user, row))
        {
            return new EventLookup(null, Exists: true);
        }

        var manage = await authorizer.MayManageEventAsync(user, row);

        // The roster (registrants' names, e-mails, registration ids) is for the hosts only; curators manage with the counts.
        var host = manage && await authorizer.IsHostAsync(user, row);
        var userId = user.UserId();
        registrationId = Normalize(registrationId);
        var hostNames = await NamesAsync(row.HostOrganizationIds);
        var initiativeName = row.InitiativeId is null ? null : (await grains.GetGrain<IInitiativeGrain>(row.InitiativeId).GetDetails())?.Profile.Name;
        var isOver = row.End <= clock.GetUtcNow();
        if (!manage && userId is null && registrationId is null)
        {
            // Nobody to look up and no roster (the public's view, re-read by every open page on each change): the
            // index row has all of it, so the registrants are not read at all.
            return new EventLookup(new EventView(row, row.PublicAddress, null, hostNames, initiativeName, null, [], false, isOver, SeesRoster: false), Exists: true);
        }

        if (await grains.GetGrain<IEventGrain>(eventId).GetSnapshot() is not { } snapshot)
        {
            return EventLookup.Missing;
        }

        var email = userId is null ? null : user.FindFirstValue(ClaimTypes.Email);
        var mine = snapshot.Registrations.FirstOrDefault(r => r.Status != RegistrationStatus.Cancelled
            && ((userId is not null && r.UserId == userId)
                || (email is not null && r.UserId is null && string.Equals(r.Email, email, StringComparison.OrdinalIgnoreCase))
                || (registrationId is not null && r.RegistrationId == registrationId)));
        mine ??= registrationId is null ? null : snapshot.Registrations.FirstOrDefault(r => r.RegistrationId == registrationId);
        var seesDetails = manage || mine is { Status: RegistrationStatus.Registered };
        var d = snapshot.Definition;
        return new EventLookup(
            new EventView(
                row,
                Address: d.Online ? null : seesDetails || !d.HideAddressUntilRegistered ? d.Address : null,
                OnlineLink: seesDetails ? d.OnlineLink : null,
                hostNames,
                initiativeName,
                mine is null ? null : MyRegistration.From(mine, WaitlistPosition(snapshot, mine)),
                host ? [.. snapshot.Registrations.Where(r => r.Status != RegistrationStatus.Cancelled).Select(RosterEntry.From)] : [],
                manage,
                isOver,
                SeesRoster: host,
                CancellationNotice: manage && snapshot.Cancellation is { } c ? new EventCancellationNotice(c.RegistrantsToTell.Length, c.RegistrantsToldAt) : null),
            Exists: true);
    }

    /// <summary>
    /// Registers a person. A signed-in member registers with their account (name and e-mail default
    /// to the account's); the public gives a name and an e-mail. Only for events the person may see.
    /// </summary>
    public async Task<RegistrationOutcome> RegisterAsync(ClaimsPrincipal user, string eventId, RegistrationForm form)
    {
        if (!Identifiers.IsValidKey(eventId) || await Index.GetEvent(eventId) is not { } row)
        {
            return RegistrationOutcome.From(new RegistrationResult(CommandResult.Missing("Event")));
        }

        if (!await authorizer.MayViewEventAsync(user, row))
        {
            return RegistrationOutcome.From(new RegistrationResult(CommandResult.Forbidden()));
        }

        var userId = user.UserId();
        string? organizationId = Normalize(form.OrganizationId);
        if (userId is not null)
        {
            var access = await authorizer.GetAccessAsync(user);
            if (organizationId is not null && !access.IsMemberOf(organizationId) && !user.IsSystemAdmin())
            {
                return RegistrationOutcome.From(new RegistrationResult(CommandResult.Invalid("organizationId", "Register for an organization you belong to.")));
            }

            organizationId ??= access.Organizations.Keys.Order(StringComparer.Ordinal).FirstOrDefault();
        }
        else if (organizationId is not null)
        {
            // The public registers as themselves; only members attend for an agency.
            organizationId = null;
        }

        var request = new RegistrationRequest(
            userId,
            form.Name ?? (userId is null ? string.Empty : user.DisplayName()),
            form.Email ?? (userId is null ? string.Empty : user.FindFirstValue(ClaimTypes.Email) ?? string.Empty),
            organizationId,
            System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "es" ? "es" : null);
        var result = await grains.GetGrain<IEventGrain>(eventId).Register(request, ActorOf(user));

        // A registration's id is its registrant's ticket (status, hidden address, cancelling). Without an
        // account it goes only by e-mail, to the address given: the answer is the same whether the address
        // was new (a confirmation link was sent) or had registered before (its link was sent again), so
        // nobody learns from it whether someone registered. A signed-in person registering as themselves
        // gets their own registration back.
        if (userId is null && result.Result.Succeeded)
        {
            return new RegistrationOutcome(CommandResult.Ok(result.Result.Version), null, SentTo: request.Email.Trim());
        }

        if (result is { Existing: true, Registration: { } registration } && !IsOwn(user, registration))
        {
            return new RegistrationOutcome(CommandResult.Ok(result.Result.Version), null, SentTo: registration.Email);
        }

        return RegistrationOutcome.From(result);
    }

    /// <summary>
    /// Confirms a public registration through the link e-mailed to its address (its id is the link's
    /// token); the registration as it is now, or null when the id is unknown, cancelled or expired.
    /// </summary>
    public async Task<MyRegistration?> ConfirmRegistrationAsync(string eventId, string registrationId)
    {
        if (!Identifiers.IsValidKey(eventId) || string.IsNullOrWhiteSpace(registrationId) || registrationId.Length > 100)
        {
            return null;
        }

        var result = await grains.GetGrain<IEventGrain>(eventId).ConfirmRegistration(registrationId);
        return result.Succeeded ? await GetRegistrationAsync(eventId, registrationId) : null;
    }

    /// <summary>A registration of this signed-in person: by their account, or a public one under their account's e-mail.</summary>
    private static bool IsOwn(ClaimsPrincipal user, Registration registration) =>
        user.UserId() is { } userId
        && (registration.UserId == userId
            || (registration.UserId is null && string.Equals(registration.Email, user.FindFirstValue(ClaimTypes.Email), StringComparison.OrdinalIgnoreCase)));

    /// <summary>
    /// Cancels a registration. Its id is the public registrant's ticket (shown only to the registrant
    /// and the hosts), so whoever holds it cancels without signing in; a signed-in person cancels their
    /// own registrations, and others' only as the event's host or a curator. The grain answers 404 for an unknown id.
    /// </summary>
    public async Task<CommandResult> CancelRegistrationAsync(ClaimsPrincipal user, string eventId, string registrationId)
    {
        if (!Identifiers.IsValidKey(eventId) || string.IsNullOrWhiteSpace(registrationId) || registrationId.Length > 100)
        {
            return CommandResult.Missing("Registration");
        }

        var grain = grains.GetGrain<IEventGrain>(eventId);
        if (user.UserId() is not null && await grain.GetRegistration(registrationId) is { } registration
            && !IsOwn(user, registration) && !await authorizer.MayManageEventAsync(user, eventId))
        {
            return CommandResult.Forbidden();
        }

        return await grain.CancelRegistration(registrationId, ActorOf(user));
    }

    /// <summary>A registration's status, for whoever holds its id.</summary>
    public async Task<MyRegistration?> GetRegistrationAsync(string eventId, string registrationId)
    {
        if (!Identifiers.IsValidKey(eventId) || string.IsNullOrWhiteSpace(registrationId) || registrationId.Length > 100)
        {
            return null;
        }

        var snapshot = await grains.GetGrain<IEventGrain>(eventId).GetSnapshot();
        var registration = snapshot?.Registrations.FirstOrDefault(r => r.RegistrationId == registrationId.Trim());
        if (registration is null)
        {
            return null;
        }

        return MyRegistration.From(registration, WaitlistPosition(snapshot!, registration));
    }

    /// <summary>Publishes an event for organizations the person belongs to (curators: any); returns its new id.</summary>
    public async Task<(CommandResult Result, string? EventId)> CreateAsync(ClaimsPrincipal user, EventForm form)
    {
        if (!await authorizer.IsAllowedAsync(user, NetworkAction.CreateEvent))
        {
            return (CommandResult.Forbidden(), null);
        }

        var definition = form.ToDefinition();
        if (await MayHostAsync(user, definition, current: null) is { } refused)
        {
            return (refused, null);
        }

        var id = NewId(definition.Title);
        var result = await grains.GetGrain<IEventGrain>(id).Define(definition, user.ToActor(), await HostRightsAsync(user));
        return (result, result.Succeeded ? id : null);
    }

    /// <summary>A new id from a title: its slug (at most 50 characters) and 6 random hex digits.</summary>
    private static string NewId(string? title)
    {
        var slug = Identifiers.Slugify(title ?? string.Empty);
        return $"{(slug.Length > 50 ? slug[..50].TrimEnd('-') : slug)}-{Guid.NewGuid().ToString("N")[..6]}".TrimStart('-');
    }

    /// <summary>
    /// Publishes a recurring series for organizations the person belongs to (curators: any), checked like a new
    /// event; the series grain validates the rule and publishes every occurrence as an event of its own.
    /// </summary>
    public async Task<(CommandResult Result, SeriesCreated? Created)> CreateSeriesAsync(ClaimsPrincipal user, SeriesForm form)
    {
        if (!await authorizer.IsAllowedAsync(user, NetworkAction.CreateEvent))
        {
            return (CommandResult.Forbidden(), null);
        }

        if (form.Event is null || form.Recurrence is null)
        {
            return (CommandResult.Invalid(form.Event is null ? "event" : "recurrence", "Send { \"event\": { ...the first occurrence... }, \"recurrence\": { \"frequency\", \"interval\", \"weekdays\", \"count\" or \"until\" } }."), null);
        }

        var definition = form.Event.ToDefinition();
        if (await MayHostAsync(user, definition, current: null) is { } refused)
        {
            return (refused, null);
        }

        var id = NewId(definition.Title);
        var result = await grains.GetGrain<IEventSeriesGrain>(id).Publish(definition, form.Recurrence.ToRule(), user.ToActor(), await HostRightsAsync(user));
        return (result.Result, result.Succeeded ? new SeriesCreated(id, result.Occurrences) : null);
    }

    /// <summary>A series with its occurrences as this person may see it (its audience, as for its events); whether it exists at all.</summary>
    public async Task<(SeriesView? View, bool Exists)> GetSeriesAsync(ClaimsPrincipal user, string seriesId)
    {
        if (await authorizer.SeriesAsync(seriesId) is not { } series)
        {
            return (null, false);
        }

        if (!await authorizer.MayViewSeriesAsync(user, series))
        {
            return (null, true);
        }

        var rows = (await VisibleOccurrencesAsync(user, seriesId)).ToDictionary(r => r.EventId, StringComparer.Ordinal);
        var occurrences = series.Occurrences
            .Select(o => rows.TryGetValue(o.EventId, out var r)
                ? new OccurrenceView(o.EventId, o.RecurrenceId, r.Start, r.End, r.Status, r.Capacity, r.Registered, r.Waitlisted)
                : null)
            .OfType<OccurrenceView>()
            .ToImmutableArray();
        return (new SeriesView(seriesId, series.ToRow(), series.Rule, occurrences, await authorizer.MayManageSeriesAsync(user, seriesId)), true);
    }

    /// <summary>The series an event belongs to, as this person may see it; null for a single event.</summary>
    public async Task<SeriesView?> SeriesOfAsync(ClaimsPrincipal user, CalendarEventRow row) =>
        row.SeriesId is { } seriesId ? (await GetSeriesAsync(user, seriesId)).View : null;

    /// <summary>
    /// Changes a series as a whole (its hosts and curators): its upcoming occurrences take the change. What it adds
    /// (an initiative, a task force) is checked as for an event; the grain keeps the series' times.
    /// </summary>
    public async Task<CommandResult> UpdateSeriesAsync(ClaimsPrincipal user, string seriesId, EventForm form)
    {
        if (await authorizer.SeriesAsync(seriesId) is not { } series || !await authorizer.MayManageSeriesAsync(user, seriesId))
        {
            return CommandResult.Forbidden();
        }

        var definition = form.ToDefinition();
        return await MayHostAsync(user, definition, series.ToRow()) is { } refused
            ? refused
            : await grains.GetGrain<IEventSeriesGrain>(seriesId).Update(definition, user.ToActor(), await HostRightsAsync(user));
    }

    /// <summary>Cancels one occurrence of a series (its registrants are told); the rest stays.</summary>
    public Task<CommandResult> CancelOccurrenceAsync(ClaimsPrincipal user, string seriesId, string eventId) =>
        WhenMayManageOccurrenceAsync(user, seriesId, eventId, () =>
            grains.GetGrain<IEventSeriesGrain>(seriesId).CancelOccurrence(eventId ?? string.Empty, user.ToActor()));

    /// <summary>Moves one occurrence of a series to another time; the rest stays.</summary>
    public Task<CommandResult> MoveOccurrenceAsync(ClaimsPrincipal user, string seriesId, string eventId, DateTimeOffset start, DateTimeOffset end) =>
        WhenMayManageOccurrenceAsync(user, seriesId, eventId, async () =>
            await grains.GetGrain<IEventSeriesGrain>(seriesId).MoveOccurrence(eventId ?? string.Empty, start, end, user.ToActor(), await HostRightsAsync(user)));

    /// <summary>Runs a command on one date of a series when the authorizer's <see cref="NetworkAuthorizer.MayManageOccurrenceAsync"/> allows it.</summary>
    private async Task<CommandResult> WhenMayManageOccurrenceAsync(ClaimsPrincipal user, string seriesId, string? eventId, Func<Task<CommandResult>> command) =>
        await authorizer.MayManageOccurrenceAsync(user, seriesId, eventId) ? await command() : CommandResult.Forbidden();

    /// <summary>A series as an .ics file: its one VEVENT with RRULE and EXDATE, and its moved occurrences; for whoever may see it.</summary>
    public async Task<(string? Ics, bool Exists)> SeriesIcsAsync(ClaimsPrincipal user, string seriesId, string baseUrl)
    {
        if (await authorizer.SeriesAsync(seriesId) is not { } series)
        {
            return (null, false);
        }

        return await authorizer.MayViewSeriesAsync(user, series)
            ? (CalendarFeeds.WriteSeries(series, await VisibleOccurrencesAsync(user, seriesId), baseUrl), true)
            : (null, true);
    }

    /// <summary>
    /// The series' dates this person may see, each by its own audience (a date can be narrowed on its own, say to
    /// law enforcement): seeing the series does not show a date its reader may not see.
    /// </summary>
    private async Task<IEnumerable<CalendarEventRow>> VisibleOccurrencesAsync(ClaimsPrincipal user, string seriesId)
    {
        var viewer = await authorizer.CalendarViewerAsync(user);
        return (await Index.GetEvents(new CalendarFilter(SeriesId: seriesId))).Where(viewer.MaySee);
    }

    /// <summary>
    /// Changes an event (its hosts and curators). What the change adds is checked like a new event: a
    /// new initiative one they take part in, a new task force their own; the event grain lets the host
    /// list change only by the person's rights (<see cref="HostRightsAsync"/>).
    /// </summary>
    public async Task<CommandResult> UpdateAsync(ClaimsPrincipal user, string eventId, EventForm form)
    {
        if (!Identifiers.IsValidKey(eventId) || await Index.GetEvent(eventId) is not { } current || !await authorizer.MayManageEventAsync(user, current))
        {
            return CommandResult.Forbidden();
        }

        var definition = form.ToDefinition();
        return await MayHostAsync(user, definition, current) is { } refused
            ? refused
            : await grains.GetGrain<IEventGrain>(eventId).Define(definition, user.ToActor(), await HostRightsAsync(user));
    }

    /// <summary>What the person may do with an event's host list: a curator or system admin anything, anyone else their own organizations.</summary>
    private async Task<EventHostRights> HostRightsAsync(ClaimsPrincipal user) =>
        user.IsCurator() || user.IsSystemAdmin()
            ? EventHostRights.AnyHost
            : new EventHostRights(false, [.. (await authorizer.GetAccessAsync(user)).Organizations.Keys]);

    public Task<CommandResult> CancelEventAsync(ClaimsPrincipal user, string eventId) =>
        authorizer.WhenAllowedAsync(user, NetworkAction.ManageEvent, eventId, () => grains.GetGrain<IEventGrain>(eventId).Cancel(user.ToActor()));

    public Task<CommandResult> MarkAttendanceAsync(ClaimsPrincipal user, string eventId, string registrationId, bool attended) =>
        authorizer.WhenAllowedAsync(user, NetworkAction.ManageEvent, eventId, () =>
            grains.GetGrain<IEventGrain>(eventId).MarkAttendance(registrationId ?? string.Empty, attended, user.ToActor()));

    /// <summary>An organization's admins (or a curator) put a partner's event on their calendar, or take it off.</summary>
    public async Task<CommandResult> SetPromotionAsync(ClaimsPrincipal user, string eventId, string organizationId, bool promoted)
    {
        if (!await authorizer.IsAllowedAsync(user, NetworkAction.EditOrganization, organizationId))
        {
            return CommandResult.Forbidden();
        }

        return await authorizer.MayViewEventAsync(user, eventId)
            ? await grains.GetGrain<IEventGrain>(eventId).SetPromotion(organizationId, promoted, user.ToActor())
            : CommandResult.Missing("Event");
    }

    /// <summary>A certificate by its code, for anyone (the public verification page).</summary>
    public async Task<CertificateView?> VerifyAsync(string? code)
    {
        if (CertificateCodes.Normalize(code) is not { } normalized || await grains.GetGrain<ICertificateGrain>(normalized).Get() is not { } certificate)
        {
            return null;
        }

        var organization = certificate.OrganizationId is null ? null : await grains.GetGrain<IOrganizationGrain>(certificate.OrganizationId).GetDetails();
        return new CertificateView(
            certificate.Code, certificate.RecipientName, certificate.TrainingType, certificate.EventTitle, certificate.CreditHours,
            certificate.CompletedOn, organization?.Profile.Name, !certificate.Revoked);
    }

    /// <summary>Completions by agency of one task force's organizations (leads and curators).</summary>
    public async Task<CompletionsReport?> CompletionsAsync(ClaimsPrincipal user, string taskForceId)
    {
        if (!await authorizer.IsAllowedAsync(user, NetworkAction.ViewTrainingCompletions, taskForceId)
            || await grains.GetGrain<ITaskForceGrain>(taskForceId).GetDetails() is not { } taskForce)
        {
            return null;
        }

        var members = taskForce.Organizations.Select(o => o.OrganizationId).ToHashSet(StringComparer.Ordinal);
        var completions = (await Index.GetCompletions()).Where(c => c.OrganizationId is not null && members.Contains(c.OrganizationId)).ToList();
        var names = await NamesAsync([.. members]);
        var rows = members
            .Select(m => new AgencyCompletions(
                m,
                names.GetValueOrDefault(m, m),
                completions.Count(c => c.OrganizationId == m),
                completions.Where(c => c.OrganizationId == m).Sum(c => c.CreditHours),
                [.. completions.Where(c => c.OrganizationId == m).GroupBy(c => c.TrainingType).Select(g => new TrainingCount(g.Key, g.Count())).OrderBy(t => t.TrainingType, StringComparer.Ordinal)]))
            .OrderByDescending(r => r.Completions).ThenBy(r => r.Name, StringComparer.OrdinalIgnoreCase)
            .ToImmutableArray();
        return new CompletionsReport(taskForceId, taskForce.Profile.Name, rows);
    }

    /// <summary>
    /// A new feed token of the task-force feed for this person (a member of the task force); their
    /// previous token stops working.
    /// </summary>
    public async Task<(CommandResult Result, string? Token)> IssueFeedTokenAsync(ClaimsPrincipal user, string taskForceId)
    {
        if (!await authorizer.IsAllowedAsync(user, NetworkAction.ViewTaskForce, taskForceId))
        {
            return (CommandResult.Forbidden(), null);
        }

        if (!(await authorizer.GetAccessAsync(user)).IsInTaskForce(taskForceId))
        {
            return (CommandResult.Invalid("taskForceId", "Feed tokens are for the task force's own members."), null);
        }

        return (CommandResult.Ok(0), await grains.GetGrain<ITaskForceFeedGrain>(taskForceId).Issue(user.UserId()!));
    }

    /// <summary>Revokes this person's feed token of the task force (a subscribed calendar stops updating).</summary>
    public async Task<CommandResult> RevokeFeedTokenAsync(ClaimsPrincipal user, string taskForceId)
    {
        if (user.UserId() is not { } userId || !Identifiers.IsValidKey(taskForceId))
        {
            return CommandResult.Forbidden();
        }

        await grains.GetGrain<ITaskForceFeedGrain>(taskForceId).Revoke(userId);
        return CommandResult.Ok(0);
    }

    /// <summary>Whether this person holds a current feed token of the task force.</summary>
    public async Task<bool> HasFeedTokenAsync(ClaimsPrincipal user, string taskForceId) =>
        user.UserId() is { } userId && Identifiers.IsValidKey(taskForceId) && await grains.GetGrain<ITaskForceFeedGrain>(taskForceId).HasToken(userId);

    /// <summary>The organizations this person may name as hosts (curators and system admins: every organization).</summary>
    public async Task<ImmutableArray<OrganizationOption>> HostChoicesAsync(ClaimsPrincipal user)
    {
        var entries = await grains.GetGrain<ICatalogGrain>(GrainKeys.OrganizationCatalog).List();
        var all = user.IsCurator() || user.IsSystemAdmin();
        var access = await authorizer.GetAccessAsync(user);
        return [.. entries.Where(e => all || access.IsMemberOf(e.Id)).Select(e => new OrganizationOption(e.Id, e.Name)).OrderBy(o => o.Name, StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>Names of organizations by id, from the catalog (names are public).</summary>
    public async Task<ImmutableDictionary<string, string>> NamesAsync(ImmutableArray<string> ids)
    {
        var entries = await grains.GetGrain<ICatalogGrain>(GrainKeys.OrganizationCatalog).List();
        var wanted = ids.IsDefault ? [] : ids.ToHashSet(StringComparer.Ordinal);
        return entries.Where(e => wanted.Contains(e.Id)).ToImmutableDictionary(e => e.Id, e => e.Name);
    }

    /// <summary>What the event form offers this person: host organizations, initiatives and their task forces.</summary>
    public async Task<EventFormChoices> FormChoicesAsync(ClaimsPrincipal user)
    {
        var hosts = await HostChoicesAsync(user);
        var initiatives = await grains.GetGrain<ICatalogGrain>(GrainKeys.InitiativeCatalog).List();
        var taskForces = await grains.GetGrain<ICatalogGrain>(GrainKeys.TaskForceCatalog).List();
        var access = await authorizer.GetAccessAsync(user);
        var all = user.IsCurator() || user.IsSystemAdmin();
        return new EventFormChoices(
            hosts,
            [.. initiatives.Select(i => new OrganizationOption(i.Id, i.Name)).OrderBy(i => i.Name, StringComparer.OrdinalIgnoreCase)],
            [.. taskForces.Where(t => all || access.IsInTaskForce(t.Id)).Select(t => new OrganizationOption(t.Id, t.Name)).OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase)]);
    }

    /// <summary>The task forces this person is a member of (their feed addresses); no read for anyone else.</summary>
    public async Task<ImmutableArray<OrganizationOption>> MyTaskForcesAsync(ClaimsPrincipal user)
    {
        var access = await authorizer.GetAccessAsync(user);
        if (access.TaskForces.IsEmpty)
        {
            return [];
        }

        var taskForces = await grains.GetGrain<ICatalogGrain>(GrainKeys.TaskForceCatalog).List();
        return [.. taskForces.Where(t => access.IsInTaskForce(t.Id)).Select(t => new OrganizationOption(t.Id, t.Name)).OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>An event's definition for its editors; null for others and for unknown events.</summary>
    public async Task<EventDefinition?> GetDefinitionAsync(ClaimsPrincipal user, string eventId) =>
        await authorizer.MayManageEventAsync(user, eventId) ? (await grains.GetGrain<IEventGrain>(eventId).GetSnapshot())?.Definition : null;

    /// <summary>This person's unread notifications about events (reminders, changes, hosts' attendance prompts), newest first.</summary>
    public async Task<ImmutableArray<InAppNotification>> RemindersAsync(ClaimsPrincipal user) =>
        user.UserId() is { } userId
            ? [.. (await grains.GetGrain<INotificationCenterGrain>(userId).View(50)).Items.Where(n => n.ReadAt is null && n.Kind.StartsWith("event.", StringComparison.Ordinal))]
            : [];

    /// <summary>An initiative's name (initiatives are public); null for an unknown one.</summary>
    public async Task<string?> InitiativeNameAsync(string initiativeId) =>
        Identifiers.IsValidKey(initiativeId) ? (await grains.GetGrain<IInitiativeGrain>(initiativeId).GetDetails())?.Profile.Name : null;

    /// <summary>
    /// Whether the person may put the event on these calendars: an initiative they take part in, their
    /// own task force (curators and system admins: any). For a change, only what it adds to the
    /// <paramref name="current"/> event is checked. Who may name or remove hosts the event grain decides.
    /// </summary>
    private async Task<CommandResult?> MayHostAsync(ClaimsPrincipal user, EventDefinition definition, CalendarEventRow? current)
    {
        if (user.IsCurator() || user.IsSystemAdmin())
        {
            return null;
        }

        var access = await authorizer.GetAccessAsync(user);
        if (definition.InitiativeId is { } initiative && initiative != current?.InitiativeId
            && !await authorizer.IsAllowedAsync(user, NetworkAction.RecordInitiativeProgress, initiative))
        {
            return CommandResult.Invalid("initiativeId", "Only the initiative's participating organizations put events on its calendar.");
        }

        if (definition.TaskForceId is { } taskForce && taskForce != current?.TaskForceId && !access.IsInTaskForce(taskForce))
        {
            return CommandResult.Invalid("taskForceId", "Only the task force's members publish events for it.");
        }

        return null;
    }

    /// <summary>Who registers or cancels: the member, or "the public" (never the registrant's name).</summary>
    private static Actor ActorOf(ClaimsPrincipal user) => user.UserId() is null ? new Actor("public", "Public registrant") : user.ToActor();

    /// <summary>A waitlisted registration's place in the queue (1 = next to get a seat); null otherwise.</summary>
    private static int? WaitlistPosition(EventSnapshot snapshot, Registration registration) =>
        registration.Status == RegistrationStatus.Waitlisted
            ? snapshot.Registrations.Where(r => r.Status == RegistrationStatus.Waitlisted).ToList().FindIndex(r => r.RegistrationId == registration.RegistrationId) + 1
            : null;

    private static string? Normalize(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
