using System.Collections.Immutable;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConnectedCalifornia.Referrals;

/// <summary>
/// What a referral index stores: the newest summary of each referral, by id; in the registry, the
/// purged referrals only as counts (<see cref="Settled"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("cc.ReferralIndexState")]
public sealed record ReferralIndexState
{
    [Id(0)]
    public ImmutableDictionary<string, ReferralSummary> Rows { get; init; } = ImmutableDictionary<string, ReferralSummary>.Empty;

    /// <summary>Registry only: the counts of referrals whose rows it no longer keeps.</summary>
    [Id(1)]
    public ReferralTally Settled { get; init; } = new();

    /// <summary>Registry only: the outcome facts of the referrals whose rows it no longer keeps, counted by <see cref="ReferralOutcomeFacts.Key"/>.</summary>
    [Id(2)]
    public ImmutableDictionary<string, int> SettledOutcomes { get; init; } = ImmutableDictionary<string, int>.Empty;

    /// <summary>Counts up with every change stored, so a reader of the outcome facts knows whether its copy is current.</summary>
    [Id(3)]
    public long Revision { get; init; }
}

/// <summary>
/// What the statistics count of referrals, without the referrals: totals by county, service and
/// outcome, and how many answers took each whole number of minutes (an answer comes within the
/// 14 days before expiry, so this stays small however many referrals there are).
/// </summary>
[GenerateSerializer, Immutable, Alias("cc.ReferralTally")]
public sealed record ReferralTally
{
    [Id(0)]
    public int Total { get; init; }

    [Id(1)]
    public ImmutableDictionary<string, int> ByCounty { get; init; } = ImmutableDictionary<string, int>.Empty;

    [Id(2)]
    public ImmutableDictionary<string, int> ByService { get; init; } = ImmutableDictionary<string, int>.Empty;

    [Id(3)]
    public ImmutableDictionary<string, int> ByOutcome { get; init; } = ImmutableDictionary<string, int>.Empty;

    [Id(4)]
    public ImmutableDictionary<int, int> MinutesToAnswer { get; init; } = ImmutableDictionary<int, int>.Empty;

    public ReferralTally Add(ReferralSummary r) => this with
    {
        Total = Total + 1,
        ByCounty = Increment(ByCounty, r.County),
        ByService = r.Services.IsDefault ? ByService : r.Services.Aggregate(ByService, Increment),
        ByOutcome = Increment(ByOutcome, OutcomeKey(r)),
        MinutesToAnswer = r.AnsweredAt is { } answered
            ? Increment(MinutesToAnswer, (int)Math.Round((answered - r.SentAt).TotalMinutes))
            : MinutesToAnswer,
    };

    /// <summary>The median minutes to answer; null under <see cref="ReferralStatistics.SuppressBelow"/> answers.</summary>
    public double? MedianMinutesToAnswer()
    {
        var answers = MinutesToAnswer.Values.Sum();
        if (answers < ReferralStatistics.SuppressBelow)
        {
            return null;
        }

        // The middle answer (odd count) or the two middle ones (even count), walking the sorted minutes.
        int low = (answers - 1) / 2, high = answers / 2, seen = 0;
        int? lowValue = null;
        foreach (var (minutes, count) in MinutesToAnswer.OrderBy(p => p.Key))
        {
            seen += count;
            if (lowValue is null && seen > low)
            {
                lowValue = minutes;
            }

            if (seen > high)
            {
                return (lowValue!.Value + minutes) / 2.0;
            }
        }

        return null;
    }

    internal static string OutcomeKey(ReferralSummary r) => r.Status switch
    {
        ReferralStatus.Completed or ReferralStatus.Closed when r.Outcome is { } outcome => outcome.ToString(),
        ReferralStatus.Declined => "Declined",
        ReferralStatus.Withdrawn or ReferralStatus.Expired => r.Status.ToString(),
        _ => "Open",
    };

    private static ImmutableDictionary<TKey, int> Increment<TKey>(ImmutableDictionary<TKey, int> counts, TKey key)
        where TKey : notnull =>
        counts.SetItem(key, counts.GetValueOrDefault(key) + 1);
}

/// <summary>
/// An organization's inbox and outbox, or (key <see cref="ReferralKeys.Registry"/>) every referral:
/// the statistics and the sweep read it. Summaries carry no identifying details. The registry keeps
/// a row only until the referral is purged (90 days after closing): a purged referral is never due
/// and never changes a statistic again, so its row becomes counts in <see cref="ReferralIndexState.Settled"/>,
/// and what the registry rewrites on each change stays the open and recently closed referrals
/// instead of every referral the network ever made.
/// </summary>
public sealed class ReferralIndexGrain(
    [PersistentState("referral-index", StorageNames.Network)] IPersistentState<ReferralIndexState> state,
    [FromKeyedServices(NetworkClock.Key)] TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<ReferralOptions> options,
    ILogger<ReferralIndexGrain> logger)
    : Grain, IReferralIndexGrain
{
    private string Key => this.GetPrimaryKeyString();

    private bool IsRegistry => Key == ReferralKeys.Registry;

    public async Task Upsert(ReferralSummary summary)
    {
        var rows = state.State.Rows;
        var held = rows.GetValueOrDefault(summary.Id);
        if (held is not null && held.Version >= summary.Version)
        {
            return;
        }

        if (IsRegistry && summary.Purged)
        {
            // Without a row the referral is counted already (a change after its purge, such as a
            // withdrawn consent), so it is not counted twice.
            if (held is not null)
            {
                await state.WriteOrRestoreAsync(state.State with
                {
                    Rows = rows.Remove(summary.Id),
                    Settled = state.State.Settled.Add(summary),
                    SettledOutcomes = ReferralOutcomeFacts.Add(state.State.SettledOutcomes, [ReferralOutcomeFacts.Of(summary)]),
                    Revision = state.State.Revision + 1,
                });
            }

            return;
        }

        await state.WriteOrRestoreAsync(state.State with { Rows = rows.SetItem(summary.Id, summary), Revision = state.State.Revision + 1 });
    }

    public Task<ReferralOutcomeFactSet?> GetOutcomeFacts(long knownRevision)
    {
        if (!IsRegistry || state.State.Revision <= knownRevision)
        {
            return Task.FromResult<ReferralOutcomeFactSet?>(null);
        }

        // The rows and the kept counts, added up by key: one fact per distinct (county, service, month, class, minutes).
        var counts = ReferralOutcomeFacts.Add(state.State.SettledOutcomes, state.State.Rows.Values.Select(ReferralOutcomeFacts.Of));
        ImmutableArray<ReferralOutcomeFact> facts = [.. counts.Select(c => ReferralOutcomeFacts.Parse(c.Key, c.Value)).OfType<ReferralOutcomeFact>()];
        return Task.FromResult<ReferralOutcomeFactSet?>(new ReferralOutcomeFactSet(state.State.Revision, facts));
    }

    public async Task<bool> SeedSettledOutcomes(ImmutableArray<ReferralOutcomeFact> facts)
    {
        if (!IsRegistry || !state.State.SettledOutcomes.IsEmpty || facts.IsDefaultOrEmpty)
        {
            return false;
        }

        await state.WriteOrRestoreAsync(state.State with
        {
            SettledOutcomes = ReferralOutcomeFacts.Add(state.State.SettledOutcomes, facts),
            Revision = state.State.Revision + 1,
        });
        return true;
    }

    public Task<ImmutableArray<ReferralSummary>> List(bool inbox) =>
        Task.FromResult<ImmutableArray<ReferralSummary>>(
        [
            .. state.State.Rows.Values
                .Where(r => IsRegistry || (inbox ? r.ToOrganizationId == Key : r.FromOrganizationId == Key))
                .OrderByDescending(r => r.SentAt),
        ]);

    public async Task<ReferralStatistics> GetStatistics()
    {
        var tally = state.State.Rows.Values.Aggregate(state.State.Settled, (t, r) => t.Add(r));
        var median = tally.MedianMinutesToAnswer();
        // Services by the curators' current labels (a term they added or renamed shows as they named it).
        var taxonomy = await GrainFactory.GetGrain<ITaxonomyGrain>(GrainKeys.Taxonomy).GetVocabularies();
        return new ReferralStatistics(
            ReferralStatistics.Suppress(tally.Total),
            Counts(tally.ByCounty, California.NameOf),
            Counts(tally.ByService, code => taxonomy.Find(Vocabulary.Services, code)?.Label ?? code),
            Counts(tally.ByOutcome, OutcomeLabel),
            median is null ? null : Math.Round(median.Value / 60, 1),
            ReferralStatistics.Suppress(tally.MinutesToAnswer.Values.Sum()),
            clock.GetUtcNow());
    }

    private static ImmutableArray<ReferralCount> Counts(ImmutableDictionary<string, int> counts, Func<string, string> label) =>
    [
        .. counts.Select(c => new ReferralCount(c.Key, label(c.Key), ReferralStatistics.Suppress(c.Value)))
            .OrderBy(c => c.Label, StringComparer.Ordinal),
    ];

    public async Task<ReferralSweepResult> Sweep()
    {
        var now = clock.GetUtcNow();
        var expireAfter = options.Value.ExpireUnansweredAfter;
        var noticeBefore = options.Value.ExpiryNoticeBefore;
        var due = state.State.Rows.Values.Where(r => IsDue(r, now, expireAfter, noticeBefore)).Select(r => r.Id).ToList();
        int escalated = 0, expired = 0, lapsed = 0, purged = 0, failures = 0;
        foreach (var id in due)
        {
            try
            {
                var result = await GrainFactory.GetGrain<IReferralGrain>(id).Tick();
                escalated += result.Escalated ? 1 : 0;
                expired += result.Expired ? 1 : 0;
                lapsed += result.ConsentLapsed ? 1 : 0;
                purged += result.Purged ? 1 : 0;
            }
            catch (Exception exception)
            {
                failures++;
                ReferralLog.TickFailed(logger, exception, id);
            }
        }

        if (due.Count > 0)
        {
            ReferralLog.Swept(logger, due.Count, escalated, expired, lapsed, purged, failures);
        }

        return new ReferralSweepResult(due.Count, escalated, expired, lapsed, purged, failures);
    }

    /// <summary>Something is due: an escalation not yet made, an expiry notice not yet sent, an expiry, a consent's end, or the purge.</summary>
    private static bool IsDue(ReferralSummary r, DateTimeOffset now, TimeSpan expireAfter, TimeSpan noticeBefore) =>
        (ReferralVocabulary.IsAwaitingAnswer(r.Status)
            && ((now >= r.AnswerDueAt && r.EscalatedAt is null) || (now >= r.SentAt + expireAfter - noticeBefore && r.ExpiryWarnedAt is null) || now >= r.SentAt + expireAfter))
        || (r.ConsentExpiresAt is { } consent && now >= consent)
        || (!r.Purged && r.PurgeAt is { } purge && now >= purge);

    private static string OutcomeLabel(string key) =>
        Enum.TryParse<ReferralOutcome>(key, out var outcome) ? ReferralVocabulary.Label(outcome)
        : key == "Open" ? "Open (not yet closed)"
        : key;
}
