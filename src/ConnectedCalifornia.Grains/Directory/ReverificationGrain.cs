using System.Collections.Immutable;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Notifications;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConnectedCalifornia.Directory;

/// <summary>
/// The list of listings due for re-verification. A sweep (an Orleans reminder on PostgreSQL, the
/// silo's <see cref="ReverificationSweeper"/> in the embedded default) reads every organization and
/// flags the verified ones last verified longer ago than <see cref="ReverificationOptions.StaleAfter"/>.
/// </summary>
public sealed class ReverificationGrain(
    [PersistentState("reverification", StorageNames.Network)] IPersistentState<ReverificationState> state,
    [FromKeyedServices(NetworkClock.Key)] TimeProvider clock,
    IOptions<ReverificationOptions> options,
    INotificationOutbox outbox,
    ILogger<ReverificationGrain> logger)
    : Grain, IReverificationGrain, IRemindable
{
    public const string ReminderName = "reverification-sweep";
    private const int Parallel = 32;

    /// <summary>Hands over notifications a previous activation wrote but could not hand to the outbox.</summary>
    public override Task OnActivateAsync(CancellationToken cancellationToken) => FlushOutboxAsync();

    public async Task<ReverificationSweepResult> Sweep()
    {
        var now = clock.GetUtcNow();
        var dueBefore = now - options.Value.StaleAfter;
        var entries = await GrainFactory.GetGrain<ICatalogGrain>(GrainKeys.OrganizationCatalog).List();
        var flagged = state.State.Flagged;
        var due = ImmutableArray.CreateBuilder<Notification>();
        int added = 0, cleared = 0;
        foreach (var chunk in entries.Chunk(Parallel))
        {
            var details = await Task.WhenAll(chunk.Select(e => GrainFactory.GetGrain<IOrganizationGrain>(e.Id).GetDetails()));
            foreach (var d in details.OfType<OrganizationDetails>())
            {
                var stale = d.Verification == VerificationStatus.Verified && d.VerifiedAt is { } at && at <= dueBefore;
                if (stale && !flagged.ContainsKey(d.Id))
                {
                    flagged = flagged.Add(d.Id, new StaleListing(d.Id, d.Profile.Name, d.VerifiedAt, now));
                    due.Add(DirectoryNotifications.ReverificationDue(d.Id, d.Profile.Name, d.VerifiedAt!.Value, now));
                    added++;
                }
                else if (!stale && flagged.ContainsKey(d.Id))
                {
                    flagged = flagged.Remove(d.Id);
                    cleared++;
                }
            }
        }

        // A listing that left the catalog leaves the list too.
        var listed = entries.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in flagged.Keys.Where(k => !listed.Contains(k)).ToList())
        {
            flagged = flagged.Remove(gone);
            cleared++;
        }

        if (added + cleared > 0)
        {
            // The admins of each newly flagged listing are told, in the same write as the flag.
            await state.WriteOrRestoreAsync(state.State with { Flagged = flagged, LastSweepAt = now, Outbox = Normalize.Array(state.State.Outbox).AddRange(due) });
            await FlushOutboxAsync();
        }

        ReverificationLog.Swept(logger, entries.Length, added, cleared);
        return new ReverificationSweepResult(entries.Length, added, cleared);
    }

    private Task FlushOutboxAsync() =>
        outbox.FlushAsync(state, s => Normalize.Array(s.Outbox), s => s with { Outbox = [] }, logger, clock.GetUtcNow());

    public async Task EnsureReminder(TimeSpan period)
    {
        var existing = await this.GetReminder(ReminderName);
        if (existing is null)
        {
            await this.RegisterOrUpdateReminder(ReminderName, TimeSpan.FromMinutes(1), period);
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == ReminderName ? Sweep() : Task.CompletedTask;

    public Task<ImmutableArray<StaleListing>> List() =>
        Task.FromResult(state.State.Flagged.Values.OrderBy(f => f.VerifiedAt).ThenBy(f => f.Name, StringComparer.OrdinalIgnoreCase).ToImmutableArray());

    public Task<StaleListing?> Get(string organizationId) =>
        Task.FromResult(organizationId is not null && state.State.Flagged.TryGetValue(organizationId, out var f) ? f : null);

    public async Task<CommandResult> RequestReverification(string organizationId, Actor admin)
    {
        var v = new FieldValidator();
        v.Actor(admin, "Who acts is required.");
        if (v.HasErrors)
        {
            return v.ToResult();
        }

        if (organizationId is null || !state.State.Flagged.TryGetValue(organizationId, out var flag))
        {
            return CommandResult.Invalid("organizationId", "This listing is not due for re-verification; nothing to confirm.");
        }

        var confirmed = flag with { ConfirmedById = admin.UserId.Trim(), ConfirmedByName = admin.DisplayName.Trim(), ConfirmedAt = clock.GetUtcNow() };
        await state.WriteOrRestoreAsync(state.State with { Flagged = state.State.Flagged.SetItem(organizationId, confirmed) });
        return CommandResult.Ok(confirmed.ConfirmedAt!.Value.ToUnixTimeMilliseconds());
    }

    public async Task<CommandResult> Reverify(string organizationId, Actor curator)
    {
        var v = new FieldValidator();
        v.Actor(curator, "Who acts is required.");
        v.Key("organizationId", organizationId, "The listing's id");
        if (v.HasErrors)
        {
            return v.ToResult();
        }

        // The organization records who re-verified when, with the old and new date.
        var result = await GrainFactory.GetGrain<IOrganizationGrain>(organizationId).Reverify(curator);
        if (result.Succeeded && state.State.Flagged.ContainsKey(organizationId))
        {
            await state.WriteOrRestoreAsync(state.State with { Flagged = state.State.Flagged.Remove(organizationId) });
        }

        return result;
    }
}

[GenerateSerializer, Immutable, Alias("cc.ReverificationState")]
public sealed record ReverificationState
{
    [Id(0)]
    public ImmutableDictionary<string, StaleListing> Flagged { get; init; } = ImmutableDictionary<string, StaleListing>.Empty;

    [Id(1)]
    public DateTimeOffset? LastSweepAt { get; init; }

    /// <summary>Notifications written with the flags that caused them, not yet handed to the outbox.</summary>
    [Id(2)]
    public ImmutableArray<Notification> Outbox { get; init; } = [];
}

/// <summary>
/// The re-verification sweep's schedule. Embedded default (SQLite, reminders only in memory): every
/// silo sweeps at start and then every <see cref="ReverificationOptions.SweepInterval"/>, like the
/// capacity hold sweep. PostgreSQL cluster: the silo only makes sure the grain's Orleans reminder
/// exists, which the cluster keeps in its reminder table and fires on one silo.
/// </summary>
public sealed class ReverificationSweeper(IGrainFactory grains, TimeProvider timeProvider, IOptions<ReverificationOptions> options, ILogger<ReverificationSweeper> logger)
    : PeriodicSiloSweep(timeProvider, logger)
{
    private bool _reminderEnsured;

    protected override TimeSpan Interval => options.Value.SweepInterval;

    protected override async Task SweepOnceAsync()
    {
        var grain = grains.GetGrain<IReverificationGrain>(IReverificationGrain.Key);
        if (!options.Value.UseReminder)
        {
            await grain.Sweep();
        }
        else if (!_reminderEnsured)
        {
            await grain.EnsureReminder(options.Value.SweepInterval);
            _reminderEnsured = true;
        }
    }
}

internal static partial class ReverificationLog
{
    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Re-verification sweep: {Checked} listings checked, {Flagged} flagged, {Cleared} cleared")]
    public static partial void Swept(ILogger logger, int @checked, int flagged, int cleared);
}
