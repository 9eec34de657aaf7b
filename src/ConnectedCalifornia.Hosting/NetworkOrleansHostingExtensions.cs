using ConnectedCalifornia.Capacity;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Hosting;
using ConnectedCalifornia.Hosting.Faults;
using ConnectedCalifornia.Hosting.History;
using ConnectedCalifornia.Hosting.Notifications;
using ConnectedCalifornia.Hosting.Schema;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Referrals;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace Microsoft.Extensions.Hosting;

/// <summary>The one place that configures Orleans for both topologies of the network.</summary>
public static class NetworkOrleansHostingExtensions
{
    /// <summary>
    /// Configures Orleans from section <c>ConnectedCalifornia</c>: the embedded topology (co-hosted silo, SQLite),
    /// or a cluster node on PostgreSQL (a silo, or an Orleans client when Role is Client). Registers
    /// <see cref="NetworkHostingOptions"/>, <see cref="NetworkDatabase"/> and <see cref="NetworkSchema"/>, and applies
    /// the schema before Orleans starts. Throws <see cref="OptionsValidationException"/> naming any wrong setting.
    /// </summary>
    public static IHostApplicationBuilder AddNetworkOrleans(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = NetworkHostingOptionsValidator.Load(builder.Configuration);
        var database = NetworkDatabase.Create(options);
        AddNetworkHostingServices(builder.Services, database);

        if (options.HostsSilo)
        {
            builder.UseOrleans(silo => ConfigureSilo(silo, options, database));
        }
        else
        {
            builder.UseOrleansClient(client => ConfigureClient(client, options, database));
        }

        return builder;
    }

    /// <summary>
    /// Configures a silo-only cluster node (ConnectedCalifornia.Silo): forces <c>ConnectedCalifornia:Role</c> to
    /// <see cref="NetworkNodeRole.Silo"/>, then <see cref="AddNetworkOrleans"/>. Throws
    /// <see cref="InvalidOperationException"/> unless the topology is <see cref="NetworkTopology.Cluster"/>:
    /// the embedded topology is one process, the web app.
    /// </summary>
    public static IHostApplicationBuilder AddNetworkSiloNode(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Configuration.AddInMemoryCollection([new($"{NetworkHostingOptions.SectionName}:{nameof(NetworkHostingOptions.Role)}", nameof(NetworkNodeRole.Silo))]);
        var options = NetworkHostingOptionsValidator.Load(builder.Configuration);
        if (options.Topology != NetworkTopology.Cluster)
        {
            throw new InvalidOperationException(
                $"A silo-only node needs {NetworkHostingOptions.SectionName}:Topology 'Cluster' (it is '{options.Topology}'). " +
                $"Set {NetworkHostingOptions.SectionName}:Topology=Cluster and {NetworkHostingOptions.SectionName}:PostgreSql:ConnectionString, " +
                "or run ConnectedCalifornia.Web alone for the embedded topology.");
        }

        return builder.AddNetworkOrleans();
    }

    /// <summary>Options, database and schema set-up; the hosted service must precede Orleans' own.</summary>
    private static void AddNetworkHostingServices(IServiceCollection services, NetworkDatabase database)
    {
        services.AddOptions<NetworkHostingOptions>()
            .BindConfiguration(NetworkHostingOptions.SectionName)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<NetworkHostingOptions>, NetworkHostingOptionsValidator>();
        services.AddSingleton(database);
        services.AddSingleton<NetworkSchema>();
        services.AddNetworkNotificationOutbox();

        // Every node reads the grains' settings, a silo-only node too: its grains apply them, so a referral's
        // time limits (purge of details included) or a hold's are the same whichever silo holds the grain.
        services.AddOptions<CapacityOptions>().BindConfiguration(CapacityOptions.SectionName).ValidateOnStart();
        services.AddOptions<ReferralOptions>().BindConfiguration(ReferralOptions.SectionName).ValidateOnStart();
        services.AddOptions<ReverificationOptions>().BindConfiguration(ReverificationOptions.SectionName).ValidateOnStart(); // Joining
        services.AddOptions<ConnectedCalifornia.Calendars.CalendarOptions>().BindConfiguration(ConnectedCalifornia.Calendars.CalendarOptions.SectionName);
        services.AddOptions<AnnouncementPublisherOptions>().BindConfiguration(AnnouncementPublisherOptions.SectionName);
        services.AddHostedService<NetworkSchemaHostedService>();
    }

    private static void ConfigureSilo(ISiloBuilder silo, NetworkHostingOptions options, NetworkDatabase database)
    {
        silo.Configure<SiloOptions>(siloOptions => siloOptions.SiloName = ClusterNodeNames.Of(options.Role, Environment.MachineName, options.SiloPort));
        silo.Services.AddSingleton<ISurvivorDataScrubber, SurvivorDataScrubber>();
        silo.Services.AddNetworkGrainServices();
        silo.Services.AddNetworkChangeArchive();
        silo.Services.AddNetworkAnnouncementJournal();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, NetworkSchemaSiloParticipant>();
        silo.Services.Configure<SystemTextJsonGrainStorageSerializerOptions>(json => NetworkStorageJson.Configure(json.JsonSerializerOptions));
        AddGrainStorage(silo, StorageNames.Network, database);
        AddGrainStorage(silo, StorageNames.PubSub, database);

        // Database errors leave a silo as NetworkStorageException, which reaches callers on every silo and client.
        StorageFaults.WrapGrainStorage(silo.Services, StorageNames.Network, AdoNetGrainStorageFactory.Create);
        StorageFaults.WrapGrainStorage(silo.Services, StorageNames.PubSub, AdoNetGrainStorageFactory.Create);
        silo.AddIncomingGrainCallFilter<StorageFaults.CallFilter>();

        if (options.Topology == NetworkTopology.Embedded)
        {
            // SQLite holds grain state only: one silo on loopback, reminders in memory.
            silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, null, options.ServiceId, options.ClusterId);
            silo.UseInMemoryReminderService();
            return;
        }

        var address = options.GetAdvertisedIPAddress();
        silo.Configure<ClusterOptions>(cluster => (cluster.ClusterId, cluster.ServiceId) = (options.ClusterId, options.ServiceId));
        silo.ConfigureEndpoints(address, options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: !System.Net.IPAddress.IsLoopback(address));
        silo.UseAdoNetClustering(clustering => (clustering.Invariant, clustering.ConnectionString) = (database.AdoNetInvariant, database.ConnectionString));
        silo.UseAdoNetReminderService(reminders => (reminders.Invariant, reminders.ConnectionString) = (database.AdoNetInvariant, database.ConnectionString));

        // Joining: the reminder table is durable here, so re-verification is an Orleans reminder.
        silo.Services.PostConfigure<ReverificationOptions>(reverification => reverification.UseReminder = true);
    }

    /// <summary>How often a <c>Client</c> node reads the gateway list (Orleans' default is a minute).</summary>
    public static readonly TimeSpan ClientGatewayListRefreshPeriod = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The longest a <c>Client</c> node waits for a grain call's answer: as long as the cluster takes to declare a dead
    /// silo dead (missed probes × probe timeout, Orleans' defaults: 3 × 5 s), instead of Orleans' 30 s.
    /// </summary>
    public static readonly TimeSpan ClientResponseTimeout = new ClusterMembershipOptions().ProbeTimeout * new ClusterMembershipOptions().NumMissedProbesLimit;

    private static void ConfigureClient(IClientBuilder client, NetworkHostingOptions options, NetworkDatabase database)
    {
        client.Configure<ClusterOptions>(cluster => (cluster.ClusterId, cluster.ServiceId) = (options.ClusterId, options.ServiceId));
        client.UseAdoNetClustering(clustering => (clustering.Invariant, clustering.ConnectionString) = (database.AdoNetInvariant, database.ConnectionString));
        client.UseConnectionRetryFilter<ClusterConnectionRetryFilter>();

        // A silo that joins is a gateway within seconds, so when another dies the client already has somewhere to go
        // (with the one-minute default it kept trying only the dead one, and stayed unready, until its death was declared).
        client.Configure<GatewayOptions>(gateways => gateways.GatewayListRefreshPeriod = ClientGatewayListRefreshPeriod);

        // A call written to a silo just before it died is never answered, and a client, unlike a silo, is not told to
        // give up on it when the death is declared: it waited Orleans' 30 s. Now no longer than detection (then a 503).
        client.Configure<ClientMessagingOptions>(messaging => messaging.ResponseTimeout = ClientResponseTimeout);

        client.Services.AddSingleton<ClusterGatewayWatch>();
        client.Services.AddSingleton<IClusterConnectionStatusObserver>(static sp => sp.GetRequiredService<ClusterGatewayWatch>());
    }

    /// <summary>ADO.NET grain storage with plain JSON (System.Text.Json) instead of Newtonsoft JSON with CLR type names.</summary>
    private static void AddGrainStorage(ISiloBuilder silo, string name, NetworkDatabase database) =>
        silo.AddAdoNetGrainStorage(name, optionsBuilder => optionsBuilder.Configure<IServiceProvider>((storage, services) =>
        {
            storage.Invariant = database.AdoNetInvariant;
            if (database.DataSource is { } dataSource)
            {
                storage.DataSource = dataSource; // SQLite: connections with secure_delete on
            }
            else
            {
                storage.ConnectionString = database.ConnectionString;
            }

            storage.GrainStorageSerializer = ActivatorUtilities.CreateInstance<SystemTextJsonGrainStorageSerializer>(services);
        }));
}
