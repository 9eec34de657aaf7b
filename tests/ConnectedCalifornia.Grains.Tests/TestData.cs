using System.Collections.Immutable;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Initiatives;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.TaskForces;

namespace ConnectedCalifornia.Testing;

/// <summary>Valid commands to start from, and fresh keys so that tests never share a grain.</summary>
public static class TestData
{
    public const string Fresno = "06019";
    public const string Kern = "06029";
    public const string LosAngeles = "06037";

    public static Actor Curator { get; } = new("curator-1", "Casey Curator");

    public static string NewKey(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    public static OrganizationProfile Organization(string name = "Fresno Harbor House") => new(
        name,
        OrganizationKind.Nonprofit,
        "Emergency shelter and case management for survivors.",
        "https://harbor.example.org",
        ["shelter-housing", "case-management"],
        ["adults", "women"],
        ["en", "es"],
        [Fresno, Kern],
        [
            new Contact("Intake line", ContactKind.Phone, "(559) 555-0100", Visibility.Public),
            new Contact("Intake email", ContactKind.Email, "intake@harbor.example.org", Visibility.Network),
        ],
        AcceptingReferrals: true);

    public static TaskForceProfile TaskForce(string name = "Central Valley Task Force") =>
        new(name, "Law enforcement and service providers of the Central Valley.", [Fresno, Kern]);

    public static InitiativeProfile Initiative(string name = "Ballot Measure 12") =>
        new(name, "Signatures for a statewide measure.", [Fresno, LosAngeles]);

    public static InitiativeGoal Signatures(long target = 700_000) =>
        new("signatures", "Signatures", target, 0, "signatures");

    public static async Task<string> CreateOrganizationAsync(IGrainFactory grains, OrganizationProfile? profile = null)
    {
        var id = NewKey("org");
        var result = await grains.GetGrain<IOrganizationGrain>(id).Create(profile ?? Organization(), Curator);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => $"{e.Field}: {e.Message}")));
        return id;
    }

    public static void AssertRefused(CommandResult result, string field)
    {
        Assert.False(result.Succeeded);
        Assert.False(result.NotFound);
        Assert.Contains(result.Errors, e => e.Field == field && !string.IsNullOrWhiteSpace(e.Message));
    }

    public static ImmutableArray<T> Many<T>(int count, Func<int, T> make) => [.. Enumerable.Range(0, count).Select(make)];
}
