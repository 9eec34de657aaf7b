using System.Collections.Immutable;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Notifications;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConnectedCalifornia.Calendars;

/// <summary>
/// One event (key: the event id). Single-threaded like every grain, so seats are counted exactly:
/// registrations take seats in arrival order and the rest wait; a freed seat is given to the next
/// on the waitlist in the same write. Validate → write → record → index → announce.
/// A public registration (without an account) holds its seat or place only until the registrant
/// confirms through the e-mailed link (<see cref="CalendarOptions.ConfirmationHold"/>); unconfirmed
/// ones end when the hold is over, before any command and through the reminder sweep, which the
/// calendar index points at the earliest hold (so it survives restarts).
/// </summary>
public sealed partial class EventGrain(
    [PersistentState("event", StorageNames.Network)] IPersistentState<EventState> state,
    AnnouncementPublisher publisher,
    [FromKeyedServices(NetworkClock.Key)] TimeProvider clock,
    INotificationOutbox outbox,
    IOptions<CalendarOptions> options,
    ILogger<EventGrain> logger)
    : Grain, IEventGrain
{
    private const string What = "Event";

    /// <summary>Who registration announcements name: never the registrant.</summary>
    private const string RegistrationActorName = "Registration";

    private CommitPipeline<EventState>? _pipeline;

    private CommitPipeline<EventState> Pipeline => _pipeline ??= new(state, publisher, logger, FlushOutboxAsync);

    private EventState State => state.State;

    private string Key => this.GetPrimaryKeyString();

    /// <summary>Hands over notifications a previous activation wrote but could not hand to the outbox.</summary>
    public override Task OnActivateAsync(CancellationToken cancellationToken) => FlushOutboxAsync();

    public Task<EventSnapshot?> GetSnapshot() => Task.FromResult(State.Exists ? ToSnapshot(State) : null);

    public Task<Registration?> GetRegistration(string registrationId) =>
        Task.FromResult(string.IsNullOrWhiteSpace(registrationId) ? null : Normalize.Array(State.Registrations).FirstOrDefault(r => r.RegistrationId == registrationId.Trim()));

    public async Task<CommandResult> Define(EventDefinition definition, Actor actor, EventHostRights rights)
    {
        await ExpireUnconfirmedAsync();
        var v = new FieldValidator();
        v.Key("id", Key, "The event's id");
        v.Actor(actor);
        if (definition is null || rights is null)
        {
            v.Add("definition", "The event's definition and who changes it are required.");
            return v.ToResult();
        }

        var next = EventRules.Normalize(definition);
        if (State.Exists)
        {
            // An occurrence stays in its series with its place in the rule, whoever changes it and however.
            next = next with { SeriesId = State.Definition!.SeriesId, RecurrenceId = State.Definition.RecurrenceId };
        }

        EventRules.Validate(next, v);
        EventRules.ValidateHostChange(State.Exists, State.Exists ? State.Definition!.HostOrganizationIds : [], next.HostOrganizationIds, rights, v);
        var registered = State.Count(RegistrationStatus.Registered);
        if (State.Exists)
        {
            if (State.Status == EventStatus.Cancelled)
            {
                v.Add("status", "The event was cancelled; publish a new event instead.");
            }

            if (next.Capacity != 0 && next.Capacity < registered)
            {
                v.Add("capacity", $"The capacity cannot go below the {registered} seats already taken; cancel registrations first.");
            }
        }

        if (!v.HasErrors)
        {
            await EventRules.ValidateReferencesAsync(GrainFactory, next, v);
        }

        if (v.HasErrors)
        {
            return v.ToResult();
        }

        var changes = new ChangeLog(actor, clock.GetUtcNow());
        var before = State.Definition;
        Record(changes, before, next);
        if (changes.IsEmpty)
        {
            return CommandResult.Ok(State.Version);
        }

        var moved = before is not null && (before.Start != next.Start || before.End != next.End || before.Online != next.Online
            || before.Address != next.Address || before.OnlineLink != next.OnlineLink);
        var updated = State with
        {
            Definition = next,
            Status = before is null ? EventStatus.Scheduled : moved ? EventStatus.Changed : State.Status,
            Sequence = before is null ? 0 : State.Sequence + 1,
            CreatedAt = before is null ? changes.At : State.CreatedAt,
            Registrations = Normalize.Array(State.Registrations),

            // A moved event reminds again at its new time.
            RemindersSent = moved ? [] : Normalize.Array(State.RemindersSent),
        };
        updated = PromoteWaitlisted(updated, changes);
        var kind = before is null ? AnnouncementKinds.EventPublished : AnnouncementKinds.EventChanged;
        var summary = before is null ? $"Published: {Describe(updated)}" : moved ? $"Time or place changed: {Describe(updated)}" : $"Updated: {Describe(updated)}";
        return await CommitAsync(updated, changes, kind, summary, before?.HostOrganizationIds);
    }

    public async Task<CommandResult> Cancel(Actor actor)
    {
        if (!State.Exists)
        {
            return CommandResult.Missing(What);
        }

        var v = new FieldValidator();
        v.Actor(actor);
        if (v.HasErrors)
        {
            return v.ToResult();
        }

        if (State.Status == EventStatus.Cancelled)
        {
            return CommandResult.Ok(State.Version);
        }

        var changes = new ChangeLog(actor, clock.GetUtcNow());
        changes.Record("status", State.Status.ToString(), nameof(EventStatus.Cancelled));
        // The registrants (seated or waitlisted) are to be told; the cancellation keeps who they are until the notice is sent.
        var toTell = Normalize.Array(State.Registrations)
            .Where(r => r.Status is RegistrationStatus.Registered or RegistrationStatus.Waitlisted)
            .Select(r => r.RegistrationId)
            .ToImmutableArray();
        // Their notices are written with the cancellation itself (EventNotifications), so they are told as of now.
        var cancellation = new EventCancellation(changes.At, actor.UserId, toTell, changes.At);
        changes.Record("registrantsToTell", null, toTell.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var updated = State with { Status = EventStatus.Cancelled, Sequence = State.Sequence + 1, Cancellation = cancellation };
        return await CommitAsync(updated, changes, AnnouncementKinds.EventCancelled, $"Cancelled: {State.Definition!.Title}");
    }

    public async Task<RegistrationResult> Register(RegistrationRequest request, Actor actor)
    {
        if (!State.Exists)
        {
            return new RegistrationResult(CommandResult.Missing(What));
        }

        await ExpireUnconfirmedAsync();

        var v = new FieldValidator();
        v.Actor(actor);
        if (request is null)
        {
            v.Add("registration", "Your name and e-mail address are required.");
            return new RegistrationResult(v.ToResult());
        }

        var cleaned = request with
        {
            UserId = Normalize.OptionalText(request.UserId),
            Name = Normalize.Text(request.Name),
            Email = Normalize.Text(request.Email),
            OrganizationId = Normalize.OptionalText(request.OrganizationId),
        };
        EventRules.ValidateRegistrant(cleaned, v);
        var now = clock.GetUtcNow();
        if (State.Status == EventStatus.Cancelled)
        {
            v.Add("event", "The event was cancelled; registration is closed.");
        }
        else if (State.Definition!.End <= now)
        {
            v.Add("event", "The event is over; registration is closed.");
        }

        if (v.HasErrors)
        {
            return new RegistrationResult(v.ToResult());
        }

        var existing = State.Registrations.FirstOrDefault(r => r.Status != RegistrationStatus.Cancelled
            && ((cleaned.UserId is not null && r.UserId == cleaned.UserId) || string.Equals(r.Email, cleaned.Email, StringComparison.OrdinalIgnoreCase)));
        var capacity = State.Definition!.Capacity;
        var seat = capacity == 0 || State.Count(RegistrationStatus.Registered) < capacity;
        var full = !seat && State.Count(RegistrationStatus.Waitlisted) >= EventRules.MaxWaitlist;
        if (existing is not null)
        {
            if (cleaned.UserId is null)
            {
                // Someone gave the address again without an account: the registration's link goes to that
                // address (never to the caller), at most once per interval; the caller learns nothing more
                // than a new registrant would (the same answer when the event is full, too).
                await ResendLinkAsync(existing, now);
                return full
                    ? new RegistrationResult(CommandResult.Invalid("event", "The event and its waitlist are full."))
                    : new RegistrationResult(CommandResult.Ok(State.Version), existing, Existing: true);
            }

            return new RegistrationResult(CommandResult.Ok(State.Version), existing, Existing: true);
        }

        if (full)
        {
            return new RegistrationResult(CommandResult.Invalid("event", "The event and its waitlist are full."));
        }

        var registration = new Registration(
            Guid.NewGuid().ToString("N"),
            cleaned.UserId,
            cleaned.Name,
            cleaned.Email,
            cleaned.OrganizationId,
            seat ? RegistrationStatus.Registered : RegistrationStatus.Waitlisted,
            now,
            ConfirmBy: cleaned.UserId is null ? now + ConfirmationHold : null,
            Language: cleaned.Language == "es" ? "es" : null);
        var changes = new ChangeLog(actor, now);
        changes.Record("registrations", null, $"{registration.RegistrationId} {registration.Status.ToString().ToLowerInvariant()}{(registration.ConfirmBy is null ? string.Empty : " awaiting confirmation")}");
        var updated = State with { Registrations = State.Registrations.Add(registration) };
        var result = await CommitAsync(updated, changes, AnnouncementKinds.EventRegistration, EventRules.Seats(updated), actorName: RegistrationActorName);
        return new RegistrationResult(result, registration);
    }

    public async Task<CommandResult> CancelRegistration(string registrationId, Actor actor)
    {
        if (!State.Exists)
        {
            return CommandResult.Missing(What);
        }

        var v = new FieldValidator();
        v.Actor(actor);
        v.Required("registrationId", registrationId, 100, "The registration's id");
        if (v.HasErrors)
        {
            return v.ToResult();
        }

        await ExpireUnconfirmedAsync();
        var registration = State.Registrations.FirstOrDefault(r => r.RegistrationId == registrationId.Trim());
        if (registration is null)
        {
            return CommandResult.Missing("Registration");
        }

        if (registration.Status == RegistrationStatus.Cancelled)
        {
            return CommandResult.Ok(State.Version);
        }

        var changes = new ChangeLog(actor, clock.GetUtcNow());
        changes.Record("registrations", $"{registration.RegistrationId} {registration.Status.ToString().ToLowerInvariant()}", $"{registration.RegistrationId} cancelled");
        var registrations = TrimCancelled(State.Registrations.Replace(registration, registration with { Status = RegistrationStatus.Cancelled, CancelledAt = changes.At }));
        var updated = PromoteWaitlisted(State with { Registrations = registrations }, changes);
        return await CommitAsync(updated, changes, AnnouncementKinds.EventRegistration, EventRules.Seats(updated), actorName: RegistrationActorName);
    }

    public async Task<CommandResult> MarkAttendance(string registrationId, bool attended, Actor actor)
    {
        if (!State.Exists)
        {
            return CommandResult.Missing(What);
        }

        var v = new FieldValidator();
        v.Actor(actor);
        v.Required("registrationId", registrationId, 100, "The registration's id");
        if (v.HasErrors)
        {
            return v.ToResult();
        }

        var registration = State.Registrations.FirstOrDefault(r => r.RegistrationId == registrationId.Trim());
        if (registration is null)
        {
            return CommandResult.Missing("Registration");
        }

        var now = clock.GetUtcNow();
        if (registration.Status != RegistrationStatus.Registered)
        {
            return CommandResult.Invalid("registrationId", "Only registered people (not waitlisted or cancelled) can be marked as attended.");
        }

        if (State.Status == EventStatus.Cancelled)
        {
            return CommandResult.Invalid("event", "The event was cancelled.");
        }

        if (now < State.Definition!.Start - TimeSpan.FromMinutes(30))
        {
            return CommandResult.Invalid("event", $"Attendance can be marked from 30 minutes before the start ({EventRules.Time(State.Definition.Start)}).");
        }

        if (registration.Attended == attended)
        {
            return CommandResult.Ok(State.Version);
        }

        var definition = State.Definition;
        var certifies = definition.Kind == EventKind.Training && definition.CreditHours > 0;
        var code = attended && certifies ? CertificateCodes.New() : null;
        var changes = new ChangeLog(actor, now);
        changes.Record("attendance", $"{registration.RegistrationId} {(registration.Attended ? "attended" : "not marked")}", $"{registration.RegistrationId} {(attended ? "attended" : "not marked")}");
        var updated = State with
        {
            Registrations = State.Registrations.Replace(registration, registration with { Attended = attended, CertificateCode = code }),
        };

        var result = await CommitAsync(updated, changes, AnnouncementKinds.EventAttendance,
            $"{updated.Registrations.Count(r => r.Attended)} of {updated.Count(RegistrationStatus.Registered)} marked as attended", onlyOwnTopic: true);
        await UpdateCertificateAsync(definition, registration, code, now);
        return result;
    }

    public async Task<CommandResult> SetPromotion(string organizationId, bool promoted, Actor actor)
    {
        if (!State.Exists)
        {
            return CommandResult.Missing(What);
        }

        var v = new FieldValidator();
        v.Actor(actor);
        if (v.Key("organizationId", organizationId, "The organization's id") && promoted
            && await GrainFactory.GetGrain<IOrganizationGrain>(organizationId).GetDetails() is null)
        {
            v.Add("organizationId", $"The organization '{organizationId}' does not exist.");
        }

        if (v.HasErrors)
        {
            return v.ToResult();
        }

        var promotedBy = Normalize.Array(State.PromotedBy);
        if (promotedBy.Contains(organizationId) == promoted)
        {
            return CommandResult.Ok(State.Version);
        }

        var changes = new ChangeLog(actor, clock.GetUtcNow());
        var next = promoted ? promotedBy.Add(organizationId) : promotedBy.Remove(organizationId);
        changes.Record("promotedBy", promotedBy, next);
        return await CommitAsync(State with { PromotedBy = next }, changes, AnnouncementKinds.EventChanged,
            promoted ? "Promoted by a partner organization" : "No longer promoted by an organization", [organizationId]);
    }

    public async Task<RegistrationResult> ConfirmRegistration(string registrationId)
    {
        if (!State.Exists || string.IsNullOrWhiteSpace(registrationId) || registrationId.Length > 100)
        {
            return new RegistrationResult(CommandResult.Missing("Registration"));
        }

        await ExpireUnconfirmedAsync();
        var registration = State.Registrations.FirstOrDefault(r => r.RegistrationId == registrationId.Trim());
        if (registration is null || registration.Status == RegistrationStatus.Cancelled)
        {
            return new RegistrationResult(CommandResult.Missing("Registration"));
        }

        if (registration.ConfirmBy is null)
        {
            return new RegistrationResult(CommandResult.Ok(State.Version), registration, Existing: true);
        }

        var changes = new ChangeLog(Actor.System, clock.GetUtcNow());
        changes.Record("registrations", $"{registration.RegistrationId} awaiting confirmation", $"{registration.RegistrationId} confirmed");
        var confirmed = registration with { ConfirmBy = null, ConfirmedAt = changes.At };
        var updated = State with { Registrations = State.Registrations.Replace(registration, confirmed) };
        var result = await CommitAsync(updated, changes, AnnouncementKinds.EventRegistration, EventRules.Seats(updated), actorName: RegistrationActorName);
        return new RegistrationResult(result, confirmed);
    }

    public async Task<int> SendDueReminders()
    {
        if (!State.Exists || State.Status == EventStatus.Cancelled)
        {
            return 0;
        }

        // The sweep that sends reminders also ends unconfirmed registrations whose hold is over.
        await ExpireUnconfirmedAsync();

        var now = clock.GetUtcNow();
        var d = State.Definition!;
        var sent = Normalize.Array(State.RemindersSent);
        var due = EventReminders.Schedule(d).Where(r => r.DueAt <= now && !sent.Contains(r.Kind)).OrderBy(r => r.DueAt).ToList();
        if (due.Count == 0)
        {
            return 0;
        }

        // Of the registrants' reminders only the latest due one goes out (never both at once), and none once the event started.
        var toSend = new List<string>();
        if (due.LastOrDefault(r => r.Kind != EventReminders.AttendancePrompt) is { Kind: not null } latest && now < d.Start)
        {
            toSend.Add(latest.Kind);
        }

        if (due.Any(r => r.Kind == EventReminders.AttendancePrompt) && State.Count(RegistrationStatus.Registered) > 0)
        {
            toSend.Add(EventReminders.AttendancePrompt);
        }

        var next = sent.AddRange(due.Select(r => r.Kind));
        var changes = new ChangeLog(Actor.System, now);
        changes.Record("remindersSent", sent, next);
        await CommitAsync(State with { RemindersSent = next }, changes, AnnouncementKinds.EventChanged, $"Reminders: {string.Join(", ", toSend.DefaultIfEmpty("none due"))}", onlyOwnTopic: true, reminders: toSend);
        return toSend.Count;
    }

    private TimeSpan ConfirmationHold => options.Value.ConfirmationHold > TimeSpan.Zero ? options.Value.ConfirmationHold : TimeSpan.FromMinutes(30);

    /// <summary>
    /// Ends the public registrations not confirmed in time (their seats go to the waitlist in the same
    /// write); nothing is written when none is due.
    /// </summary>
    private async Task ExpireUnconfirmedAsync()
    {
        var now = clock.GetUtcNow();
        if (!State.Exists || State.Status == EventStatus.Cancelled
            || !Normalize.Array(State.Registrations).Any(r => r.Status != RegistrationStatus.Cancelled && r.ConfirmBy <= now))
        {
            return;
        }

        var changes = new ChangeLog(Actor.System, now);
        var registrations = State.Registrations;
        foreach (var expired in State.Registrations.Where(r => r.Status != RegistrationStatus.Cancelled && r.ConfirmBy <= now).ToList())
        {
            registrations = registrations.Replace(expired, expired with { Status = RegistrationStatus.Cancelled, CancelledAt = now });
            changes.Record("registrations", $"{expired.RegistrationId} {expired.Status.ToString().ToLowerInvariant()} awaiting confirmation", $"{expired.RegistrationId} expired unconfirmed");
        }

        var updated = PromoteWaitlisted(State with { Registrations = TrimCancelled(registrations) }, changes);
        await CommitAsync(updated, changes, AnnouncementKinds.EventRegistration, EventRules.Seats(updated), actorName: RegistrationActorName);
    }

    /// <summary>
    /// E-mails an existing registration's link to its own address again (the registrant asked for it by
    /// registering again), at most once per <see cref="CalendarOptions.LinkResendInterval"/>. Only the
    /// outbox and the time it was sent are written: no new version, no announcement.
    /// </summary>
    private async Task ResendLinkAsync(Registration existing, DateTimeOffset now)
    {
        if ((existing.LinkSentAt ?? existing.RegisteredAt) + options.Value.LinkResendInterval > now)
        {
            return;
        }

        var sent = existing with { LinkSentAt = now };
        var updated = State with
        {
            Registrations = State.Registrations.Replace(existing, sent),
            Outbox = Normalize.Array(State.Outbox).Add(EventNotifications.LinkAgain(Key, State, sent, now)),
        };
        await state.WriteOrRestoreAsync(updated);
        await FlushOutboxAsync();
    }

    /// <summary>Keeps the state bounded: beyond <see cref="EventRules.MaxCancelledKept"/> the oldest cancelled registrations go.</summary>
    private static ImmutableArray<Registration> TrimCancelled(ImmutableArray<Registration> registrations)
    {
        var cancelled = registrations.Count(r => r.Status == RegistrationStatus.Cancelled);
        if (cancelled <= EventRules.MaxCancelledKept)
        {
            return registrations;
        }

        var drop = registrations.Where(r => r.Status == RegistrationStatus.Cancelled).Take(cancelled - EventRules.MaxCancelledKept).ToHashSet();
        return [.. registrations.Where(r => !drop.Contains(r))];
    }

    /// <summary>When the sweep must next visit: the next reminder, or the end of the earliest hold on a seat or place.</summary>
    internal static DateTimeOffset? NextDue(EventState s)
    {
        var reminder = EventReminders.NextDue(s);
        if (s.Status == EventStatus.Cancelled || s.Registrations.IsDefault)
        {
            return reminder;
        }

        var hold = s.Registrations.Where(r => r.Status != RegistrationStatus.Cancelled && r.ConfirmBy is not null).Select(r => r.ConfirmBy).Min();
        return hold is { } h && (reminder is null || h < reminder) ? h : reminder;
    }

    /// <summary>Gives free seats to the waitlist, oldest first, in the same change.</summary>
    private static EventState PromoteWaitlisted(EventState s, ChangeLog changes)
    {
        var capacity = s.Definition!.Capacity;
        var registrations = s.Registrations;
        var free = capacity == 0 ? int.MaxValue : capacity - registrations.Count(r => r.Status == RegistrationStatus.Registered);
        foreach (var waiting in s.Registrations.Where(r => r.Status == RegistrationStatus.Waitlisted).ToList())
        {
            if (free-- <= 0)
            {
                break;
            }

            registrations = registrations.Replace(waiting, waiting with { Status = RegistrationStatus.Registered, PromotedAt = changes.At });
            changes.Record("registrations", $"{waiting.RegistrationId} waitlisted", $"{waiting.RegistrationId} promoted to a seat");
        }

        return s with { Registrations = registrations };
    }

    private async Task UpdateCertificateAsync(EventDefinition definition, Registration registration, string? newCode, DateTimeOffset now)
    {
        try
        {
            var index = GrainFactory.GetGrain<ICalendarIndexGrain>(GrainKeys.CalendarIndex);
            var trainingType = definition.TrainingType ?? definition.Title;
            var records = GrainFactory.GetGrain<ITrainingRecordsGrain>(GrainKeys.TrainingRecords);
            TrainingCompletion Completion(string code) => new(
                code, Key, definition.Title, trainingType, definition.CreditHours, registration.OrganizationId, definition.End,
                TrainingPeople.KeyOf(registration.Email), registration.UserId);
            if (registration.CertificateCode is { } old)
            {
                await GrainFactory.GetGrain<ICertificateGrain>(old).Revoke();
                await index.SetCompletion(new CompletionRow(old, Key, definition.Title, trainingType, definition.CreditHours, registration.OrganizationId, definition.End), completed: false);
                await records.Record(Completion(old), completed: false);
            }

            if (newCode is not null)
            {
                await GrainFactory.GetGrain<ICertificateGrain>(newCode).Issue(new Certificate(
                    newCode, Key, definition.Title, trainingType, definition.CreditHours, registration.Name, registration.OrganizationId, definition.End, now));
                await index.SetCompletion(new CompletionRow(newCode, Key, definition.Title, trainingType, definition.CreditHours, registration.OrganizationId, definition.End), completed: true);
                await records.Record(Completion(newCode), completed: true);
            }
        }
        catch (Exception exception)
        {
            LogCertificateFailed(logger, exception, Key);
            throw;
        }
    }

    private static void Record(ChangeLog changes, EventDefinition? before, EventDefinition next)
    {
        changes.Record("title", before?.Title, next.Title);
        changes.Record("description", before?.Description, next.Description);
        changes.Record("kind", before?.Kind.ToString(), next.Kind.ToString());
        changes.Record("hostOrganizationIds", before is null ? [] : before.HostOrganizationIds, next.HostOrganizationIds);
        changes.Record("initiativeId", before?.InitiativeId, next.InitiativeId);
        changes.Record("taskForceId", before?.TaskForceId, next.TaskForceId);
        changes.Record("county", before?.County, next.County);
        changes.Record("start", before is null ? null : EventRules.Time(before.Start), EventRules.Time(next.Start));
        changes.Record("end", before is null ? null : EventRules.Time(before.End), EventRules.Time(next.End));
        changes.Record("online", before?.Online.ToString(), next.Online.ToString());
        changes.Record("address", before?.Address, next.Address);
        changes.Record("hideAddressUntilRegistered", before?.HideAddressUntilRegistered.ToString(), next.HideAddressUntilRegistered.ToString());
        changes.Record("onlineLink", before?.OnlineLink is null ? null : "(set)", next.OnlineLink is null ? null : before?.OnlineLink == next.OnlineLink ? "(set)" : "(changed)");
        changes.Record("capacity", before?.Capacity.ToString(System.Globalization.CultureInfo.InvariantCulture), next.Capacity.ToString(System.Globalization.CultureInfo.InvariantCulture));
        changes.Record("fee", before?.Fee, next.Fee);
        changes.Record("audience", before?.Audience.ToString(), next.Audience.ToString());
        changes.Record("trainingType", before?.TrainingType, next.TrainingType);
        changes.Record("creditHours", before?.CreditHours.ToString(System.Globalization.CultureInfo.InvariantCulture), next.CreditHours.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static string Describe(EventState s) => $"{s.Definition!.Title}, {EventRules.Time(s.Definition.Start)}";

    private EventSnapshot ToSnapshot(EventState s) => new(
        Key, s.Definition!, s.Status, s.Sequence, Normalize.Array(s.PromotedBy), Normalize.Array(s.Registrations), s.Version, s.CreatedAt, s.UpdatedAt, s.Cancellation);

    internal static CalendarEventRow ToRow(string key, EventState s, DateTimeOffset? nextReminderAt)
    {
        var d = s.Definition!;
        return new CalendarEventRow(
            key, d.Title, d.Description, d.Kind, d.HostOrganizationIds, Normalize.Array(s.PromotedBy), d.InitiativeId, d.TaskForceId, d.County,
            d.Start, d.End, d.Online, d.Online || d.HideAddressUntilRegistered ? null : d.Address, d.Capacity,
            s.Count(RegistrationStatus.Registered), s.Count(RegistrationStatus.Waitlisted), d.Fee, d.Audience, s.Status, s.Sequence,
            d.TrainingType, d.CreditHours, s.CreatedAt, s.UpdatedAt, s.Version, nextReminderAt,
            s.Registrations.IsDefault ? 0 : s.Registrations.Count(r => r.Status == RegistrationStatus.Registered && r.ConfirmBy is not null),
            d.SeriesId,
            d.RecurrenceId);
    }

    /// <summary>Writes the next version, then the calendar index, then announces. Nothing is announced if the write fails.</summary>
    private async Task<CommandResult> CommitAsync(
        EventState next,
        ChangeLog changes,
        string kind,
        string summary,
        ImmutableArray<string>? formerHosts = null,
        string? actorName = null,
        bool onlyOwnTopic = false,
        IReadOnlyCollection<string>? reminders = null)
    {
        var previous = state.State;
        var stamped = next with { Version = previous.Version + 1, UpdatedAt = changes.At, History = changes.AppendTo(previous.History) };
        stamped = stamped with { Outbox = Normalize.Array(previous.Outbox).AddRange(EventNotifications.Between(Key, previous, stamped, reminders ?? [])) };
        var topics = onlyOwnTopic ? [Topics.Event(Key)] : TopicsOf(stamped.Definition!, Normalize.Array(stamped.PromotedBy).AddRange(formerHosts ?? []));
        return await Pipeline.CommitAsync(
            Key,
            stamped,
            stamped.Version,
            kind,
            changes.Actor,
            [new(GrainKeys.CalendarIndex, () => GrainFactory.GetGrain<ICalendarIndexGrain>(GrainKeys.CalendarIndex).Upsert(ToRow(Key, stamped, NextDue(stamped))))],
            new NetworkAnnouncement(topics, kind, Key, stamped.Version, stamped.Definition!.Title, summary, changes.At, actorName ?? changes.Actor.DisplayName));
    }

    private Task FlushOutboxAsync() => FlushOutboxAsync(state);

    private Task FlushOutboxAsync(IPersistentState<EventState> written) =>
        outbox.FlushAsync(written, s => Normalize.Array(s.Outbox), s => s with { Outbox = [] }, logger, clock.GetUtcNow());

    /// <summary>
    /// The topics an event's announcements go to, by audience: a public event reaches the statewide,
    /// county, organization and initiative topics; a members' event only the hosts' organization
    /// topics (members only); a task-force event its task force; a law-enforcement event only its
    /// own topic, which the hub lets only those who may see it join.
    /// </summary>
    private ImmutableArray<string> TopicsOf(EventDefinition d, ImmutableArray<string> otherOrganizations)
    {
        var topics = ImmutableArray.CreateBuilder<string>();
        topics.Add(Topics.Event(Key));
        switch (d.Audience)
        {
            case EventAudience.Public:
                topics.Add(Topics.Statewide);
                topics.Add(Topics.County(d.County));
                topics.AddRange(d.HostOrganizationIds.Concat(otherOrganizations).Distinct(StringComparer.Ordinal).Select(Topics.Organization));
                if (d.InitiativeId is not null)
                {
                    topics.Add(Topics.Initiative(d.InitiativeId));
                }

                break;
            case EventAudience.NetworkMembers:
                topics.AddRange(d.HostOrganizationIds.Concat(otherOrganizations).Distinct(StringComparer.Ordinal).Select(Topics.Organization));
                break;
            case EventAudience.TaskForceMembers when d.TaskForceId is not null:
                topics.Add(Topics.TaskForce(d.TaskForceId));
                break;
        }

        return topics.ToImmutable();
    }

    [LoggerMessage(602, LogLevel.Error, "The certificate of a completion of event {EventId} could not be issued or revoked.")]
    private static partial void LogCertificateFailed(ILogger logger, Exception exception, string eventId);
}
