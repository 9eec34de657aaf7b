using ConnectedCalifornia.Operations;
using ConnectedCalifornia.TaskForces;
using ConnectedCalifornia.Web.Components.Shared;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace ConnectedCalifornia.Web.Components.Pages.Operations;

/// <summary>
/// Words and colors the operation pages use for statuses, roles and answers. The words are English keys of
/// <c>OperationsText</c>: a page says them through its localizer (<c>T[OperationLabels.Status(...)]</c>).
/// </summary>
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
        OperationType.Enforcement => "Enforcement",
        OperationType.Outreach => "Outreach",
        OperationType.LaborInspection => "Labor inspection",
        OperationType.Training => "Training",
        _ => "Other",
    };

    public static string Role(TaskForceOrganizationRole role) => role switch
    {
        TaskForceOrganizationRole.LeadAgency => "Lead agency",
        TaskForceOrganizationRole.LawEnforcement => "Law enforcement",
        TaskForceOrganizationRole.VictimServices => "Victim services",
        TaskForceOrganizationRole.ChildWelfare => "Child welfare",
        TaskForceOrganizationRole.Prosecution => "Prosecution",
        _ => "Other",
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
        WorkStatus.Done => "Done",
        _ => "Open",
    };

    /// <summary>"Fresno County", "Fresno, Madera counties"; in Spanish "Condado de Fresno", "Condados de Fresno, Madera".</summary>
    public static string Counties(IStringLocalizer<OperationsText> t, IReadOnlyList<string> names) =>
        names.Count == 1 ? t["{0} County", names[0]] : t["{0} counties", string.Join(", ", names)];

    /// <summary>A standby answer in words.</summary>
    public static string Answer(StandbyResponse response) => response switch
    {
        StandbyResponse.Yes => "Yes",
        StandbyResponse.Partial => "Partly",
        _ => "No",
    };

    public static Color AnswerColor(StandbyResponse response) => response switch
    {
        StandbyResponse.Yes => Color.Success,
        StandbyResponse.Partial => Color.Warning,
        _ => Color.Error,
    };

    /// <summary>"Thu Nov 26, 5:00 PM – 1:00 AM (Pacific)"; in Spanish (es-US) "jue 26 nov, 5:00 p. m. – 1:00 a. m. (hora del Pacífico)".</summary>
    public static string Window(DateTimeOffset start, DateTimeOffset end)
    {
        var spanish = Pacific.InSpanish;
        var culture = System.Globalization.CultureInfo.GetCultureInfo(spanish ? "es-US" : "en-US");
        var day = spanish ? "ddd d MMM, h:mm tt" : "ddd MMM d, h:mm tt";
        var s = Pacific.ToPacific(start);
        var e = Pacific.ToPacific(end);
        var endText = s.Date == e.Date || (e - s).TotalHours < 24 ? e.ToString("h:mm tt", culture) : e.ToString(day, culture);
        return $"{s.ToString(day, culture)} – {endText} ({(spanish ? "hora del Pacífico" : "Pacific")})";
    }
}
