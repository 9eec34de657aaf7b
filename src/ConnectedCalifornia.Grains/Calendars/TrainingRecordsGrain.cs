using System.Collections.Immutable;
using ConnectedCalifornia.Network;

namespace ConnectedCalifornia.Calendars;

[GenerateSerializer, Immutable, Alias("cc.TrainingRecordsState")]
public sealed record TrainingRecordsState
{
    /// <summary>Every completion, by certificate code.</summary>
    [Id(0)]
    public ImmutableDictionary<string, TrainingCompletion> Completions { get; init; } = ImmutableDictionary<string, TrainingCompletion>.Empty;

    /// <summary>Moves on with every change, so readers compute again only then.</summary>
    [Id(1)]
    public long Revision { get; init; }

    /// <summary>The demo's past completions were added (once).</summary>
    [Id(2)]
    public bool Seeded { get; init; }

    /// <summary>The completions the calendar index held before these records existed were taken over (once).</summary>
    [Id(3)]
    public bool Imported { get; init; }
}

/// <summary>
/// The training records (key <see cref="GrainKeys.TrainingRecords"/>): one row per certificate, written by the event
/// grain when attendance issues or revokes it. On its first activation it takes over the completions the calendar
/// index recorded before it existed (their person is unknown: each counts as its own person).
/// </summary>
public sealed class TrainingRecordsGrain(
    [PersistentState("training-records", StorageNames.Network)] IPersistentState<TrainingRecordsState> state)
    : Grain, ITrainingRecordsGrain
{
    private ImmutableDictionary<string, TrainingCompletion> Completions => state.State.Completions ?? ImmutableDictionary<string, TrainingCompletion>.Empty;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!state.State.Imported)
        {
            var earlier = await GrainFactory.GetGrain<ICalendarIndexGrain>(GrainKeys.CalendarIndex).GetCompletions();
            var completions = Completions;
            foreach (var c in earlier.Where(c => !completions.ContainsKey(c.CertificateCode)))
            {
                completions = completions.SetItem(c.CertificateCode, new TrainingCompletion(
                    c.CertificateCode, c.EventId, c.EventTitle, c.TrainingType, c.CreditHours, c.OrganizationId, c.CompletedOn, "certificate:" + c.CertificateCode, null));
            }

            state.State = state.State with { Completions = completions, Imported = true, Revision = state.State.Revision + 1 };
            await state.WriteStateAsync(cancellationToken);
        }

        await base.OnActivateAsync(cancellationToken);
    }

    public async Task Record(TrainingCompletion completion, bool completed)
    {
        ArgumentNullException.ThrowIfNull(completion);
        if (CertificateCodes.Normalize(completion.CertificateCode) is null)
        {
            throw new ArgumentException($"'{completion.CertificateCode}' is not a certificate code.", nameof(completion));
        }

        var next = completed ? Completions.SetItem(completion.CertificateCode, completion) : Completions.Remove(completion.CertificateCode);
        if (next != Completions)
        {
            state.State = state.State with { Completions = next, Revision = state.State.Revision + 1 };
            await state.WriteStateAsync();
        }
    }

    public Task<TrainingCompletionSet?> GetCompletions(long knownRevision) =>
        Task.FromResult(knownRevision == state.State.Revision
            ? null
            : new TrainingCompletionSet(state.State.Revision, Ordered(Completions.Values)));

    public Task<ImmutableArray<TrainingCompletion>> GetTranscript(string userId, string? personKey) =>
        Task.FromResult(Ordered(Completions.Values.Where(c =>
            (c.UserId is not null && string.Equals(c.UserId, userId, StringComparison.Ordinal))
            || (c.UserId is null && personKey is not null && string.Equals(c.PersonKey, personKey, StringComparison.Ordinal)))));

    public Task<ImmutableArray<TrainingCompletion>> GetOrganization(string organizationId) =>
        Task.FromResult(Ordered(Completions.Values.Where(c => string.Equals(c.OrganizationId, organizationId, StringComparison.Ordinal))));

    public Task<TrainingCompletion?> GetCompletion(string certificateCode) =>
        Task.FromResult(certificateCode is not null && Completions.TryGetValue(certificateCode, out var c) ? c : null);

    public async Task<bool> SeedCompletions(ImmutableArray<TrainingCompletion> completions)
    {
        if (state.State.Seeded)
        {
            return false;
        }

        var next = Completions;
        foreach (var c in completions)
        {
            next = next.SetItem(c.CertificateCode, c);
        }

        state.State = state.State with { Completions = next, Seeded = true, Revision = state.State.Revision + 1 };
        await state.WriteStateAsync();
        return true;
    }

    private static ImmutableArray<TrainingCompletion> Ordered(IEnumerable<TrainingCompletion> completions) =>
        [.. completions.OrderByDescending(c => c.CompletedOn).ThenBy(c => c.CertificateCode, StringComparer.Ordinal)];
}
