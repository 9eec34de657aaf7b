using System.Collections.Immutable;
using ConnectedCalifornia.Capacity;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Referrals;
using ConnectedCalifornia.TaskForces;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConnectedCalifornia.Operations;

/// <summary>
/// A task-force operation (key: its id). Follows the participant pattern: validate the whole
/// command, write, record, index, announce — on <c>operation:&lt;id&gt;</c> only, a topic that only
/// participants and the task force's leads may join. Announcements carry no place, no survivor data.
/// </summary>
public sealed class OperationGrain : ParticipantGrain<OperationState>, IOperationGrain
{
    public const int MaxTitleLength = 200;
    public const int MaxAreaLength = 500;
    public const int MaxShortText = 500;
    public const int MaxLongText = 2000;
    public const int MaxParticipants = 50;
    public const int MaxItems = 200;
    public const int MaxTimelineEntries = 2000;
    public const int MaxExpectedPeople = 1000;
    public const int MaxAdvocates = 200;
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(14);
    public static readonly TimeSpan MaxLeadTime = TimeSpan.FromDays(366);

    private const string What = "Operation";

    private readonly TimeProvider _clock;
    private readonly CapacityOptions _capacity;
    private ImmutableArray<OperationIndexRow> _overlaps = [];
    private bool _indexStale;

    public OperationGrain(
        [PersistentState("operation", StorageNames.Network)] IPersistentState<OperationState> state,
        AnnouncementPublisher publisher,
        [FromKeyedServices(NetworkClock.Key)] TimeProvider clock,
        IOptions<CapacityOptions> capacityOptions,
        ILogger<OperationGrain> logger)
        : base(state, publisher, clock, logger)
    {
        _clock = clock;
        _capacity = capacityOptions.Value;
    }

    protected override string CatalogKey => OperationKeys.Catalog;

    public Task<OperationDetails?> GetDetails() => Task.FromResult(State.Plan is { } plan
        ? new OperationDetails(
            Key, plan, State.Status, State.Participants, State.Assignments, State.Standby, State.Holds, State.Timeline,
            State.ReferralIds, State.ReviewItems, State.Outcome, [.. State.Warnings.Values.OrderBy(w => w.DetectedAt)], State.Version, State.UpdatedAt)
        : null);

    public Task<ImmutableArray<ChangeRecord>> GetHistory(int max) => Task.FromResult(ChangeLog.Newest(State.History, max));

    public async Task<CommandResult> Create(OperationPlan plan, Actor actor)
    {
        var v = new FieldValidator();
        v.Key("id", Key, "The operation's id");
        ValidateActor(v, actor);
        if (State.Exists)
        {
            v.Add("id", $"An operation with the id '{Key}' already exists.");
        }

        var normalized = await ValidateAsync(plan, v, creating: true);
        if (v.HasErrors)
        {
            return v.ToResult();
        }

        var changes = StartChanges(actor);
        RecordPlan(changes, null, normalized);
        var participants = ImmutableArray.Create(new OperationParticipant(normalized.LeadAgencyId, TaskForceOrganizationRole.LeadAgency));
        changes.Record("participants", null, Describe(participants[0]));
        var result = await CommitAsync(
            State with { Plan = normalized, Participants = participants, Status = OperationStatus.Planning, CreatedAt = changes.At },
            changes, OperationKinds.Planned, "Operation planned");
        await DeconflictAsync();
        return result;
    }

    public async Task<CommandResult> UpdatePlan(OperationPlan plan, Actor actor)
    {
        if (!State.Exists)
        {
            return CommandResult.Missing(What);
        }

        var v = new FieldValidator();
        ValidateActor(v, actor);
        NotClosed(v);
        var normalized = await ValidateAsync(plan, v, creating: false);
        if (v.HasErrors)
        {
            return v.ToResult();
        }

        var changes = StartChanges(actor);
        RecordPlan(changes, State.Plan, normalized);
        if (changes.IsEmpty)
        {
            return CommandResult.Ok(State.Version);
        }

        var participants = IsParticipant(normalized.LeadAgencyId)
            ? State.Participants
            : State.Participants.Add(new OperationParticipant(normalized.LeadAgencyId, TaskForceOrganizationRole.LeadAgency));
        var result = await CommitAsync(State with { Plan = normalized, Participants = participants }, changes, OperationKinds.Updated, "Plan updated: " + string.Join(", ", changes.Fields));
        await DeconflictAsync();
        return result;
    }

    public async Task<CommandResult> SetParticipant(OperationParticipant participant, Actor actor)
    {
        if (!State.Exists)
        {
            return CommandResult.Missing(What);
        }

        var v = new FieldValidator();
        ValidateActor(v, actor);
        NotClosed(v);
        if (participant is null)
        {
            v.Add("participant", "The participant is required.");
            return v.ToResult();
        }

        v.Defined("participant.role", participant.Role, "Role");
        var existing = State.Participants.FirstOrDefault(p => p.OrganizationId == participant.OrganizationId);
        if (existing is null && State.Participants.Length >= MaxParticipants)
        {
            v.Add("participant", $"An operation has at most {MaxParticipants} participating organizations.");
        }

        var name = await ExistingOrganizationNameAsync(v, "participant.organizationId", participant.OrganizationId);
        if (v.HasErrors)
        {
            return v.ToResult();
        }

        if (existing == participant)
        {
            return CommandResult.Ok(State.Version);
        }

        var changes = StartChanges(actor);
        changes.Record("participants", existing is null ? null : Describe(existing), Describe(participant));
        var participants = existing is null ? State.Participants.Add(participant) : State.Participants.Replace(existing, participant);
        var result = await CommitAsync(State with { Participants = participants }, changes, OperationKinds.Updated, $"{name} takes part as {participant.Role}");
        await DeconflictAsync();
        return result;
    }

    public async Task<CommandResult> RemoveParticipant(string organizationId, Actor actor)
    {
        if (!State.Exists)
        {
            return CommandResult.Missing(What);
        }

        var v = new FieldValidator();
        ValidateActor(v, actor);
        NotClosed(v);
        v.Key("organizationId", organizationId, "The organization's id");
        if (organizationId == State.Plan!.LeadAgencyId)
        {
            v.Add("organizationId", "The lead agency takes part in its own operation; choose another lead agency first.");
        }

        if (v.HasErrors)
        {
            return v.ToResult();
        }

        var existing = State.Participants.FirstOrDefault(p => p.OrganizationId == organizationId);
        if (existing is null)
        {
            return CommandResult.Ok(State.Version);
        }

        var changes = StartChanges(actor);
        changes.Record("participants", Describe(existing), null);
        var result = await CommitAsync(State with { Participants = State.Participants.Remove(existing) }, changes, OperationKinds.Updated, "An organization no longer takes part");
        await DeconflictAsync();
        return result;
    }

    public async Task<CommandResult> SetStatus(OperationStatus status, Actor actor)
    {
        if (!State.Exists)
        {
            return CommandResult.Missing(What);
        }

        var v = new FieldValidator();
        ValidateActor(v, actor);
        v.Defined("status", status, "Status");
        if (!v.HasErrors && status != State.Status && status != State.Status + 1)
        {
            v.Add("status", $"An operation moves planning → active → debrief → closed, one step at a time; it is {State.Status}, so the next step is {(State.Status == OperationStatus.Closed ? "none (it is closed)" : (State.Status + 1).ToString())}.");
        }

        if (v.HasErrors)
        {
            return v.ToResult();
        }

        if (status == State.Status)
        {
            return CommandResult.Ok(State.Version);
        }

        var changes = StartChanges(actor);
        changes.Record("status", State.Status.ToString(), status.ToString());
        var holds = State.Holds;
        if (status == OperationStatus.Closed)
        {
            holds = await ReleaseHoldsAsync(changes, actor);
        }

        var released = holds.Count(h => h.Released) - State.Holds.Count(h => h.Released);
        var summary = status == OperationStatus.Closed && released > 0
            ? $"Operation closed; {Text.Count(released, "held bed")} released"
            : $"Operation is now {status}";
        var result = await CommitAsync(State with { Status = status, Holds = holds }, changes, OperationKinds.Status, summary);
        await DeconflictAsync();
        return result;
    }

    public async Task<CommandResult> SetAssignment(OperationAssignment assignment, Actor actor)
    {
        if (!State.Exists)
        {
            return CommandResult.Missing(What);
        }

        var v = new FieldValidator();
        ValidateActor(v, actor);
        NotClosed(v);
        if (assignment is null)
        {
            v.Add("assignment", "The assignment is required.");
            return v.ToResult();
        }

        assignment = assignment with { Task = Normalize.Text(assignment.Task), Owner = Normalize.Text(assignment.Owner) };
        v.Key("assignment.id", assignment.Id, "The assignment's id");
        v.Required("assignment.task", assignment.Task, MaxShortText, "Task");
        v.NoSurvivorIdentity("assignment.task", assignment.Task, PiiField.OperationAssignment);
        v.Required("assignment.owner", assignment.Owner, FieldValidator.MaxDisplayNameLength, "Owner");
        v.Defined("assignment.status", assignment.Status, "Status");
        if (!IsParticipant(assignment.OrganizationId))
        {
            v.Add("assignment.organizationId", $"'{Shorten(assignment.OrganizationId)}' does not take part in this operation.");
        }

        DueDate(v, "assignment.due", assignment.Due);
        var existing = State.Assignments.FirstOrDefault(a => a.Id == assignment.Id);
        if (existing is null && State.Assignments.Length >= MaxItems)
        {
            v.Add("assignment", $"An operation has at most {MaxItems} assignments.");
        }

        if (v.HasErrors)
        {
            return v.ToResult();
        }

        if (existing == assignment)
        {
            return CommandResult.Ok(State.Version);
        }

        var changes = StartChanges(actor);
        changes.Record("assignments", existing is null ? null : Describe(existing), Describe(assignment));
        var assignments = existing is null ? State.Assignments.Add(assignment) : State.Assignments.Replace(existing, assignment);
        var done = assignments.Count(a => a.Status == WorkStatus.Done);
        return await CommitAsync(State with { Assignments = assignments }, changes, OperationKinds.Assignment, $"Assignments: {done} of {assignments.Length} done");
    }

    public async Task<CommandResult> SendStandby(string requestId, StandbyRequest request, Actor actor)
    {
        if (!State.Exists)
        {
            return CommandResult.Missing(What);
        }

        var v = new FieldValidator();
        ValidateActor(v, actor);
        NotClosed(v);
        v.Key("requestId", requestId, "The request's id");
        if (State.Standby.Any(s => s.Id == requestId))
        {
            v.Add("requestId", "A standby request with this id was already sent.");
        }

        if (State.Standby.Length >= MaxItems)
        {
            v.Add("request", $"An operation has at most {MaxItems} standby requests.");
        }

        if (request is null)
        {
            v.Add("request", "The standby request is required.");
            return v.ToResult();
        }

        request = request with
        {
            OrganizationIds = Normalize.Codes(request.OrganizationIds),
            Languages = Normalize.Codes(request.Languages),
            SafetyRisks = Normalize.Text(request.SafetyRisks),
            HousingNeeds = Normalize.Text(request.HousingNeeds),
        };
        if (request.OrganizationIds.IsEmpty)
        {
            v.Add("organizationIds", "Choose at least one victim-service organization.");
        }
        else if (request.OrganizationIds.Length > 20)
        {
            v.Add("organizationIds", $"Send a standby request to at most 20 organizations at a time (there are {request.OrganizationIds.Length}).");
        }
        else
        {
            foreach (var organizationId in request.OrganizationIds.Distinct())
            {
                if (!v.Key("organizationIds", organizationId, "The organization's id"))
                {
                    continue;
                }

                var organization = await GrainFactory.GetGrain<IOrganizationGrain>(organizationId).GetDetails();
                if (organization is null)
                {
                    v.Add("organizationIds", $"There is no organization '{organizationId}'.");
                }
                else if (!VictimServiceKinds.Includes(organization.Profile.Kind))
                {
                    v.Add("organizationIds", $"{organization.Profile.Name} is not a victim-service organization: a standby request goes to victim services only.");
                }
            }
        }

        if (request.ExpectedPeople is < 0 or > MaxExpectedPeople)
        {
            v.Add("expectedPeople", $"Expected people must be between 0 and {MaxExpectedPeople:N0} (it is {request.ExpectedPeople}).");
        }

        v.Defined("ages", request.Ages, "Ages");
        // The curators' current languages: one they added is accepted, one they retired no longer.
        var taxonomy = await GrainFactory.GetGrain<ITaxonomyGrain>(GrainKeys.Taxonomy).GetVocabularies();
        v.Codes("languages", request.Languages, c => taxonomy.Find(Vocabulary.Languages, c) is { Retired: false }, "languages", max: 20);
        v.MaxLength("safetyRisks", request.SafetyRisks, MaxLongText, "Safety risks");
        v.MaxLength("housingNeeds", request.HousingNeeds, MaxLongText, "Housing needs");
        v.NoSurvivorIdentity("safetyRisks", request.SafetyRisks, PiiField.OperationStandby);
        v.NoSurvivorIdentity("housingNeeds", request.HousingNeeds, PiiField.OperationStandby);
        if (v.HasErrors)
        {
            return v.ToResult();
        }

        var changes = StartChanges(actor);
        var plan = State.Plan!;
        var record = new StandbyRecord(requestId, request, plan.Start, plan.End, changes.At, actor.DisplayName, []);
        changes.Record("standby", null, $"{requestId} sent to {ChangeLog.Join(request.OrganizationIds)}: {request.ExpectedPeople} expected, {request.Ages}");
        var participants = State.Participants;
        foreach (var organizationId in request.OrganizationIds.Where(o => !IsParticipant(o)))
        {
            var added = new OperationParticipant(organizationId, TaskForceOrganizationRole.VictimServices);
            participants = participants.Add(added);
            changes.Record("participants", null, Describe(added));
        }

        var result = await CommitAsync(
            State with { Standby = State.Standby.Add(record), Participants = participants },
            changes,
            OperationKinds.Standby,
            $"Standby request sent to {Text.Count(request.OrganizationIds.Length, "organization")}");
        await DeconflictAsync();
        return result;
    }

    public async Task<CommandResult> AnswerStandby(string requestId, string organizationId, StandbyAnswer answer, Actor actor)
    {
        if (!State.Exists)
        {
            return CommandResult.Missing(What);
        }

        var v = new FieldValidator();
        ValidateActor(v, actor);
        NotClosed(v);
        var record = State.Standby.FirstOrDefault(s => s.Id == requestId);
        if (record is null)
        {
            v.Add("requestId", "There is no such standby request in this operation.");
        }
        else if (!record.Request.OrganizationIds.Contains(organizationId))
        {
            v.Add("organizationId", "This standby request was not sent to that organization.");
        }

        if (answer is null)
        {
            v.Add("answer", "The answer is required.");
            return v.ToResult();
        }

        answer = answer with { Note = Normalize.Text(answer.Note) };
        v.Defined("response", answer.Response, "Answer");
        if (answer.Advocates is < 0 or > MaxAdvocates)
        {
            v.Add("advocates", $"Advocates must be between 0 and {MaxAdvocates} (it is {answer.Advocates}).");
        }
        else if (answer.Response != StandbyResponse.No && answer.Advocates == 0)
        {
            v.Add("advocates", "Say how many advocates can stand by (at least 1), or answer No.");
        }

        v.MaxLength("note", answer.Note, MaxShortText, "Note");
        v.NoSurvivorIdentity("note", answer.Note, PiiField.OperationStandby);
        if (v.HasErrors)
        {
            return v.ToResult();
        }

        if (answer.Response == StandbyResponse.No)
        {
            answer = answer with { Advocates = 0 };
        }

        var changes = StartChanges(actor);
        var previous = record!.Replies.FirstOrDefault(r => r.OrganizationId == organizationId);
        var reply = new StandbyReply(organizationId, answer, changes.At, actor.DisplayName);
        changes.Record("standby", previous is null ? null : Describe(requestId, previous), Describe(requestId, reply));
        var updated = record with { Replies = previous is null ? record.Replies.Add(reply) : record.Replies.Replace(previous, reply) };
        var advocates = updated.Replies.Sum(r => r.Answer.Advocates);
        return await CommitAsync(
            State with { Standby = State.Standby.Replace(record, updated) },
            changes,
            OperationKinds.Standby,
            $"Standby answer {answer.Response}: {updated.Replies.Length} of {updated.Request.OrganizationIds.Length} answered, {Text.Count(advocates, "advocate")} standing by");
    }

    public async Task<HoldOutcome> PlaceHold(string siteId, string category, string holderOrganizationId, Actor actor)
    {
        if (!State.Exists)
        {
            return new HoldOutcome(CommandResult.Missing(What));
        }

        var v = new FieldValidator();
        ValidateActor(v, actor);
        NotClosed(v);
        v.Key("siteId", siteId, "The site's id");
        if (!IsParticipant(holderOrganizationId ?? string.Empty))
        {
            v.Add("holderOrganizationId", "Hold beds for an organization that takes part in this operation.");
        }

        if (State.Holds.Count(h => !h.Released) >= MaxItems)
        {
            v.Add("siteId", $"An operation holds at most {MaxItems} beds at a time.");
        }

        if (v.HasErrors)
        {
            return new HoldOutcome(v.ToResult());
        }

        // The hold lasts until the operation's end (at least an hour, at most the bed board's limit).
        var now = _clock.GetUtcNow();
        var max = _capacity.MaxHoldDuration;
        var duration = State.Plan!.End - now;
        duration = duration < TimeSpan.FromHours(1) ? TimeSpan.FromHours(1) : duration > max ? max : duration;
        var placed = await GrainFactory.GetGrain<ISiteCapacityGrain>(siteId).PlaceHold(
            category, holderOrganizationId!, actor, duration, new HoldPurpose("A bed for a task-force operation", HoldBasis.Operation, Key));
        if (!placed.Succeeded)
        {
            return new HoldOutcome(placed.Result);
        }

        var changes = StartChanges(actor);
        var hold = new OperationHold(siteId, placed.HoldId!, category.Trim(), holderOrganizationId!, changes.At, placed.ExpiresAt!.Value);
        changes.Record("holds", null, $"{hold.HoldId} on {siteId} ({hold.Category}) for {holderOrganizationId}");
        var holds = State.Holds.Add(hold);
        var result = await CommitAsync(State with { Holds = holds }, changes, OperationKinds.Hold, $"{Text.Count(holds.Count(h => !h.Released), "bed")} held for the operation");
        return new HoldOutcome(result, hold.HoldId);
    }

    public async Task<CommandResult> PostTimeline(string organizationId, string text, Actor actor)
    {
        if (!State.Exists)
        {
            return CommandResult.Missing(What);
        }

        var v = new FieldValidator();
        ValidateActor(v, actor);
        text = Normalize.Text(text);
        if (State.Status != OperationStatus.Active)
        {
            v.Add("status", $"The timeline is open while the operation is active (it is {State.Status}).");
        }

        if (!IsParticipant(organizationId ?? string.Empty))
        {
            v.Add("organizationId", "Post for an organization that takes part in this operation.");
        }

        v.Required("text", text, MaxShortText, "The entry");
        v.NoSurvivorIdentity("text", text, PiiField.OperationTimeline);
        if (State.Timeline.Length >= MaxTimelineEntries)
        {
            v.Add("text", $"The timeline holds at most {MaxTimelineEntries:N0} entries.");
        }

        if (v.HasErrors)
        {
            return v.ToResult();
        }

        var changes = StartChanges(actor);
        var entry = new TimelineEntry(State.Timeline.Length + 1, changes.At, organizationId!, actor.DisplayName, text);
        changes.Record("timeline", null, $"#{entry.Number} by {organizationId}: {text}");
        return await CommitAsync(State with { Timeline = State.Timeline.Add(entry) }, changes, OperationKinds.Timeline, $"Timeline entry #{entry.Number}");
    }

    public async Task<CommandResult> LinkReferral(string referralId, ImmutableArray<string> linkingOrganizationIds, Actor actor)
    {
        if (!State.Exists)
        {
            return CommandResult.Missing(What);
        }

        var v = new FieldValidator();
        ValidateActor(v, actor);
        NotClosed(v);
        v.Required("referralId", referralId, 120, "The referral's id");
        if (State.ReferralIds.Length >= MaxTimelineEntries)
        {
            v.Add("referralId", $"An operation links at most {MaxTimelineEntries:N0} referrals.");
        }

        if (v.HasErrors)
        {
            return v.ToResult();
        }

        referralId = referralId.Trim();
        if (State.ReferralIds.Contains(referralId))
        {
            return CommandResult.Ok(State.Version);
        }

        // Only a referral that exists and that a participating organization of the linker is a party of
        // counts for the operation. One answer for both cases, so linking tells nobody whether an id exists.
        var linker = await LinkingPartyAsync(referralId, Normalize.Array(linkingOrganizationIds));
        if (linker is null)
        {
            return CommandResult.Invalid("referralId", "No referral of your organization in this operation has this id. Link a referral your organization sent or received.");
        }

        var changes = StartChanges(actor);
        changes.Record("referrals", null, $"{referralId} (linked by {linker})");
        var referrals = State.ReferralIds.Add(referralId);
        return await CommitAsync(State with { ReferralIds = referrals }, changes, OperationKinds.Referral, $"{Text.Count(referrals.Length, "referral")} linked");
    }

    /// <summary>The first of <paramref name="organizationIds"/> that takes part in the operation and is a party of the referral; null when none is (or the referral does not exist).</summary>
    private async Task<string?> LinkingPartyAsync(string referralId, ImmutableArray<string> organizationIds)
    {
        if (!Identifiers.IsValidKey(referralId) || await GrainFactory.GetGrain<IReferralGrain>(referralId).GetParties() is not { } parties)
        {
            return null;
        }

        return organizationIds.FirstOrDefault(o => IsParticipant(o) && (o == parties.FromOrganizationId || o == parties.ToOrganizationId));
    }

    public async Task<CommandResult> SetReviewItem(ReviewItem item, Actor actor)
    {
        if (!State.Exists)
        {
            return CommandResult.Missing(What);
        }

        var v = new FieldValidator();
        ValidateActor(v, actor);
        if (State.Status < OperationStatus.Debrief)
        {
            v.Add("status", $"After-action items are added from the debrief on (the operation is {State.Status}).");
        }

        if (item is null)
        {
            v.Add("item", "The item is required.");
            return v.ToResult();
        }

        item = item with { Text = Normalize.Text(item.Text), Owner = Normalize.Text(item.Owner), OrganizationId = Normalize.OptionalText(item.OrganizationId) };
        if (item.OrganizationId is { } assignee && !IsParticipant(assignee))
        {
            v.Add("item.organizationId", "An after-action item is assigned to an organization taking part in the operation.");
        }

        v.Key("item.id", item.Id, "The item's id");
        v.Required("item.text", item.Text, MaxShortText, "Item");
        v.NoSurvivorIdentity("item.text", item.Text, PiiField.OperationReviewItem);
        v.Required("item.owner", item.Owner, FieldValidator.MaxDisplayNameLength, "Owner");
        v.Defined("item.status", item.Status, "Status");
        DueDate(v, "item.due", item.Due);
        var existing = State.ReviewItems.FirstOrDefault(i => i.Id == item.Id);
        if (existing is null && State.ReviewItems.Length >= MaxItems)
        {
            v.Add("item", $"An operation has at most {MaxItems} after-action items.");
        }

        if (v.HasErrors)
        {
            return v.ToResult();
        }

        if (existing == item)
        {
            return CommandResult.Ok(State.Version);
        }

        var changes = StartChanges(actor);
        changes.Record("review", existing is null ? null : Describe(existing), Describe(item));
        var items = existing is null ? State.ReviewItems.Add(item) : State.ReviewItems.Replace(existing, item);
        var told = State.ItemDueNoticesSent ?? ImmutableDictionary<string, DateTimeOffset>.Empty;
        if (item is { OrganizationId: not null, Due: { } due } && due <= changes.At && (existing?.OrganizationId != item.OrganizationId || existing.Due != due))
        {
            // Assigned with a due time already past: the assignment message says when it was due; no second message.
            told = told.SetItem(item.Id, due);
        }

        return await CommitAsync(State with { ReviewItems = items, ItemDueNoticesSent = told }, changes, OperationKinds.Review, $"After-action items: {items.Count(i => i.Status == WorkStatus.Done)} of {items.Length} done");
    }

    public async Task<int> SendDueItemReminders()
    {
        if (!State.Exists)
        {
            return 0;
        }

        var now = _clock.GetUtcNow();
        var due = ActionItemDue.Waiting(State).Where(w => w.Due <= now).ToList();
        if (due.Count == 0)
        {
            // Nothing due (an index entry from before a change): bring the index in step.
            await IndexNextItemDueAsync(ActionItemDue.Next(State));
            return 0;
        }

        var told = State.ItemDueNoticesSent ?? ImmutableDictionary<string, DateTimeOffset>.Empty;
        var changes = new ChangeLog(Actor.System, now);
        foreach (var (item, at) in due)
        {
            changes.Record("review", null, $"{item.Id}: due reminder sent to {item.OrganizationId}");
            told = told.SetItem(item.Id, at);
        }

        await CommitAsync(State with { ItemDueNoticesSent = told }, changes, OperationKinds.Review, $"After-action items due: {due.Count}");
        return due.Count;
    }

    /// <summary>
    /// The index row is written here, after the change is stored and before it is announced: a list that reloads
    /// on the announcement (an organization's operations page) must find the new row, not the one before it.
    /// </summary>
    protected override async Task AfterWriteAsync(OperationState previous, OperationState stamped)
    {
        if (_indexStale || !previous.Exists || !SameRow(RowOf(previous), RowOf(stamped)))
        {
            await IndexAsync(stamped);
        }

        var next = ActionItemDue.Next(stamped);
        if (next != ActionItemDue.Next(previous))
        {
            await IndexNextItemDueAsync(next);
        }
    }

    /// <summary>Tells the index when this operation's next item reminder is due (the sweep asks it every minute).</summary>
    private async Task IndexNextItemDueAsync(DateTimeOffset? next)
    {
        try
        {
            await GrainFactory.GetGrain<IOperationIndexGrain>(OperationKeys.Index).SetNextItemDue(Key, next);
        }
        catch (Exception exception)
        {
            // The change is stored; the index takes the operation's next change.
            GrainLog.CatalogUpdateFailed(Logger, exception, OperationKeys.Index, Key, State.Version);
        }
    }

    public async Task<CommandResult> RecordOutcome(OperationOutcome outcome, Actor actor)
    {
        if (!State.Exists)
        {
            return CommandResult.Missing(What);
        }

        var v = new FieldValidator();
        ValidateActor(v, actor);
        if (State.Status < OperationStatus.Debrief)
        {
            v.Add("status", $"The summary is recorded from the debrief on (the operation is {State.Status}).");
        }

        if (outcome is null)
        {
            v.Add("outcome", "The counts are required.");
            return v.ToResult();
        }

        var services = outcome.ServicesUsed ?? ImmutableDictionary<string, int>.Empty;
        if (outcome.PeopleAssisted is < 0 or > 100_000)
        {
            v.Add("peopleAssisted", "People assisted must be between 0 and 100,000.");
        }

        // Services of the curators' taxonomy; a retired one still counts (the operation may predate its retirement).
        var vocabularies = await GrainFactory.GetGrain<ITaxonomyGrain>(GrainKeys.Taxonomy).GetVocabularies();
        v.Codes("servicesUsed", [.. services.Keys], c => vocabularies.Find(Vocabulary.Services, c) is not null, "services");
        if (services.Values.Any(c => c is < 0 or > 100_000))
        {
            v.Add("servicesUsed", "Each service count must be between 0 and 100,000.");
        }

        if (v.HasErrors)
        {
            return v.ToResult();
        }

        outcome = new OperationOutcome(outcome.PeopleAssisted, services.Where(s => s.Value > 0).ToImmutableDictionary());
        var changes = StartChanges(actor);
        changes.Record("outcome", Describe(State.Outcome), Describe(outcome));
        if (changes.IsEmpty)
        {
            return CommandResult.Ok(State.Version);
        }

        return await CommitAsync(State with { Outcome = outcome }, changes, OperationKinds.Review, "After-action summary updated");
    }

    public async Task Warn(string otherOperationId, DeconflictionWarning warning)
    {
        if (!State.Exists || State.Status == OperationStatus.Closed || State.Warnings.ContainsKey(otherOperationId))
        {
            return;
        }

        var changes = StartChanges(Actor.System);
        changes.Record("deconfliction", null, $"Overlaps with an operation led by {warning.LeadAgencyName}");

        // Every participant hears the operation's topic, but only the people who run it see the
        // warning: the announcement says that one arrived, never whose operation it is.
        await CommitAsync(
            State with { Warnings = State.Warnings.SetItem(otherOperationId, warning) },
            changes,
            OperationKinds.Deconfliction,
            "Deconfliction: another operation overlaps in time and area; the people who run this one have the contact");
    }

    protected override CatalogEntry ToCatalogEntry(OperationState state) =>
        new(Key, state.Plan!.Title, state.Plan.Counties, state.Plan.TaskForceId, state.Version);

    /// <summary>Its own topic, and the operations topic of its lead agency and of each participating organization (their operations lists).</summary>
    protected override ImmutableArray<string> TopicsOf(OperationState state) =>
        [Topics.Operation(Key), .. new[] { state.Plan!.LeadAgencyId }.Concat(Normalize.Array(state.Participants).Select(p => p.OrganizationId)).Distinct(StringComparer.Ordinal).Select(Topics.Operations)];

    protected override ImmutableArray<ConnectedCalifornia.Notifications.Notification> NotificationsOf(OperationState previous, OperationState stamped) =>
        OperationNotifications.Between(Key, previous, stamped);

    protected override string TitleOf(OperationState state) => state.Plan!.Title;

    private static OperationIndexRow RowOf(OperationState state) =>
        new(string.Empty, state.Plan!.TaskForceId, state.Plan.Title, state.Plan.Counties, state.Plan.Start, state.Plan.End, state.Status, state.Plan.LeadAgencyId, [.. state.Participants.Select(p => p.OrganizationId)]);

    private static bool SameRow(OperationIndexRow a, OperationIndexRow b) =>
        a with { Counties = [], ParticipantIds = [] } == b with { Counties = [], ParticipantIds = [] }
        && a.Counties.SequenceEqual(b.Counties) && a.ParticipantIds.SequenceEqual(b.ParticipantIds);

    /// <summary>Writes the index row and keeps what it overlaps for <see cref="DeconflictAsync"/>; a failure leaves the next change to write it.</summary>
    private async Task IndexAsync(OperationState state)
    {
        try
        {
            var overlaps = await GrainFactory.GetGrain<IOperationIndexGrain>(OperationKeys.Index).Upsert(RowOf(state) with { Id = Key });
            _overlaps = overlaps;
            _indexStale = false;
        }
        catch (Exception exception)
        {
            // The change is stored; the index is a read model that takes the next version.
            _indexStale = true;
            GrainLog.CatalogUpdateFailed(Logger, exception, OperationKeys.Index, Key, state.Version);
        }
    }

    /// <summary>Warns this operation and every newly overlapping one the last index write found (leads see only each other's lead agency).</summary>
    private async Task DeconflictAsync()
    {
        var overlaps = _overlaps;
        _overlaps = [];
        var plan = State.Plan!;
        var unwarned = overlaps.Where(o => !State.Warnings.ContainsKey(o.Id)).ToList();
        if (unwarned.Count == 0)
        {
            return;
        }

        var mine = await WarningAboutAsync(plan.LeadAgencyId);
        foreach (var other in unwarned)
        {
            await GrainFactory.GetGrain<IOperationGrain>(other.Id).Warn(Key, mine);
            await Warn(other.Id, await WarningAboutAsync(other.LeadAgencyId));
        }
    }

    /// <summary>
    /// What the other side learns: the lead agency's name and one contact point that any network member
    /// may see (a public or network phone, e-mail or hotline; never a confidential one) — nothing of the operation.
    /// </summary>
    private async Task<DeconflictionWarning> WarningAboutAsync(string leadAgencyId)
    {
        var details = await GrainFactory.GetGrain<IOrganizationGrain>(leadAgencyId).GetDetails();
        var contact = details?.Profile.Contacts
            .Where(c => c.Visibility is Visibility.Public or Visibility.Network)
            .Where(c => c.Kind is ContactKind.Phone or ContactKind.Email or ContactKind.Hotline)
            .OrderBy(c => c.Kind == ContactKind.Phone ? 0 : 1)
            .Select(c => $"{c.Label}: {c.Value}")
            .FirstOrDefault();
        return new DeconflictionWarning(leadAgencyId, details?.Profile.Name ?? leadAgencyId, contact ?? "see the directory", _clock.GetUtcNow());
    }

    private async Task<ImmutableArray<OperationHold>> ReleaseHoldsAsync(ChangeLog changes, Actor actor)
    {
        var holds = State.Holds;
        foreach (var hold in State.Holds.Where(h => !h.Released))
        {
            var site = GrainFactory.GetGrain<ISiteCapacityGrain>(hold.SiteId);
            var current = await site.GetHold(hold.HoldId);
            if (current is { Status: HoldStatus.Active })
            {
                var released = await site.ReleaseHold(hold.HoldId, actor);
                if (!released.Succeeded)
                {
                    continue;
                }
            }

            holds = holds.Replace(hold, hold with { Released = true });
            changes.Record("holds", hold.HoldId, current?.Status == HoldStatus.Converted ? $"{hold.HoldId} became a placement" : $"{hold.HoldId} released at close");
        }

        return holds;
    }

    private bool IsParticipant(string organizationId) => State.Participants.Any(p => p.OrganizationId == organizationId);

    private void NotClosed(FieldValidator v)
    {
        if (State.Status == OperationStatus.Closed)
        {
            v.Add("status", "The operation is closed; nothing more can be changed but its after-action items.");
        }
    }

    private void DueDate(FieldValidator v, string field, DateTimeOffset? due)
    {
        if (due is { } d && (d < State.CreatedAt.AddDays(-1) || d > State.CreatedAt.AddYears(2)))
        {
            v.Add(field, "The due time must be within two years of the operation's planning.");
        }
    }

    private async Task<OperationPlan> ValidateAsync(OperationPlan? plan, FieldValidator v, bool creating)
    {
        if (plan is null)
        {
            v.Add("plan", "The plan is required.");
            return null!;
        }

        var normalized = plan with
        {
            TaskForceId = Normalize.Text(plan.TaskForceId),
            Title = Normalize.Text(plan.Title),
            GeneralArea = Normalize.Text(plan.GeneralArea),
            ExactLocation = Normalize.OptionalText(plan.ExactLocation),
            Counties = Normalize.Codes(plan.Counties),
            LeadAgencyId = Normalize.Text(plan.LeadAgencyId),
        };
        v.Required("title", normalized.Title, MaxTitleLength, "Title");
        v.Defined("type", normalized.Type, "Type");
        v.Counties("counties", normalized.Counties);
        v.Required("generalArea", normalized.GeneralArea, MaxAreaLength, "General area");
        v.MaxLength("exactLocation", normalized.ExactLocation, MaxAreaLength, "Exact location");
        if (normalized.End <= normalized.Start)
        {
            v.Add("end", "The planned window must end after it starts.");
        }
        else if (normalized.End - normalized.Start > MaxWindow)
        {
            v.Add("end", $"The planned window is at most {MaxWindow.TotalDays:0} days long.");
        }

        var now = _clock.GetUtcNow();
        if (creating && normalized.End < now)
        {
            v.Add("start", "The planned window is already over; plan an operation that is still to come.");
        }
        else if (normalized.Start > now + MaxLeadTime)
        {
            v.Add("start", "An operation is planned at most a year ahead.");
        }

        if (!creating && normalized.TaskForceId != State.Plan!.TaskForceId)
        {
            v.Add("taskForceId", "An operation stays with the task force that planned it.");
        }
        else if (v.Key("taskForceId", normalized.TaskForceId, "The task force's id"))
        {
            if (await GrainFactory.GetGrain<ITaskForceGrain>(normalized.TaskForceId).GetDetails() is { } taskForce)
            {
                WithinTaskForceCounties(v, taskForce.Profile.Counties, normalized.Counties);
            }
            else
            {
                v.Add("taskForceId", $"There is no task force '{normalized.TaskForceId}'.");
            }
        }

        await ExistingOrganizationNameAsync(v, "leadAgencyId", normalized.LeadAgencyId);
        return normalized;
    }

    /// <summary>
    /// A task force plans operations in its own counties only (a curator widens them), so that no lead
    /// can probe the whole state for who runs what where through the deconfliction warnings.
    /// </summary>
    private static void WithinTaskForceCounties(FieldValidator v, ImmutableArray<string> taskForceCounties, ImmutableArray<string> counties)
    {
        var own = Normalize.Array(taskForceCounties);
        var outside = counties.Where(c => California.IsCounty(c) && !own.Contains(c)).ToList();
        if (outside.Count > 0)
        {
            var names = own.IsEmpty ? "none yet" : string.Join(", ", own.Select(California.NameOf));
            v.Add("counties", $"{string.Join(", ", outside.Select(California.NameOf))} {(outside.Count == 1 ? "is" : "are")} not among the task force's counties ({names}). "
                + "Plan operations in the task force's own counties; a curator can add a county to the task force.");
        }
    }

    private Task<string?> ExistingOrganizationNameAsync(FieldValidator v, string field, string? organizationId) =>
        ExistingOrganization.NameAsync(GrainFactory, v, field, organizationId);

    private static void RecordPlan(ChangeLog changes, OperationPlan? before, OperationPlan after)
    {
        changes.Record("taskForce", before?.TaskForceId, after.TaskForceId);
        changes.Record("title", before?.Title, after.Title);
        changes.Record("type", before?.Type.ToString(), after.Type.ToString());
        changes.Record("window", before is null ? null : $"{before.Start:u} – {before.End:u}", $"{after.Start:u} – {after.End:u}");
        changes.Record("counties", before is null ? null : ChangeLog.Join(before.Counties), ChangeLog.Join(after.Counties));
        changes.Record("generalArea", before?.GeneralArea, after.GeneralArea);
        changes.Record("exactLocation", before?.ExactLocation, after.ExactLocation);
        changes.Record("shareLocation", before?.ShareLocation.ToString(), after.ShareLocation.ToString());
        changes.Record("leadAgency", before?.LeadAgencyId, after.LeadAgencyId);
    }

    private static string Describe(OperationParticipant p) => $"{p.OrganizationId}: {p.Role}";

    private static string Describe(OperationAssignment a) => $"{a.Id} ({a.OrganizationId}): {a.Task} — {a.Owner}, {a.Status}";

    private static string Describe(ReviewItem i) => $"{i.Id}: {i.Text} — {i.Owner}, {i.Status}";

    private static string Describe(string requestId, StandbyReply r) => $"{requestId} {r.OrganizationId}: {r.Answer.Response}, {r.Answer.Advocates} advocates";

    private static string? Describe(OperationOutcome? o) =>
        o is null ? null : $"{o.PeopleAssisted} assisted; " + string.Join(", ", o.ServicesUsed.OrderBy(s => s.Key).Select(s => $"{s.Key} {s.Value}"));

    private static string Shorten(string? value) => value is null ? string.Empty : value.Length > 40 ? value[..40] + "…" : value;
}
