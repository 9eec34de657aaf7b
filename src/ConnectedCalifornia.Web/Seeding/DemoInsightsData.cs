using System.Collections.Immutable;
using ConnectedCalifornia.Referrals;

namespace ConnectedCalifornia.Web.Seeding;

/// <summary>
/// The demo's past referrals for the insights views: the ten months before the current one, as the
/// counts a purged referral leaves in the registry (county, first service, month, outcome, minutes to
/// answer). No referral grain is created and nobody is notified; the same start month gives the same
/// counts (a fixed seed). The current month and the one before the ten stay for live referrals.
/// </summary>
public static class DemoInsightsData
{
    private static readonly (string County, int Weight)[] Counties =
    [
        ("06037", 9), ("06073", 5), ("06019", 5), ("06067", 4), ("06001", 4), ("06029", 3), ("06059", 4), ("06075", 3),
        ("06065", 3), ("06085", 3), ("06039", 1), ("06107", 1), ("06031", 1),
    ];

    private static readonly string[] Services = ["shelter-housing", "shelter-housing", "case-management", "mental-health", "legal-aid", "medical", "hotline", "immigration-relief"];

    private static readonly int[] AnswerMinutes = [12, 25, 40, 55, 90, 120, 180, 240, 360, 600, 900, 1440, 2160, 2880, 4320];

    /// <summary>The facts for the ten months before the month of <paramref name="now"/>.</summary>
    public static ImmutableArray<ReferralOutcomeFact> Facts(DateTimeOffset now)
    {
        var random = new Random(20);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var local = TimeZoneInfo.ConvertTime(now, ConnectedCalifornia.Network.CaliforniaTime.Zone);
        var thisMonth = new DateTime(local.Year, local.Month, 15, 12, 0, 0, DateTimeKind.Unspecified);
        for (var back = 10; back >= 1; back--)
        {
            var month = ReferralOutcomeFacts.MonthOf(new DateTimeOffset(thisMonth.AddMonths(-back), TimeSpan.FromHours(-8)));
            foreach (var (county, weight) in Counties)
            {
                var referrals = weight * 2 + random.Next(weight * 3 + 1);
                for (var i = 0; i < referrals; i++)
                {
                    var service = Services[random.Next(Services.Length)];
                    var roll = random.Next(100);
                    var outcome = roll switch
                    {
                        < 58 => ReferralOutcomeClass.Accepted,
                        < 76 => ReferralOutcomeClass.DeclinedNoCapacity,
                        < 85 => ReferralOutcomeClass.DeclinedNotEligible,
                        < 92 => ReferralOutcomeClass.DeclinedOtherReason,
                        _ => ReferralOutcomeClass.NotAnswered,
                    };
                    int? minutes = outcome == ReferralOutcomeClass.NotAnswered ? null : AnswerMinutes[random.Next(AnswerMinutes.Length)];
                    var key = ReferralOutcomeFacts.Key(new ReferralOutcomeFact(county, service, month, outcome, minutes, 1));
                    counts[key] = counts.GetValueOrDefault(key) + 1;
                }
            }
        }

        return [.. counts.Select(c => ReferralOutcomeFacts.Parse(c.Key, c.Value)).OfType<ReferralOutcomeFact>()];
    }

    /// <summary>Adds the past referrals' counts to the registry unless it holds such counts already; 1 when added.</summary>
    public static async Task<int> SeedAsync(IGrainFactory grains, DateTimeOffset now) =>
        await grains.GetGrain<IReferralIndexGrain>(ReferralKeys.Registry).SeedSettledOutcomes(Facts(now)) ? 1 : 0;
}
