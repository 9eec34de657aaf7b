using System.Collections.Immutable;
using System.Text.Json.Serialization;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConnectedCalifornia.Calendars;

/// <summary>What a series grain stores: the shared definition (the first occurrence's times), the rule, the occurrences.</summary>
[GenerateSerializer, Immutable, Alias("cc.EventSeriesState")]
public sealed record EventSeriesState
{
    [Id(0)]
    public EventDefinition? Definition { get; init; }

    [Id(1)]
    public RecurrenceRule? Rule { get; init; }

    [Id(2)]
    public ImmutableArray<SeriesOccurrence> Occurrences { get; init; } = [];

    [Id(3)]
    public int Sequence { get; init; }

    [Id(4)]
    public long Version { get; init; }

    [Id(5)]
    public DateTimeOffset CreatedAt { get; init; }

    [Id(6)]
    public DateTimeOffset UpdatedAt { get; init; }

    [Id(7)]
    public ImmutableArray<ChangeRecord> History { get; init; } = [];

    /// <summary>Every occurrence's event was published (false while a publication is under way or was interrupted).</summary>
    [Id(8)]
    public bool Complete { get; init; }

    [JsonIgnore]
    public bool Exists => Definition is not null;
}

/// <summary>
/// A recurring series (key: the series id). The series owns the rule and the list of occurrences; each occurrence
/// is an ordinary <see cref="EventGrain"/> keyed <c>{seriesId}-{yyyymmdd}</c> whose definition names the series and
/// its RECURRENCE-ID. So registration, seats, waitlist, confirmation holds, reminders, attendance and cancellation
/// notices stay each occurrence's own, decided by the one grain that already decides them for single events.
/// The series is written first (rule and occurrence ids), then each occurrence is published; an interrupted
/// publication is completed on the next activation or by publishing again, so no occurrence goes missing.
/// </summary>
public sealed partial class EventSeriesGrain(
    [PersistentState("eventSeries", StorageNames.Network)] IPersistentState<EventSeriesState> state,
    AnnouncementPublisher publisher,
    [FromKeyedServices(NetworkClock.Key)] TimeProvider clock,
    ILogger<EventSeriesGrain> logger)
    : Grain, IEventSeriesGrain
{
    private const string What = "Series";

    private CommitPipeline<EventSeriesState>? _pipeline;

    private CommitPipeline<EventSeriesState> Pipeline => _pipeline ??= new(state, publisher, logger);

    private EventSeriesState State => state.State;

    private string Key => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.Exists && !State.Complete)
        {
            try
            {
                await PublishOccurrencesAsync(Actor.System, EventHostRights.AnyHost);
            }
            catch (Exception exception)
            {
                LogCompletionFailed(logger, exception, Key);
            }
        }
    }

    public Task<EventSeriesSnapshot?> GetSnapshot() => Task.FromResult(State.Exists
        ? new EventSeriesSnapshot(Key, State.Definition!, State.Rule!, Normalize.Array(State.Occurrences), State.Sequence, State.Version, State.CreatedAt, State.UpdatedAt)
        : null);

    public async Task<SeriesResult> Publish(EventDefinition first, RecurrenceRule rule, Actor actor, EventHostRights rights)
    {
        var v = new FieldValidator();
        if (v.Key("id", Key, "The series' id") && Key.Length > EventSeriesRules.MaxSeriesKeyLength)
        {
            v.Add("id", $"A series' id has at most {EventSeriesRules.MaxSeriesKeyLength} characters.");
        }

        v.Actor(actor);
        if (first is null || rights is null)
        {
            v.Add("definition", "The series' first occurrence and who publishes it are required.");
            return new SeriesResult(v.ToResult(), []);
        }

        var definition = EventRules.Normalize(first) with { SeriesId = null, RecurrenceId = null };
        EventRules.Validate(definition, v);
        EventSeriesRules.ValidateKind(definition.Kind, v);
        EventRules.ValidateHostChange(false, [], definition.HostOrganizationIds, rights, v);
        var starts = EventSeriesRules.Validate(rule, definition.Start, v);
        if (State.Exists && (!Same(State.Definition!, definition) || !Same(State.Rule!, rule)))
        {
            v.Add("series", "This series is already published; change it as a whole, or cancel or move single occurrences.");
        }

        if (!v.HasErrors)
        {
            await EventRules.ValidateReferencesAsync(GrainFactory, definition, v);
        }

        if (v.HasErrors)
        {
            return new SeriesResult(v.ToResult(), []);
        }

        if (!State.Exists)
        {
            var changes = new ChangeLog(actor, clock.GetUtcNow());
            changes.Record("title", null, definition.Title);
            changes.Record("recurrence", null, Describe(rule));
            changes.Record("occurrences", null, starts.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var occurrences = starts.Select(s => new SeriesOccurrence(EventSeriesRules.OccurrenceId(Key, s), s)).ToImmutableArray();
            await CommitAsync(new EventSeriesState { Definition = definition, Rule = rule, Occurrences = occurrences, CreatedAt = changes.At }, changes);
        }

        var published = await PublishOccurrencesAsync(actor, rights);
        return new SeriesResult(published, Normalize.Array(State.Occurrences));
    }

    public async Task<CommandResult> Update(EventDefinition definition, Actor actor, EventHostRights rights)
    {
        if (!State.Exists)
        {
            return CommandResult.Missing(What);
        }

        var v = new FieldValidator();
        v.Actor(actor);
        if (definition is null || rights is null)
        {
            v.Add("definition", "The series' definition and who changes it are required.");
            return v.ToResult();
        }

        var before = State.Definition!;
        var next = EventRules.Normalize(definition) with { SeriesId = null, RecurrenceId = null };
        if (next.Start != before.Start || next.End != before.End)
        {
            v.Add("start", "A series keeps its times: move single occurrences instead, or publish a new series (start and end must stay those of the first occurrence).");
        }

        EventRules.Validate(next, v);
        EventSeriesRules.ValidateKind(next.Kind, v);
        EventRules.ValidateHostChange(true, before.HostOrganizationIds, next.HostOrganizationIds, rights, v);
        var now = clock.GetUtcNow();
        var upcoming = new List<(SeriesOccurrence Occurrence, EventSnapshot Snapshot)>();
        foreach (var occurrence in Normalize.Array(State.Occurrences))
        {
            if (await GrainFactory.GetGrain<IEventGrain>(occurrence.EventId).GetSnapshot() is { } snapshot
                && snapshot.Status != EventStatus.Cancelled && snapshot.Definition.Start > now)
            {
                upcoming.Add((occurrence, snapshot));
                if (next.Capacity != 0 && next.Capacity < snapshot.Registered)
                {
                    v.Add("capacity", $"The capacity cannot go below the {snapshot.Registered} seats already taken on {EventRules.Time(snapshot.Definition.Start)}; cancel registrations first.");
                }
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

        var changes = new ChangeLog(actor, now);
        changes.Record("title", before.Title, next.Title);
        changes.Record("description", before.Description, next.Description);
        changes.Record("address", before.Address, next.Address);
        changes.Record("online", before.Online.ToString(), next.Online.ToString());
        changes.Record("capacity", before.Capacity.ToString(System.Globalization.CultureInfo.InvariantCulture), next.Capacity.ToString(System.Globalization.CultureInfo.InvariantCulture));
        changes.Record("hostOrganizationIds", before.HostOrganizationIds, next.HostOrganizationIds);
        if (changes.IsEmpty && Same(before, next))
        {
            return CommandResult.Ok(State.Version);
        }

        changes.Record("upcomingOccurrences", null, upcoming.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var result = await CommitAsync(State with { Definition = next, Sequence = State.Sequence + 1 }, changes);

        // Each upcoming occurrence takes the change and keeps its own (possibly moved) time.
        foreach (var (occurrence, snapshot) in upcoming)
        {
            var changed = await GrainFactory.GetGrain<IEventGrain>(occurrence.EventId).Define(
                next with { Start = snapshot.Definition.Start, End = snapshot.Definition.End }, actor, rights);
            if (!changed.Succeeded)
            {
                return changed;
            }
        }

        return result;
    }

    public async Task<CommandResult> CancelOccurrence(string eventId, Actor actor)
    {
        if (await OccurrenceAsync(eventId, actor) is not { } found)
        {
            return await RefusalAsync(eventId, actor, "cancel");
        }

        var cancelled = await GrainFactory.GetGrain<IEventGrain>(found.Occurrence.EventId).Cancel(actor);
        if (!cancelled.Succeeded)
        {
            return cancelled;
        }

        var changes = new ChangeLog(actor, clock.GetUtcNow());
        changes.Record("cancelledOccurrence", null, found.Occurrence.EventId);
        return await CommitAsync(State with { Sequence = State.Sequence + 1 }, changes);
    }

    public async Task<CommandResult> MoveOccurrence(string eventId, DateTimeOffset start, DateTimeOffset end, Actor actor, EventHostRights rights)
    {
        if (await OccurrenceAsync(eventId, actor) is not { } found)
        {
            return await RefusalAsync(eventId, actor, "move");
        }

        var moved = await GrainFactory.GetGrain<IEventGrain>(found.Occurrence.EventId).Define(
            found.Snapshot.Definition with { Start = start, End = end }, actor, rights ?? EventHostRights.AnyHost);
        if (!moved.Succeeded)
        {
            return moved;
        }

        var changes = new ChangeLog(actor, clock.GetUtcNow());
        changes.Record("movedOccurrence", null, $"{found.Occurrence.EventId} to {EventRules.Time(start)}");
        return await CommitAsync(State with { Sequence = State.Sequence + 1 }, changes);
    }

    /// <summary>The occurrence when it may be cancelled or moved: one of this series', not cancelled, not yet started.</summary>
    private async Task<(SeriesOccurrence Occurrence, EventSnapshot Snapshot)?> OccurrenceAsync(string eventId, Actor actor)
    {
        if (!State.Exists || string.IsNullOrWhiteSpace(eventId) || actor is null)
        {
            return null;
        }

        var occurrence = Normalize.Array(State.Occurrences).FirstOrDefault(o => o.EventId == eventId.Trim());
        if (occurrence is null || await GrainFactory.GetGrain<IEventGrain>(occurrence.EventId).GetSnapshot() is not { } snapshot)
        {
            return null;
        }

        return snapshot.Status == EventStatus.Cancelled || snapshot.Definition.Start <= clock.GetUtcNow() ? null : (occurrence, snapshot);
    }

    /// <summary>Why <see cref="OccurrenceAsync"/> found nothing to change, as the answer to give.</summary>
    private async Task<CommandResult> RefusalAsync(string eventId, Actor actor, string verb)
    {
        var v = new FieldValidator();
        v.Actor(actor);
        if (v.HasErrors)
        {
            return v.ToResult();
        }

        if (!State.Exists)
        {
            return CommandResult.Missing(What);
        }

        var occurrence = string.IsNullOrWhiteSpace(eventId) ? null : Normalize.Array(State.Occurrences).FirstOrDefault(o => o.EventId == eventId.Trim());
        if (occurrence is null || await GrainFactory.GetGrain<IEventGrain>(occurrence.EventId).GetSnapshot() is not { } snapshot)
        {
            return CommandResult.Missing("Occurrence");
        }

        return snapshot.Status == EventStatus.Cancelled
            ? CommandResult.Invalid("occurrence", $"The occurrence of {EventRules.Time(snapshot.Definition.Start)} is already cancelled.")
            : CommandResult.Invalid("occurrence", $"The occurrence of {EventRules.Time(snapshot.Definition.Start)} has already started; only upcoming occurrences can be {(verb == "move" ? "moved" : "cancelled")}.");
    }

    /// <summary>Publishes every occurrence not yet published (an unchanged one is left as it is), then marks the series complete.</summary>
    private async Task<CommandResult> PublishOccurrencesAsync(Actor actor, EventHostRights rights)
    {
        var definition = State.Definition!;
        foreach (var occurrence in Normalize.Array(State.Occurrences))
        {
            var grain = GrainFactory.GetGrain<IEventGrain>(occurrence.EventId);
            if (await grain.GetSnapshot() is not null)
            {
                continue;
            }

            var result = await grain.Define(
                definition with { Start = occurrence.RecurrenceId, End = EventSeriesRules.EndOf(occurrence.RecurrenceId, definition), SeriesId = Key, RecurrenceId = occurrence.RecurrenceId },
                actor,
                rights);
            if (!result.Succeeded)
            {
                return result;
            }
        }

        if (State.Complete)
        {
            return CommandResult.Ok(State.Version);
        }

        var changes = new ChangeLog(actor, clock.GetUtcNow());
        changes.Record("published", null, $"{State.Occurrences.Length} occurrences");
        return await CommitAsync(State with { Complete = true }, changes);
    }

    /// <summary>Writes the series' next version; the occurrences (events) announce their own changes, the series nothing.</summary>
    private Task<CommandResult> CommitAsync(EventSeriesState next, ChangeLog changes)
    {
        var stamped = next with { Version = State.Version + 1, UpdatedAt = changes.At, History = changes.AppendTo(State.History) };
        return Pipeline.CommitAsync(Key, stamped, stamped.Version, AnnouncementKinds.EventChanged, changes.Actor, CommitPipeline<EventSeriesState>.None, announcement: null);
    }

    /// <summary>Equal by value (records compare their immutable arrays by reference).</summary>
    private static bool Same(EventDefinition a, EventDefinition b) =>
        a with { HostOrganizationIds = [] } == b with { HostOrganizationIds = [] } && a.HostOrganizationIds.SequenceEqual(b.HostOrganizationIds);

    private static bool Same(RecurrenceRule a, RecurrenceRule b) =>
        a with { Weekdays = [] } == b with { Weekdays = [] } && Normalize.Array(a.Weekdays).SequenceEqual(Normalize.Array(b.Weekdays));

    private static string Describe(RecurrenceRule rule) =>
        $"{rule.Frequency} every {rule.Interval}{(rule.Weekdays.IsDefaultOrEmpty ? string.Empty : " on " + string.Join(", ", rule.Weekdays))}"
        + (rule.Count is { } c ? $", {c} times" : $", until {rule.Until:yyyy-MM-dd}");

    [LoggerMessage(603, LogLevel.Error, "The occurrences of series {SeriesId} could not all be published on activation; publishing the series again completes them.")]
    private static partial void LogCompletionFailed(ILogger logger, Exception exception, string seriesId);
}
