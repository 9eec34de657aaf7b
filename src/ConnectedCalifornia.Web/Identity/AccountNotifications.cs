using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Notifications;
using ConnectedCalifornia.Web.Notifications;

namespace ConnectedCalifornia.Web.Identity;

/// <summary>
/// The account messages. Links that sign someone in (set-up, reset) go by e-mail only: the in-app center
/// shows the message without them, and the outbox drops them once the message is written.
/// </summary>
public sealed class AccountNotifications(IServiceScopeFactory scopes) : INotificationTemplates
{
    public IReadOnlyCollection<string> Kinds { get; } =
        [NotificationKinds.AccountInvitation, NotificationKinds.AccountPasswordReset, NotificationKinds.AccountEmailChange, NotificationKinds.AccountTwoFactorOff];

    public async Task<NotificationContent?> RenderAsync(Notification n, NotificationRecipient to, CancellationToken cancellationToken)
    {
        var hello = NotificationText.Greeting(to);
        switch (n.Kind)
        {
            case NotificationKinds.AccountInvitation:
                await using (var scope = scopes.CreateAsyncScope())
                {
                    var links = scope.ServiceProvider.GetRequiredService<AccountLinks>();
                    var setUp = await links.SetUpPathAsync(to.Email, to.Name);
                    var role = RoleInWords(n.Fact("role"), to);
                    var what = n.Fact("organization.name") is { } organization
                        ? to.Say(
                            $"{n.Fact("invited.by") ?? "An admin"} invited you to join {organization} on Connected California as {role}.",
                            $"{n.Fact("invited.by") ?? "Un administrador"} le invitó a unirse a {organization} en Connected California como {role}.")
                        : to.Say(
                            $"{n.Fact("invited.by") ?? "A system admin"} invited you to Connected California as {role}.",
                            $"{n.Fact("invited.by") ?? "Un administrador del sistema"} le invitó a Connected California como {role}.");
                    var subject = to.Say($"You are invited: {n.Fact("organization.name") ?? "Connected California"}", $"Tiene una invitación: {n.Fact("organization.name") ?? "Connected California"}");
                    return setUp is null
                        ? new(subject, what,
                            [hello, what, to.Say("Sign in with your account and answer the invitation on your home page.", "Inicie sesión con su cuenta y responda a la invitación en su página de inicio.")],
                            to.Say("Open your invitations", "Ver sus invitaciones"), ActionPath: "/my-network")
                        : new(subject, what,
                            [hello, what,
                             to.Say(
                                 "Connected California is the coordination network of California's anti-trafficking field: shelters, task forces, agencies and the statewide curators.",
                                 "Connected California es la red de coordinación de quienes combaten la trata de personas en California: albergues, fuerzas de tarea, agencias y los curadores estatales."),
                             to.Say(
                                 $"Choose your password with the link below within {AccountLinks.InvitationLifetime.TotalDays:0} days. The link works once. If you did not expect this, ignore this e-mail.",
                                 $"Elija su contraseña con el enlace de abajo en un plazo de {AccountLinks.InvitationLifetime.TotalDays:0} días. El enlace funciona una sola vez. Si no esperaba esta invitación, ignore este correo.")],
                            to.Say("Set up your account", "Configurar su cuenta"), ActionPath: setUp);
                }

            case NotificationKinds.AccountPasswordReset when n.Fact("link") is { } reset:
                return OneTimeLink(to, reset,
                    ("Reset your Connected California password", "Restablezca su contraseña de Connected California"),
                    ("A password reset was asked for your account.", "Se pidió restablecer la contraseña de su cuenta."),
                    ("Someone (we hope you) asked to reset the password of your Connected California account. Choose a new password with the link below; it works once, for a day.",
                     "Alguien (esperamos que usted) pidió restablecer la contraseña de su cuenta de Connected California. Elija una contraseña nueva con el enlace de abajo; funciona una sola vez, durante un día."),
                    ("If you did not ask, ignore this e-mail: your password stays as it is.", "Si usted no lo pidió, ignore este correo: su contraseña no cambia."),
                    ("Choose a new password", "Elegir una contraseña nueva"));

            case NotificationKinds.AccountEmailChange when n.Fact("link") is { } confirm:
                return OneTimeLink(to, confirm,
                    ("Confirm your new e-mail address", "Confirme su nueva dirección de correo"),
                    ("Confirm the new e-mail address of your account.", "Confirme la nueva dirección de correo de su cuenta."),
                    ("Confirm that this is the new e-mail address of your Connected California account with the link below. It works once, for a day; from then on you sign in with this address.",
                     "Confirme con el enlace de abajo que esta es la nueva dirección de correo de su cuenta de Connected California. Funciona una sola vez, durante un día; a partir de entonces usted inicia sesión con esta dirección."),
                    ("If you did not ask for this, ignore this e-mail: nothing changes.", "Si usted no lo pidió, ignore este correo: nada cambia."),
                    ("Confirm this address", "Confirmar esta dirección"));

            case NotificationKinds.AccountEmailChange when n.Fact("notice") == EmailChange.NoticeToOldAddress:
                return new(
                    to.Say("A change of your e-mail address was asked", "Se pidió cambiar su dirección de correo"),
                    to.Say("A change of your account's e-mail address was asked.", "Se pidió cambiar la dirección de correo de su cuenta."),
                    [hello,
                     to.Say(
                         $"Someone signed in to your Connected California account asked to change its e-mail address to {n.Fact("new.address") ?? "another address"}. Nothing changes unless the link sent to that address is opened.",
                         $"Alguien que inició sesión en su cuenta de Connected California pidió cambiar su dirección de correo a {n.Fact("new.address") ?? "otra dirección"}. Nada cambia a menos que se abra el enlace enviado a esa dirección."),
                     to.Say(
                         "If this was not you, sign in, change your password, and tell your organization's admin or the network's system admin.",
                         "Si no fue usted, inicie sesión, cambie su contraseña y avise al administrador de su organización o al administrador del sistema de la red.")],
                    null);

            case NotificationKinds.AccountTwoFactorOff:
                return new(
                    to.Say("Two-factor sign-in was turned off", "Se desactivó el inicio de sesión en dos pasos"),
                    to.Say("Two-factor sign-in was turned off for your account.", "Se desactivó el inicio de sesión en dos pasos de su cuenta."),
                    [hello,
                     to.Say(
                         $"Two-factor sign-in was turned off for your Connected California account on {NotificationText.Time(n, "at")}.",
                         $"El inicio de sesión en dos pasos de su cuenta de Connected California se desactivó el {NotificationText.Time(n, "at")}."),
                     to.Say(
                         "If this was not you, change your password now and tell your organization's admin or the network's system admin.",
                         "Si no fue usted, cambie su contraseña ahora y avise al administrador de su organización o al administrador del sistema de la red.")],
                    to.Say("Review your account security", "Revisar la seguridad de su cuenta"), ActionPath: "/Account/Manage/TwoFactorAuthentication");

            default:
                return null;
        }
    }

    /// <summary>
    /// A message whose button is a one-time link sent by e-mail only (a password reset, an address
    /// confirmation): what was asked, the link, and what to do when it was not the reader. Each text is
    /// (English, Spanish).
    /// </summary>
    private static NotificationContent OneTimeLink(
        NotificationRecipient to, string link, (string English, string Spanish) subject, (string English, string Spanish) summary,
        (string English, string Spanish) explanation, (string English, string Spanish) ifNotYou, (string English, string Spanish) action) =>
        new(
            to.Say(subject.English, subject.Spanish),
            to.Say(summary.English, summary.Spanish),
            [NotificationText.Greeting(to), to.Say(explanation.English, explanation.Spanish), to.Say(ifNotYou.English, ifNotYou.Spanish)],
            to.Say(action.English, action.Spanish),
            ActionPath: link);

    /// <summary>The role someone is invited as, in words ("as an admin", "como curador(a)"), never its code.</summary>
    private static string RoleInWords(string? role, NotificationRecipient to) => role switch
    {
        nameof(OrganizationRole.Admin) => to.Say("an admin", "administrador(a)"),
        nameof(OrganizationRole.Staff) => to.Say("staff", "parte del personal"),
        InvitedRoles.Curator or "a curator" => to.Say("a curator", "curador(a)"),
        _ => to.Say("a member of the network", "miembro de la red"),
    };
}

/// <summary>The <c>role</c> fact of a system admin's invitation (said in words by <see cref="AccountNotifications"/>).</summary>
public static class InvitedRoles
{
    public const string Curator = "curator";
    public const string Member = "member";
}
