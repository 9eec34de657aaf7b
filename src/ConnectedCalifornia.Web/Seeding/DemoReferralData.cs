using ConnectedCalifornia.Network;
using ConnectedCalifornia.Referrals;

namespace ConnectedCalifornia.Web.Seeding;

/// <summary>
/// One demo referral, so that inboxes are not empty on a first start: Valley Compass Survivor
/// Services (the task-force member's organization) refers a young adult to Bright Orchard Youth
/// Shelter for case management. No name, no contact, no consent: nothing about a person.
/// </summary>
public static class DemoReferralData
{
    public const string ReferralId = "rf-demo-0001";

    public const string FromOrganizationKey = "valley-compass-survivor-services";

    public static ReferralDraft Draft { get; } = new(
        FromOrganizationKey,
        DemoNetworkData.FresnoMinorsShelterKey,
        ["case-management"],
        AgeBracket.Age18To24,
        Gender: null,
        Language: "en",
        County: "06019",
        Needs: "Case management after aging out of foster care; looking for a transitional program.",
        ReferralUrgency.Routine,
        SafetyNotes: null);

    /// <summary>Sends the demo referral unless it exists; returns 1 when it was created.</summary>
    public static async Task<int> SeedAsync(IGrainFactory grains)
    {
        var referral = grains.GetGrain<IReferralGrain>(ReferralId);
        if (await referral.GetParties() is not null)
        {
            return 0;
        }

        var result = await referral.Send(Draft, new ReferralActor(DemoNetworkSeeder.DemoActor, FromOrganizationKey));
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Demo referral {ReferralId}: " + string.Join("; ", result.Errors.Select(e => $"{e.Field}: {e.Message}")));
        }

        return 1;
    }
}
