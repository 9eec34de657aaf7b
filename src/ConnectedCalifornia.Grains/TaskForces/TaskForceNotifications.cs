using System.Collections.Immutable;
using ConnectedCalifornia.Notifications;

namespace ConnectedCalifornia.TaskForces;

/// <summary>An organization invited to a task force (or invited again with another role) hears of it: its admins, who answer for it.</summary>
internal static class TaskForceNotifications
{
    public static ImmutableArray<Notification> Between(string taskForceId, TaskForceState before, TaskForceState after)
    {
        if (after.Profile is not { } profile)
        {
            return [];
        }

        var open = (before.Invitations.IsDefault ? [] : before.Invitations).ToDictionary(i => i.OrganizationId, StringComparer.Ordinal);
        return [.. (after.Invitations.IsDefault ? [] : after.Invitations)
            .Where(i => !open.TryGetValue(i.OrganizationId, out var was) || was != i)
            .Select(i => new Notification(
                NotificationFacts.Id("task-force", taskForceId, after.Version, NotificationKinds.TaskForceInvitation, i.OrganizationId),
                NotificationKinds.TaskForceInvitation,
                after.UpdatedAt,
                [NotificationAudience.OrganizationAdmins(i.OrganizationId)],
                NotificationFacts.Of(("task-force.name", profile.Name), ("organization.id", i.OrganizationId), ("role", i.Role.ToString())),
                "/task-forces"))];
    }
}
