using System.Collections.Immutable;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Notifications;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConnectedCalifornia.Network;

/// <summary>What every participant's stored state has: a version, a time of change and a bounded history.</summary>
public interface IParticipantState<out TSelf>
    where TSelf : IParticipantState<TSelf>
{
    bool Exists { get; }

    long Version { get; }

    ImmutableArray<ChangeRecord> History { get; }

    /// <summary>A copy with the version, time and history of a new change.</summary>
    TSelf Stamped(long version, DateTimeOffset at, ImmutableArray<ChangeRecord> history);
}

/// <summary>
/// The pattern every participant grain follows: validate the whole command first (a refused
/// command changes and writes nothing), then write the new state, then update its catalog line,
/// then announce the change to every web node.
/// </summary>
public abstract class ParticipantGrain<TState> : Grain
    where TState : class, IParticipantState<TState>
{
    private readonly IPersistentState<TState> _state;
    private readonly TimeProvider _clock;

    protected ParticipantGrain(IPersistentState<TState> state, AnnouncementPublisher publisher, TimeProvider clock, ILogger logger)
    {
        _state = state;
        Publisher = publisher;
        _clock = clock;
        Logger = logger;
        _pipeline = new CommitPipeline<TState>(state, publisher, logger, FlushOutboxAsync);
    }

    private readonly CommitPipeline<TState> _pipeline;

    protected TState State => _state.State;

    protected string Key => this.GetPrimaryKeyString();

    protected AnnouncementPublisher Publisher { get; }

    protected ILogger Logger { get; }

    /// <summary>The catalog grain key this participant is listed in.</summary>
    protected abstract string CatalogKey { get; }

    protected abstract CatalogEntry ToCatalogEntry(TState state);

    /// <summary>The topics every announcement of this participant goes to.</summary>
    protected abstract ImmutableArray<string> TopicsOf(TState state);

    protected abstract string TitleOf(TState state);

    /// <summary>Hands over notifications a previous activation wrote but could not hand to the outbox.</summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await FlushOutboxAsync();
        await base.OnActivateAsync(cancellationToken);
    }

    /// <summary>
    /// The notifications a change causes, derived from the state before and after it (so no command can
    /// forget them). Kept only when the state has its own outbox (<see cref="INotifyingState{TSelf}"/>).
    /// </summary>
    protected virtual ImmutableArray<Notification> NotificationsOf(TState previous, TState stamped) => [];

    private protected ChangeLog StartChanges(Actor actor) => new(actor, _clock.GetUtcNow());

    /// <summary>Validates who acts: every change is recorded with a user id and a name.</summary>
    private protected static void ValidateActor(FieldValidator validator, Actor? actor) => validator.Actor(actor);

    /// <summary>
    /// Stores <paramref name="next"/> as the next version with the changes of <paramref name="changes"/> through the
    /// one commit pipeline (<see cref="CommitPipeline{TState}"/>): the catalog and <see cref="AfterWriteAsync"/>, then
    /// the announcement. Nothing is announced if the write fails.
    /// </summary>
    /// <param name="onlyTopics">When given, the announcement goes to these topics instead of <see cref="TopicsOf"/>; when empty, nowhere (the change is recorded, not announced).</param>
    private protected async Task<CommandResult> CommitAsync(
        TState next,
        ChangeLog changes,
        string kind,
        string summary,
        IEnumerable<string>? extraTopics = null,
        ImmutableArray<string>? onlyTopics = null)
    {
        var previous = _state.State;
        var stamped = next.Stamped(previous.Version + 1, changes.At, changes.AppendTo(previous.History));
        if (stamped is INotifyingState<TState> notifying && NotificationsOf(previous, stamped) is { IsDefaultOrEmpty: false } caused)
        {
            // In the same write as the change (the transactional outbox), handed over right after it.
            stamped = notifying.WithOutbox(Normalize.Array(notifying.Outbox).AddRange(caused));
        }

        var topics = onlyTopics ?? TopicsOf(stamped);
        if (extraTopics is not null)
        {
            topics = [.. topics.Concat(extraTopics).Distinct(StringComparer.Ordinal)];
        }

        // The catalog and the participant's own read models before the announcement: a screen that reloads a
        // list on the announcement must find the change there. No topics (onlyTopics: []): announced nowhere.
        var entry = ToCatalogEntry(stamped);
        return await _pipeline.CommitAsync(
            Key,
            stamped,
            stamped.Version,
            kind,
            changes.Actor,
            [new(CatalogKey, () => GrainFactory.GetGrain<ICatalogGrain>(CatalogKey).Upsert(entry)), new(GetType().Name, () => AfterWriteAsync(previous, stamped))],
            new NetworkAnnouncement(topics, kind, Key, stamped.Version, TitleOf(stamped), summary, changes.At, changes.Actor.DisplayName));
    }

    private Task FlushOutboxAsync() => FlushOutboxAsync(_state);

    private Task FlushOutboxAsync(IPersistentState<TState> state) =>
        state.State is INotifyingState<TState> && ServiceProvider.GetService<INotificationOutbox>() is { } outbox
            ? outbox.FlushAsync(state, s => Normalize.Array(((INotifyingState<TState>)s).Outbox), s => ((INotifyingState<TState>)s).WithOutbox([]), Logger, _clock.GetUtcNow())
            : Task.CompletedTask;

    /// <summary>
    /// Runs after a change is stored, beside the catalog's write and before the change is announced: where a
    /// participant keeps other read models in step. A failure is logged; the change is stored.
    /// </summary>
    protected virtual Task AfterWriteAsync(TState previous, TState stamped) => Task.CompletedTask;
}
