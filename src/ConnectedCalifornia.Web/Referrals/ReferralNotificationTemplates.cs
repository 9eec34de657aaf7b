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
        var code = n.Fact("referral.code") ?? to.Say("a referral", "un referido");
        var from = n.Fact("from.name") ?? to.Say("An organization", "Una organización");
        var receiver = n.Fact("to.name") ?? to.Say("the receiving organization", "la organización receptora");
        var urgent = n.Fact("urgency") == "Urgent";
        var urgency = urgent ? to.Say("urgent", "urgente") : to.Say("routine", "ordinario");
        var answerBy = NotificationText.Time(n, "answer-by");
        var expiresAt = NotificationText.Time(n, "expires-at");
        var toReceiver = n.Fact("side") != "sender";
        var accepted = n.Fact("answer") == "Accepted";
        var hello = NotificationText.Greeting(to);
        var open = to.Say("Open the referral", "Abrir el referido");
        var answer = to.Say("Answer the referral", "Responder el referido");
        var @private = to.Say(
            "The referral's details are only in Connected California: sign in to read them. This e-mail holds none of them.",
            "Los detalles del referido están solo en Connected California: inicie sesión para leerlos. Este correo no contiene ninguno.");
        NotificationContent? content = n.Kind switch
        {
            NotificationKinds.ReferralUrgent => new(
                to.Say($"Urgent referral {code} from {from}", $"Referido urgente {code} de {from}"),
                to.Say($"Urgent referral from {from}: answer by {answerBy}.", $"Referido urgente de {from}: responda antes del {answerBy}."),
                [hello, to.Say(
                    $"{from} sent {receiver} an urgent referral ({code}). Please answer by {answerBy} (Pacific time); if nobody answers by then it is escalated to your organization's admins.",
                    $"{from} envió a {receiver} un referido urgente ({code}). Responda antes del {answerBy} (hora del Pacífico); si nadie responde para entonces, se escala a los administradores de su organización."), @private],
                open),
            NotificationKinds.ReferralNew => new(
                to.Say($"New referral {code} from {from}", $"Nuevo referido {code} de {from}"),
                to.Say($"Referral from {from}: answer by {answerBy}.", $"Referido de {from}: responda antes del {answerBy}."),
                [hello, to.Say(
                    $"{from} sent {receiver} a routine referral ({code}). Please answer by {answerBy} (Pacific time).",
                    $"{from} envió a {receiver} un referido ordinario ({code}). Responda antes del {answerBy} (hora del Pacífico)."), @private],
                open),
            NotificationKinds.ReferralOverdue when toReceiver => new(
                to.Say($"Overdue: referral {code} from {from}", $"Vencido: referido {code} de {from}"),
                to.Say($"Referral {code} is waiting past its answer time.", $"El referido {code} sigue esperando pasado su plazo de respuesta."),
                [hello, to.Say(
                    $"The {urgency} referral {code} from {from} was due for an answer by {answerBy} (Pacific time) and has none yet. It is escalated to {receiver}'s admins: please accept or decline it now.",
                    $"El referido {urgency} {code} de {from} debía responderse antes del {answerBy} (hora del Pacífico) y aún no tiene respuesta. Se escaló a los administradores de {receiver}: acéptelo o recházelo ahora."), @private],
                answer),
            NotificationKinds.ReferralOverdue => new(
                to.Say($"No answer yet: referral {code} to {receiver}", $"Sin respuesta todavía: referido {code} a {receiver}"),
                to.Say($"{receiver} has not answered referral {code}.", $"{receiver} no ha respondido el referido {code}."),
                [hello, to.Say(
                    $"{receiver} has not answered the {urgency} referral {code} your organization sent; it was due by {answerBy} (Pacific time). It is escalated to their admins. You may want to contact them or refer elsewhere.",
                    $"{receiver} no ha respondido el referido {urgency} {code} que envió su organización; debía responderse antes del {answerBy} (hora del Pacífico). Se escaló a sus administradores. Puede comunicarse con ellos o referir a otra organización."), @private],
                open),
            NotificationKinds.ReferralAnswered => new(
                accepted ? to.Say($"Referral {code} accepted by {receiver}", $"Referido {code} aceptado por {receiver}") : to.Say($"Referral {code} declined by {receiver}", $"Referido {code} rechazado por {receiver}"),
                accepted ? to.Say($"{receiver} accepted referral {code}.", $"{receiver} aceptó el referido {code}.") : to.Say($"{receiver} declined referral {code}.", $"{receiver} rechazó el referido {code}."),
                [hello, accepted
                    ? to.Say($"{receiver} accepted the referral {code} your organization sent.", $"{receiver} aceptó el referido {code} que envió su organización.")
                    : to.Say(
                        $"{receiver} declined the referral {code} your organization sent. Sign in to see why and to refer elsewhere.",
                        $"{receiver} rechazó el referido {code} que envió su organización. Inicie sesión para ver el motivo y referir a otra organización."), @private],
                open),
            NotificationKinds.ReferralConsentWithdrawn => new(
                to.Say($"Consent withdrawn on referral {code}", $"Consentimiento retirado en el referido {code}"),
                to.Say($"Consent withdrawn on referral {code}: identifying details deleted.", $"Consentimiento retirado en el referido {code}: se borraron los datos de identificación."),
                [hello, to.Say(
                    $"The consent to share identifying details on the referral {code} ({from} to {receiver}) was withdrawn, and the details were deleted from the network. Please delete any copy your organization made outside Connected California.",
                    $"Se retiró el consentimiento para compartir datos de identificación en el referido {code} ({from} a {receiver}), y esos datos se borraron de la red. Borre cualquier copia que su organización haya hecho fuera de Connected California.")],
                open),
            NotificationKinds.ReferralExpiring => new(
                to.Say($"Referral {code} expires soon", $"El referido {code} vence pronto"),
                to.Say($"Referral {code} expires {expiresAt} unless answered.", $"El referido {code} vence el {expiresAt} si no se responde."),
                [hello, toReceiver
                    ? to.Say(
                        $"The referral {code} from {from} is still unanswered and expires {expiresAt} (Pacific time). Please accept or decline it before then.",
                        $"El referido {code} de {from} sigue sin respuesta y vence el {expiresAt} (hora del Pacífico). Acéptelo o recházelo antes de esa fecha.")
                    : to.Say(
                        $"The referral {code} your organization sent to {receiver} is still unanswered and expires {expiresAt} (Pacific time). You may want to refer elsewhere.",
                        $"El referido {code} que su organización envió a {receiver} sigue sin respuesta y vence el {expiresAt} (hora del Pacífico). Puede referir a otra organización."), @private],
                toReceiver ? answer : open),
            _ => null,
        };
        return Task.FromResult(content);
    }
}
