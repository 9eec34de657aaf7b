using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace ConnectedCalifornia.Referrals;

/// <summary>
/// What a referral grain stores: plain JSON (System.Text.Json), immutable, changed with <c>with</c>.
/// Identifying details live only in <see cref="Details"/> and are deleted when consent is revoked or
/// lapses, and with the notes when the retention time after closing has passed.
/// </summary>
[GenerateSerializer, Immutable, Alias("cc.ReferralState")]
public sealed record ReferralState
{
    [Id(0)] public ReferralDraft? Draft { get; init; }

    [Id(1)] public string FromOrganizationName { get; init; } = string.Empty;

    [Id(2)] public string ToOrganizationName { get; init; } = string.Empty;

    [Id(3)] public ReferralStatus Status { get; init; }

    [Id(4)] public DeclineReason? DeclineReason { get; init; }

    [Id(5)] public string? DeclineText { get; init; }

    [Id(6)] public ReferralOutcome? Outcome { get; init; }

    [Id(7)] public ImmutableArray<ReferralEvent> Timeline { get; init; } = [];

    [Id(8)] public ConsentRecord? Consent { get; init; }

    [Id(9)] public IdentifyingDetails? Details { get; init; }

    [Id(10)] public ImmutableArray<ReferralNote> Notes { get; init; } = [];

    [Id(11)] public ReferralHold? Hold { get; init; }

    [Id(12)] public DateTimeOffset SentAt { get; init; }

    [Id(13)] public DateTimeOffset? AnsweredAt { get; init; }

    [Id(14)] public DateTimeOffset AnswerDueAt { get; init; }

    [Id(15)] public DateTimeOffset? EscalatedAt { get; init; }

    [Id(16)] public DateTimeOffset? ClosedAt { get; init; }

    [Id(17)] public DateTimeOffset? PurgeAt { get; init; }

    [Id(18)] public bool Purged { get; init; }

    [Id(19)] public ImmutableArray<ReferralAuditEntry> Audit { get; init; } = [];

    [Id(20)] public long Version { get; init; }

    [Id(21)] public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Notifications written with the change that caused them, not yet handed to the outbox (facts only: code, organizations, urgency, times).</summary>
    [Id(22)] public ImmutableArray<ConnectedCalifornia.Notifications.Notification> Outbox { get; init; } = [];

    /// <summary>When both organizations were told that the unanswered referral is about to expire.</summary>
    [Id(23)] public DateTimeOffset? ExpiryWarnedAt { get; init; }

    [JsonIgnore]
    public bool Exists => Draft is not null;
}
