using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ConnectedCalifornia.Referrals;

/// <summary>
/// One entry of a referral's audit log: who did or read what, when. <see cref="Detail"/> names
/// fields and counts, never identifying details or note text. Each entry's <see cref="Hash"/> covers
/// its fields and the previous entry's hash, so changing, removing or reordering any entry breaks
/// every hash after it (<see cref="ReferralAuditChain.Verify"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("cc.ReferralAuditEntry")]
public sealed record ReferralAuditEntry(
    [property: Id(0)] long Sequence,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string ActorId,
    [property: Id(3)] string ActorName,
    [property: Id(4)] string OrganizationId,
    [property: Id(5)] string Action,
    [property: Id(6)] string Detail,
    [property: Id(7)] string PreviousHash,
    [property: Id(8)] string Hash);

/// <summary>The SHA-256 hash chain of a referral's audit log.</summary>
public static class ReferralAuditChain
{
    /// <summary>The "previous hash" of the first entry: the chain is anchored to the referral's id.</summary>
    public static string Genesis(string referralId) => Digest("referral-audit|" + referralId);

    /// <summary>The next entry, chained to <paramref name="previousHash"/>.</summary>
    public static ReferralAuditEntry Append(
        string previousHash, long sequence, DateTimeOffset at, string actorId, string actorName, string organizationId, string action, string detail)
    {
        var entry = new ReferralAuditEntry(sequence, at, actorId, actorName, organizationId, action, detail, previousHash, string.Empty);
        return entry with { Hash = HashOf(entry) };
    }

    /// <summary>
    /// The index of the first entry that does not chain (its hash does not match its content, or it
    /// does not point at the previous one, or the sequence skips); null when the whole log is intact.
    /// </summary>
    public static int? Verify(string referralId, IReadOnlyList<ReferralAuditEntry> entries)
    {
        var previous = Genesis(referralId);
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (entry.Sequence != i + 1 || entry.PreviousHash != previous || entry.Hash != HashOf(entry))
            {
                return i;
            }

            previous = entry.Hash;
        }

        return null;
    }

    public static string HashOf(ReferralAuditEntry entry)
    {
        // Length-prefixed fields, so that no two different entries serialize alike.
        var builder = new StringBuilder();
        foreach (var field in new[]
        {
            entry.Sequence.ToString(CultureInfo.InvariantCulture),
            entry.At.UtcTicks.ToString(CultureInfo.InvariantCulture),
            entry.ActorId, entry.ActorName, entry.OrganizationId, entry.Action, entry.Detail, entry.PreviousHash,
        })
        {
            builder.Append(field.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(field).Append('|');
        }

        return Digest(builder.ToString());
    }

    private static string Digest(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}

/// <summary>
/// One referral as inboxes, outboxes, statistics and the sweep see it: no identifying details,
/// needs, safety notes or notes.
/// </summary>
[GenerateSerializer, Immutable, Alias("cc.ReferralSummary")]
public sealed record ReferralSummary(
    [property: Id(0)] string Id,
    [property: Id(1)] string FromOrganizationId,
    [property: Id(2)] string FromOrganizationName,
    [property: Id(3)] string ToOrganizationId,
    [property: Id(4)] string ToOrganizationName,
    [property: Id(5)] ImmutableArray<string> Services,
    [property: Id(6)] string County,
    [property: Id(7)] AgeBracket AgeBracket,
    [property: Id(8)] ReferralUrgency Urgency,
    [property: Id(9)] ReferralStatus Status,
    [property: Id(10)] DateTimeOffset SentAt,
    [property: Id(11)] DateTimeOffset? AnsweredAt,
    [property: Id(12)] DateTimeOffset AnswerDueAt,
    [property: Id(13)] DateTimeOffset? EscalatedAt,
    [property: Id(14)] DateTimeOffset? ClosedAt,
    [property: Id(15)] DateTimeOffset? PurgeAt,
    [property: Id(16)] bool Purged,
    [property: Id(17)] ReferralOutcome? Outcome,
    [property: Id(18)] DeclineReason? DeclineReason,
    [property: Id(19)] DateTimeOffset? ConsentExpiresAt,
    [property: Id(20)] bool HasHold,
    [property: Id(21)] long Version,
    [property: Id(22)] DateTimeOffset UpdatedAt,
    [property: Id(23)] DateTimeOffset? ExpiryWarnedAt = null)
{
    public string Code => ReferralVocabulary.CodeOf(Id);

    public bool IsOverdueAt(DateTimeOffset now) => ReferralVocabulary.IsAwaitingAnswer(Status) && now >= AnswerDueAt;
}

/// <summary>One line of a statistics table; <see cref="Count"/> is null when it is 1–4 (suppressed).</summary>
[GenerateSerializer, Immutable, Alias("cc.ReferralCount")]
public sealed record ReferralCount(
    [property: Id(0)] string Key,
    [property: Id(1)] string Label,
    [property: Id(2)] int? Count);

/// <summary>
/// Referrals counted without people: by county, service, outcome, and the median time to answer.
/// Any count from 1 to 4 is suppressed (null, shown as "fewer than 5"), and so is a median over
/// fewer than 5 answers.
/// </summary>
[GenerateSerializer, Immutable, Alias("cc.ReferralStatistics")]
public sealed record ReferralStatistics(
    [property: Id(0)] int? Total,
    [property: Id(1)] ImmutableArray<ReferralCount> ByCounty,
    [property: Id(2)] ImmutableArray<ReferralCount> ByService,
    [property: Id(3)] ImmutableArray<ReferralCount> ByOutcome,
    [property: Id(4)] double? MedianHoursToAnswer,
    [property: Id(5)] int? Answered,
    [property: Id(6)] DateTimeOffset ComputedAt)
{
    /// <summary>Counts below this are suppressed.</summary>
    public const int SuppressBelow = 5;

    public static int? Suppress(int count) => count is > 0 and < SuppressBelow ? null : count;
}

/// <summary>What one sweep of the referrals did.</summary>
[GenerateSerializer, Immutable, Alias("cc.ReferralSweepResult")]
public sealed record ReferralSweepResult(
    [property: Id(0)] int Checked,
    [property: Id(1)] int Escalated,
    [property: Id(2)] int Expired,
    [property: Id(3)] int ConsentLapsed,
    [property: Id(4)] int Purged,
    [property: Id(5)] int Failures);

/// <summary>
/// The inbox and outbox of one organization (key: the organization's id), or, under
/// <see cref="ReferralKeys.Registry"/>, every referral of the network: the source of statistics and
/// of the sweep. Fed by each referral grain after every change; persisted.
/// </summary>
[Alias("cc.IReferralIndexGrain")]
public interface IReferralIndexGrain : IGrainWithStringKey
{
    /// <summary>Takes a referral's newest summary; an older version than the one held is ignored.</summary>
    [Alias("Upsert")]
    Task Upsert(ReferralSummary summary);

    /// <summary>Referrals received (<paramref name="inbox"/>) or sent by the organization, newest first.</summary>
    [Orleans.Concurrency.ReadOnly, Alias("List")]
    Task<ImmutableArray<ReferralSummary>> List(bool inbox);

    /// <summary>The network's statistics, with small counts suppressed (registry only).</summary>
    [Orleans.Concurrency.ReadOnly, Alias("GetStatistics")]
    Task<ReferralStatistics> GetStatistics();

    /// <summary>
    /// The outcome facts of every referral the registry counts (registry only): one per open or recently
    /// closed referral, and the purged ones as kept counts. Null when the registry's revision is not newer
    /// than <paramref name="knownRevision"/> (the caller's copy is current).
    /// </summary>
    [Orleans.Concurrency.ReadOnly, Alias("GetOutcomeFacts")]
    Task<ReferralOutcomeFactSet?> GetOutcomeFacts(long knownRevision);

    /// <summary>
    /// Adds outcome counts of referrals from before the network kept them (the demo's past year), once:
    /// nothing changes when the registry already holds such counts. Registry only.
    /// </summary>
    [Alias("SeedSettledOutcomes")]
    Task<bool> SeedSettledOutcomes(ImmutableArray<ReferralOutcomeFact> facts);

    /// <summary>Ticks every referral with something due: escalation, expiry, consent lapse, purge (registry only).</summary>
    [Orleans.Concurrency.AlwaysInterleave, Alias("Sweep")]
    Task<ReferralSweepResult> Sweep();
}

/// <summary>Keys and id shapes of the referrals feature.</summary>
public static class ReferralKeys
{
    /// <summary>The index of every referral: not an organization key (those never start with '~').</summary>
    public const string Registry = "~all-referrals";

    private const string Alphabet = "abcdefghjkmnpqrstuvwxyz23456789";

    /// <summary>A new referral id such as <c>rf-7k3q9m2d4x</c>: short enough to read over the phone, random enough not to guess.</summary>
    public static string NewId()
    {
        Span<char> chars = stackalloc char[10];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return "rf-" + new string(chars);
    }
}
