using System.Collections.Immutable;
using ConnectedCalifornia.Network;

namespace ConnectedCalifornia.Initiatives;

[GenerateSerializer, Immutable, Alias("cc.InitiativeProfile")]
public sealed record InitiativeProfile(
    [property: Id(0)] string Name,
    [property: Id(1)] string Description,
    [property: Id(2)] ImmutableArray<string> Counties)
{
    /// <summary>What a visitor can do to help, shown on the public page (absent in older stored JSON: empty).</summary>
    [Id(3)]
    public string HowToHelp { get; init; } = string.Empty;
}

/// <summary>What a goal counts: a number of things (signatures, people trained) or money in whole dollars.</summary>
public enum GoalMeasure
{
    Count = 0,
    Money = 1,
}

/// <summary>One organization's or one county's share of a goal: raw (e.g. signatures collected) and verified (validated).</summary>
[GenerateSerializer, Immutable, Alias("cc.GoalTally")]
public sealed record GoalTally(
    [property: Id(0)] string Key,
    [property: Id(1)] long Raw,
    [property: Id(2)] long Verified);

/// <summary>
/// A goal with live progress, e.g. 700,000 signatures or 200 volunteers trained. <see cref="Progress"/> is
/// the raw total; a goal that tracks verification also counts <see cref="Verified"/> (validated
/// signatures), which is what reaching the target means for it. New fields are properties with
/// defaults, so goals stored before them still load.
/// </summary>
[GenerateSerializer, Immutable, Alias("cc.InitiativeGoal")]
public sealed record InitiativeGoal(
    [property: Id(0)] string Id,
    [property: Id(1)] string Title,
    [property: Id(2)] long Target,
    [property: Id(3)] long Progress,
    [property: Id(4)] string Unit)
{
    [Id(5)]
    public GoalMeasure Measure { get; init; }

    /// <summary>The day the goal is due (Pacific), or none.</summary>
    [Id(6)]
    public DateOnly? Deadline { get; init; }

    /// <summary>Whether the goal counts verified numbers beside the raw ones (e.g. signatures validated).</summary>
    [Id(7)]
    public bool TracksVerified { get; init; }

    [Id(8)]
    public long Verified { get; init; }

    /// <summary>Progress recorded for an organization, by organization id.</summary>
    [Id(9)]
    public ImmutableArray<GoalTally> ByOrganization { get; init; } = [];

    /// <summary>Progress recorded in a county, by FIPS code.</summary>
    [Id(10)]
    public ImmutableArray<GoalTally> ByCounty { get; init; } = [];

    /// <summary>The number that counts toward the target: verified when the goal tracks it, raw otherwise.</summary>
    public long Counted => TracksVerified ? Verified : Progress;
}

/// <summary>
/// Progress recorded toward a goal: raw and verified amounts (either may be negative to correct),
/// optionally for one participating organization and one county.
/// </summary>
[GenerateSerializer, Immutable, Alias("cc.GoalContribution")]
public sealed record GoalContribution(
    [property: Id(0)] string GoalId,
    [property: Id(1)] long Raw,
    [property: Id(2)] long Verified,
    [property: Id(3)] string? OrganizationId,
    [property: Id(4)] string? County);

/// <summary>An organization asks to join (or leave) an initiative; a curator decides.</summary>
[GenerateSerializer, Immutable, Alias("cc.InitiativeMembershipRequest")]
public sealed record InitiativeMembershipRequest(
    [property: Id(0)] string OrganizationId,
    [property: Id(1)] bool Join,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string RequestedBy);

[GenerateSerializer, Immutable, Alias("cc.InitiativeDetails")]
public sealed record InitiativeDetails(
    [property: Id(0)] string Id,
    [property: Id(1)] InitiativeProfile Profile,
    [property: Id(2)] ImmutableArray<string> Organizations,
    [property: Id(3)] ImmutableArray<InitiativeGoal> Goals,
    [property: Id(4)] long Version,
    [property: Id(5)] DateTimeOffset UpdatedAt)
{
    /// <summary>Open requests of organizations to join or leave, waiting for a curator.</summary>
    [Id(6)]
    public ImmutableArray<InitiativeMembershipRequest> Requests { get; init; } = [];
}

/// <summary>A shared initiative or campaign that several organizations run together.</summary>
[Alias("cc.IInitiativeGrain")]
public interface IInitiativeGrain : IGrainWithStringKey
{
    [Alias("GetDetails")]
    Task<InitiativeDetails?> GetDetails();

    [Alias("Create")]
    Task<CommandResult> Create(InitiativeProfile profile, Actor actor);

    [Alias("UpdateProfile")]
    Task<CommandResult> UpdateProfile(InitiativeProfile profile, Actor actor);

    [Alias("AddOrganization")]
    Task<CommandResult> AddOrganization(string organizationId, Actor actor);

    [Alias("RemoveOrganization")]
    Task<CommandResult> RemoveOrganization(string organizationId, Actor actor);

    /// <summary>Adds a goal or changes its title, target and unit (progress is kept).</summary>
    [Alias("SetGoal")]
    Task<CommandResult> SetGoal(InitiativeGoal goal, Actor actor);

    /// <summary>Adds to (or, with a negative amount, corrects) a goal's progress.</summary>
    [Alias("RecordProgress")]
    Task<CommandResult> RecordProgress(string goalId, long amount, Actor actor);

    /// <summary>Records raw and verified progress, optionally for a participating organization and a county.</summary>
    [Alias("RecordContribution")]
    Task<CommandResult> RecordContribution(GoalContribution contribution, Actor actor);

    /// <summary>An organization asks to join (<paramref name="join"/>) or to leave; a curator decides.</summary>
    [Alias("RequestMembership")]
    Task<CommandResult> RequestMembership(string organizationId, bool join, Actor actor);

    /// <summary>A curator approves or declines an organization's open request.</summary>
    [Alias("DecideRequest")]
    Task<CommandResult> DecideRequest(string organizationId, bool approve, Actor actor);

    /// <summary>The newest recorded changes, newest first.</summary>
    [Alias("GetHistory")]
    Task<ImmutableArray<Directory.ChangeRecord>> GetHistory(int max);
}
