using System.Collections.Immutable;
using System.Security.Claims;
using ConnectedCalifornia.Calendars;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Web.Authorization;

namespace ConnectedCalifornia.Web.Insights;

/// <summary>
/// One line of the training-coverage tables (an agency, a county, or the state): completions (certificates),
/// people trained (distinct people who completed any training for the agency), people with a Proposition 35
/// training, and the credit hours, shown only where the completions are (they would tell a hidden count by division).
/// </summary>
public sealed record TrainingLine(
    string Key,
    string Label,
    string County,
    string CountyName,
    string? Kind,
    bool LawEnforcement,
    OutcomeCount Completions,
    OutcomeCount PeopleTrained,
    OutcomeCount Prop35Trained,
    decimal? CreditHours);

/// <summary>An agency where no one is trained: a law-enforcement or prosecution agency with no Proposition 35 completion, or any other organization with no completion at all.</summary>
public sealed record UntrainedAgency(string OrganizationId, string Name, string Kind, bool LawEnforcement, string County, string CountyName, bool AnyTraining);

/// <summary>
/// Proposition 35 training coverage: the state line, one line per county (agencies counted in the first county
/// they list) and per agency, and the agencies where no one is trained (law enforcement and prosecution first).
/// Counts of 1–4, and counts that would reveal them by subtraction, are <see cref="OutcomeCount.Hidden"/>.
/// </summary>
public sealed record TrainingCoverageReport(
    bool Statewide,
    TrainingLine State,
    ImmutableArray<TrainingLine> ByCounty,
    ImmutableArray<TrainingLine> ByAgency,
    ImmutableArray<UntrainedAgency> NoOneTrained,
    int HiddenToProtectOthers,
    DateTimeOffset ComputedAt);

/// <summary>Builds the training-coverage tables from the training records and the organization catalog, and suppresses small counts across all of them at once.</summary>
public static class TrainingCoverageModel
{
    /// <summary>The key of the line of completions made for no agency of the network (none stated, or not in the catalog).</summary>
    public const string NoAgency = "";

    /// <summary>The county key of agencies that list no county.</summary>
    public const string NoCounty = "";

    public static bool IsLawEnforcement(string? kind) =>
        kind is nameof(OrganizationKind.LawEnforcement) or nameof(OrganizationKind.Prosecution);

    /// <summary>
    /// The statewide report. Every count (each column of every agency, county and the state line) goes into one
    /// <see cref="Suppression"/> with the relations between them: a county's column is the sum of its agencies',
    /// the state's the sum of the counties'.
    /// </summary>
    public static TrainingCoverageReport Build(IEnumerable<TrainingCompletion> completions, IEnumerable<CatalogEntry> organizations, DateTimeOffset now)
    {
        var catalog = organizations.GroupBy(o => o.Id, StringComparer.Ordinal).Select(g => g.MaxBy(o => o.Version)!).ToDictionary(o => o.Id, StringComparer.Ordinal);
        var all = completions.ToList();
        var byAgency = all.GroupBy(c => c.OrganizationId is { } id && catalog.ContainsKey(id) ? id : NoAgency, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

        var suppression = new Suppression();
        var agencies = catalog.Values
            .Select(o => Line.Of(suppression, o.Id, o.Name, HomeCounty(o), o.Category, byAgency.GetValueOrDefault(o.Id) ?? [], cost: 1))
            .ToList();
        if (byAgency.TryGetValue(NoAgency, out var unattached))
        {
            agencies.Add(Line.Of(suppression, NoAgency, "No agency of the network", NoCounty, null, unattached, cost: 1));
        }

        var counties = agencies.GroupBy(a => a.County, StringComparer.Ordinal)
            .Select(g => Line.Sum(suppression, g.Key, g.Key == NoCounty ? "No county listed" : California.NameOf(g.Key), g.ToList(), cost: 2))
            .ToList();
        var state = Line.Sum(suppression, "CA", "California", counties, cost: 10);
        suppression.Solve();

        var published = agencies.Select(a => a.Publish(suppression)).ToList();
        var untrained = agencies.Where(a => a.Key != NoAgency && (IsLawEnforcement(a.Kind) ? a.Prop35People == 0 : a.People == 0))
            .Select(a => new UntrainedAgency(a.Key, a.Label, a.Kind ?? string.Empty, IsLawEnforcement(a.Kind), a.County, CountyName(a.County), a.People > 0))
            .OrderByDescending(a => a.LawEnforcement).ThenBy(a => a.CountyName, StringComparer.Ordinal).ThenBy(a => a.Name, StringComparer.OrdinalIgnoreCase)
            .ToImmutableArray();
        return new TrainingCoverageReport(
            true,
            state.Publish(suppression),
            [.. counties.Select(c => c.Publish(suppression)).OrderBy(c => c.Key == NoCounty).ThenBy(c => c.Label, StringComparer.Ordinal)],
            // Agencies with a completion, and every law-enforcement or prosecution agency (Proposition 35 is theirs); others with none are in NoOneTrained.
            [.. published.Where(a => a.Completions is not { Value: 0 } || a.LawEnforcement)
                .OrderByDescending(a => a.LawEnforcement).ThenBy(a => a.CountyName, StringComparer.Ordinal).ThenBy(a => a.Label, StringComparer.OrdinalIgnoreCase)],
            untrained,
            suppression.Complementary,
            now);
    }

    /// <summary>What a task-force lead sees: the lines of their counties (and those counties' agencies) and the state line.</summary>
    public static TrainingCoverageReport Within(TrainingCoverageReport report, IReadOnlySet<string> counties) => report with
    {
        Statewide = false,
        ByCounty = [.. report.ByCounty.Where(c => counties.Contains(c.County))],
        ByAgency = [.. report.ByAgency.Where(a => counties.Contains(a.County))],
        NoOneTrained = [.. report.NoOneTrained.Where(a => counties.Contains(a.County))],
        HiddenToProtectOthers = 0,
    };

    /// <summary>The county an agency is counted in: the first it lists (its seat), or <see cref="NoCounty"/>.</summary>
    public static string HomeCounty(CatalogEntry organization) =>
        organization.Counties.IsDefaultOrEmpty ? NoCounty : organization.Counties.FirstOrDefault(California.IsCounty) ?? NoCounty;

    private static string CountyName(string county) => county == NoCounty ? "No county listed" : California.NameOf(county);

    /// <summary>The counts of one line, registered with the suppression.</summary>
    private sealed class Line
    {
        public required string Key { get; init; }

        public required string Label { get; init; }

        public required string County { get; init; }

        public string? Kind { get; init; }

        public required int CompletionsCell { get; init; }

        public required int PeopleCell { get; init; }

        public required int Prop35Cell { get; init; }

        public required decimal Hours { get; init; }

        public required int People { get; init; }

        public required int Prop35People { get; init; }

        public static Line Of(Suppression s, string key, string label, string county, string? kind, IReadOnlyList<TrainingCompletion> completions, int cost)
        {
            var people = completions.Select(c => c.PersonKey).Distinct(StringComparer.Ordinal).Count();
            var prop35 = completions.Where(c => c.IsProp35).Select(c => c.PersonKey).Distinct(StringComparer.Ordinal).Count();
            return new Line
            {
                Key = key,
                Label = label,
                County = county,
                Kind = kind,
                CompletionsCell = s.Count(completions.Count, cost),
                PeopleCell = s.Count(people, cost),
                Prop35Cell = s.Count(prop35, cost),
                Hours = completions.Sum(c => c.CreditHours),
                People = people,
                Prop35People = prop35,
            };
        }

        public static Line Sum(Suppression s, string key, string label, IReadOnlyList<Line> parts, int cost)
        {
            var line = new Line
            {
                Key = key,
                Label = label,
                County = key == "CA" ? NoCounty : key,
                CompletionsCell = s.Count(parts.Sum(p => s.Value(p.CompletionsCell)), cost),
                PeopleCell = s.Count(parts.Sum(p => s.Value(p.PeopleCell)), cost),
                Prop35Cell = s.Count(parts.Sum(p => s.Value(p.Prop35Cell)), cost),
                Hours = parts.Sum(p => p.Hours),
                People = parts.Sum(p => p.People),
                Prop35People = parts.Sum(p => p.Prop35People),
            };
            s.Relation(line.CompletionsCell, parts.Select(p => p.CompletionsCell));
            s.Relation(line.PeopleCell, parts.Select(p => p.PeopleCell));
            s.Relation(line.Prop35Cell, parts.Select(p => p.Prop35Cell));
            return line;
        }

        public TrainingLine Publish(Suppression s)
        {
            OutcomeCount Get(int cell) => s.IsHidden(cell) ? OutcomeCount.Hidden : OutcomeCount.Shown(s.Value(cell));
            var completions = Get(CompletionsCell);
            return new TrainingLine(
                Key,
                Label,
                County,
                CountyName(County),
                Kind,
                IsLawEnforcement(Kind),
                completions,
                Get(PeopleCell),
                Get(Prop35Cell),
                completions.Suppressed ? null : Hours);
        }
    }
}

/// <summary>
/// This node's training-coverage read model. Its sources are the training records (written by the event grain
/// when a certificate is issued or revoked; one call returns them only when their revision moved on) and the
/// organization catalog (its stamp says when it changed): the tables and their suppression are computed again
/// only then. No event or organization grain is read on a page load.
/// </summary>
public sealed class TrainingCoverageIndex(IGrainFactory grains, TimeProvider clock)
{
    private volatile Computed? _computed;

    public async Task<TrainingCoverageReport> StatewideAsync()
    {
        var computed = _computed;
        var catalog = grains.GetGrain<ICatalogGrain>(GrainKeys.OrganizationCatalog);
        var fresh = await grains.GetGrain<ITrainingRecordsGrain>(GrainKeys.TrainingRecords).GetCompletions(computed?.Revision ?? -1);
        var stamp = await catalog.Stamp();
        if (computed is not null && fresh is null && stamp == computed.Stamp)
        {
            return computed.Report;
        }

        var completions = fresh ?? new TrainingCompletionSet(computed!.Revision, computed.Completions);
        var report = TrainingCoverageModel.Build(completions.Completions, await catalog.List(), clock.GetUtcNow());
        _computed = new Computed(completions.Revision, stamp, completions.Completions, report);
        return report;
    }

    private sealed record Computed(long Revision, CatalogStamp Stamp, ImmutableArray<TrainingCompletion> Completions, TrainingCoverageReport Report);
}

/// <summary>What the training-coverage page and API show one person: the statewide report, or a lead's counties of it.</summary>
public sealed class TrainingCoverageService(TrainingCoverageIndex index, NetworkAuthorizer authorizer)
{
    /// <summary>The counties this person may see (null when they may not see training coverage).</summary>
    public Task<CoverageScope?> ScopeAsync(ClaimsPrincipal user) => authorizer.InsightsScopeAsync(user, NetworkAction.ViewTrainingCoverage);

    /// <summary>The report for this person; null when they may not see training coverage.</summary>
    public async Task<TrainingCoverageReport?> ReportAsync(ClaimsPrincipal user)
    {
        if (await ScopeAsync(user) is not { } scope)
        {
            return null;
        }

        var report = await index.StatewideAsync();
        return scope.Statewide ? report : TrainingCoverageModel.Within(report, scope.Counties);
    }
}
