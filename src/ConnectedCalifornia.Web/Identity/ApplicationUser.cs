using Microsoft.AspNetCore.Identity;

namespace ConnectedCalifornia.Web.Identity;

/// <summary>A person with an account. Memberships live in the network's grains, not here.</summary>
public sealed class ApplicationUser : IdentityUser
{
    [PersonalData]
    public string DisplayName { get; set; } = string.Empty;
}
