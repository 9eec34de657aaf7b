using ConnectedCalifornia.Capacity;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Testing;

namespace ConnectedCalifornia.Referrals.Tests;

/// <summary>Two fresh organizations per test: a referring one and a receiving shelter with a site.</summary>
internal sealed record ReferralParties(string From, string To, ReferralActor Sender, ReferralActor Receiver, ReferralActor Outsider)
{
    public static async Task<ReferralParties> CreateAsync(IGrainFactory grains, int minorsAvailable = 0)
    {
        var from = await TestData.CreateOrganizationAsync(grains, TestData.Organization("Valley Compass"));
        var to = await TestData.CreateOrganizationAsync(grains, TestData.Organization("Bright Orchard"));
        var other = await TestData.CreateOrganizationAsync(grains, TestData.Organization("Juniper Gate"));
        if (minorsAvailable > 0)
        {
            var site = grains.GetGrain<ISiteCapacityGrain>($"{to}--main");
            Ok(await site.Define(new SiteDefinition(to, "Bright Orchard Main", TestData.Fresno, true, [new CategoryDefinition(CapacityCategories.Minors, 6)]), SeedActor));
            Ok(await site.PostCount(CapacityCategories.Minors, minorsAvailable, SeedActor));
        }

        return new ReferralParties(
            from,
            to,
            new ReferralActor(new Actor("lucia", "Lucia Navarro"), from),
            new ReferralActor(new Actor("marisol", "Marisol Vega"), to),
            new ReferralActor(new Actor("grace", "Grace Han"), other));
    }

    private static Actor SeedActor { get; } = new("seed", "Seeder");

    /// <summary>A 16-year-old Spanish speaker in Fresno who needs shelter: no name at all.</summary>
    public ReferralDraft Draft(ReferralUrgency urgency = ReferralUrgency.Urgent, string? hold = null) => new(
        From, To, ["shelter-housing", "case-management"], AgeBracket.Age12To17, "female", "es", TestData.Fresno,
        "Needs a safe bed tonight and a Spanish-speaking advocate.", urgency, "Do not call the family phone.", hold);

    public static void Ok(CommandResult result) =>
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => $"{e.Field}: {e.Message}")));

    public static IReferralGrain New(IGrainFactory grains) => grains.GetGrain<IReferralGrain>(ReferralKeys.NewId());
}
