using ConnectedCalifornia.TaskForces;

namespace ConnectedCalifornia.Web.TaskForces;

/// <summary>Task-force roles as people read them ("Lead agency"), never the enum's names.</summary>
public static class TaskForceLabels
{
    public static string Role(TaskForceOrganizationRole role) => role switch
    {
        TaskForceOrganizationRole.LeadAgency => "Lead agency",
        TaskForceOrganizationRole.LawEnforcement => "Law enforcement",
        TaskForceOrganizationRole.Prosecution => "Prosecution",
        TaskForceOrganizationRole.VictimServices => "Victim services",
        TaskForceOrganizationRole.ChildWelfare => "Child welfare",
        _ => "Other partner",
    };

    public static string Role(TaskForceRole role) => role == TaskForceRole.Lead ? "Lead" : "Member";
}
