using System.Collections.Immutable;
using ConnectedCalifornia.Hosting;
using ConnectedCalifornia.Hosting.History;
using ConnectedCalifornia.Hosting.Notifications;
using ConnectedCalifornia.Hosting.Schema;
using ConnectedCalifornia.Network;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Storage;
using Orleans.TestingHost;

namespace ConnectedCalifornia.Testing;

/// <summary>
/// One in-process cluster of two silos for every grain test: memory storage that goes through the
/// same plain-JSON serializer as the database, the grains' services, a fake network clock, and one
/// web node (<see cref="Node"/>) registered from the cluster client, as a real web node would be.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    /// <summary>The clock that stamps changes. Only the network's clock is fake: Orleans' own timers keep real time.</summary>
    public static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 3, 2, 16, 0, 0, TimeSpan.Zero));

    /// <summary>The clock that expires web nodes' registrations; only the registry's own test moves it.</summary>
    public static readonly FakeTimeProvider RegistryClock = new(new DateTimeOffset(2026, 3, 2, 16, 0, 0, TimeSpan.Zero));

    /// <summary>The SQLite folder of the change archive (the real one), shared by both silos, deleted at the end.</summary>
    public static readonly string HistoryDirectory = Path.Combine(Path.GetTempPath(), "cc-grains-tests-" + Guid.NewGuid().ToString("N"));

    private INetworkNodeObserver? _nodeReference;

    public TestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    /// <summary>What the web node registered by this fixture received.</summary>
    public RecordingNode Node { get; } = new();

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(2);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();

        _nodeReference = Client.CreateObjectReference<INetworkNodeObserver>(Node);
        await RegisterNodeAsync();
    }

    /// <summary>Registers (or renews) the fixture's node, as a web node does every 30 seconds.</summary>
    public Task RegisterNodeAsync() =>
        Client.GetGrain<INetworkNodeRegistryGrain>(GrainKeys.NodeRegistry).Register(_nodeReference!);

    public async Task DisposeAsync()
    {
        if (_nodeReference is not null)
        {
            Client.DeleteObjectReference<INetworkNodeObserver>(_nodeReference);
        }

        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(HistoryDirectory, recursive: true);
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            // Every write goes through the plain-JSON serializer the database uses.
            siloBuilder.Services.AddSingleton<IGrainStorageSerializer, SystemTextJsonGrainStorageSerializer>();
            siloBuilder.AddMemoryGrainStorage(StorageNames.Network);
            siloBuilder.UseInMemoryReminderService(); // as the hosting does: sites with holds keep a reminder
            siloBuilder.Services.AddNetworkGrainServices();
            siloBuilder.Services.AddSingleton(NetworkDatabase.ForSqlite(HistoryDirectory));
            siloBuilder.Services.AddSingleton<NetworkSchema>();
            siloBuilder.Services.AddNetworkChangeArchive();
            siloBuilder.Services.AddNetworkNotificationOutbox();
            siloBuilder.Services.AddKeyedSingleton<TimeProvider>(NetworkClock.Key, Clock);
            siloBuilder.Services.AddKeyedSingleton<TimeProvider>(NetworkClock.NodeRegistryKey, RegistryClock);
            siloBuilder.Services.Configure<AnnouncementPublisherOptions>(options => options.NodeRefreshInterval = TimeSpan.FromMilliseconds(200));
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}

/// <summary>A web node's observer that keeps everything it receives, in order.</summary>
public sealed class RecordingNode : INetworkNodeObserver
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly List<NetworkAnnouncement> _received = [];

    public Task Deliver(ImmutableArray<NetworkAnnouncement> announcements)
    {
        lock (_received)
        {
            _received.AddRange(announcements);
        }

        return Task.CompletedTask;
    }

    /// <summary>The announcements about one participant, in the order they arrived.</summary>
    public IReadOnlyList<NetworkAnnouncement> About(string entityId)
    {
        lock (_received)
        {
            return [.. _received.Where(a => a.EntityId == entityId)];
        }
    }

    /// <summary>Waits (polling, at most 10 s) until <paramref name="count"/> announcements about the participant arrived.</summary>
    public async Task<IReadOnlyList<NetworkAnnouncement>> WaitForAsync(string entityId, int count)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            var received = About(entityId);
            if (received.Count >= count || DateTime.UtcNow > deadline)
            {
                Assert.True(received.Count >= count, $"Expected {count} announcements about {entityId} within {Timeout.TotalSeconds} s, got {received.Count}.");
                return received;
            }

            await Task.Delay(20);
        }
    }
}
