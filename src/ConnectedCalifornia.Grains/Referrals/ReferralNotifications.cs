using System.Collections.Immutable;
using ConnectedCalifornia.Notifications;

namespace ConnectedCalifornia.Referrals;

/// <summary>
/// What a referral's change tells its two organizations, derived from the state before and after it:
/// a new referral to the receiver (urgent or routine), an escalation to both, an answer to the sender,
/// a withdrawn consent to both (each held the details), and a coming expiry to both. The facts are the
/// referral's code, the two organizations' names, its urgency and its answer time, nothing else: never
/// needs, notes, consented details or safety notes, which no mailbox should hold.
/// </summary>
internal static class ReferralNotifications
{
    public const string Receiver = "receiver";
    public const string Sender = "sender";

    public static ImmutableArray<Notification> Between(string referralId, ReferralState before, ReferralState after, TimeSpan expireUnansweredAfter)
    {
        if (!after.Exists)
        {
            return [];
        }

        var notes = ImmutableArray.CreateBuilder<Notification>();
        var from = after.Draft!.FromOrganizationId;
        var to = after.Draft.ToOrganizationId;
        if (!before.Exists)
        {
            var kind = after.Draft.Urgency == ReferralUrgency.Urgent ? NotificationKinds.ReferralUrgent : NotificationKinds.ReferralNew;
            notes.Add(Make(referralId, after, kind, Receiver, to));
        }

        if (before.EscalatedAt is null && after.EscalatedAt is not null)
        {
            notes.Add(Make(referralId, after, NotificationKinds.ReferralOverdue, Receiver, to));
            notes.Add(Make(referralId, after, NotificationKinds.ReferralOverdue, Sender, from));
        }

        if (after.Status is ReferralStatus.Accepted or ReferralStatus.Declined && before.Status != after.Status && before.Exists)
        {
            notes.Add(Make(referralId, after, NotificationKinds.ReferralAnswered, Sender, from, ("answer", after.Status.ToString())));
        }

        if (before.Consent is { RevokedAt: null } && after.Consent is { RevokedAt: not null })
        {
            // Both held the details: the sender recorded them, the receiver was the one consent named.
            notes.Add(Make(referralId, after, NotificationKinds.ReferralConsentWithdrawn, Receiver, to));
            notes.Add(Make(referralId, after, NotificationKinds.ReferralConsentWithdrawn, Sender, from));
        }

        if (before.ExpiryWarnedAt is null && after.ExpiryWarnedAt is not null)
        {
            var expires = ("expires-at", (string?)NotificationFacts.Time(after.SentAt + expireUnansweredAfter));
            notes.Add(Make(referralId, after, NotificationKinds.ReferralExpiring, Receiver, to, expires));
            notes.Add(Make(referralId, after, NotificationKinds.ReferralExpiring, Sender, from, expires));
        }

        return notes.ToImmutable();
    }

    private static Notification Make(string referralId, ReferralState s, string kind, string side, string organizationId, params (string Key, string? Value)[] extra)
    {
        (string, string?)[] facts =
        [
            ("referral.code", ReferralVocabulary.CodeOf(referralId)),
            ("from.name", s.FromOrganizationName),
            ("to.name", s.ToOrganizationName),
            ("urgency", s.Draft!.Urgency.ToString()),
            ("answer-by", NotificationFacts.Time(s.AnswerDueAt)),
            ("side", side),
            .. extra,
        ];
        return new Notification(
            NotificationFacts.Id("referral", referralId, s.Version, kind, side),
            kind,
            s.UpdatedAt,
            [NotificationAudience.OrganizationMembers(organizationId)],
            NotificationFacts.Of(facts),
            $"/referrals/{referralId}");
    }
}
