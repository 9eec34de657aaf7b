using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Referrals;
using Microsoft.Extensions.DependencyInjection;

namespace ConnectedCalifornia.Hosting.Tests;

/// <summary>A referral, its consent and its hash-chained audit survive a restart of the embedded host (SQLite file).</summary>
public sealed class ReferralRestartTests
{
    private static readonly Actor Curator = new("curator-1", "Casey Curator");

    [Fact]
    public async Task A_referral_with_consent_and_its_audit_chain_survive_a_restart()
    {
        using var folder = new TempDirectory();
        const string Id = "rf-restart0001";
        var sender = new ReferralActor(new Actor("lucia", "Lucia Navarro"), "valley-compass");
        var receiver = new ReferralActor(new Actor("marisol", "Marisol Vega"), "bright-orchard");

        using (var first = TestHosts.Embedded(folder.Path))
        {
            await first.StartAsync();
            var grains = first.Services.GetRequiredService<IGrainFactory>();
            foreach (var (key, name) in new[] { ("valley-compass", "Valley Compass"), ("bright-orchard", "Bright Orchard") })
            {
                var created = await grains.GetGrain<IOrganizationGrain>(key).Create(
                    new OrganizationProfile(name, OrganizationKind.Nonprofit, "Services.", null, ["shelter-housing"], ["adults"], ["en"], ["06019"], [], AcceptingReferrals: true),
                    Curator);
                Assert.True(created.Succeeded);
            }

            var referral = grains.GetGrain<IReferralGrain>(Id);
            Assert.True((await referral.Send(
                new ReferralDraft("valley-compass", "bright-orchard", ["shelter-housing"], AgeBracket.Age12To17, null, "es", "06019", null, ReferralUrgency.Urgent, null),
                sender)).Succeeded);
            Assert.True((await referral.RecordConsent(
                new ConsentDraft("bright-orchard", "Intake", DateTimeOffset.UtcNow.AddDays(5), true, new IdentifyingDetails("Ana", null)), sender)).Succeeded);
            Assert.True((await referral.Transition(new ReferralTransition(ReferralStatus.Accepted), receiver)).Succeeded);
            await first.StopAsync();
        }

        using var second = TestHosts.Embedded(folder.Path);
        await second.StartAsync();
        var again = second.Services.GetRequiredService<IGrainFactory>().GetGrain<IReferralGrain>(Id);
        var record = await again.Read(receiver);
        var audit = await again.ReadAudit(receiver);
        var inbox = await second.Services.GetRequiredService<IGrainFactory>().GetGrain<IReferralIndexGrain>("bright-orchard").List(inbox: true);
        await second.StopAsync();

        Assert.Equal((ReferralStatus.Accepted, "Ana"), (record!.Status, record.Details?.Name));
        Assert.Equal(["sent", "consent-recorded", "status", "read", "audit-read"], audit.Select(e => e.Action));
        Assert.Null(ReferralAuditChain.Verify(Id, audit));
        Assert.Equal(Id, Assert.Single(inbox).Id);
    }
}
