using ConnectedCalifornia.Operations;
using ConnectedCalifornia.TaskForces;
using ConnectedCalifornia.Web.Components.Shared;
using MudBlazor;

namespace ConnectedCalifornia.Web.Components.Pages.Operations;

/// <summary>Words and colors the operation pages use for statuses, roles and answers.</summary>
public static class OperationLabels
{
    public static string Status(OperationStatus status) => status switch
    {
        OperationStatus.Planning => "Planning",
        OperationStatus.Active => "Active",
        OperationStatus.Debrief => "Debrief",
        _ => "Closed",
    };

    public static Color StatusColor(OperationStatus status) => status switch
    {
        OperationStatus.Planning => Color.Info,
        OperationStatus.Active => Color.Success,
        OperationStatus.Debrief => Color.Warning,
        _ => Color.Default,
    };

    public static string Type(OperationType type) => type switch
    {
        OperationType.LaborInspection => "Labor inspection",
        _ => type.ToString(),
    };

    public static string Role(TaskForceOrganizationRole role) => role switch
    {
        TaskForceOrganizationRole.LeadAgency => "Lead agency",
        TaskForceOrganizationRole.LawEnforcement => "Law enforcement",
        TaskForceOrganizationRole.VictimServices => "Victim services",
        TaskForceOrganizationRole.ChildWelfare => "Child welfare",
        _ => role.ToString(),
    };

    public static string Ages(ExpectedAges ages) => ages switch
    {
        ExpectedAges.AdultsOnly => "Adults only",
        ExpectedAges.MinorsInvolved => "Minors involved",
        _ => "Not known yet",
    };

    public static string Work(WorkStatus status) => status switch
    {
        WorkStatus.InProgress => "In progress",
        _ => status.ToString(),
    };

    public static Color AnswerColor(StandbyResponse response) => response switch
    {
        StandbyResponse.Yes => Color.Success,
        StandbyResponse.Partial => Color.Warning,
        _ => Color.Error,
    };

    /// <summary>"Thu Nov 26, 5:00 PM – 1:00 AM" in Pacific time.</summary>
    public static string Window(DateTimeOffset start, DateTimeOffset end)
    {
        var culture = System.Globalization.CultureInfo.GetCultureInfo("en-US");
        var s = Pacific.ToPacific(start);
        var e = Pacific.ToPacific(end);
        var endText = s.Date == e.Date || (e - s).TotalHours < 24 ? e.ToString("h:mm tt", culture) : e.ToString("ddd MMM d, h:mm tt", culture);
        return $"{s.ToString("ddd MMM d, h:mm tt", culture)} – {endText} (Pacific)";
    }
}
