using ConnectedCalifornia.Notifications;
using ConnectedCalifornia.Web.Notifications;

namespace ConnectedCalifornia.Web.Referrals;

/// <summary>
/// The referrals' messages: a new referral (urgent or routine), one waiting past its answer time, an
/// answer, a withdrawn consent, a coming expiry. They say only what the facts hold: the referral's code,
/// the two organizations, the urgency and the answer time, with a link to sign in and read the rest.
/// </summary>
public sealed class ReferralNotificationTemplates : INotificationTemplates
{
    public IReadOnlyCollection<string> Kinds { get; } =
    [
        NotificationKinds.ReferralNew, NotificationKinds.ReferralUrgent, NotificationKinds.ReferralOverdue,
        NotificationKinds.ReferralAnswered, NotificationKinds.ReferralConsentWithdrawn, NotificationKinds.ReferralExpiring,
    ];

    public Task<NotificationContent?> RenderAsync(Notification n, NotificationRecipient to, CancellationToken cancellationToken)
    {
        var code = n.Fact("referral.code") ?? "a referral";
        var from = n.Fact("from.name") ?? "An organization";
        var receiver = n.Fact("to.name") ?? "the receiving organization";
        var urgent = n.Fact("urgency") == "Urgent";
        var answerBy = NotificationText.Time(n, "answer-by");
        var toReceiver = n.Fact("side") != "sender";
        var hello = NotificationText.Greeting(to);
        const string Private = "The referral's details are only in Connected California: sign in to read them. This e-mail holds none of them.";
        NotificationContent? content = n.Kind switch
        {
            NotificationKinds.ReferralUrgent => new(
                $"Urgent referral {code} from {from}",
                $"Urgent referral from {from}: answer by {answerBy}.",
                [hello, $"{from} sent {receiver} an urgent referral ({code}). Please answer by {answerBy} (Pacific time); if nobody answers by then it is escalated to your organization's admins.", Private],
                "Open the referral"),
            NotificationKinds.ReferralNew => new(
                $"New referral {code} from {from}",
                $"Referral from {from}: answer by {answerBy}.",
                [hello, $"{from} sent {receiver} a routine referral ({code}). Please answer by {answerBy} (Pacific time).", Private],
                "Open the referral"),
            NotificationKinds.ReferralOverdue when toReceiver => new(
                $"Overdue: referral {code} from {from}",
                $"Referral {code} is waiting past its answer time.",
                [hello, $"The {(urgent ? "urgent" : "routine")} referral {code} from {from} was due for an answer by {answerBy} (Pacific time) and has none yet. It is escalated to {receiver}'s admins: please accept or decline it now.", Private],
                "Answer the referral"),
            NotificationKinds.ReferralOverdue => new(
                $"No answer yet: referral {code} to {receiver}",
                $"{receiver} has not answered referral {code}.",
                [hello, $"{receiver} has not answered the {(urgent ? "urgent" : "routine")} referral {code} your organization sent; it was due by {answerBy} (Pacific time). It is escalated to their admins. You may want to contact them or refer elsewhere.", Private],
                "Open the referral"),
            NotificationKinds.ReferralAnswered => new(
                $"Referral {code} {(n.Fact("answer") == "Accepted" ? "accepted" : "declined")} by {receiver}",
                $"{receiver} {(n.Fact("answer") == "Accepted" ? "accepted" : "declined")} referral {code}.",
                [hello, n.Fact("answer") == "Accepted"
                    ? $"{receiver} accepted the referral {code} your organization sent."
                    : $"{receiver} declined the referral {code} your organization sent. Sign in to see why and to refer elsewhere.", Private],
                "Open the referral"),
            NotificationKinds.ReferralConsentWithdrawn => new(
                $"Consent withdrawn on referral {code}",
                $"Consent withdrawn on referral {code}: identifying details deleted.",
                [hello, $"The consent to share identifying details on the referral {code} ({from} to {receiver}) was withdrawn, and the details were deleted from the network. Please delete any copy your organization made outside Connected California."],
                "Open the referral"),
            NotificationKinds.ReferralExpiring => new(
                $"Referral {code} expires soon",
                $"Referral {code} expires {NotificationText.Time(n, "expires-at")} unless answered.",
                [hello, toReceiver
                    ? $"The referral {code} from {from} is still unanswered and expires {NotificationText.Time(n, "expires-at")} (Pacific time). Please accept or decline it before then."
                    : $"The referral {code} your organization sent to {receiver} is still unanswered and expires {NotificationText.Time(n, "expires-at")} (Pacific time). You may want to refer elsewhere.", Private],
                toReceiver ? "Answer the referral" : "Open the referral"),
            _ => null,
        };
        return Task.FromResult(content);
    }
}
