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

    /// <summary>Site-level capacity of one site (bed board): network members for ordinary sites; for a confidential site only its organization and its task forces.</summary>
    ViewSiteCapacity,

    /// <summary>Post the counts of one site: staff or admins of the site's organization.</summary>
    PostCapacity,

    /// <summary>Define a site (name, county, categories, totals): admins of the site's organization.</summary>
    DefineSite,

    /// <summary>Hold a bed of one site: members of any organization, or task-force leads, who may see the site.</summary>
    HoldCapacity,

    Administer,

    // Directory
    /// <summary>Import an HSDS dataset into the directory (dry run or for real): curators.</summary>
    ImportDirectory,
}

public enum ResourceKind
{
    None,
    Organization,
    TaskForce,
    Initiative,
    Site,
}

public static class NetworkActions
{
    /// <summary>The route parameter that carries the resource of an action, by convention across API and pages.</summary>
    public static string? RouteKey(this NetworkAction action) => action.Resource() switch
    {
        ResourceKind.Organization => "organizationId",
        ResourceKind.TaskForce => "taskForceId",
        ResourceKind.Initiative => "initiativeId",
        ResourceKind.Site => "siteId",
        _ => null,
    };

    public static ResourceKind Resource(this NetworkAction action) => action switch
    {
        NetworkAction.ViewOrganizationConfidential or NetworkAction.EditOrganization or NetworkAction.ManageOrganizationMembers
            or NetworkAction.RequireTwoFactor or NetworkAction.VerifyOrganization => ResourceKind.Organization,
        NetworkAction.ViewTaskForce or NetworkAction.ManageTaskForce => ResourceKind.TaskForce,
        NetworkAction.ManageInitiative or NetworkAction.RecordInitiativeProgress => ResourceKind.Initiative,
        NetworkAction.ViewSiteCapacity or NetworkAction.PostCapacity or NetworkAction.DefineSite or NetworkAction.HoldCapacity => ResourceKind.Site,
        _ => ResourceKind.None,
    };

    /// <summary>The policy name used with [Authorize(Policy = ...)] and RequireAuthorization(...).</summary>
    public static string Policy(this NetworkAction action) => "cc:" + action;
}
