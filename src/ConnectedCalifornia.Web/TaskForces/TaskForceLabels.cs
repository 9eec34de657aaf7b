using ConnectedCalifornia.TaskForces;

namespace ConnectedCalifornia.Web.TaskForces;

/// <summary>Task-force roles as people read them ("Lead agency"), never the enum's names.</summary>
public static class TaskForceLabels
{
    public static string Role(TaskForceOrganizationRole role) => TaskForceRoleWords.Of(role);

    public static string Role(TaskForceRole role) => TaskForceRoleWords.Of(role);
}
