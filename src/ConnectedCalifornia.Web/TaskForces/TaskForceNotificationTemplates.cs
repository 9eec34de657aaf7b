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

        var taskForce = n.Fact("task-force.name") ?? "A task force";
        var organization = n.Fact("organization.id") is { } id && await grains.GetGrain<IOrganizationGrain>(id).GetDetails() is { } details
            ? details.Profile.Name
            : "your organization";
        var role = RoleLabel(n.Fact("role"));
        return new NotificationContent(
            $"{taskForce} invites {organization}",
            $"{taskForce} invites {organization} to join as {role}.",
            [NotificationText.Greeting(to), $"{taskForce} invites {organization} to join the task force as {role}. As an admin of {organization} you accept or decline for it on the task forces page."],
            "Answer the invitation");
    }

    private static string RoleLabel(string? role) => role switch
    {
        "LeadAgency" => "lead agency",
        "LawEnforcement" => "law enforcement",
        "VictimServices" => "victim services",
        "ChildWelfare" => "child welfare",
        "Prosecution" => "prosecution",
        _ => "a member",
    };
}
