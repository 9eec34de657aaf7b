using System.Collections.Immutable;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConnectedCalifornia.Capacity;

/// <summary>
/// The live capacity of one site (key: the site id). Single-threaded like every grain, so a hold
/// on the last bed is given once. Every change is validated whole, written, reported to the
/// capacity index and announced; expired holds are released before anything else happens.
/// </summary>
public sealed class SiteCapacityGrain(
    [PersistentState("site-capacity", StorageNames.Network)] IPersistentState<SiteCapacityState> state,
    AnnouncementPublisher publisher,
    IChangeArchive archive,
    [FromKeyedServices(NetworkClock.Key)] TimeProvider clock,
    IOptions<CapacityOptions> options,
    ILogger<SiteCapacityGrain> logger)
    : Grain, ISiteCapacityGrain, IRemindable
{
    private const string What = "Site";

    private readonly CommitPipeline<SiteCapacityState> _pipeline = new(state, publisher, logger);

    /// <summary>The durable reminder a site keeps while it has holds, so they expire on time even if its silo dies.</summary>
    public const string HoldExpiryReminder = "hold-expiry";

    /// <summary>The entity kind of a site's records in the change archive.</summary>
    public const string HistoryKind = "site-capacity";

    /// <summary>The most versions a site keeps pending while the change archive cannot take them.</summary>
    private const int MaxPendingVersions = 200;

    /// <summary>The longest the expiry timer waits, so that an active grain re-checks even if clocks drift.</summary>
    private static readonly TimeSpan MaxTimerWait = TimeSpan.FromMinutes(5);

    private readonly CapacityOptions _options = options.Value;
    private IGrainTimer? _expiryTimer;

    /// <summary>
    /// The capacity index, resolved once per activation: <c>GetGrain</c> looks the interface's grain type up
    /// through reflection on every call, which cost about 5% of the CPU of a count update.
    /// </summary>
    private ICapacityIndexGrain? _index;

    /// <summary>Holds released on activation, reported by the next <see cref="ReleaseExpiredHolds"/> (the sweep that activated the grain).</summary>
    private int _releasedOnActivation;

    /// <summary>Whether this activation knows the hold reminder to be registered (true), absent (false), or does not know (null).</summary>
    private bool? _reminderArmed;

    private SiteCapacityState State => state.State;

    private string Key => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!State.History.IsDefaultOrEmpty)
        {
            // The earlier layout kept the history in the state: it becomes pending, under the current version.
            state.State = State with { History = [], PendingHistory = Normalize.Array(State.PendingHistory).Insert(0, new VersionedChange(State.Version, State.History)) };
        }

        // Records of a write whose hand-over was lost (a crash, another silo) are handed over again; the archive ignores doubles.
        archive.Append(HistoryKind, Key, Normalize.Array(State.PendingHistory));
        try
        {
            // Holds that expired while the grain was not active (or the silo was down) go first.
            _releasedOnActivation = await ReleaseExpiredAsync();
        }
        catch (Exception exception)
        {
            CapacityLog.ExpiryOnActivationFailed(logger, exception, Key);
        }

        ScheduleExpiry();
        await KeepHoldReminderAsync();
        await base.OnActivateAsync(cancellationToken);
    }

    public async Task<SiteCapacitySnapshot?> GetSnapshot()
    {
        await ReleaseExpiredAsync();
        if (!State.Exists)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        return new SiteCapacitySnapshot(
            Key,
            State.OrganizationId!,
            State.Name,
            State.County,
            State.Confidential,
            State.PublicId,
            SiteCapacityRules.View(State, now, _options.StaleAfter),
            State.Holds,
            State.Version,
            State.UpdatedAt,
            now,
            State.Retired);
    }

    public async Task<CapacityHold?> GetHold(string holdId)
    {
        await ReleaseExpiredAsync();
        return FindHold(holdId);
    }

    public async Task<ImmutableArray<ChangeRecord>> GetHistory(int max)
    {
        if (max <= 0)
        {
            return [];
        }

        var pending = Normalize.Array(State.PendingHistory);
        var saved = await archive.ReadNewestAsync(HistoryKind, Key, max);
        ImmutableArray<ChangeRecord> all = [.. saved.Where(s => !pending.Any(p => p.Version == s.Version))
            .Concat(pending)
            .OrderBy(c => c.Version)
            .SelectMany(c => c.Records)];
        return ChangeLog.Newest(all, max);
    }

    public async Task<int> ReleaseExpiredHolds()
    {
        var released = _releasedOnActivation + await ReleaseExpiredAsync();
        _releasedOnActivation = 0;
        return released;
    }

    public async Task<CommandResult> Define(SiteDefinition definition, Actor actor)
    {
        await ReleaseExpiredAsync();
        var v = new FieldValidator();
        v.Key("id", Key, "The site's id");
        v.Actor(actor);
        if (definition is null)
        {
            v.Add("definition", "The site's definition is required.");
            return v.ToResult();
        }

        var next = SiteCapacityRules.Normalize(definition);
        SiteCapacityRules.Validate(next, v);
        if (State.Exists)
        {
            if (next.OrganizationId != State.OrganizationId)
            {
                v.Add("organizationId", $"A site stays with the organization that defined it ('{State.OrganizationId}').");
            }

            SiteCapacityRules.ValidateAgainst(next, State, v);
        }

        if (!v.HasErrors && !State.Exists && await GrainFactory.GetGrain<IOrganizationGrain>(next.OrganizationId).GetDetails() is null)
        {
            v.Add("organizationId", $"The organization '{next.OrganizationId}' does not exist.");
        }

        if (v.HasErrors)
        {
            return v.ToResult();
        }

        var changes = new ChangeLog(actor, clock.GetUtcNow());
        var before = State;
        var existed = before.Exists;
        changes.Record("name", existed ? before.Name : null, next.Name);
        changes.Record("county", existed ? before.County : null, next.County);
        changes.Record("confidential", existed ? Flag(before.Confidential) : null, Flag(next.Confidential));
        if (before.Retired)
        {
            changes.Record("retired", Flag(true), Flag(false));
        }
        var categories = ImmutableArray.CreateBuilder<CategoryCount>(next.Categories.Length);
        foreach (var category in next.Categories)
        {
            var kept = before.Find(category.Category);
            changes.Record($"{category.Category}.total", kept is null ? null : SiteCapacityRules.Number(kept.Total), SiteCapacityRules.Number(category.Total));
            categories.Add(kept is null ? new CategoryCount(category.Category, category.Total, 0, null) : kept with { Total = category.Total });
        }

        foreach (var removed in before.Categories.Where(c => next.Categories.All(d => d.Category != c.Category)))
        {
            changes.Record($"{removed.Category}.total", SiteCapacityRules.Number(removed.Total), null);
        }

        if (changes.IsEmpty)
        {
            return CommandResult.Ok(State.Version);
        }

        var updated = before with
        {
            OrganizationId = next.OrganizationId,
            Name = next.Name,
            County = next.County,
            Confidential = next.Confidential,
            PublicId = existed ? before.PublicId : $"site-{Guid.NewGuid():N}",
            Categories = categories.MoveToImmutable(),
            CreatedAt = existed ? before.CreatedAt : changes.At,
            Retired = false,
        };

        var summary = (existed && !before.Retired ? "Capacity updated: " : "Capacity listed: ") + SiteCapacityRules.DescribeAll(updated);
        return await CommitAsync(updated, changes, AnnouncementKinds.CapacitySite, summary);
    }

    public async Task<CommandResult> PostCount(string category, int available, Actor actor)
    {
        await ReleaseExpiredAsync();
        if (!State.Exists)
        {
            return CommandResult.Missing(What);
        }

        if (State.Retired)
        {
            return CommandResult.Invalid("siteId", RetiredMessage);
        }

        var v = new FieldValidator();
        v.Actor(actor);
        category = Normalize.Text(category);
        if (SiteCapacityRules.Category("category", category, State, v) is { } count)
        {
            SiteCapacityRules.Count("available", available, count, State.HeldOf(category), v);
        }

        if (v.HasErrors)
        {
            return v.ToResult();
        }

        var current = State.Find(category)!;
        var changes = new ChangeLog(actor, clock.GetUtcNow());
        var old = SiteCapacityRules.Number(current.Available);
        var posted = SiteCapacityRules.Number(available);

        // A count that did not change is still a confirmation: it is recorded and makes the count fresh.
        changes.Record($"{category}.available", old, posted == old ? posted + " (confirmed)" : posted);
        var updated = State with
        {
            Categories = State.Categories.Replace(current, current with { Available = available, AsOf = changes.At }),
        };

        return await CommitAsync(updated, changes, AnnouncementKinds.CapacityCount, "Count posted: " + SiteCapacityRules.Describe(updated, category));
    }

    public async Task<HoldResult> PlaceHold(string category, string holderOrganizationId, Actor actor, TimeSpan? duration = null, HoldPurpose? purpose = null)
    {
        await ReleaseExpiredAsync();
        if (!State.Exists)
        {
            return new HoldResult(CommandResult.Missing(What));
        }

        if (State.Retired)
        {
            return new HoldResult(CommandResult.Invalid("siteId", RetiredMessage));
        }

        var v = new FieldValidator();
        v.Actor(actor);
        category = Normalize.Text(category);
        holderOrganizationId = Normalize.Text(holderOrganizationId);
        var count = SiteCapacityRules.Category("category", category, State, v);
        if (count is not null && count.Available < 1)
        {
            v.Add("category", $"No {SiteCapacityRules.Label(category)} capacity is available to hold right now ({count.Available} available, {State.HeldOf(category)} held).");
        }

        v.Key("holderOrganizationId", holderOrganizationId, "The receiving organization's id");
        var length = duration ?? _options.DefaultHoldDuration;
        if (length <= TimeSpan.Zero || length > _options.MaxHoldDuration)
        {
            v.Add("duration", $"A hold lasts more than zero and at most {_options.MaxHoldDuration.TotalHours:0.##} hours (asked: {length}).");
        }

        var reason = Normalize.Text(purpose?.Reason);
        var basis = purpose?.Basis ?? HoldBasis.Direct;
        var reference = Normalize.OptionalText(purpose?.Reference);
        v.Required("purpose", reason, HoldPurpose.MaxReasonLength, "What the hold is for");
        v.NoSurvivorIdentity("purpose", reason, PiiField.HoldPurpose);
        v.Defined("basis", basis, "The basis of the hold");
        if (basis != HoldBasis.Direct)
        {
            v.Key("reference", reference, basis == HoldBasis.Referral ? "The referral's id" : "The operation's id");
        }

        OrganizationDetails? holder = null;
        if (!v.HasErrors && (holder = await GrainFactory.GetGrain<IOrganizationGrain>(holderOrganizationId).GetDetails()) is null)
        {
            v.Add("holderOrganizationId", $"The organization '{holderOrganizationId}' does not exist.");
        }

        // Who may hold here directly: the site's own organization, an organization serving the
        // site's county, or one that shares a task force with the site's organization. Anyone else
        // needs a referral to the site's organization or a task-force operation, which place their
        // own holds with their basis.
        if (!v.HasErrors && basis == HoldBasis.Direct && !await IsNearAsync(holder!))
        {
            v.Add(
                "holderOrganizationId",
                $"{holder!.Profile.Name} does not serve {California.NameOf(State.County)} County and shares no task force with this site's organization, "
                + "so it cannot hold a bed here directly. Send a referral to the site's organization, or hold the bed through a task-force operation.");
        }

        if (v.HasErrors)
        {
            return new HoldResult(v.ToResult());
        }

        var changes = new ChangeLog(actor, clock.GetUtcNow());
        var hold = new CapacityHold(
            Guid.NewGuid().ToString("N"), category, holderOrganizationId, changes.At, changes.At + length, actor.UserId, actor.DisplayName,
            Purpose: reason, Basis: basis, BasisReference: basis == HoldBasis.Direct ? null : reference);
        var updated = State with
        {
            Categories = State.Categories.Replace(count!, count! with { Available = count.Available - 1 }),
            Holds = State.Holds.Add(hold),
        };
        RecordCounts(changes, State, updated, category);
        changes.Record("holds", null, $"{hold.HoldId} placed on {category} for {holderOrganizationId} until {SiteCapacityRules.Time(hold.ExpiresAt)}"
            + (basis == HoldBasis.Direct ? string.Empty : $" ({basis.ToString().ToLowerInvariant()} {reference})"));

        var hours = length.TotalHours.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
        var result = await CommitAsync(
            updated, changes, AnnouncementKinds.CapacityHoldPlaced, $"Held for {hours} h: " + SiteCapacityRules.Describe(updated, category));
        return new HoldResult(result, hold.HoldId, hold.ExpiresAt);
    }

    public async Task<CommandResult> Retire(Actor actor)
    {
        await ReleaseExpiredAsync();
        if (!State.Exists)
        {
            return CommandResult.Missing(What);
        }

        var v = new FieldValidator();
        v.Actor(actor);
        if (!State.Holds.IsDefaultOrEmpty)
        {
            var held = State.Holds.Length;
            v.Add("holds", $"The site has {held} active hold{(held == 1 ? string.Empty : "s")}: release or convert {(held == 1 ? "it" : "them")} before retiring the site.");
        }

        if (v.HasErrors)
        {
            return v.ToResult();
        }

        if (State.Retired)
        {
            return CommandResult.Ok(State.Version);
        }

        var changes = new ChangeLog(actor, clock.GetUtcNow());
        changes.Record("retired", Flag(false), Flag(true));
        return await CommitAsync(State with { Retired = true }, changes, AnnouncementKinds.CapacitySite, "Site retired");
    }

    private const string RetiredMessage = "This site was retired: its organization can define it again to list it.";

    /// <summary>Whether an organization may hold here without a referral or an operation (see <see cref="PlaceHold"/>).</summary>
    private async Task<bool> IsNearAsync(OrganizationDetails holder)
    {
        if (holder.Id == State.OrganizationId || Normalize.Array(holder.Profile.Counties).Contains(State.County))
        {
            return true;
        }

        var taskForces = await GrainFactory.GetGrain<ICatalogGrain>(GrainKeys.TaskForceCatalog).List();
        foreach (var entry in taskForces)
        {
            if (await GrainFactory.GetGrain<TaskForces.ITaskForceGrain>(entry.Id).GetDetails() is { } details
                && details.Organizations.Any(o => o.OrganizationId == holder.Id)
                && details.Organizations.Any(o => o.OrganizationId == State.OrganizationId))
            {
                return true;
            }
        }

        return false;
    }

    public async Task<CommandResult> ReleaseHold(string holdId, Actor actor)
    {
        await ReleaseExpiredAsync();
        if (!State.Exists)
        {
            return CommandResult.Missing(What);
        }

        var v = new FieldValidator();
        v.Actor(actor);
        v.Required("holdId", holdId, SiteCapacityRules.MaxHoldIdLength, "The hold's id");
        if (v.HasErrors)
        {
            return v.ToResult();
        }

        switch (FindHold(holdId.Trim()))
        {
            case null:
                return CommandResult.Missing("Hold");
            case { Status: HoldStatus.Released or HoldStatus.Expired }:
                return CommandResult.Ok(State.Version);
            case { Status: HoldStatus.Converted } converted:
                return CommandResult.Invalid("holdId", $"The hold was converted (reference '{converted.ReferenceId}'); an occupied bed is freed by posting a new count.");
        }

        var changes = new ChangeLog(actor, clock.GetUtcNow());
        var hold = State.Holds.First(h => h.HoldId == holdId.Trim());
        var updated = Close(State, [hold], HoldStatus.Released, changes.At, referenceId: null);
        RecordCounts(changes, State, updated, hold.Category);
        changes.Record("holds", hold.HoldId, $"{hold.HoldId} released");
        return await CommitAsync(updated, changes, AnnouncementKinds.CapacityHoldReleased, "Hold released: " + SiteCapacityRules.Describe(updated, hold.Category));
    }

    public async Task<CommandResult> ConvertHold(string holdId, string referenceId, Actor actor)
    {
        await ReleaseExpiredAsync();
        if (!State.Exists)
        {
            return CommandResult.Missing(What);
        }

        var v = new FieldValidator();
        v.Actor(actor);
        v.Required("holdId", holdId, SiteCapacityRules.MaxHoldIdLength, "The hold's id");
        v.Required("referenceId", referenceId, SiteCapacityRules.MaxReferenceIdLength, "The reference (referral id)");
        if (v.HasErrors)
        {
            return v.ToResult();
        }

        holdId = holdId.Trim();
        referenceId = referenceId.Trim();
        switch (FindHold(holdId))
        {
            case null:
                return CommandResult.Missing("Hold");
            case { Status: HoldStatus.Converted } converted:
                return converted.ReferenceId == referenceId
                    ? CommandResult.Ok(State.Version)
                    : CommandResult.Invalid("holdId", $"The hold was already converted (reference '{converted.ReferenceId}').");
            case { Status: HoldStatus.Released or HoldStatus.Expired } closed:
                return CommandResult.Invalid(
                    "holdId",
                    $"The hold was {closed.Status.ToString().ToLowerInvariant()} at {SiteCapacityRules.Time(closed.ClosedAt ?? closed.ExpiresAt)}; place a new hold.");
        }

        var changes = new ChangeLog(actor, clock.GetUtcNow());
        var hold = State.Holds.First(h => h.HoldId == holdId);
        var updated = Close(State, [hold], HoldStatus.Converted, changes.At, referenceId);
        RecordCounts(changes, State, updated, hold.Category);
        changes.Record("holds", hold.HoldId, $"{hold.HoldId} converted ({referenceId})");
        return await CommitAsync(updated, changes, AnnouncementKinds.CapacityHoldConverted, "Hold became a placement: " + SiteCapacityRules.Describe(updated, hold.Category));
    }

    /// <summary>Releases every hold whose expiry has passed, as the system, in one change. Returns how many.</summary>
    private async Task<int> ReleaseExpiredAsync()
    {
        if (State.Holds.IsDefaultOrEmpty)
        {
            return 0;
        }

        var now = clock.GetUtcNow();
        var expired = State.Holds.Where(h => h.ExpiresAt <= now).ToImmutableArray();
        if (expired.IsEmpty)
        {
            return 0;
        }

        var changes = new ChangeLog(Actor.System, now);
        var updated = Close(State, expired, HoldStatus.Expired, closedAt: null, referenceId: null);
        var categories = expired.Select(h => h.Category).Distinct(StringComparer.Ordinal).OrderBy(CapacityCategories.OrderOf).ToList();
        foreach (var category in categories)
        {
            RecordCounts(changes, State, updated, category);
        }

        foreach (var hold in expired)
        {
            changes.Record("holds", hold.HoldId, $"{hold.HoldId} expired at {SiteCapacityRules.Time(hold.ExpiresAt)}");
        }

        var summary = $"{expired.Length} hold{(expired.Length == 1 ? string.Empty : "s")} expired: "
            + string.Join("; ", categories.Select(c => SiteCapacityRules.Describe(updated, c)));
        await CommitAsync(updated, changes, AnnouncementKinds.CapacityHoldExpired, summary);
        CapacityLog.HoldsExpired(logger, expired.Length, Key);
        return expired.Length;
    }

    /// <summary>
    /// Closes holds: a released or expired hold gives its bed back (available +1); a converted one
    /// does not (the bed is occupied). Held goes down by one either way, as it counts active holds.
    /// </summary>
    private SiteCapacityState Close(SiteCapacityState current, ImmutableArray<CapacityHold> holds, HoldStatus status, DateTimeOffset? closedAt, string? referenceId)
    {
        var categories = current.Categories;
        if (status != HoldStatus.Converted)
        {
            foreach (var group in holds.GroupBy(h => h.Category, StringComparer.Ordinal))
            {
                var count = categories.First(c => c.Category == group.Key);
                categories = categories.Replace(count, count with { Available = count.Available + group.Count() });
            }
        }

        var closed = current.ClosedHolds.AddRange(holds.Select(h => h with
        {
            Status = status,
            ClosedAt = closedAt ?? h.ExpiresAt,
            ReferenceId = referenceId,
        }));
        var kept = Math.Max(0, _options.ClosedHoldsKept);
        return current with
        {
            Categories = categories,
            Holds = current.Holds.RemoveAll(h => holds.Any(x => x.HoldId == h.HoldId)),
            ClosedHolds = closed.Length <= kept ? closed : closed[^kept..],
        };
    }

    private CapacityHold? FindHold(string? holdId) =>
        string.IsNullOrWhiteSpace(holdId)
            ? null
            : State.Holds.FirstOrDefault(h => h.HoldId == holdId) ?? State.ClosedHolds.LastOrDefault(h => h.HoldId == holdId);

    private static void RecordCounts(ChangeLog changes, SiteCapacityState before, SiteCapacityState after, string category)
    {
        changes.Record($"{category}.available", SiteCapacityRules.Number(before.Find(category)!.Available), SiteCapacityRules.Number(after.Find(category)!.Available));
        changes.Record($"{category}.held", SiteCapacityRules.Number(before.HeldOf(category)), SiteCapacityRules.Number(after.HeldOf(category)));
    }

    private static string Flag(bool value) => value ? "true" : "false";

    /// <summary>
    /// Writes the next version, then updates the capacity index, then announces the change and
    /// re-arms the expiry timer. Nothing is announced if the write fails.
    /// </summary>
    private async Task<CommandResult> CommitAsync(SiteCapacityState next, ChangeLog changes, string kind, string summary)
    {
        var previous = state.State;
        var version = previous.Version + 1;
        var archived = archive.ArchivedThrough(HistoryKind, Key);
        var records = new VersionedChange(version, changes.AppendTo([]));
        var pending = Normalize.Array(previous.PendingHistory).Where(p => p.Version > archived).Concat(records.Records.IsEmpty ? [] : [records]).ToImmutableArray();
        var stamped = next.Stamped(version, changes.At, []) with
        {
            PendingHistory = pending.Length <= MaxPendingVersions ? pending : pending[^MaxPendingVersions..],
        };
        // The archive takes the history (not the state); the capacity index (the county boards' totals) and the
        // county's trend are written together, before the announcement, through the one commit pipeline.
        var row = ToRow(stamped, changes.At);
        _index ??= GrainFactory.GetGrain<ICapacityIndexGrain>(GrainKeys.CapacityIndex);
        var index = _index;
        var result = await _pipeline.CommitAsync(
            Key,
            stamped,
            stamped.Version,
            kind,
            changes.Actor,
            [
                new(GrainKeys.CapacityIndex, () => stamped.Retired ? index.Remove(Key, stamped.Version) : index.Upsert(row)),
                new("capacity-trend", () => RecordTrendAsync(previous.County, stamped, row)),
            ],
            // The site's own topic only, which only those who may see the site join (for a confidential site: its
            // organization and its task forces). The organization's topic is joined by every network member, so it
            // carries nothing of a site; the public county and statewide topics hear from the capacity index that the
            // county's totals changed (AnnouncementKinds.CapacityCounty), with no site, organization or person.
            new NetworkAnnouncement([Topics.Site(Key)], kind, Key, stamped.Version, stamped.Name, summary, changes.At, changes.Actor.DisplayName),
            () => archive.Append(HistoryKind, Key, [records]));
        ScheduleExpiry();
        await KeepHoldReminderAsync();
        return result;
    }

    /// <summary>
    /// Tells the county's capacity trend (capacity over time, docs/insights.md) the site's new counts; a site
    /// that moved is dropped from its former county's. Only county sums ever leave the trend grain.
    /// </summary>
    /// <remarks>A read model of the commit pipeline: a failure is logged there and the next change catches up.</remarks>
    private async Task RecordTrendAsync(string previousCounty, SiteCapacityState stamped, CapacitySiteRow row)
    {
        if (California.IsCounty(previousCounty) && previousCounty != stamped.County)
        {
            await GrainFactory.GetGrain<ICapacityTrendGrain>(previousCounty).Remove(Key, stamped.Version);
        }

        if (California.IsCounty(stamped.County))
        {
            var trend = GrainFactory.GetGrain<ICapacityTrendGrain>(stamped.County);
            await (stamped.Retired ? trend.Remove(Key, stamped.Version) : trend.Record(row));
        }
    }

    private CapacitySiteRow ToRow(SiteCapacityState site, DateTimeOffset now) => new(
        Key,
        site.OrganizationId!,
        site.Name,
        site.County,
        site.Confidential,
        site.PublicId,
        SiteCapacityRules.View(site, now, _options.StaleAfter),
        site.Holds.Length,
        site.Holds.IsEmpty ? null : site.Holds.Min(h => h.ExpiresAt),
        site.Version,
        site.UpdatedAt);

    /// <summary>Arms the one-shot grain timer for the next hold expiry (or disarms it without holds).</summary>
    private void ScheduleExpiry()
    {
        if (State.Holds.IsDefaultOrEmpty)
        {
            _expiryTimer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        var wait = State.Holds.Min(h => h.ExpiresAt) - clock.GetUtcNow();
        var due = wait < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait > MaxTimerWait ? MaxTimerWait : wait;
        if (_expiryTimer is null)
        {
            _expiryTimer = this.RegisterGrainTimer(OnExpiryTimerAsync, due, Timeout.InfiniteTimeSpan);
        }
        else
        {
            _expiryTimer.Change(due, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task OnExpiryTimerAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ReleaseExpiredAsync();
        }
        catch (Exception exception)
        {
            CapacityLog.ExpiryTimerFailed(logger, exception, Key);
        }

        ScheduleExpiry();
    }

    /// <summary>
    /// The durable reminder fires every <see cref="CapacityOptions.HoldReminderPeriod"/> while the site has holds.
    /// It activates the site wherever the cluster places it now (after the silo that held it died, too), and the
    /// activation or this call releases what expired; without holds left the reminder is removed.
    /// </summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != HoldExpiryReminder)
        {
            return;
        }

        _reminderArmed = true;
        try
        {
            await ReleaseExpiredAsync();
        }
        catch (Exception exception)
        {
            CapacityLog.ExpiryTimerFailed(logger, exception, Key);
        }

        ScheduleExpiry();
        await KeepHoldReminderAsync();
    }

    /// <summary>
    /// Keeps one durable reminder while the site has holds and none without: registered when the first hold is
    /// placed (or on an activation that finds holds), removed when the last one ends. One write each way, not
    /// one per hold. Where reminders are off (<see cref="CapacityOptions.HoldReminderPeriod"/> zero) the timer and
    /// the sweep remain.
    /// </summary>
    private async Task KeepHoldReminderAsync()
    {
        var period = _options.HoldReminderPeriod;
        if (period <= TimeSpan.Zero)
        {
            return;
        }

        var wanted = !State.Holds.IsDefaultOrEmpty;
        if (_reminderArmed == wanted || (_reminderArmed is null && !wanted))
        {
            // An activation without holds does not look for a reminder: a stale one fires once and removes itself.
            return;
        }

        try
        {
            if (wanted)
            {
                await this.RegisterOrUpdateReminder(HoldExpiryReminder, period, period);
            }
            else if (await this.GetReminder(HoldExpiryReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            _reminderArmed = wanted;
        }
        catch (Exception exception)
        {
            CapacityLog.HoldReminderFailed(logger, exception, Key);
        }
    }
}
