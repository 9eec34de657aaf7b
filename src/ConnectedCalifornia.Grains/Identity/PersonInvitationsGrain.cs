using System.Collections.Immutable;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Notifications;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConnectedCalifornia.Identity;

/// <summary>What a person-invitations grain stores: the open invitations addressed to one e-mail address.</summary>
[GenerateSerializer, Immutable, Alias("cc.PersonInvitationsState")]
public sealed record PersonInvitationsState
{
    [Id(0)]
    public ImmutableArray<PersonInvitation> Invitations { get; init; } = [];

    /// <summary>Invitation e-mails not yet handed to the outbox (written with the invitation itself).</summary>
    [Id(1)]
    public ImmutableArray<Notification> Outbox { get; init; } = [];
}

/// <summary>
/// The open member invitations of one e-mail address (see <see cref="IPersonInvitationsGrain"/>). Only the
/// organization grains write it; setting what is already there writes nothing.
/// </summary>
public sealed class PersonInvitationsGrain(
    [PersistentState("person-invitations", StorageNames.Network)] IPersistentState<PersonInvitationsState> state,
    INotificationOutbox outbox,
    [FromKeyedServices(NetworkClock.Key)] TimeProvider clock,
    ILogger<PersonInvitationsGrain> logger)
    : Grain, IPersonInvitationsGrain
{
    /// <summary>How many open invitations one address keeps (the newest).</summary>
    public const int MaxInvitations = 100;

    private ImmutableArray<PersonInvitation> Current => Normalize.Array(state.State.Invitations);

    public override Task OnActivateAsync(CancellationToken cancellationToken) => FlushAsync();

    public Task<ImmutableArray<PersonInvitation>> Get() => Task.FromResult(Current);

    public async Task Invite(PersonInvitation invitation, string email, string organizationName)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        var current = Current;
        var existing = current.FirstOrDefault(i => i.OrganizationId == invitation.OrganizationId);
        if (existing == invitation || !PersonInvitations.SameKey(this.GetPrimaryKeyString(), email))
        {
            return;
        }

        var next = (existing is null ? current : current.Remove(existing)).Add(invitation);
        var facts = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, string>
        {
            ["organization.id"] = invitation.OrganizationId,
            ["organization.name"] = organizationName,
            ["role"] = invitation.Role.ToString(),
            ["invited.by"] = invitation.InvitedByName,
        });
        var notification = new Notification(
            $"invitation:{this.GetPrimaryKeyString()}:{invitation.InvitationId}", NotificationKinds.AccountInvitation, invitation.InvitedAt,
            [NotificationAudience.Address(email.Trim(), null)], facts, "/my-network");
        await state.WriteOrRestoreAsync(new PersonInvitationsState
        {
            Invitations = next.Length <= MaxInvitations ? next : next[^MaxInvitations..],
            Outbox = Normalize.Array(state.State.Outbox).Add(notification),
        });
        await FlushAsync();
    }

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
        return state.WriteOrRestoreAsync(state.State with { Invitations = next.Length <= MaxInvitations ? next : next[^MaxInvitations..] });
    }

    public Task Remove(string organizationId)
    {
        var current = Current;
        var next = current.RemoveAll(i => i.OrganizationId == organizationId);
        return next.Length == current.Length ? Task.CompletedTask : state.WriteOrRestoreAsync(state.State with { Invitations = next });
    }

    private Task FlushAsync() =>
        outbox.FlushAsync(state, s => Normalize.Array(s.Outbox), s => s with { Outbox = [] }, logger, clock.GetUtcNow());
}
