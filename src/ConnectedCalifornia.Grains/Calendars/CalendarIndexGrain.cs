using System.Collections.Immutable;
using ConnectedCalifornia.Network;

namespace ConnectedCalifornia.Calendars;

[GenerateSerializer, Immutable, Alias("cc.CalendarIndexState")]
public sealed record CalendarIndexState
{
    [Id(0)]
    public ImmutableDictionary<string, CalendarEventRow> Events { get; init; } = ImmutableDictionary<string, CalendarEventRow>.Empty;

    [Id(1)]
    public ImmutableDictionary<string, CompletionRow> Completions { get; init; } = ImmutableDictionary<string, CompletionRow>.Empty;
}

/// <summary>
/// The calendars' read model (key <see cref="GrainKeys.CalendarIndex"/>): one row per event and
/// the training completions, written by the event grains after each change and persisted, so every
/// calendar, feed and report reads one grain. It ignores a row older than the one it holds.
/// </summary>
public sealed class CalendarIndexGrain(
    [PersistentState("calendar-index", StorageNames.Network)] IPersistentState<CalendarIndexState> state)
    : Grain, ICalendarIndexGrain
{
    private ImmutableDictionary<string, CalendarEventRow> Events => state.State.Events ?? ImmutableDictionary<string, CalendarEventRow>.Empty;

    private ImmutableDictionary<string, CompletionRow> Completions => state.State.Completions ?? ImmutableDictionary<string, CompletionRow>.Empty;

    public async Task Upsert(CalendarEventRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (!Identifiers.IsValidKey(row.EventId))
        {
            throw new ArgumentException($"'{row.EventId}' is not a valid event id.", nameof(row));
        }

        if (Events.TryGetValue(row.EventId, out var held) && held.Version >= row.Version)
        {
            return;
        }

        state.State = state.State with { Events = Events.SetItem(row.EventId, row) };
        await state.WriteStateAsync();
    }

    public Task<ImmutableArray<CalendarEventRow>> GetEvents(CalendarFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return Task.FromResult(Events.Values.Where(filter.Matches).OrderBy(e => e.Start).ThenBy(e => e.EventId, StringComparer.Ordinal).ToImmutableArray());
    }

    public Task<CalendarEventRow?> GetEvent(string eventId) =>
        Task.FromResult(eventId is not null && Events.TryGetValue(eventId, out var row) ? row : null);

    public async Task SetCompletion(CompletionRow completion, bool completed)
    {
        ArgumentNullException.ThrowIfNull(completion);
        var next = completed ? Completions.SetItem(completion.CertificateCode, completion) : Completions.Remove(completion.CertificateCode);
        if (next != Completions)
        {
            state.State = state.State with { Completions = next };
            await state.WriteStateAsync();
        }
    }

    public Task<ImmutableArray<CompletionRow>> GetCompletions() =>
        Task.FromResult(Completions.Values.OrderBy(c => c.CompletedOn).ThenBy(c => c.CertificateCode, StringComparer.Ordinal).ToImmutableArray());

    public Task<ImmutableArray<string>> GetDueReminders(DateTimeOffset now) =>
        Task.FromResult(Events.Values.Where(e => e.NextReminderAt is { } due && due <= now).Select(e => e.EventId).ToImmutableArray());
}

[GenerateSerializer, Immutable, Alias("cc.CertificateState")]
public sealed record CertificateState
{
    [Id(0)]
    public Certificate? Certificate { get; init; }
}

/// <summary>One completion certificate, by its verification code.</summary>
public sealed class CertificateGrain(
    [PersistentState("certificate", StorageNames.Network)] IPersistentState<CertificateState> state)
    : Grain, ICertificateGrain
{
    public Task<Certificate?> Get() => Task.FromResult(state.State.Certificate);

    public async Task Issue(Certificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (certificate.Code != this.GetPrimaryKeyString())
        {
            throw new ArgumentException("A certificate is issued under its own code.", nameof(certificate));
        }

        if (state.State.Certificate is not null)
        {
            throw new InvalidOperationException("A verification code is used once.");
        }

        state.State = new CertificateState { Certificate = certificate };
        await state.WriteStateAsync();
    }

    public async Task Revoke()
    {
        if (state.State.Certificate is { Revoked: false } certificate)
        {
            state.State = new CertificateState { Certificate = certificate with { Revoked = true } };
            await state.WriteStateAsync();
        }
    }
}

[GenerateSerializer, Immutable, Alias("cc.TaskForceFeedState")]
public sealed record TaskForceFeedState
{
    /// <summary>SHA-256 (hex) of each person's current token, by user id.</summary>
    [Id(0)]
    public ImmutableDictionary<string, string> TokenHashes { get; init; } = ImmutableDictionary<string, string>.Empty;
}

/// <summary>The revocable tokens of one task force's feed. A token is shown once; only its hash is kept.</summary>
public sealed class TaskForceFeedGrain(
    [PersistentState("task-force-feed", StorageNames.Network)] IPersistentState<TaskForceFeedState> state)
    : Grain, ITaskForceFeedGrain
{
    private ImmutableDictionary<string, string> Hashes => state.State.TokenHashes ?? ImmutableDictionary<string, string>.Empty;

    public async Task<string> Issue(string userId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        var token = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
        state.State = state.State with { TokenHashes = Hashes.SetItem(userId, Hash(token)) };
        await state.WriteStateAsync();
        return token;
    }

    public async Task Revoke(string userId)
    {
        if (userId is not null && Hashes.ContainsKey(userId))
        {
            state.State = state.State with { TokenHashes = Hashes.Remove(userId) };
            await state.WriteStateAsync();
        }
    }

    public Task<string?> Validate(string token)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100)
        {
            return Task.FromResult<string?>(null);
        }

        var hash = Hash(token.Trim());
        return Task.FromResult<string?>(Hashes.FirstOrDefault(h => System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(h.Value), System.Text.Encoding.ASCII.GetBytes(hash))).Key);
    }

    public Task<bool> HasToken(string userId) => Task.FromResult(userId is not null && Hashes.ContainsKey(userId));

    private static string Hash(string token) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));
}
