using System.Collections.Immutable;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConnectedCalifornia.Library;

/// <summary>
/// One resource of the library (key: its id). Validate → write → record → index → announce. A draft's
/// announcements go only to the curators' topic, so its title never reaches the public before it is
/// published; a published entry's (and an unpublished one's) go to the public library topic too.
/// </summary>
public sealed class LibraryEntryGrain(
    [PersistentState("library-entry", StorageNames.Network)] IPersistentState<LibraryEntryState> state,
    AnnouncementPublisher publisher,
    [FromKeyedServices(NetworkClock.Key)] TimeProvider clock,
    ILogger<LibraryEntryGrain> logger)
    : Grain, ILibraryEntryGrain
{
    private const string What = "Library entry";

    private static readonly TimeZoneInfo California = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");

    private readonly CommitPipeline<LibraryEntryState> _pipeline = new(state, publisher, logger);

    private LibraryEntryState State => state.State;

    private string Key => this.GetPrimaryKeyString();

    public Task<LibraryEntry?> Get() => Task.FromResult(State.Content is { } content
        ? new LibraryEntry(Key, content, State.Publication, State.FirstPublishedAt, State.Version, State.CreatedAt, State.UpdatedAt)
        : null);

    public Task<ImmutableArray<ChangeRecord>> GetHistory(int max) => Task.FromResult(ChangeLog.Newest(State.History, max));

    public async Task<CommandResult> Create(LibraryContent content, Actor actor)
    {
        var v = new FieldValidator();
        v.Key("id", Key, "The entry's id");
        v.Actor(actor);
        if (State.Exists)
        {
            v.Add("id", $"A library entry with the id '{Key}' already exists.");
        }

        var next = await CheckAsync(content, v);
        if (v.HasErrors)
        {
            return v.ToResult();
        }

        var changes = new ChangeLog(actor, clock.GetUtcNow());
        LibraryRules.Record(changes, null, next!);
        changes.Record("publication", null, nameof(LibraryPublication.Draft));
        return await CommitAsync(
            State with { Content = next, Publication = LibraryPublication.Draft, CreatedAt = changes.At },
            changes,
            AnnouncementKinds.LibraryCreated,
            $"Draft created: {LibraryFormats.Label(next!.Kind)}");
    }

    public async Task<CommandResult> Update(LibraryContent content, Actor actor, long? expectedVersion = null)
    {
        if (!State.Exists)
        {
            return CommandResult.Missing(What);
        }

        var v = new FieldValidator();
        v.Actor(actor);
        if (expectedVersion is { } expected && expected != State.Version)
        {
            v.Add("version", $"Someone else changed this entry since you opened it (version {expected}, now {State.Version}); reload it to see their change.");
        }

        var next = await CheckAsync(content, v);
        if (v.HasErrors)
        {
            return v.ToResult();
        }

        var changes = new ChangeLog(actor, clock.GetUtcNow());
        LibraryRules.Record(changes, State.Content, next!);
        if (changes.IsEmpty)
        {
            return CommandResult.Ok(State.Version);
        }

        return await CommitAsync(State with { Content = next }, changes, AnnouncementKinds.LibraryUpdated, "Updated: " + string.Join(", ", changes.Fields));
    }

    public async Task<CommandResult> SetPublication(LibraryPublication publication, Actor actor)
    {
        if (!State.Exists)
        {
            return CommandResult.Missing(What);
        }

        var v = new FieldValidator();
        v.Actor(actor);
        v.Defined("publication", publication, "The publication");
        if (v.HasErrors)
        {
            return v.ToResult();
        }

        if (State.Publication == publication)
        {
            return CommandResult.Ok(State.Version);
        }

        var changes = new ChangeLog(actor, clock.GetUtcNow());
        changes.Record("publication", State.Publication.ToString(), publication.ToString());
        var published = publication == LibraryPublication.Published;
        return await CommitAsync(
            State with { Publication = publication, FirstPublishedAt = State.FirstPublishedAt ?? (published ? changes.At : null) },
            changes,
            published ? AnnouncementKinds.LibraryPublished : AnnouncementKinds.LibraryUnpublished,
            published ? "Published in the resource library" : "Withdrawn from the resource library",
            alsoPublic: !published);
    }

    /// <summary>The normalized content, checked against the rules and the directory's current languages (the taxonomy grain's).</summary>
    private async Task<LibraryContent?> CheckAsync(LibraryContent? content, FieldValidator v)
    {
        if (content is null)
        {
            v.Add("content", "The entry's content is required: kind, title, summary and language.");
            return null;
        }

        var next = LibraryRules.Normalize(content);
        var vocabularies = await GrainFactory.GetGrain<ITaxonomyGrain>(GrainKeys.Taxonomy).GetVocabularies();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), California).DateTime);
        LibraryRules.Validate(next, v, today, vocabularies, State.Content?.Language);
        return next;
    }

    /// <param name="alsoPublic">Announce on the public topic even though the entry is not published after this change (an unpublished entry leaves the public list).</param>
    private async Task<CommandResult> CommitAsync(LibraryEntryState next, ChangeLog changes, string kind, string summary, bool alsoPublic = false)
    {
        var previous = state.State;
        var stamped = next with { Version = previous.Version + 1, UpdatedAt = changes.At, History = changes.AppendTo(previous.History) };
        ImmutableArray<string> topics = stamped.Publication == LibraryPublication.Published || alsoPublic
            ? [Topics.LibraryCurators, Topics.LibraryPublic]
            : [Topics.LibraryCurators];
        return await _pipeline.CommitAsync(
            Key,
            stamped,
            stamped.Version,
            kind,
            changes.Actor,
            [new(GrainKeys.LibraryIndex, () => GrainFactory.GetGrain<ILibraryIndexGrain>(GrainKeys.LibraryIndex)
                .Upsert(new LibraryIndexRow(Key, stamped.Content!, stamped.Publication, stamped.Version, stamped.UpdatedAt)))],
            new NetworkAnnouncement(topics, kind, Key, stamped.Version, stamped.Content!.Title, summary, changes.At, changes.Actor.DisplayName));
    }
}
