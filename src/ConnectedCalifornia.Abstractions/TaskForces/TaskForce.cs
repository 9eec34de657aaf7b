using System.Collections.Immutable;
using ConnectedCalifornia.Network;

namespace ConnectedCalifornia.TaskForces;

/// <summary>The part a member organization plays in a task force.</summary>
public enum TaskForceOrganizationRole
{
    LeadAgency = 0,
    LawEnforcement = 1,
    Prosecution = 2,
    VictimServices = 3,
    ChildWelfare = 4,
    Other = 5,
}

/// <summary>Task-force roles as people read them ("Lead agency"), never the enum's names: pages and announcements use these.</summary>
public static class TaskForceRoleWords
{
    public static string Of(TaskForceOrganizationRole role) => role switch
    {
        TaskForceOrganizationRole.LeadAgency => "Lead agency",
        TaskForceOrganizationRole.LawEnforcement => "Law enforcement",
        TaskForceOrganizationRole.Prosecution => "Prosecution",
        TaskForceOrganizationRole.VictimServices => "Victim services",
        TaskForceOrganizationRole.ChildWelfare => "Child welfare",
        _ => "Other",
    };

    public static string Of(TaskForceRole role) => role == TaskForceRole.Lead ? "Lead" : "Member";
}

public enum TaskForceRole
{
    Member = 1,
    Lead = 2,
}

[GenerateSerializer, Immutable, Alias("cc.TaskForceProfile")]
public sealed record TaskForceProfile(
    [property: Id(0)] string Name,
    [property: Id(1)] string Description,
    [property: Id(2)] ImmutableArray<string> Counties);

[GenerateSerializer, Immutable, Alias("cc.TaskForceOrganization")]
public sealed record TaskForceOrganization(
    [property: Id(0)] string OrganizationId,
    [property: Id(1)] TaskForceOrganizationRole Role);

[GenerateSerializer, Immutable, Alias("cc.TaskForcePerson")]
public sealed record TaskForcePerson(
    [property: Id(0)] string UserId,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] TaskForceRole Role);

[GenerateSerializer, Immutable, Alias("cc.TaskForceDetails")]
public sealed record TaskForceDetails(
    [property: Id(0)] string Id,
    [property: Id(1)] TaskForceProfile Profile,
    [property: Id(2)] ImmutableArray<TaskForceOrganization> Organizations,
    [property: Id(3)] ImmutableArray<TaskForcePerson> People,
    [property: Id(4)] long Version,
    [property: Id(5)] DateTimeOffset UpdatedAt,
    [property: Id(6)] ImmutableArray<TaskForceOrganization> Invitations,
    [property: Id(7)] ImmutableArray<TaskForceNotice> Notices)
{
    /// <summary>An archived task force is kept with its history and read-only until a curator restores it.</summary>
    [Id(8)]
    public bool Archived { get; init; }
}

/// <summary>
/// What a curator gives to form a task force in one step: its profile, its first leads, and the
/// organizations invited as lead agencies (each joins only when one of its own admins accepts).
/// </summary>
[GenerateSerializer, Immutable, Alias("cc.TaskForceFormation")]
public sealed record TaskForceFormation(
    [property: Id(0)] TaskForceProfile Profile,
    [property: Id(1)] ImmutableArray<TaskForcePerson> Leads,
    [property: Id(2)] ImmutableArray<string> LeadAgencies);

/// <summary>A short notice one of a task force's people shares with all of them (no survivor names: the page says so).</summary>
[GenerateSerializer, Immutable, Alias("cc.TaskForceNotice")]
public sealed record TaskForceNotice(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string AuthorId,
    [property: Id(2)] string AuthorName,
    [property: Id(3)] string Text);

/// <summary>A task force: member organizations with their roles, and the people who are members or leads.</summary>
[Alias("cc.ITaskForceGrain")]
public interface ITaskForceGrain : IGrainWithStringKey
{
    [Alias("GetDetails")]
    Task<TaskForceDetails?> GetDetails();

    [Alias("Create")]
    Task<CommandResult> Create(TaskForceProfile profile, Actor actor);

    [Alias("UpdateProfile")]
    Task<CommandResult> UpdateProfile(TaskForceProfile profile, Actor actor);

    /// <summary>Forms a new task force in one write: profile, at least one lead, lead agencies invited (curators).</summary>
    [Alias("Form")]
    Task<CommandResult> Form(TaskForceFormation formation, Actor actor);

    /// <summary>Archives the task force (read-only, kept with its history) or restores it (curators).</summary>
    [Alias("SetArchived")]
    Task<CommandResult> SetArchived(bool archived, Actor actor);

    /// <summary>
    /// Changes the role of an organization that is already a member. It never adds one: an organization
    /// joins only when one of its own admins accepts an invitation (<see cref="InviteOrganization"/>), or
    /// when a curator adds it with a reason (<see cref="AddOrganization"/>).
    /// </summary>
    [Alias("SetOrganization")]
    Task<CommandResult> SetOrganization(TaskForceOrganization organization, Actor actor);

    /// <summary>A curator adds an organization at once; the reason is required and recorded on both histories.</summary>
    [Alias("AddOrganization")]
    Task<CommandResult> AddOrganization(TaskForceOrganization organization, string reason, Actor curator);

    /// <summary>A task-force lead removes a member organization (recorded on both histories).</summary>
    [Alias("RemoveOrganization")]
    Task<CommandResult> RemoveOrganization(string organizationId, Actor actor);

    /// <summary>A member organization leaves on its own (one of its admins; recorded on both histories).</summary>
    [Alias("LeaveTaskForce")]
    Task<CommandResult> Leave(string organizationId, Actor actor);

    [Alias("SetPerson")]
    Task<CommandResult> SetPerson(TaskForcePerson person, Actor actor);

    [Alias("RemovePerson")]
    Task<CommandResult> RemovePerson(string userId, Actor actor);

    /// <summary>Invites an organization to join with a role (task-force leads); it joins when one of its admins accepts.</summary>
    [Alias("InviteOrganization")]
    Task<CommandResult> InviteOrganization(TaskForceOrganization invitation, Actor actor);

    /// <summary>An invited organization's answer (its admins): accepting makes it a member with the invited role.</summary>
    [Alias("AnswerInvitation")]
    Task<CommandResult> AnswerInvitation(string organizationId, bool accept, Actor actor);

    /// <summary>A task-force lead withdraws an open invitation before it is answered (recorded on both histories).</summary>
    [Alias("WithdrawInvitation")]
    Task<CommandResult> WithdrawInvitation(string organizationId, Actor actor);

    /// <summary>Shares a notice with the task force's people; only one of them may post.</summary>
    [Alias("PostNotice")]
    Task<CommandResult> PostNotice(string text, Actor actor);

    /// <summary>The newest recorded changes, newest first.</summary>
    [Alias("GetHistory")]
    Task<ImmutableArray<Directory.ChangeRecord>> GetHistory(int max);
}
