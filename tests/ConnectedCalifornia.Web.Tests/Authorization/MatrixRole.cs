using ConnectedCalifornia.Web.Seeding;

namespace ConnectedCalifornia.Web.Tests.Authorization;

/// <summary>Every kind of person the matrix acts as, each a demo sign-in of the seeded network.</summary>
public enum MatrixRole
{
    Anonymous,
    ShelterStaff,
    ShelterAdmin,
    OtherOrganizationAdmin,
    LawEnforcementStaff,
    TaskForceLead,
    TaskForceMember,
    Curator,
    SystemAdmin,
}

public static class MatrixRoles
{
    public static readonly MatrixRole[] All = Enum.GetValues<MatrixRole>();

    public static readonly MatrixRole[] SignedIn = [.. All.Where(r => r != MatrixRole.Anonymous)];

    public static string? Email(this MatrixRole role) => role switch
    {
        MatrixRole.Anonymous => null,
        MatrixRole.ShelterStaff => $"shelter.staff@{DemoNetworkData.UserEmailDomain}",
        MatrixRole.ShelterAdmin => $"shelter.admin@{DemoNetworkData.UserEmailDomain}",
        MatrixRole.OtherOrganizationAdmin => $"la.shelter.admin@{DemoNetworkData.UserEmailDomain}",
        MatrixRole.LawEnforcementStaff => $"officer@{DemoNetworkData.UserEmailDomain}",
        MatrixRole.TaskForceLead => $"taskforce.lead@{DemoNetworkData.UserEmailDomain}",
        MatrixRole.TaskForceMember => $"taskforce.member@{DemoNetworkData.UserEmailDomain}",
        MatrixRole.Curator => $"curator@{DemoNetworkData.UserEmailDomain}",
        MatrixRole.SystemAdmin => $"sysadmin@{DemoNetworkData.UserEmailDomain}",
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };
}
