using System.Collections.Immutable;
using Microsoft.Extensions.Logging;

namespace ConnectedCalifornia.Network;

/// <summary>One read model a change keeps in step (a catalog, an index, a queue): its name for the log, and its write.</summary>
public readonly record struct ReadModelWrite(string Name, Func<Task> Write);

/// <summary>
/// The one way an entity grain stores a change, after its command was validated and the grain built the next
/// (stamped) state with its history: write the state (nothing else happens if that fails), hand over the
/// notifications the write carried in its outbox, keep every read model in step, and only then announce. A
/// read model that cannot be written is logged and takes the next version: the change is stored, so the command
/// still succeeds. Announcing last is what lets a page that reloads a list on an announcement find the change
/// in that list.
/// </summary>
/// <remarks>
/// The grains differ only in what they pass: their history policy (bounded in the state, or appended to the
/// change archive by <paramref name="afterWrite"/>), their read models, and their announcement (none when the
/// topics are empty: a change recorded for the history only).
/// </remarks>
internal sealed class CommitPipeline<TState>(
    IPersistentState<TState> state,
    AnnouncementPublisher publisher,
    ILogger logger,
    Func<IPersistentState<TState>, Task>? flushOutbox = null)
{
    /// <summary>Stores <paramref name="stamped"/> (version <paramref name="version"/>) and runs the rest of the change in order; the result to answer.</summary>
    /// <param name="afterWrite">What must follow the write before anything else (e.g. the change archive's append).</param>
    public async Task<CommandResult> CommitAsync(
        string entityId,
        TState stamped,
        long version,
        string kind,
        Actor actor,
        IEnumerable<ReadModelWrite> readModels,
        NetworkAnnouncement? announcement,
        Action? afterWrite = null)
    {
        await state.WriteOrRestoreAsync(stamped);
        afterWrite?.Invoke();
        if (flushOutbox is not null)
        {
            await flushOutbox(state);
        }

        GrainLog.Changed(logger, kind, entityId, version, actor.UserId);

        // The read models are independent of one another: written together, each failure logged on its own.
        var writes = readModels.Select(async model =>
        {
            try
            {
                await model.Write();
            }
            catch (Exception exception)
            {
                GrainLog.CatalogUpdateFailed(logger, exception, model.Name, entityId, version);
            }
        }).ToList();
        await Task.WhenAll(writes);

        if (announcement is { Topics.IsDefaultOrEmpty: false })
        {
            await publisher.Publish(announcement);
        }

        return CommandResult.Ok(version);
    }

    /// <summary>No read model.</summary>
    public static ImmutableArray<ReadModelWrite> None => [];
}
