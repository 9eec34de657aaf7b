using System.Collections.Immutable;
using ConnectedCalifornia.Network;

namespace ConnectedCalifornia.Initiatives;

[GenerateSerializer, Immutable, Alias("cc.InitiativeProfile")]
public sealed record InitiativeProfile(
    [property: Id(0)] string Name,
    [property: Id(1)] string Description,
    [property: Id(2)] ImmutableArray<string> Counties);

/// <summary>A goal with live progress, e.g. 700,000 signatures or 200 volunteers trained.</summary>
[GenerateSerializer, Immutable, Alias("cc.InitiativeGoal")]
public sealed record InitiativeGoal(
    [property: Id(0)] string Id,
    [property: Id(1)] string Title,
    [property: Id(2)] long Target,
    [property: Id(3)] long Progress,
    [property: Id(4)] string Unit);

[GenerateSerializer, Immutable, Alias("cc.InitiativeDetails")]
public sealed record InitiativeDetails(
    [property: Id(0)] string Id,
    [property: Id(1)] InitiativeProfile Profile,
    [property: Id(2)] ImmutableArray<string> Organizations,
    [property: Id(3)] ImmutableArray<InitiativeGoal> Goals,
    [property: Id(4)] long Version,
    [property: Id(5)] DateTimeOffset UpdatedAt);

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

    /// <summary>The newest recorded changes, newest first.</summary>
    [Alias("GetHistory")]
    Task<ImmutableArray<Directory.ChangeRecord>> GetHistory(int max);
}
