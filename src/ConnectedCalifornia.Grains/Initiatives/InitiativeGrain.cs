using System.Collections.Immutable;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.TaskForces;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConnectedCalifornia.Initiatives;

/// <summary>
/// A shared initiative (key: its slug): its profile, the organizations that run it, and goals
/// with live progress. Announces to its own topic and statewide.
/// </summary>
public sealed class InitiativeGrain(
    [PersistentState("initiative", StorageNames.Network)] IPersistentState<InitiativeState> state,
    AnnouncementPublisher publisher,
    [FromKeyedServices(NetworkClock.Key)] TimeProvider clock,
    ILogger<InitiativeGrain> logger)
    : ParticipantGrain<InitiativeState>(state, publisher, clock, logger), IInitiativeGrain
{
    public const long MaxTarget = 1_000_000_000;
    public const long MaxProgress = 1_000_000_000_000;
    public const int MaxGoals = 20;
    public const int MaxOrganizations = 500;
    public const int MaxUnitLength = 40;

    private const string What = "Initiative";

    protected override string CatalogKey => GrainKeys.InitiativeCatalog;

    public Task<InitiativeDetails?> GetDetails() => Task.FromResult(State.Profile is { } profile
        ? new InitiativeDetails(Key, profile, State.Organizations, State.Goals, State.Version, State.UpdatedAt)
        : null);

    public Task<ImmutableArray<ChangeRecord>> GetHistory(int max) => Task.FromResult(ChangeLog.Newest(State.History, max));

    public async Task<CommandResult> Create(InitiativeProfile profile, Actor actor)
    {
        var v = new FieldValidator();
        v.Key("id", Key, "The initiative's id");
        ValidateActor(v, actor);
        if (State.Exists)
        {
            v.Add("id", $"An initiative with the id '{Key}' already exists.");
        }

        var normalized = Validate(profile, v);
        if (v.HasErrors)
        {
            return v.ToResult();
        }

        var changes = StartChanges(actor);
        RecordProfile(changes, null, normalized);
        return await CommitAsync(State with { Profile = normalized, CreatedAt = changes.At }, changes, AnnouncementKinds.InitiativeCreated, "Initiative launched");
    }

    public async Task<CommandResult> UpdateProfile(InitiativeProfile profile, Actor actor)
    {
        if (!State.Exists)
        {
            return CommandResult.Missing(What);
        }

        var v = new FieldValidator();
        ValidateActor(v, actor);
        var normalized = Validate(profile, v);
        if (v.HasErrors)
        {
            return v.ToResult();
        }

        var changes = StartChanges(actor);
        RecordProfile(changes, State.Profile, normalized);
        if (changes.IsEmpty)
        {
            return CommandResult.Ok(State.Version);
        }

        return await CommitAsync(State with { Profile = normalized }, changes, AnnouncementKinds.InitiativeUpdated, "Profile updated: " + string.Join(", ", changes.Fields));
    }

    public async Task<CommandResult> AddOrganization(string organizationId, Actor actor)
    {
        if (!State.Exists)
        {
            return CommandResult.Missing(What);
        }

        var v = new FieldValidator();
        ValidateActor(v, actor);
        if (!State.Organizations.Contains(organizationId) && State.Organizations.Length >= MaxOrganizations)
        {
            v.Add("organizationId", $"An initiative has at most {MaxOrganizations} organizations.");
        }

        var name = await ExistingOrganization.NameAsync(GrainFactory, v, "organizationId", organizationId);
        if (v.HasErrors)
        {
            return v.ToResult();
        }

        if (State.Organizations.Contains(organizationId))
        {
            return CommandResult.Ok(State.Version);
        }

        var changes = StartChanges(actor);
        changes.Record("organizations", null, organizationId);
        var organizations = State.Organizations.Add(organizationId);
        return await CommitAsync(State with { Organizations = organizations }, changes, AnnouncementKinds.InitiativeUpdated, $"{name} joined ({Text.Count(organizations.Length, "organization")})");
    }

    public async Task<CommandResult> RemoveOrganization(string organizationId, Actor actor)
    {
        if (!State.Exists)
        {
            return CommandResult.Missing(What);
        }

        var v = new FieldValidator();
        ValidateActor(v, actor);
        v.Key("organizationId", organizationId, "The organization's id");
        if (v.HasErrors)
        {
            return v.ToResult();
        }

        if (!State.Organizations.Contains(organizationId))
        {
            return CommandResult.Ok(State.Version);
        }

        var changes = StartChanges(actor);
        changes.Record("organizations", organizationId, null);
        var organizations = State.Organizations.Remove(organizationId);
        return await CommitAsync(State with { Organizations = organizations }, changes, AnnouncementKinds.InitiativeUpdated, $"An organization left ({Text.Count(organizations.Length, "organization")})");
    }

    public async Task<CommandResult> SetGoal(InitiativeGoal goal, Actor actor)
    {
        if (!State.Exists)
        {
            return CommandResult.Missing(What);
        }

        var v = new FieldValidator();
        ValidateActor(v, actor);
        if (goal is null)
        {
            v.Add("goal", "The goal is required.");
            return v.ToResult();
        }

        goal = goal with { Title = Normalize.Text(goal.Title), Unit = Normalize.Text(goal.Unit) };
        v.Key("goal.id", goal.Id, "The goal's id");
        v.Required("goal.title", goal.Title, FieldValidator.MaxNameLength, "The goal's title");
        v.Required("goal.unit", goal.Unit, MaxUnitLength, "The goal's unit");
        if (goal.Target is <= 0 or > MaxTarget)
        {
            v.Add("goal.target", $"The target must be more than 0 and at most {ChangeLog.Count(MaxTarget)}.");
        }

        var existing = State.Goals.FirstOrDefault(g => g.Id == goal.Id);
        if (existing is null)
        {
            if (goal.Progress is < 0 or > MaxProgress)
            {
                v.Add("goal.progress", $"The progress must be between 0 and {ChangeLog.Count(MaxProgress)}.");
            }

            if (State.Goals.Length >= MaxGoals)
            {
                v.Add("goal", $"An initiative has at most {MaxGoals} goals.");
            }
        }

        if (v.HasErrors)
        {
            return v.ToResult();
        }

        // An existing goal keeps its progress: progress only moves through RecordProgress.
        var next = existing is null ? goal : goal with { Progress = existing.Progress };
        if (next == existing)
        {
            return CommandResult.Ok(State.Version);
        }

        var changes = StartChanges(actor);
        changes.Record($"goals.{goal.Id}", existing is null ? null : Describe(existing), Describe(next));
        var goals = existing is null ? State.Goals.Add(next) : State.Goals.Replace(existing, next);
        return await CommitAsync(
            State with { Goals = goals },
            changes,
            AnnouncementKinds.InitiativeGoal,
            existing is null ? $"New goal: {next.Title}, {ChangeLog.Count(next.Target)} {next.Unit}" : $"Goal updated: {next.Title}, {ChangeLog.Count(next.Target)} {next.Unit}");
    }

    public async Task<CommandResult> RecordProgress(string goalId, long amount, Actor actor)
    {
        if (!State.Exists)
        {
            return CommandResult.Missing(What);
        }

        var v = new FieldValidator();
        ValidateActor(v, actor);
        InitiativeGoal? goal = null;
        if (v.Key("goalId", goalId, "The goal's id"))
        {
            goal = State.Goals.FirstOrDefault(g => g.Id == goalId);
            if (goal is null)
            {
                v.Add("goalId", $"This initiative has no goal '{goalId}'.");
            }
        }

        if (amount == 0 || amount > MaxTarget || amount < -MaxTarget)
        {
            v.Add("amount", $"The amount must be between -{ChangeLog.Count(MaxTarget)} and {ChangeLog.Count(MaxTarget)}, and not 0.");
        }
        else if (goal is not null && goal.Progress + amount < 0)
        {
            v.Add("amount", $"Progress cannot go below 0: it is {ChangeLog.Count(goal.Progress)} {goal.Unit}.");
        }
        else if (goal is not null && goal.Progress + amount > MaxProgress)
        {
            v.Add("amount", $"Progress cannot go above {ChangeLog.Count(MaxProgress)}.");
        }

        if (v.HasErrors)
        {
            return v.ToResult();
        }

        var next = goal! with { Progress = goal.Progress + amount };
        var changes = StartChanges(actor);
        changes.Record($"goals.{goal.Id}.progress", ChangeLog.Count(goal.Progress), ChangeLog.Count(next.Progress));
        var summary = amount > 0
            ? $"{ChangeLog.Count(amount)} {next.Unit} recorded ({ChangeLog.Count(next.Progress)} of {ChangeLog.Count(next.Target)})"
            : $"Correction: {ChangeLog.Count(-amount)} {next.Unit} taken off ({ChangeLog.Count(next.Progress)} of {ChangeLog.Count(next.Target)})";
        return await CommitAsync(State with { Goals = State.Goals.Replace(goal, next) }, changes, AnnouncementKinds.InitiativeGoal, summary);
    }

    protected override CatalogEntry ToCatalogEntry(InitiativeState state) =>
        new(Key, state.Profile!.Name, state.Profile.Counties, "initiative", state.Version);

    protected override ImmutableArray<string> TopicsOf(InitiativeState state) => [Topics.Initiative(Key), Topics.Statewide];

    protected override string TitleOf(InitiativeState state) => state.Profile!.Name;

    private static string Describe(InitiativeGoal goal) =>
        $"{goal.Title}: {ChangeLog.Count(goal.Progress)} of {ChangeLog.Count(goal.Target)} {goal.Unit}";

    private static InitiativeProfile Validate(InitiativeProfile? profile, FieldValidator v)
    {
        if (profile is null)
        {
            v.Add("profile", "The profile is required.");
            return null!;
        }

        var normalized = profile with
        {
            Name = Normalize.Text(profile.Name),
            Description = Normalize.Text(profile.Description),
            Counties = Normalize.Codes(profile.Counties),
        };
        v.Required("name", normalized.Name, FieldValidator.MaxNameLength, "Name");
        v.MaxLength("description", normalized.Description, FieldValidator.MaxDescriptionLength, "Description");
        v.Counties("counties", normalized.Counties);
        return normalized;
    }

    private static void RecordProfile(ChangeLog changes, InitiativeProfile? before, InitiativeProfile after)
    {
        changes.Record("name", before?.Name, after.Name);
        changes.Record("description", before?.Description, before is null && after.Description.Length == 0 ? null : after.Description);
        changes.Record("counties", before is null ? null : ChangeLog.Join(before.Counties), ChangeLog.Join(after.Counties));
    }
}
