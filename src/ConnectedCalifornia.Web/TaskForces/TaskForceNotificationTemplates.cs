using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Notifications;
using ConnectedCalifornia.Web.Notifications;

namespace ConnectedCalifornia.Web.TaskForces;

/// <summary>The task forces' message: an organization's admins hear that it was invited, and answer on the task forces page.</summary>
public sealed class TaskForceNotificationTemplates(IGrainFactory grains) : INotificationTemplates
{
    public IReadOnlyCollection<string> Kinds { get; } = [NotificationKinds.TaskForceInvitation];

    public async Task<NotificationContent?> RenderAsync(Notification n, NotificationRecipient to, CancellationToken cancellationToken)
    {
        if (n.Kind != NotificationKinds.TaskForceInvitation)
        {
            return null;
        }

        var taskForce = n.Fact("task-force.name") ?? to.Say("A task force", "Una fuerza de tarea");
        var organization = n.Fact("organization.id") is { } id && await grains.GetGrain<IOrganizationGrain>(id).GetDetails() is { } details
            ? details.Profile.Name
            : to.Say("your organization", "su organización");
        var role = RoleLabel(n.Fact("role"), to);
        return new NotificationContent(
            to.Say($"{taskForce} invites {organization}", $"{taskForce} invita a {organization}"),
            to.Say($"{taskForce} invites {organization} to join as {role}.", $"{taskForce} invita a {organization} a unirse como {role}."),
            [NotificationText.Greeting(to), to.Say(
                $"{taskForce} invites {organization} to join the task force as {role}. As an admin of {organization} you accept or decline for it on the task forces page.",
                $"{taskForce} invita a {organization} a unirse a la fuerza de tarea como {role}. Como administrador(a) de {organization}, usted acepta o rechaza en su nombre en la página de fuerzas de tarea.")],
            to.Say("Answer the invitation", "Responder la invitación"));
    }

    private static string RoleLabel(string? role, NotificationRecipient to) => role switch
    {
        "LeadAgency" => to.Say("lead agency", "agencia líder"),
        "LawEnforcement" => to.Say("law enforcement", "fuerzas del orden"),
        "VictimServices" => to.Say("victim services", "servicios a víctimas"),
        "ChildWelfare" => to.Say("child welfare", "bienestar infantil"),
        "Prosecution" => to.Say("prosecution", "fiscalía"),
        _ => to.Say("a member", "miembro"),
    };
}
