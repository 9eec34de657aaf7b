using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;

namespace ConnectedCalifornia.TaskForces;

/// <summary>The check every grain that takes in an organization by id makes (task forces, operations, initiatives).</summary>
internal static class ExistingOrganization
{
    /// <summary>Checks the key and asks the organization's grain whether it exists; its name, or null (with the error added).</summary>
    public static async Task<string?> NameAsync(IGrainFactory grains, FieldValidator v, string field, string? organizationId)
    {
        if (!v.Key(field, organizationId, "The organization's id"))
        {
            return null;
        }

        var details = await grains.GetGrain<IOrganizationGrain>(organizationId).GetDetails();
        if (details is null)
        {
            v.Add(field, $"There is no organization '{organizationId}'.");
        }

        return details?.Profile.Name;
    }
}
