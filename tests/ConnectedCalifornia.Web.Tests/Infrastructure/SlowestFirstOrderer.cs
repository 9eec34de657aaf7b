using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestCollectionOrderer("ConnectedCalifornia.Web.Tests.Infrastructure.SlowestFirstOrderer", "ConnectedCalifornia.Web.Tests")]

namespace ConnectedCalifornia.Web.Tests.Infrastructure;

/// <summary>
/// Starts the longest test collections first. xunit runs as many tests at once as the machine has cores; the
/// collections that start several nodes and kill them (minutes, one after another) used to start last and then ran
/// alone for their whole length while the rest of the suite had finished. Started first, they run beside everything
/// else. The rest keep xunit's own order.
/// </summary>
public sealed class SlowestFirstOrderer : ITestCollectionOrderer
{
    /// <summary>Collections (by name, or by test class for a class's own collection) measured slowest, slowest first.</summary>
    private static readonly string[] Slowest =
    [
        ClusterFaultCollection.Name,
        "ConnectedCalifornia.Web.Tests.Live.AnnouncementGapTests",
        "ConnectedCalifornia.Web.Tests.Identity.SignInTests",
        "ConnectedCalifornia.Web.Tests.Referrals.ReferralPrivacyCanaryTests",
        "ConnectedCalifornia.Web.Tests.Notifications.NotificationLeaseTests",
        "ConnectedCalifornia.Web.Tests.Notifications.NotificationPickupAndRestartTests",
    ];

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections)
    {
        var all = testCollections.ToList();
        return all.OrderBy(Rank).ThenBy(all.IndexOf);
    }

    private static int Rank(ITestCollection collection)
    {
        for (var i = 0; i < Slowest.Length; i++)
        {
            if (collection.DisplayName == Slowest[i] || collection.DisplayName.EndsWith(" " + Slowest[i], StringComparison.Ordinal))
            {
                return i;
            }
        }

        return Slowest.Length;
    }
}
