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
    public const int MaxHowToHelpLength = 2000;
    public const int MaxRequests = 200;

    private const string What = "Initiative";

    protected override string CatalogKey => GrainKeys.InitiativeCatalog;

    public Task<InitiativeDetails?> GetDetails() => Task.FromResult(State.Profile is { } profile
        ? new InitiativeDetails(Key, profile, State.Organizations, State.Goals, State.Version, State.UpdatedAt) { Requests = Normalize.Array(State.Requests) }
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
        if (goal.Measure == GoalMeasure.Money && goal.Unit.Length == 0)
        {
            goal = goal with { Unit = "dollars" };
        }

        v.Key("goal.id", goal.Id, "The goal's id");
        v.Required("goal.title", goal.Title, FieldValidator.MaxNameLength, "The goal's title");
        v.Required("goal.unit", goal.Unit, MaxUnitLength, "The goal's unit");
        v.Defined("goal.measure", goal.Measure, "What the goal counts");
        if (goal.Target is <= 0 or > MaxTarget)
        {
            v.Add("goal.target", $"The target must be more than 0 and at most {ChangeLog.Count(MaxTarget)}.");
        }

        if (goal.Deadline is { } deadline && (deadline.Year < 2000 || deadline.Year > 2100))
        {
            v.Add("goal.deadline", "The deadline must be a day between the years 2000 and 2100.");
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

        // An existing goal keeps its progress: progress only moves through RecordContribution.
        var next = existing is null
            ? goal with { Verified = 0, ByOrganization = [], ByCounty = [] }
            : goal with { Progress = existing.Progress, Verified = existing.Verified, ByOrganization = existing.ByOrganization, ByCounty = existing.ByCounty };
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
            existing is null ? $"New goal: {next.Title}, {Amount(next, next.Target)}" : $"Goal updated: {next.Title}, {Amount(next, next.Target)}");
    }

    public Task<CommandResult> RecordProgress(string goalId, long amount, Actor actor) =>
        RecordContribution(new GoalContribution(goalId, amount, 0, null, null), actor);

    public async Task<CommandResult> RecordContribution(GoalContribution contribution, Actor actor)
    {
        if (!State.Exists)
        {
            return CommandResult.Missing(What);
        }

        var v = new FieldValidator();
        ValidateActor(v, actor);
        if (contribution is null)
        {
            v.Add("contribution", "The progress to record is required.");
            return v.ToResult();
        }

        InitiativeGoal? goal = null;
        if (v.Key("goalId", contribution.GoalId, "The goal's id"))
        {
            goal = State.Goals.FirstOrDefault(g => g.Id == contribution.GoalId);
            if (goal is null)
            {
                v.Add("goalId", $"This initiative has no goal '{contribution.GoalId}'.");
            }
        }

        var raw = contribution.Raw;
        var verified = contribution.Verified;
        if (raw > MaxTarget || raw < -MaxTarget)
        {
            v.Add("amount", $"The amount must be between -{ChangeLog.Count(MaxTarget)} and {ChangeLog.Count(MaxTarget)}.");
        }

        if (verified > MaxTarget || verified < -MaxTarget)
        {
            v.Add("verified", $"The verified amount must be between -{ChangeLog.Count(MaxTarget)} and {ChangeLog.Count(MaxTarget)}.");
        }

        if (raw == 0 && verified == 0)
        {
            v.Add("amount", "Enter an amount other than 0.");
        }

        if (goal is not null && verified != 0 && !goal.TracksVerified)
        {
            v.Add("verified", $"The goal '{goal.Title}' does not count verified numbers.");
        }

        var organizationId = Normalize.OptionalText(contribution.OrganizationId);
        if (organizationId is not null && !State.Organizations.Contains(organizationId))
        {
            v.Add("organizationId", "Progress is recorded for an organization that takes part in the initiative.");
        }

        var county = Normalize.OptionalText(contribution.County);
        if (county is not null && (!California.IsCounty(county) || (!State.Profile!.Counties.IsDefaultOrEmpty && !State.Profile.Counties.Contains(county))))
        {
            v.Add("county", State.Profile!.Counties.IsDefaultOrEmpty
                ? "Choose a California county."
                : "Choose one of the initiative's counties: " + string.Join(", ", State.Profile.Counties.Select(California.NameOf)) + ".");
        }

        InitiativeGoal? next = null;
        if (!v.HasErrors && goal is not null)
        {
            next = goal with
            {
                Progress = goal.Progress + raw,
                Verified = goal.Verified + verified,
                ByOrganization = organizationId is null ? goal.ByOrganization : Add(Normalize.Array(goal.ByOrganization), organizationId, raw, verified),
                ByCounty = county is null ? goal.ByCounty : Add(Normalize.Array(goal.ByCounty), county, raw, verified),
            };
            var tallies = Normalize.Array(next.ByOrganization).Concat(Normalize.Array(next.ByCounty));
            if (next.Progress < 0 || next.Verified < 0 || tallies.Any(t => t.Raw < 0 || t.Verified < 0))
            {
                v.Add("amount", $"Progress cannot go below 0: it is {Amount(goal, goal.Progress)}{(goal.TracksVerified ? $", {Amount(goal, goal.Verified)} verified" : string.Empty)}.");
            }
            else if (next.Progress > MaxProgress || next.Verified > MaxProgress)
            {
                v.Add("amount", $"Progress cannot go above {ChangeLog.Count(MaxProgress)}.");
            }
            else if (next.Verified > next.Progress || tallies.Any(t => t.Verified > t.Raw))
            {
                v.Add("verified", "More cannot be verified than was collected: record the collected amount first.");
            }
        }

        if (v.HasErrors)
        {
            return v.ToResult();
        }

        var changes = StartChanges(actor);
        var where = string.Join(", ", new[] { organizationId, county is null ? null : California.NameOf(county) + " County" }.OfType<string>());
        changes.Record($"goals.{goal!.Id}.progress", Progress(goal), Progress(next!) + (where.Length > 0 ? $" ({where})" : string.Empty));
        var summary = raw >= 0 && verified >= 0
            ? $"{Recorded(next!, raw, verified)} recorded ({Of(next!)})"
            : $"Correction: {Recorded(next!, -raw, -verified)} taken off ({Of(next!)})";
        return await CommitAsync(State with { Goals = State.Goals.Replace(goal, next!) }, changes, AnnouncementKinds.InitiativeGoal, summary);
    }

    public async Task<CommandResult> RequestMembership(string organizationId, bool join, Actor actor)
    {
        if (!State.Exists)
        {
            return CommandResult.Missing(What);
        }

        var v = new FieldValidator();
        ValidateActor(v, actor);
        var name = await ExistingOrganization.NameAsync(GrainFactory, v, "organizationId", organizationId);
        var requests = Normalize.Array(State.Requests);
        if (name is not null)
        {
            var member = State.Organizations.Contains(organizationId);
            if (join && member)
            {
                v.Add("organizationId", $"{name} already takes part in this initiative.");
            }
            else if (!join && !member)
            {
                v.Add("organizationId", $"{name} does not take part in this initiative.");
            }
            else if (join && State.Organizations.Length >= MaxOrganizations)
            {
                v.Add("organizationId", $"An initiative has at most {MaxOrganizations} organizations.");
            }
            else if (requests.Length >= MaxRequests && !requests.Any(r => r.OrganizationId == organizationId))
            {
                v.Add("organizationId", "Too many requests are waiting for a curator; try again later.");
            }
        }

        if (v.HasErrors)
        {
            return v.ToResult();
        }

        var existing = requests.FirstOrDefault(r => r.OrganizationId == organizationId);
        if (existing is not null && existing.Join == join)
        {
            return CommandResult.Ok(State.Version);
        }

        var changes = StartChanges(actor);
        var request = new InitiativeMembershipRequest(organizationId, join, changes.At, actor.DisplayName);
        changes.Record("requests", existing is null ? null : DescribeRequest(existing), DescribeRequest(request));
        return await CommitAsync(
            State with { Requests = existing is null ? requests.Add(request) : requests.Replace(existing, request) },
            changes,
            AnnouncementKinds.InitiativeUpdated,
            join ? $"{name} asks to join" : $"{name} asks to leave");
    }

    public async Task<CommandResult> DecideRequest(string organizationId, bool approve, Actor actor)
    {
        if (!State.Exists)
        {
            return CommandResult.Missing(What);
        }

        var v = new FieldValidator();
        ValidateActor(v, actor);
        var requests = Normalize.Array(State.Requests);
        var request = requests.FirstOrDefault(r => r.OrganizationId == organizationId);
        if (request is null)
        {
            v.Add("organizationId", "This organization has no open request to join or leave.");
        }

        if (v.HasErrors)
        {
            return v.ToResult();
        }

        var changes = StartChanges(actor);
        changes.Record("requests", DescribeRequest(request!), approve ? "approved" : "declined");
        var organizations = State.Organizations;
        if (approve && request!.Join && !organizations.Contains(organizationId))
        {
            changes.Record("organizations", null, organizationId);
            organizations = organizations.Add(organizationId);
        }
        else if (approve && !request!.Join && organizations.Contains(organizationId))
        {
            changes.Record("organizations", organizationId, null);
            organizations = organizations.Remove(organizationId);
        }

        var name = (await GrainFactory.GetGrain<IOrganizationGrain>(organizationId).GetDetails())?.Profile.Name ?? organizationId;
        return await CommitAsync(
            State with { Requests = requests.Remove(request!), Organizations = organizations },
            changes,
            AnnouncementKinds.InitiativeUpdated,
            !approve ? $"A request of {name} was declined"
                : request!.Join ? $"{name} joined ({Text.Count(organizations.Length, "organization")})" : $"{name} left ({Text.Count(organizations.Length, "organization")})");
    }

    protected override CatalogEntry ToCatalogEntry(InitiativeState state) =>
        new(Key, state.Profile!.Name, state.Profile.Counties, "initiative", state.Version);

    protected override ImmutableArray<string> TopicsOf(InitiativeState state) => [Topics.Initiative(Key), Topics.Statewide];

    protected override string TitleOf(InitiativeState state) => state.Profile!.Name;

    private static string Describe(InitiativeGoal goal) =>
        $"{goal.Title}: {Progress(goal)} of {Amount(goal, goal.Target)}"
        + (goal.Deadline is { } deadline ? $" by {deadline:yyyy-MM-dd}" : string.Empty)
        + (goal.TracksVerified ? " (verified counts)" : string.Empty);

    private static string Progress(InitiativeGoal goal) =>
        goal.TracksVerified ? $"{Number(goal, goal.Progress)}, {ChangeLog.Count(goal.Verified)} verified" : Number(goal, goal.Progress);

    /// <summary>A bare amount: "$12,500" for money, "1,200" otherwise.</summary>
    private static string Number(InitiativeGoal goal, long amount) => goal.Measure == GoalMeasure.Money ? $"${ChangeLog.Count(amount)}" : ChangeLog.Count(amount);

    /// <summary>"12,400 of 700,000" (verified ones when the goal counts them), "$500 of $10,000" for money.</summary>
    private static string Of(InitiativeGoal goal) => $"{Number(goal, goal.Counted)} of {Number(goal, goal.Target)}{(goal.TracksVerified ? " verified" : string.Empty)}";

    /// <summary>An amount in the goal's unit: "$12,500" for money, "1,200 signatures" otherwise.</summary>
    internal static string Amount(InitiativeGoal goal, long amount) =>
        goal.Measure == GoalMeasure.Money ? $"${ChangeLog.Count(amount)}" : $"{ChangeLog.Count(amount)} {goal.Unit}";

    private static string Recorded(InitiativeGoal goal, long raw, long verified) =>
        raw != 0 && verified != 0 ? $"{Amount(goal, raw)}, {ChangeLog.Count(verified)} verified"
        : raw != 0 ? Amount(goal, raw)
        : $"{ChangeLog.Count(verified)} verified";

    private static ImmutableArray<GoalTally> Add(ImmutableArray<GoalTally> tallies, string key, long raw, long verified)
    {
        var existing = tallies.FirstOrDefault(t => t.Key == key);
        return existing is null
            ? tallies.Add(new GoalTally(key, raw, verified))
            : tallies.Replace(existing, existing with { Raw = existing.Raw + raw, Verified = existing.Verified + verified });
    }

    private static string DescribeRequest(InitiativeMembershipRequest request) =>
        $"{request.OrganizationId}: asks to {(request.Join ? "join" : "leave")}";

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
        normalized = normalized with { HowToHelp = Normalize.Text(profile.HowToHelp) };
        v.MaxLength("howToHelp", normalized.HowToHelp, MaxHowToHelpLength, "How to help");
        return normalized;
    }

    private static void RecordProfile(ChangeLog changes, InitiativeProfile? before, InitiativeProfile after)
    {
        changes.Record("name", before?.Name, after.Name);
        changes.Record("description", before?.Description, before is null && after.Description.Length == 0 ? null : after.Description);
        changes.Record("counties", before is null ? null : ChangeLog.Join(before.Counties), ChangeLog.Join(after.Counties));
        changes.Record("howToHelp", before?.HowToHelp, before is null && after.HowToHelp.Length == 0 ? null : after.HowToHelp);
    }
}
