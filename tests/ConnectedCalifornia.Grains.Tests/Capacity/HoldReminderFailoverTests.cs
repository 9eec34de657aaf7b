using ConnectedCalifornia.Hosting;
using ConnectedCalifornia.Hosting.History;
using ConnectedCalifornia.Hosting.Notifications;
using ConnectedCalifornia.Hosting.Schema;
using ConnectedCalifornia.Network;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Configuration;
using Orleans.Core.Internal;
using Orleans.Storage;
using Orleans.TestingHost;
using static ConnectedCalifornia.Capacity.Tests.CapacityTestData;
using static ConnectedCalifornia.Testing.TestData;

namespace ConnectedCalifornia.Capacity.Tests;

/// <summary>
/// A hold expires on time even when nothing calls its site: the site keeps a durable reminder while it has holds,
/// so after its activation is gone (its silo died, or it was deactivated) the reminder activates it again and the
/// hold is released, without waiting for the 5-minute sweep. Its own cluster, because the reminder period here is
/// two seconds and the sweep is off, and its own fake clock.
/// </summary>
public sealed class HoldReminderFailoverTests : IAsyncLifetime
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 3, 2, 16, 0, 0, TimeSpan.Zero));
    private static readonly string HistoryDirectory = Path.Combine(Path.GetTempPath(), "cc-hold-reminder-" + Guid.NewGuid().ToString("N"));
    private TestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(2);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(HistoryDirectory, recursive: true);
    }

    [Fact]
    public async Task Failover_an_expired_hold_of_a_site_nobody_calls_is_released_by_its_reminder_not_the_sweep()
    {
        IGrainFactory grains = _cluster.Client;
        var site = await DefineSiteAsync(grains, Kern);
        AssertSucceeded(await site.PostCount(CapacityCategories.AdultWomen, 2, Staff));
        var holder = await CreateOrganizationAsync(grains, Organization("Kern Legal Aid"));
        var hold = await site.PlaceHold(CapacityCategories.AdultWomen, holder, Staff, TimeSpan.FromMinutes(30), Purpose);
        Assert.True(hold.Succeeded);
        var index = grains.GetGrain<ICapacityIndexGrain>(GrainKeys.CapacityIndex);

        // The site's activation goes away (as when its silo dies), then the hold's time runs out. The sweep is off.
        await site.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        Clock.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal(1, (await index.GetSites(Kern)).Single(r => r.SiteId == site.Id()).ActiveHolds);

        // Within a reminder period (2 s here, a minute in production) the reminder brings the site back and it
        // releases the hold: the index, which never activates a site, shows it stored.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        CapacitySiteRow row;
        do
        {
            await Task.Delay(250);
            row = (await index.GetSites(Kern)).Single(r => r.SiteId == site.Id());
        }
        while (row.ActiveHolds > 0 && DateTime.UtcNow < deadline);

        Assert.Equal((0, null, 2, 0), (row.ActiveHolds, row.NextHoldExpiry, row.Categories[0].Available, row.Categories[0].Held));
        Assert.Equal(HoldStatus.Expired, (await site.GetHold(hold.HoldId!))!.Status);
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.Services.AddSingleton<IGrainStorageSerializer, SystemTextJsonGrainStorageSerializer>();
            siloBuilder.AddMemoryGrainStorage(StorageNames.Network);
            siloBuilder.UseInMemoryReminderService();
            siloBuilder.Services.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
            siloBuilder.Services.AddNetworkGrainServices();
            siloBuilder.Services.AddSingleton(NetworkDatabase.ForSqlite(HistoryDirectory));
            siloBuilder.Services.AddSingleton<NetworkSchema>();
            siloBuilder.Services.AddNetworkChangeArchive();
            siloBuilder.Services.AddNetworkNotificationOutbox();
            siloBuilder.Services.AddKeyedSingleton<TimeProvider>(NetworkClock.Key, Clock);
            siloBuilder.Services.AddKeyedSingleton<TimeProvider>(NetworkClock.NodeRegistryKey, Clock);
            siloBuilder.Services.Configure<CapacityOptions>(o =>
            {
                o.HoldReminderPeriod = TimeSpan.FromSeconds(2);
                o.SweepInterval = TimeSpan.Zero;
            });
        }
    }
}
