using System.Collections.Immutable;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConnectedCalifornia.Referrals;

/// <summary>What a referral index stores: the newest summary of each referral, by id.</summary>
[GenerateSerializer, Immutable, Alias("cc.ReferralIndexState")]
public sealed record ReferralIndexState
{
    [Id(0)]
    public ImmutableDictionary<string, ReferralSummary> Rows { get; init; } = ImmutableDictionary<string, ReferralSummary>.Empty;
}

/// <summary>
/// An organization's inbox and outbox, or (key <see cref="ReferralKeys.Registry"/>) every referral:
/// the statistics and the sweep read it. Summaries carry no identifying details.
/// </summary>
public sealed class ReferralIndexGrain(
    [PersistentState("referral-index", StorageNames.Network)] IPersistentState<ReferralIndexState> state,
    [FromKeyedServices(NetworkClock.Key)] TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<ReferralOptions> options,
    ILogger<ReferralIndexGrain> logger)
    : Grain, IReferralIndexGrain
{
    private string Key => this.GetPrimaryKeyString();

    public async Task Upsert(ReferralSummary summary)
    {
        if (state.State.Rows.TryGetValue(summary.Id, out var held) && held.Version >= summary.Version)
        {
            return;
        }

        state.State = state.State with { Rows = state.State.Rows.SetItem(summary.Id, summary) };
        await state.WriteStateAsync();
    }

    public Task<ImmutableArray<ReferralSummary>> List(bool inbox) =>
        Task.FromResult<ImmutableArray<ReferralSummary>>(
        [
            .. state.State.Rows.Values
                .Where(r => Key == ReferralKeys.Registry || (inbox ? r.ToOrganizationId == Key : r.FromOrganizationId == Key))
                .OrderByDescending(r => r.SentAt),
        ]);

    public Task<ReferralStatistics> GetStatistics()
    {
        var rows = state.State.Rows.Values.ToList();
        var byCounty = rows.GroupBy(r => r.County)
            .Select(g => new ReferralCount(g.Key, California.NameOf(g.Key), ReferralStatistics.Suppress(g.Count())))
            .OrderBy(c => c.Label, StringComparer.Ordinal);
        var byService = rows.SelectMany(r => r.Services).GroupBy(s => s)
            .Select(g => new ReferralCount(g.Key, Taxonomy.ServiceLabel(g.Key), ReferralStatistics.Suppress(g.Count())))
            .OrderBy(c => c.Label, StringComparer.Ordinal);
        var byOutcome = rows.GroupBy(OutcomeKey)
            .Select(g => new ReferralCount(g.Key, OutcomeLabel(g.Key), ReferralStatistics.Suppress(g.Count())))
            .OrderBy(c => c.Label, StringComparer.Ordinal);
        var answerHours = rows.Where(r => r.AnsweredAt is not null).Select(r => (r.AnsweredAt!.Value - r.SentAt).TotalHours).Order().ToList();
        double? median = answerHours.Count < ReferralStatistics.SuppressBelow
            ? null
            : answerHours.Count % 2 == 1
                ? answerHours[answerHours.Count / 2]
                : (answerHours[(answerHours.Count / 2) - 1] + answerHours[answerHours.Count / 2]) / 2;
        return Task.FromResult(new ReferralStatistics(
            ReferralStatistics.Suppress(rows.Count),
            [.. byCounty],
            [.. byService],
            [.. byOutcome],
            median is null ? null : Math.Round(median.Value, 1),
            ReferralStatistics.Suppress(answerHours.Count),
            clock.GetUtcNow()));
    }

    public async Task<ReferralSweepResult> Sweep()
    {
        var now = clock.GetUtcNow();
        var expireAfter = options.Value.ExpireUnansweredAfter;
        var due = state.State.Rows.Values.Where(r => IsDue(r, now, expireAfter)).Select(r => r.Id).ToList();
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

    /// <summary>Something is due: an escalation not yet made, an expiry, a consent's end, or the purge.</summary>
    private static bool IsDue(ReferralSummary r, DateTimeOffset now, TimeSpan expireAfter) =>
        (ReferralVocabulary.IsAwaitingAnswer(r.Status) && ((now >= r.AnswerDueAt && r.EscalatedAt is null) || now >= r.SentAt + expireAfter))
        || (r.ConsentExpiresAt is { } consent && now >= consent)
        || (!r.Purged && r.PurgeAt is { } purge && now >= purge);

    private static string OutcomeKey(ReferralSummary r) => r.Status switch
    {
        ReferralStatus.Completed or ReferralStatus.Closed when r.Outcome is { } outcome => outcome.ToString(),
        ReferralStatus.Declined => "Declined",
        ReferralStatus.Withdrawn or ReferralStatus.Expired => r.Status.ToString(),
        _ => "Open",
    };

    private static string OutcomeLabel(string key) =>
        Enum.TryParse<ReferralOutcome>(key, out var outcome) ? ReferralVocabulary.Label(outcome)
        : key == "Open" ? "Open (not yet closed)"
        : key;
}
