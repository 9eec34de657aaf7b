namespace ConnectedCalifornia.Web.Authorization;

/// <summary>What a person may try to do. Each action names the kind of resource it is about.</summary>
public enum NetworkAction
{
    /// <summary>Anything a signed-in person sees about themselves (their network, their account).</summary>
    SignedIn,

    /// <summary>Network-tier information: signed-in members of any organization, curators, system admins.</summary>
    ViewNetwork,

    /// <summary>An organization's confidential tier: its members and members of its task forces.</summary>
    ViewOrganizationConfidential,

    EditOrganization,
    ManageOrganizationMembers,
    RequireTwoFactor,
    VerifyOrganization,
    CreateOrganization,

    ViewTaskForce,
    ManageTaskForce,
    CreateTaskForce,

    ManageInitiative,
    RecordInitiativeProgress,
    CreateInitiative,

    Administer,
}

public enum ResourceKind
{
    None,
    Organization,
    TaskForce,
    Initiative,
}

public static class NetworkActions
{
    /// <summary>The route parameter that carries the resource of an action, by convention across API and pages.</summary>
    public static string? RouteKey(this NetworkAction action) => action.Resource() switch
    {
        ResourceKind.Organization => "organizationId",
        ResourceKind.TaskForce => "taskForceId",
        ResourceKind.Initiative => "initiativeId",
        _ => null,
    };

    public static ResourceKind Resource(this NetworkAction action) => action switch
    {
        NetworkAction.ViewOrganizationConfidential or NetworkAction.EditOrganization or NetworkAction.ManageOrganizationMembers
            or NetworkAction.RequireTwoFactor or NetworkAction.VerifyOrganization => ResourceKind.Organization,
        NetworkAction.ViewTaskForce or NetworkAction.ManageTaskForce => ResourceKind.TaskForce,
        NetworkAction.ManageInitiative or NetworkAction.RecordInitiativeProgress => ResourceKind.Initiative,
        _ => ResourceKind.None,
    };

    /// <summary>The policy name used with [Authorize(Policy = ...)] and RequireAuthorization(...).</summary>
    public static string Policy(this NetworkAction action) => "cc:" + action;
}
