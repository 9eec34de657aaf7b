using System.Collections.Immutable;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.TaskForces;

namespace ConnectedCalifornia.Identity;

/// <summary>
/// Everything a person is a member of. Roles are data: the organization and task-force grains
/// keep this in step whenever they add, change or remove a member.
/// </summary>
[GenerateSerializer, Immutable, Alias("cc.UserMemberships")]
public sealed record UserMemberships(
    [property: Id(0)] ImmutableDictionary<string, OrganizationRole> Organizations,
    [property: Id(1)] ImmutableDictionary<string, TaskForceRole> TaskForces,
    [property: Id(2)] long Version)
{
    public static UserMemberships None { get; } = new(
        ImmutableDictionary<string, OrganizationRole>.Empty,
        ImmutableDictionary<string, TaskForceRole>.Empty,
        0);

    public bool IsOrganizationMember => !Organizations.IsEmpty;

    public bool IsMemberOf(string organizationId) => Organizations.ContainsKey(organizationId);

    public bool IsAdminOf(string organizationId) =>
        Organizations.TryGetValue(organizationId, out var role) && role == OrganizationRole.Admin;

    public bool IsInTaskForce(string taskForceId) => TaskForces.ContainsKey(taskForceId);

    public bool IsLeadOf(string taskForceId) =>
        TaskForces.TryGetValue(taskForceId, out var role) && role == TaskForceRole.Lead;
}

/// <summary>One person's memberships (key: the Identity user id).</summary>
[Alias("cc.IUserAccessGrain")]
public interface IUserAccessGrain : IGrainWithStringKey
{
    [Alias("Get")]
    Task<UserMemberships> Get();

    /// <summary>Sets the person's role in an organization; null removes the membership.</summary>
    [Alias("SetOrganizationRole")]
    Task SetOrganizationRole(string organizationId, OrganizationRole? role);

    /// <summary>Sets the person's role in a task force; null removes the membership.</summary>
    [Alias("SetTaskForceRole")]
    Task SetTaskForceRole(string taskForceId, TaskForceRole? role);
}
