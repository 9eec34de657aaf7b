using ConnectedCalifornia.Network;
using ConnectedCalifornia.Testing;
using static ConnectedCalifornia.Testing.TestData;

namespace ConnectedCalifornia.Calendars.Tests;

/// <summary>The event grain keeps its host list: a co-host adds or removes only itself; a curator any host.</summary>
[Collection(ClusterCollection.Name)]
public sealed class EventHostRightsTests(ClusterFixture fixture)
{
    private static readonly Actor Host = new("host-1", "Hana Host");
    private readonly IGrainFactory _grains = fixture.Client;

    [Fact]
    public async Task Co_host_cannot_remove_a_host_without_a_curator()
    {
        var first = await CreateOrganizationAsync(_grains);
        var second = await CreateOrganizationAsync(_grains);
        var third = await CreateOrganizationAsync(_grains);
        var grain = _grains.GetGrain<IEventGrain>(NewKey("event"));
        var definition = EventGrainTests.Training(first) with { HostOrganizationIds = [first, second] };
        Assert.True((await grain.Define(definition, Curator, EventHostRights.AnyHost)).Succeeded);
        var version = (await grain.GetSnapshot())!.Version;
        var firstsMember = new EventHostRights(false, [first]);

        AssertRefused(await grain.Define(definition with { HostOrganizationIds = [first] }, Host, firstsMember));
        AssertRefused(await grain.Define(definition with { HostOrganizationIds = [first, third] }, Host, firstsMember));
        AssertRefused(await grain.Define(definition with { HostOrganizationIds = [first, second, third] }, Host, firstsMember));
        Assert.Equal(version, (await grain.GetSnapshot())!.Version);
        Assert.Equal([first, second], (await grain.GetSnapshot())!.Definition.HostOrganizationIds.AsEnumerable());

        // A host leaves by itself; a curator removes or adds any host.
        Assert.True((await grain.Define(definition with { HostOrganizationIds = [second] }, Host, firstsMember)).Succeeded);
        Assert.True((await grain.Define(definition with { HostOrganizationIds = [third] }, Curator, EventHostRights.AnyHost)).Succeeded);
        Assert.Equal([third], (await grain.GetSnapshot())!.Definition.HostOrganizationIds.AsEnumerable());
    }

    private static void AssertRefused(CommandResult result) =>
        Assert.Contains(result.Errors, e => e.Field == "hostOrganizationIds" && e.Message.Length > 20);
}
