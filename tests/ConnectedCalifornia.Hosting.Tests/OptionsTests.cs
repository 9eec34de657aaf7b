using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ConnectedCalifornia.Hosting.Tests;

public sealed class OptionsTests
{
    [Fact]
    public void Defaults_are_the_embedded_topology()
    {
        var options = NetworkHostingOptionsValidator.Load(new ConfigurationBuilder().Build());

        Assert.Equal(NetworkTopology.Embedded, options.Topology);
        Assert.Equal(NetworkNodeRole.CoHostedSilo, options.Role);
        Assert.Equal(Path.Combine(Environment.CurrentDirectory, "data"), options.GetDataDirectoryFullPath());
        Assert.Equal(20, options.PostgreSql.MaxPoolSize);
        Assert.Equal(("connected-california", "connected-california"), (options.ClusterId, options.ServiceId));
        Assert.Equal((11111, 30000), (options.SiloPort, options.GatewayPort));
        Assert.Equal(System.Net.IPAddress.Loopback, options.GetAdvertisedIPAddress());
    }

    [Fact]
    public void A_bad_topology_is_named_when_Orleans_is_configured()
    {
        var builder = TestHosts.Builder(new Dictionary<string, string?> { ["ConnectedCalifornia:Topology"] = "Galaxy" });

        var exception = Assert.Throws<OptionsValidationException>(() => builder.AddNetworkOrleans());

        Assert.Contains("ConnectedCalifornia:Topology must be 'Embedded' or 'Cluster'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("'Galaxy'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_numeric_topology_is_refused_too()
    {
        var configuration = Configuration(new() { ["ConnectedCalifornia:Topology"] = "7" });

        var exception = Assert.Throws<OptionsValidationException>(() => NetworkHostingOptionsValidator.Load(configuration));

        Assert.Contains("ConnectedCalifornia:Topology must be 'Embedded' or 'Cluster'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cluster_without_a_connection_string_is_named()
    {
        var builder = TestHosts.Builder(new Dictionary<string, string?> { ["ConnectedCalifornia:Topology"] = "cluster" });

        var exception = Assert.Throws<OptionsValidationException>(() => builder.AddNetworkOrleans());

        Assert.Contains("ConnectedCalifornia:PostgreSql:ConnectionString is required when ConnectedCalifornia:Topology is 'Cluster'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_start_time_validator_gives_the_same_messages()
    {
        var options = new NetworkHostingOptions { Topology = NetworkTopology.Cluster, SiloPort = 0 };

        var result = new NetworkHostingOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("ConnectedCalifornia:PostgreSql:ConnectionString is required", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("ConnectedCalifornia:SiloPort must be between 1 and 65535", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ConnectedCalifornia:Role", "Gateway", "ConnectedCalifornia:Role must be 'CoHostedSilo', 'Client' or 'Silo'")]
    [InlineData("ConnectedCalifornia:Role", "Client", "ConnectedCalifornia:Role 'Client' needs ConnectedCalifornia:Topology 'Cluster'")]
    [InlineData("ConnectedCalifornia:GatewayPort", "70000", "ConnectedCalifornia:GatewayPort must be between 1 and 65535")]
    [InlineData("ConnectedCalifornia:AdvertisedIPAddress", "not-an-ip", "ConnectedCalifornia:AdvertisedIPAddress 'not-an-ip' is not an IP address")]
    [InlineData("ConnectedCalifornia:ClusterId", " ", "ConnectedCalifornia:ClusterId must not be empty")]
    [InlineData("ConnectedCalifornia:SiloPort", "eleven", "ConnectedCalifornia:SiloPort")]
    public void Every_wrong_setting_is_named(string key, string value, string expected)
    {
        var exception = Assert.Throws<OptionsValidationException>(() => NetworkHostingOptionsValidator.Load(Configuration(new() { [key] = value })));

        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_pool_size_is_named_in_a_cluster()
    {
        var configuration = Configuration(new()
        {
            ["ConnectedCalifornia:Topology"] = "Cluster",
            ["ConnectedCalifornia:PostgreSql:ConnectionString"] = "Host=localhost",
            ["ConnectedCalifornia:PostgreSql:MaxPoolSize"] = "0",
        });

        var exception = Assert.Throws<OptionsValidationException>(() => NetworkHostingOptionsValidator.Load(configuration));

        Assert.Contains("ConnectedCalifornia:PostgreSql:MaxPoolSize must be between 1 and 1000", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_data_directory_comes_from_the_environment_through_normal_configuration()
    {
        const string Variable = "ConnectedCalifornia__DataDirectory";
        var folder = Path.Combine(Path.GetTempPath(), "cc-env-" + Guid.NewGuid().ToString("N")[..8]);
        Environment.SetEnvironmentVariable(Variable, folder);
        try
        {
            var options = NetworkHostingOptionsValidator.Load(new ConfigurationBuilder().AddEnvironmentVariables().Build());

            Assert.Equal(folder, options.GetDataDirectoryFullPath());
        }
        finally
        {
            Environment.SetEnvironmentVariable(Variable, null);
        }
    }

    [Fact]
    public void The_pool_size_is_written_into_the_PostgreSQL_connection_string()
    {
        var database = NetworkDatabase.ForPostgreSql(new PostgreSqlOptions { ConnectionString = "Host=db;Username=cc;Password=secret;Maximum Pool Size=100", MaxPoolSize = 7 });

        var builder = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        Assert.Equal(7, builder.MaxPoolSize);
        Assert.Equal(NetworkDatabaseProvider.PostgreSql, database.Provider);
        Assert.Equal("Npgsql", database.AdoNetInvariant);
        Assert.DoesNotContain("secret", database.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void PostgreSQL_connections_prepare_the_fixed_queries_and_skip_the_reset_unless_the_connection_string_says_otherwise()
    {
        var defaults = new NpgsqlConnectionStringBuilder(
            NetworkDatabase.ForPostgreSql(new PostgreSqlOptions { ConnectionString = "Host=db;Username=cc" }).ConnectionString);
        Assert.Equal((64, 2, true), (defaults.MaxAutoPrepare, defaults.AutoPrepareMinUsages, defaults.NoResetOnClose));

        var own = new NpgsqlConnectionStringBuilder(
            NetworkDatabase.ForPostgreSql(new PostgreSqlOptions { ConnectionString = "Host=db;Username=cc;Max Auto Prepare=0;No Reset On Close=false" }).ConnectionString);
        Assert.Equal((0, false), (own.MaxAutoPrepare, own.NoResetOnClose));
    }

    [Fact]
    public void A_silo_only_node_reads_the_bed_board_settings()
    {
        var builder = TestHosts.Builder(new Dictionary<string, string?>
        {
            ["ConnectedCalifornia:Topology"] = "Cluster",
            ["ConnectedCalifornia:PostgreSql:ConnectionString"] = "Host=db;Username=cc",
            ["Capacity:IndexWriteInterval"] = "00:00:05",
            ["Capacity:StaleAfter"] = "06:00:00",
        });
        builder.AddNetworkSiloNode();
        using var host = builder.Build();

        var capacity = host.Services.GetRequiredService<IOptions<ConnectedCalifornia.Capacity.CapacityOptions>>().Value;
        Assert.Equal((TimeSpan.FromSeconds(5), TimeSpan.FromHours(6)), (capacity.IndexWriteInterval, capacity.StaleAfter));
    }

    [Fact]
    public void A_silo_only_node_reads_the_referral_time_limits_the_web_nodes_read()
    {
        var builder = TestHosts.Builder(new Dictionary<string, string?>
        {
            ["ConnectedCalifornia:Topology"] = "Cluster",
            ["ConnectedCalifornia:PostgreSql:ConnectionString"] = "Host=db;Username=cc",
            ["Referrals:RetainDetailsAfterClose"] = "30.00:00:00",
            ["Referrals:SweepInterval"] = "00:01:00",
        });
        builder.AddNetworkSiloNode();
        using var host = builder.Build();

        // A referral grain on this silo purges its details on the same day as on a web node's silo.
        var referrals = host.Services.GetRequiredService<IOptions<ConnectedCalifornia.Referrals.ReferralOptions>>().Value;
        Assert.Equal((TimeSpan.FromDays(30), TimeSpan.FromMinutes(1)), (referrals.RetainDetailsAfterClose, referrals.SweepInterval));
    }

    [Fact]
    public void The_embedded_database_is_a_SQLite_file_in_the_data_directory()
    {
        using var folder = new TempDirectory();

        var database = NetworkDatabase.Create(new NetworkHostingOptions { DataDirectory = Path.Combine(folder.Path, "nested") });

        Assert.Equal(NetworkDatabaseProvider.Sqlite, database.Provider);
        Assert.Equal("System.Data.SQLite", database.AdoNetInvariant);
        Assert.True(System.IO.Directory.Exists(Path.Combine(folder.Path, "nested")));
        Assert.Contains(Path.Combine(folder.Path, "nested", "connected-california.db"), database.ConnectionString, StringComparison.Ordinal);
    }

    [Fact]
    public void A_silo_only_node_refuses_the_embedded_topology()
    {
        var builder = TestHosts.Builder(new Dictionary<string, string?> { ["ConnectedCalifornia:Topology"] = "Embedded" });

        var exception = Assert.Throws<InvalidOperationException>(() => builder.AddNetworkSiloNode());

        Assert.Contains("needs ConnectedCalifornia:Topology 'Cluster'", exception.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
}
