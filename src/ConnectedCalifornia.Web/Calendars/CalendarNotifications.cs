using System.Text;
using ConnectedCalifornia.Calendars;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Notifications;
using ConnectedCalifornia.Web.Notifications;
using Microsoft.Extensions.Options;

namespace ConnectedCalifornia.Web.Calendars;

/// <summary>
/// The calendars' messages: registration confirmations (with a link to see or cancel, and the event as
/// an <c>.ics</c> attachment), a seat from the waitlist, reminders, changes, cancellations, certificates,
/// and the hosts' attendance prompt. The address goes only to someone with a seat when the hosts hide
/// it until registration (the event grain leaves it out of the facts otherwise).
/// </summary>
public sealed class CalendarNotifications(IGrainFactory grains, IOptions<MailOptions> mail) : INotificationTemplates
{
    public IReadOnlyCollection<string> Kinds { get; } =
    [
        NotificationKinds.EventRegistered, NotificationKinds.EventWaitlistPromoted, NotificationKinds.EventReminder, NotificationKinds.EventChanged,
        NotificationKinds.EventCancelled, NotificationKinds.EventCertificate, NotificationKinds.EventAttendancePrompt,
    ];

    public async Task<NotificationContent?> RenderAsync(Notification n, NotificationRecipient to, CancellationToken cancellationToken)
    {
        var title = n.Fact("event.title") ?? to.Say("An event", "Un evento");
        var when = to.Say($"{NotificationText.Time(n, "event.start")} to {NotificationText.Time(n, "event.end")}", $"del {NotificationText.Time(n, "event.start")} al {NotificationText.Time(n, "event.end")}");
        var hello = NotificationText.Greeting(to);
        var waitlisted = n.Fact("registration.status") == nameof(RegistrationStatus.Waitlisted);
        var again = n.Fact("registration.again") == "true"
            ? to.Say("Someone (probably you) registered this address again; here is your registration's link. ", "Alguien (probablemente usted) volvió a inscribir esta dirección; aquí tiene el enlace de su inscripción. ")
            : string.Empty;
        var confirmBy = n.Fact("registration.confirm-by") is not null ? NotificationText.Time(n, "registration.confirm-by") : null;
        var manage = to.Say("See or cancel your registration", "Ver o cancelar su inscripción");
        var seat = waitlisted ? to.Say("place on the waitlist", "lugar en la lista de espera") : to.Say("seat", "lugar");
        var dayBefore = n.Fact("reminder") == EventReminders.DayBefore;
        return n.Kind switch
        {
            NotificationKinds.EventRegistered or NotificationKinds.EventWaitlistPromoted when confirmBy is not null => new(
                to.Say($"Confirm your registration: {title}", $"Confirme su inscripción: {title}"),
                to.Say($"Confirm your {seat} at {title} by {confirmBy}.", $"Confirme su {seat} en {title} antes del {confirmBy}."),
                [hello, again + to.Say($"We are holding your {seat} at {title} ({when}) until {confirmBy}.", $"Le guardamos su {seat} en {title} ({when}) hasta el {confirmBy}."),
                    to.Say(
                        "Open the link below to confirm it. Without confirmation the registration ends then and the seat goes to someone else. If you did not register, ignore this message.",
                        "Abra el enlace de abajo para confirmarlo. Sin confirmación, la inscripción termina en ese momento y el lugar pasa a otra persona. Si usted no se inscribió, ignore este mensaje.")],
                to.Say("Confirm your registration", "Confirmar su inscripción")),
            NotificationKinds.EventRegistered when waitlisted => new(
                to.Say($"You are on the waitlist: {title}", $"Está en la lista de espera: {title}"),
                to.Say($"On the waitlist for {title}, {when}.", $"En la lista de espera de {title}, {when}."),
                [hello, again + to.Say(
                        $"{title} ({when}) is full, so you are on its waitlist. If a seat comes free it is yours, and we will e-mail you.",
                        $"{title} ({when}) no tiene lugares libres, así que usted está en su lista de espera. Si se libera un lugar, será suyo y le avisaremos por correo."),
                    to.Say("Use the link below to check your place or cancel.", "Use el enlace de abajo para consultar su lugar o cancelar.")],
                manage),
            NotificationKinds.EventRegistered => new(
                to.Say($"You are registered: {title}", $"Está inscrito(a): {title}"),
                to.Say($"Registered for {title}, {when}.", $"Inscrito(a) en {title}, {when}."),
                [hello, again + to.Say($"Your seat at {title} is confirmed.", $"Su lugar en {title} está confirmado."), When(to, when), .. Where(n, to),
                    to.Say(
                        "The event is attached to add it to your calendar. Use the link below to see or cancel your registration.",
                        "El evento va adjunto para que lo agregue a su calendario. Use el enlace de abajo para ver o cancelar su inscripción.")],
                manage,
                await NotificationText.Shared(n, "event.ics", () => AttachmentAsync(n))),
            NotificationKinds.EventWaitlistPromoted => new(
                to.Say($"A seat came free: {title}", $"Se liberó un lugar: {title}"),
                to.Say($"You now have a seat at {title}, {when}.", $"Ahora tiene un lugar en {title}, {when}."),
                [hello, to.Say($"A seat at {title} came free and it is yours.", $"Se liberó un lugar en {title} y es suyo."), When(to, when), .. Where(n, to),
                    to.Say(
                        "If you can no longer come, please cancel so the next person on the waitlist gets the seat.",
                        "Si ya no puede asistir, cancele por favor para que la siguiente persona de la lista de espera reciba el lugar.")],
                manage,
                await NotificationText.Shared(n, "event.ics", () => AttachmentAsync(n))),
            NotificationKinds.EventReminder => new(
                dayBefore ? to.Say($"Tomorrow: {title}", $"Mañana: {title}") : to.Say($"In two hours: {title}", $"En dos horas: {title}"),
                to.Say($"Reminder: {title}, {when}.", $"Recordatorio: {title}, {when}."),
                [hello, dayBefore ? to.Say($"A reminder: {title} is tomorrow.", $"Un recordatorio: {title} es mañana.") : to.Say($"A reminder: {title} is in two hours.", $"Un recordatorio: {title} empieza en dos horas."),
                    When(to, when), .. Where(n, to),
                    to.Say("If you cannot come, please cancel so someone on the waitlist gets your seat.", "Si no puede asistir, cancele por favor para que alguien de la lista de espera reciba su lugar.")],
                manage),
            NotificationKinds.EventChanged => new(
                to.Say($"Changed: {title}", $"Cambio: {title}"),
                to.Say($"{title} changed: now {when}.", $"{title} cambió: ahora {when}."),
                [hello, to.Say($"The hosts changed the time or place of {title}.", $"Los organizadores cambiaron la hora o el lugar de {title}."),
                    to.Say($"Now: {when}.", $"Ahora: {when}."),
                    to.Say(
                        $"Before: {NotificationText.Time(n, "previous.start")} to {NotificationText.Time(n, "previous.end")}.",
                        $"Antes: del {NotificationText.Time(n, "previous.start")} al {NotificationText.Time(n, "previous.end")}."),
                    .. Where(n, to),
                    to.Say("The updated event is attached. If you can no longer come, please cancel.", "El evento actualizado va adjunto. Si ya no puede asistir, cancele por favor.")],
                to.Say("See the event", "Ver el evento"),
                await NotificationText.Shared(n, "event.ics", () => AttachmentAsync(n))),
            NotificationKinds.EventCancelled => new(
                to.Say($"Cancelled: {title}", $"Cancelado: {title}"),
                to.Say($"{title} ({when}) was cancelled.", $"{title} ({when}) se canceló."),
                [hello, to.Say(
                    $"The hosts cancelled {title}, planned for {when}. Your registration ends with it; there is nothing you need to do.",
                    $"Los organizadores cancelaron {title}, previsto {when}. Su inscripción termina con él; no necesita hacer nada.")],
                to.Say("See the event", "Ver el evento"),
                await NotificationText.Shared(n, "event.ics", () => AttachmentAsync(n))),
            NotificationKinds.EventCertificate => new(
                to.Say($"Your certificate: {title}", $"Su certificado: {title}"),
                to.Say($"Certificate {n.Fact("certificate.code")} for {title}.", $"Certificado {n.Fact("certificate.code")} de {title}."),
                [hello, to.Say(
                    $"You completed {title}. Your certificate's code is {n.Fact("certificate.code")}; anyone can check it on the network's certificate page.",
                    $"Usted completó {title}. El código de su certificado es {n.Fact("certificate.code")}; cualquier persona puede verificarlo en la página de certificados de la red.")],
                to.Say("See your certificate", "Ver su certificado")),
            NotificationKinds.EventAttendancePrompt => new(
                to.Say($"{title} has ended: mark who attended", $"{title} terminó: marque quién asistió"),
                to.Say($"Mark who attended {title}.", $"Marque quién asistió a {title}."),
                [hello, to.Say(
                    $"{title}, which your organization hosted, has ended. Please mark who attended: trainings issue certificates to those marked.",
                    $"{title}, organizado por su organización, terminó. Marque por favor quién asistió: las capacitaciones emiten certificados a quienes estén marcados.")],
                to.Say("Mark attendance", "Marcar asistencia")),
            _ => null,
        };
    }

    private static string When(NotificationRecipient to, string when) => to.Say($"When: {when} (Pacific time).", $"Cuándo: {when} (hora del Pacífico).");

    private static IEnumerable<string> Where(Notification n, NotificationRecipient to)
    {
        if (n.Fact("event.online") == "true")
        {
            yield return n.Fact("event.online-link") is { } link
                ? to.Say($"Online: {link}", $"En línea: {link}")
                : to.Say("Online; the hosts share the link with registrants.", "En línea; los organizadores comparten el enlace con las personas inscritas.");
        }
        else if (n.Fact("event.address") is { } address)
        {
            yield return to.Say($"Where: {address}", $"Dónde: {address}");
        }
    }

    /// <summary>The event as an iCalendar attachment (same UID and sequence as the feeds, so calendars update it); the same for every recipient, so built once per notification.</summary>
    private async Task<IReadOnlyList<MailAttachment>?> AttachmentAsync(Notification n)
    {
        if (n.Fact("event.id") is not { } eventId || !Identifiers.IsValidKey(eventId)
            || await grains.GetGrain<ICalendarIndexGrain>(GrainKeys.CalendarIndex).GetEvent(eventId) is not { } row)
        {
            return null;
        }

        // Like the message itself: no free text of the hosts (description, training type) goes into a mailbox.
        var shown = row with { PublicAddress = n.Fact("event.address") ?? row.PublicAddress, Description = string.Empty, TrainingType = null };
        var ics = CalendarFeeds.Write(row.Title, [shown], mail.Value.PublicBaseUrl);
        return [new MailAttachment("event.ics", "text/calendar; charset=utf-8; method=PUBLISH", Encoding.UTF8.GetBytes(ics))];
    }
}
