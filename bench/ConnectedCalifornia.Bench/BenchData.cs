using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;

namespace ConnectedCalifornia.Bench;

/// <summary>A valid organization profile (as in the grain tests) and result checks.</summary>
public static class BenchData
{
    public static OrganizationProfile Organization() => new(
        "Bench Harbor House",
        OrganizationKind.Nonprofit,
        "Emergency shelter and case management for survivors.",
        "https://harbor.example.org",
        ["shelter-housing", "case-management"],
        ["adults", "women"],
        ["en", "es"],
        [FanoutBench.County],
        [
            new Contact("Intake line", ContactKind.Phone, "(559) 555-0100", Visibility.Public),
            new Contact("Intake email", ContactKind.Email, "intake@harbor.example.org", Visibility.Network),
        ],
        AcceptingReferrals: true);

    public static void EnsureSucceeded(CommandResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not {what}: " + string.Join("; ", result.Errors.Select(e => $"{e.Field}: {e.Message}")));
        }
    }
}
