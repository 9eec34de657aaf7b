using System.Collections.Immutable;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.TaskForces;

namespace ConnectedCalifornia.Identity;

/// <summary>What a user access grain stores: the person's memberships, as the organization and task-force grains set them.</summary>
[GenerateSerializer, Immutable, Alias("cc.UserAccessState")]
public sealed record UserAccessState
{
    [Id(0)]
    public ImmutableDictionary<string, OrganizationRole> Organizations { get; init; } = ImmutableDictionary<string, OrganizationRole>.Empty;

    [Id(1)]
    public ImmutableDictionary<string, TaskForceRole> TaskForces { get; init; } = ImmutableDictionary<string, TaskForceRole>.Empty;

    [Id(2)]
    public long Version { get; init; }
}

/// <summary>
/// One person's memberships (key: the Identity user id): what authorization reads. Only the
/// organization and task-force grains write it, and setting what is already there writes nothing.
/// </summary>
public sealed class UserAccessGrain(
    [PersistentState("access", StorageNames.Network)] IPersistentState<UserAccessState> state)
    : Grain, IUserAccessGrain
{
    public Task<UserMemberships> Get() => Task.FromResult(new UserMemberships(
        state.State.Organizations ?? ImmutableDictionary<string, OrganizationRole>.Empty,
        state.State.TaskForces ?? ImmutableDictionary<string, TaskForceRole>.Empty,
        state.State.Version));

    public Task SetOrganizationRole(string organizationId, OrganizationRole? role)
    {
        ValidateKey(organizationId);
        var current = state.State.Organizations ?? ImmutableDictionary<string, OrganizationRole>.Empty;
        var next = role is { } r ? current.SetItem(organizationId, r) : current.Remove(organizationId);
        return ReferenceEquals(next, current) ? Task.CompletedTask : WriteAsync(state.State with { Organizations = next });
    }

    public Task SetTaskForceRole(string taskForceId, TaskForceRole? role)
    {
        ValidateKey(taskForceId);
        var current = state.State.TaskForces ?? ImmutableDictionary<string, TaskForceRole>.Empty;
        var next = role is { } r ? current.SetItem(taskForceId, r) : current.Remove(taskForceId);
        return ReferenceEquals(next, current) ? Task.CompletedTask : WriteAsync(state.State with { TaskForces = next });
    }

    private static void ValidateKey(string key)
    {
        if (!Identifiers.IsValidKey(key))
        {
            throw new ArgumentException($"'{key}' is not a valid key.", nameof(key));
        }
    }

    private async Task WriteAsync(UserAccessState next)
    {
        var previous = state.State;
        await state.WriteOrRestoreAsync(next with { Version = previous.Version + 1 });
    }
}
