using ConnectedCalifornia.Network;
using ConnectedCalifornia.Operations;
using ConnectedCalifornia.TaskForces;
using ConnectedCalifornia.Web.Components.Shared;

namespace ConnectedCalifornia.Web.Seeding;

/// <summary>
/// The demo network's one operation: the Fresno task force's Thursday operation, led by the Sierra
/// Mirador Police Department with Cottonleaf PD, and Bright Orchard Youth Shelter asked to stand by;
/// the demo referral Bright Orchard received is linked to it.
/// The Fresno task force's member from Valley Compass does not take part, and so does not see it.
/// </summary>
public static class DemoOperationsData
{
    public const string OperationKey = "fresno-thursday-motel-corridor-operation";
    public const string LeadAgencyKey = "sierra-mirador-police-department";
    public const string StandbyRequestKey = "standby-demo";

    /// <summary>Plans the operation if it is missing; 1 when it was created, else 0.</summary>
    public static async Task<int> SeedAsync(IGrainFactory grains, TimeProvider clock)
    {
        var grain = grains.GetGrain<IOperationGrain>(OperationKey);
        if (await grain.GetDetails() is not null)
        {
            return 0;
        }

        var start = NextThursdayEvening(clock.GetUtcNow());
        var actor = DemoNetworkSeeder.DemoActor;
        Ensure(await grain.Create(
            new OperationPlan(
                DemoNetworkData.FresnoTaskForceKey,
                "Thursday motel corridor operation",
                OperationType.Enforcement,
                start,
                start.AddHours(8),
                ["06019"],
                "Motels along the Highway 99 corridor, north Fresno",
                "Staging: Sierra Mirador PD substation, rear lot",
                ShareLocation: false,
                LeadAgencyKey),
            actor));
        Ensure(await grain.SetParticipant(new OperationParticipant("cottonleaf-police-department", TaskForceOrganizationRole.LawEnforcement), actor));
        Ensure(await grain.SendStandby(
            StandbyRequestKey,
            new StandbyRequest([DemoNetworkData.FresnoMinorsShelterKey], 8, ExpectedAges.MinorsInvolved, ["en", "es"], "Third parties may be present at the motels.", "Emergency beds for up to 3 minors."),
            actor));
        // The demo referral, which Bright Orchard received, was made during the operation (a relationship fixture of the authorization matrix).
        Ensure(await grain.LinkReferral(DemoReferralData.ReferralId, [DemoNetworkData.FresnoMinorsShelterKey], actor));
        Ensure(await grain.SetAssignment(new OperationAssignment("staging", LeadAgencyKey, "Staging area and briefing", "Sgt. Priya Sandhu", start.AddHours(-2), WorkStatus.Open), actor));
        return 1;
    }

    /// <summary>5 PM of the next Thursday in California (a week ahead on a Thursday), in standard or daylight time.</summary>
    public static DateTimeOffset NextThursdayEvening(DateTimeOffset now)
    {
        var today = Pacific.ToPacific(now).Date;
        var days = ((int)DayOfWeek.Thursday - (int)today.DayOfWeek + 7) % 7;
        return Pacific.FromPacific(today.AddDays(days == 0 ? 7 : days).AddHours(17));
    }

    private static void Ensure(CommandResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"The demo operation could not be seeded: {string.Join("; ", result.Errors.Select(e => $"{e.Field}: {e.Message}"))}");
        }
    }
}
