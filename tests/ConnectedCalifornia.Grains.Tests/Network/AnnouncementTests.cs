using System.Collections.Immutable;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Initiatives;
using ConnectedCalifornia.Testing;
using static ConnectedCalifornia.Testing.TestData;

namespace ConnectedCalifornia.Network.Tests;

[Collection(ClusterCollection.Name)]
public sealed class AnnouncementTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Client;

    [Fact]
    public async Task Organization_changes_reach_the_web_node_on_its_county_and_statewide_topics()
    {
        var id = await CreateOrganizationAsync(_grains);
        var grain = _grains.GetGrain<IOrganizationGrain>(id);
        await grain.UpdateProfile(Organization() with { Services = ["medical"], Counties = [LosAngeles] }, new Actor("user-3", "Ana Ruiz"));
        await grain.SetVerification(VerificationStatus.Verified, Curator);

        var received = await fixture.Node.WaitForAsync(id, 3);

        Assert.Equal([1L, 2L, 3L], received.Select(a => a.Version));
        Assert.Equal(
            [AnnouncementKinds.OrganizationCreated, AnnouncementKinds.OrganizationUpdated, AnnouncementKinds.OrganizationVerification],
            received.Select(a => a.Kind));
        Assert.Equal([Topics.Organization(id), Topics.County(Fresno), Topics.County(Kern), Topics.Statewide], received[0].Topics.AsEnumerable());
        Assert.Equal(
            [Topics.Organization(id), Topics.County(LosAngeles), Topics.Statewide, Topics.County(Fresno), Topics.County(Kern)],
            received[1].Topics.AsEnumerable());
        Assert.Equal("Profile updated: services, counties", received[1].Summary);
        Assert.Equal("Ana Ruiz", received[1].ActorName);
        Assert.All(received, a => Assert.Equal("Fresno Harbor House", a.Title));
    }

    [Fact]
    public async Task Announcements_of_one_participant_arrive_in_order()
    {
        var grain = _grains.GetGrain<IInitiativeGrain>(NewKey("init"));
        await grain.Create(Initiative(), Curator);
        await grain.SetGoal(Signatures(), Curator);

        // Fire-and-collect, as many people recording at once would: the grain orders them, the publisher keeps that order.
        await Task.WhenAll(Enumerable.Range(1, 50).Select(_ => grain.RecordProgress("signatures", 10, Curator)));

        var received = await fixture.Node.WaitForAsync(grain.GetPrimaryKeyString(), 52);
        Assert.Equal(Enumerable.Range(1, 52).Select(v => (long)v), received.Select(a => a.Version));
        Assert.Equal("10 signatures recorded (500 of 700,000)", received[^1].Summary);
    }

    [Fact]
    public async Task A_failing_web_node_does_not_keep_announcements_from_the_others()
    {
        var failing = new FailingNode();
        var failingReference = fixture.Client.CreateObjectReference<INetworkNodeObserver>(failing);
        var registry = _grains.GetGrain<INetworkNodeRegistryGrain>(GrainKeys.NodeRegistry);
        await registry.Register(failingReference);
        try
        {
            var grain = _grains.GetGrain<IInitiativeGrain>(NewKey("init"));
            await grain.Create(Initiative(), Curator);
            await grain.SetGoal(Signatures(), Curator);

            // Keep changing until the failing node has been tried (publishers re-read the node list every 200 ms).
            var deadline = DateTime.UtcNow.AddSeconds(10);
            var version = 2;
            while (failing.Calls == 0 && DateTime.UtcNow < deadline)
            {
                version = (int)(await grain.RecordProgress("signatures", 1, Curator)).Version;
                await Task.Delay(50);
            }

            Assert.True(failing.Calls > 0, "The failing node was never sent anything.");
            await grain.RecordProgress("signatures", 1, Curator);
            var received = await fixture.Node.WaitForAsync(grain.GetPrimaryKeyString(), version + 1);
            Assert.Equal(Enumerable.Range(1, version + 1).Select(v => (long)v), received.Select(a => a.Version));
        }
        finally
        {
            await registry.Unregister(failingReference);
            fixture.Client.DeleteObjectReference<INetworkNodeObserver>(failingReference);
        }
    }

    private sealed class FailingNode : INetworkNodeObserver
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public Task Deliver(ImmutableArray<NetworkAnnouncement> announcements)
        {
            Interlocked.Increment(ref _calls);
            throw new InvalidOperationException("This web node is broken.");
        }
    }
}
