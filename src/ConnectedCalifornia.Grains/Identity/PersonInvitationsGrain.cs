using System.Collections.Immutable;
using ConnectedCalifornia.Network;

namespace ConnectedCalifornia.Identity;

/// <summary>What a person-invitations grain stores: the open invitations addressed to one e-mail address.</summary>
[GenerateSerializer, Immutable, Alias("cc.PersonInvitationsState")]
public sealed record PersonInvitationsState
{
    [Id(0)]
    public ImmutableArray<PersonInvitation> Invitations { get; init; } = [];
}

/// <summary>
/// The open member invitations of one e-mail address (see <see cref="IPersonInvitationsGrain"/>). Only the
/// organization grains write it; setting what is already there writes nothing.
/// </summary>
public sealed class PersonInvitationsGrain(
    [PersistentState("person-invitations", StorageNames.Network)] IPersistentState<PersonInvitationsState> state)
    : Grain, IPersonInvitationsGrain
{
    /// <summary>How many open invitations one address keeps (the newest).</summary>
    public const int MaxInvitations = 100;

    private ImmutableArray<PersonInvitation> Current => Normalize.Array(state.State.Invitations);

    public Task<ImmutableArray<PersonInvitation>> Get() => Task.FromResult(Current);

    public Task Set(PersonInvitation invitation)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        var current = Current;
        var existing = current.FirstOrDefault(i => i.OrganizationId == invitation.OrganizationId);
        if (existing == invitation)
        {
            return Task.CompletedTask;
        }

        var next = (existing is null ? current : current.Remove(existing)).Add(invitation);
        return state.WriteOrRestoreAsync(new PersonInvitationsState { Invitations = next.Length <= MaxInvitations ? next : next[^MaxInvitations..] });
    }

    public Task Remove(string organizationId)
    {
        var current = Current;
        var next = current.RemoveAll(i => i.OrganizationId == organizationId);
        return next.Length == current.Length ? Task.CompletedTask : state.WriteOrRestoreAsync(new PersonInvitationsState { Invitations = next });
    }
}
