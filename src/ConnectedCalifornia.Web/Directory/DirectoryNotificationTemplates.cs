using ConnectedCalifornia.Notifications;
using ConnectedCalifornia.Web.Identity;
using ConnectedCalifornia.Web.Notifications;

namespace ConnectedCalifornia.Web.Directory;

/// <summary>
/// The directory's messages: a new application or claim for the curators, their decision for the
/// applicant, the decision on listing changes for the organization's admins, and the yearly check of a
/// listing. They name the organization and the decision; the applicant's note and the curators' reasons
/// stay in the app. An applicant without an account is written to at the address they gave, with the
/// private link to their application (<see cref="JoinStatusLinks"/>) and, once approved, the one-time link
/// that sets up their account (<see cref="AccountLinks.SetUpPathAsync"/>), both made when the message is written.
/// </summary>
public sealed class DirectoryNotificationTemplates(JoinStatusLinks statusLinks, IServiceScopeFactory scopes) : INotificationTemplates
{
    public IReadOnlyCollection<string> Kinds { get; } =
    [
        NotificationKinds.JoinReceived, NotificationKinds.JoinDecided, NotificationKinds.ChangeRequestDecided, NotificationKinds.ReverificationDue,
    ];

    public async Task<NotificationContent?> RenderAsync(Notification n, NotificationRecipient to, CancellationToken cancellationToken)
    {
        var content = n.Fact("request.public") == "true" && n.Fact("request.id") is { } requestId && to.UserId is null && n.Kind is NotificationKinds.JoinReceived or NotificationKinds.JoinDecided
            ? await RenderForApplicantWithoutAccountAsync(n, to, requestId)
            : Render(n, to);
        return content is null ? null : content with { Paragraphs = [.. content.Paragraphs.Where(p => p.Length > 0)] };
    }

    /// <summary>The messages to someone who applied without an account: confirm the address; the decision.</summary>
    private async Task<NotificationContent?> RenderForApplicantWithoutAccountAsync(Notification n, NotificationRecipient to, string requestId)
    {
        var name = n.Fact("organization.name") ?? to.Say("your organization", "su organización");
        var hello = NotificationText.Greeting(to);
        var status = statusLinks.PathOf(requestId);
        var openApplication = to.Say("Open your application", "Abrir su solicitud");
        switch (n.Kind, n.Fact("request.status"))
        {
            case (NotificationKinds.JoinReceived, _):
                return new(
                    to.Say($"Confirm your e-mail address: {name}", $"Confirme su dirección de correo: {name}"),
                    to.Say($"Confirm your address to send the application for {name} to the curators.", $"Confirme su dirección para enviar la solicitud de {name} a los curadores."),
                    [hello,
                     to.Say($"We received an application for {name} to join Connected California with this e-mail address.", $"Recibimos una solicitud para que {name} se una a Connected California con esta dirección de correo."),
                     to.Say(
                         "Open the link below to confirm that this address is yours: only then does the application go to the network's curators. The same link shows its status at any time; keep this e-mail.",
                         "Abra el enlace de abajo para confirmar que esta dirección es suya: solo entonces la solicitud llega a los curadores de la red. El mismo enlace muestra su estado en todo momento; guarde este correo."),
                     to.Say(
                         "If you did not apply, ignore this e-mail: nothing is sent to the curators and no account is created.",
                         "Si usted no hizo la solicitud, ignore este correo: no se envía nada a los curadores y no se crea ninguna cuenta.")],
                    to.Say("Confirm and follow your application", "Confirmar y seguir su solicitud"), ActionPath: status);

            case (NotificationKinds.JoinDecided, "Approved"):
                await using (var scope = scopes.CreateAsyncScope())
                {
                    var setUp = await scope.ServiceProvider.GetRequiredService<AccountLinks>().SetUpPathAsync(to.Email, to.Name);
                    var subject = to.Say($"Welcome to the network: {name}", $"Bienvenidos a la red: {name}");
                    var summary = to.Say($"Your application for {name} was approved.", $"Se aprobó su solicitud de {name}.");
                    return setUp is null
                        ? new(subject, summary,
                            [hello,
                             to.Say(
                                 $"The curators approved your application for {name}. You already have a Connected California account with this address: {name} is now on it, with you as its admin.",
                                 $"Los curadores aprobaron su solicitud de {name}. Usted ya tiene una cuenta de Connected California con esta dirección: {name} ya está en ella, con usted como administrador(a)."),
                             to.Say("Sign in as usual to complete its listing and invite your colleagues.", "Inicie sesión como siempre para completar su ficha e invitar a sus colegas.")],
                            to.Say("Sign in", "Iniciar sesión"), ActionPath: "/Account/Login")
                        : new(subject, summary,
                            [hello,
                             to.Say(
                                 $"The curators approved your application for {name}. Your account is ready, with you as the organization's admin.",
                                 $"Los curadores aprobaron su solicitud de {name}. Su cuenta está lista, con usted como administrador(a) de la organización."),
                             to.Say(
                                 $"Choose your password with the link below within {AccountLinks.InvitationLifetime.TotalDays:0} days. The link works once. Then sign in to complete the listing and invite your colleagues.",
                                 $"Elija su contraseña con el enlace de abajo en un plazo de {AccountLinks.InvitationLifetime.TotalDays:0} días. El enlace funciona una sola vez. Después, inicie sesión para completar la ficha e invitar a sus colegas.")],
                            to.Say("Set up your account", "Configurar su cuenta"), ActionPath: setUp);
                }

            case (NotificationKinds.JoinDecided, "ChangesRequested"):
                return new(
                    to.Say($"Changes requested: {name}", $"Se piden cambios: {name}"),
                    to.Say($"The curators asked for changes to your application for {name}.", $"Los curadores pidieron cambios en su solicitud de {name}."),
                    [hello, to.Say(
                        $"The curators asked for changes to your application for {name} before they decide. Open your application to read what they ask and send it again.",
                        $"Los curadores pidieron cambios en su solicitud de {name} antes de decidir. Abra su solicitud para leer lo que piden y envíela de nuevo.")],
                    openApplication, ActionPath: status);

            case (NotificationKinds.JoinDecided, _):
                return new(
                    to.Say($"Not approved: {name}", $"No aprobada: {name}"),
                    to.Say($"Your application for {name} was not approved.", $"Su solicitud de {name} no fue aprobada."),
                    [hello, to.Say(
                        $"The curators did not approve your application for {name}. Open your application to read their reason.",
                        $"Los curadores no aprobaron su solicitud de {name}. Abra su solicitud para leer el motivo.")],
                    openApplication, ActionPath: status);

            default:
                return null;
        }
    }

    private static NotificationContent? Render(Notification n, NotificationRecipient to)
    {
        var name = n.Fact("organization.name") ?? to.Say("An organization", "Una organización");
        var claim = n.Fact("request.kind") == "Claim";
        var resubmitted = n.Fact("resubmitted") == "true";
        var hello = NotificationText.Greeting(to);
        var request = claim ? to.Say($"claim of {name}", $"reclamación de la ficha de {name}") : to.Say($"application for {name}", $"solicitud de {name}");
        var seeRequest = to.Say("See your request", "Ver su solicitud");
        NotificationContent? content = n.Kind switch
        {
            NotificationKinds.JoinReceived => new(
                claim ? to.Say($"New claim of a listing: {name}", $"Nueva reclamación de una ficha: {name}") : to.Say($"New application to join: {name}", $"Nueva solicitud para unirse: {name}"),
                (resubmitted, claim) switch
                {
                    (true, true) => to.Say($"Resubmitted claim of {name}.", $"Reclamación de {name} enviada de nuevo."),
                    (true, false) => to.Say($"Resubmitted application from {name}.", $"Solicitud de {name} enviada de nuevo."),
                    (false, true) => to.Say($"New claim of {name}.", $"Nueva reclamación de {name}."),
                    _ => to.Say($"New application from {name}.", $"Nueva solicitud de {name}."),
                },
                [hello, (resubmitted ? to.Say($"{name} was resubmitted with the changes you asked for.", $"{name} se envió de nuevo con los cambios que ustedes pidieron.")
                        : claim ? to.Say($"{name} was claimed by someone who says they run it.", $"Alguien que dice dirigir {name} reclamó su ficha.")
                        : to.Say($"{name} applied to join the network.", $"{name} solicitó unirse a la red."))
                    + to.Say(" It waits in the curators' queue for a decision.", " Espera una decisión en la cola de los curadores.")],
                to.Say("Review it", "Revisarla")),
            NotificationKinds.JoinDecided => n.Fact("request.status") switch
            {
                "Approved" => new(
                    to.Say($"Welcome to the network: {name}", $"Bienvenidos a la red: {name}"),
                    to.Say($"Your {request} was approved.", $"Se aprobó su {request}."),
                    [hello, to.Say(
                        $"The curators approved your {request}. You are its admin: sign in to complete its listing and invite your colleagues.",
                        $"Los curadores aprobaron su {request}. Usted es su administrador(a): inicie sesión para completar su ficha e invitar a sus colegas.")],
                    to.Say("Manage your organization", "Administrar su organización")),
                "ChangesRequested" => new(
                    to.Say($"Changes requested: {name}", $"Se piden cambios: {name}"),
                    to.Say($"The curators asked for changes to your {request}.", $"Los curadores pidieron cambios en su {request}."),
                    [hello, to.Say(
                        $"The curators asked for changes to your {request} before they decide. Sign in to read what they ask and resubmit.",
                        $"Los curadores pidieron cambios en su {request} antes de decidir. Inicie sesión para leer lo que piden y enviarla de nuevo.")],
                    seeRequest),
                _ => new(
                    to.Say($"Not approved: {name}", $"No aprobada: {name}"),
                    to.Say($"Your {request} was not approved.", $"Su {request} no fue aprobada."),
                    [hello, to.Say(
                        $"The curators did not approve your {request}. Sign in to read their reason.",
                        $"Los curadores no aprobaron su {request}. Inicie sesión para leer el motivo.")],
                    seeRequest),
            },
            NotificationKinds.ChangeRequestDecided => new(
                to.Say($"Listing changes decided: {name}", $"Cambios de la ficha decididos: {name}"),
                to.Say($"The curators decided on changes to {name}'s listing.", $"Los curadores decidieron sobre los cambios de la ficha de {name}."),
                [hello, to.Say($"The curators decided on the changes you asked for to {name}'s public listing.", $"Los curadores decidieron sobre los cambios que usted pidió en la ficha pública de {name}."),
                    n.Fact("accepted") is { Length: > 0 } accepted ? to.Say($"Accepted (now public): {accepted}.", $"Aceptados (ya públicos): {accepted}.") : to.Say("None accepted.", "No se aceptó ninguno."),
                    n.Fact("rejected") is { Length: > 0 } rejected ? to.Say($"Not accepted: {rejected}. Sign in to read why.", $"No aceptados: {rejected}. Inicie sesión para leer el motivo.") : string.Empty,
                    n.Fact("waiting") is { } waiting && waiting != "0" ? to.Say($"Still waiting for a decision: {waiting}.", $"Aún esperan una decisión: {waiting}.") : string.Empty],
                to.Say("See your listing", "Ver su ficha")),
            NotificationKinds.ReverificationDue => new(
                to.Say($"Time to check your listing: {name}", $"Es hora de revisar su ficha: {name}"),
                to.Say($"{name}'s listing is due for its yearly check.", $"La ficha de {name} debe pasar su revisión anual."),
                [hello, to.Say(
                    $"{name}'s listing was last verified {NotificationText.Time(n, "verified-at")}. Once a year we ask each organization to confirm its listing is still right: please check it and confirm, so the curators can verify it again.",
                    $"La ficha de {name} se verificó por última vez el {NotificationText.Time(n, "verified-at")}. Una vez al año pedimos a cada organización que confirme que su ficha sigue siendo correcta: revísela y confírmela, para que los curadores puedan verificarla de nuevo.")],
                to.Say("Check your listing", "Revisar su ficha")),
            _ => null,
        };
        return content;
    }
}
