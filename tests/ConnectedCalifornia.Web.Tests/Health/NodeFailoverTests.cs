using System.Net;
using System.Text.RegularExpressions;
using ConnectedCalifornia.Testing;
using ConnectedCalifornia.Web.Seeding;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace ConnectedCalifornia.Web.Tests.Health;

/// <summary>
/// Two web nodes (each co-hosting a silo) on one PostgreSQL database, as in a cluster: what a person and a load
/// balancer see when a node or the database fails.
/// </summary>
[Collection(ClusterFaultCollection.Name)]
public sealed partial class NodeFailoverTests
{
    [SkippableFact]
    public async Task DataProtection_Failover_a_sign_in_cookie_and_an_antiforgery_token_of_node_A_are_accepted_by_node_B_with_separate_key_folders()
    {
        await using var database = await SeededPostgres.CreateDatabaseAsync();
        await using var nodeA = new OwnKeyFolderNode(database.ConnectionString, seed: true);
        await EnsureReadyAsync(nodeA);
        await using var nodeB = new OwnKeyFolderNode(database.ConnectionString, seed: false);
        await EnsureReadyAsync(nodeB);
        var email = MatrixRole.ShelterStaff.Email()!;

        // The sign-in form comes from node A (antiforgery cookie and token); it is posted to node B.
        using var onA = nodeA.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var form = await onA.GetAsync("/Account/Login");
        var token = TokenPattern().Match(await form.Content.ReadAsStringAsync());
        Assert.True(token.Success);
        var antiforgeryCookie = string.Join("; ", form.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        using var onB = nodeB.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var post = new HttpRequestMessage(HttpMethod.Post, "/Account/Login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
                ["_handler"] = "login",
                ["Input.Email"] = email,
                ["Input.Password"] = DemoNetworkData.DemoPassword,
            }),
        };
        post.Headers.Add("Cookie", antiforgeryCookie);
        var signedInOnB = await onB.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, signedInOnB.StatusCode);
        Assert.Contains(signedInOnB.Headers.GetValues("Set-Cookie"), c => c.StartsWith("cc.auth=", StringComparison.Ordinal));

        // A sign-in made on node A is a sign-in on node B.
        using var browserOnA = nodeA.CreateBrowserLikeClient();
        var cookieOfA = await SignIn.AsAsync(browserOnA, nodeA, email);
        using var read = new HttpRequestMessage(HttpMethod.Get, "/api/me/network");
        read.Headers.Add("Cookie", cookieOfA);
        Assert.Equal(HttpStatusCode.OK, (await onB.SendAsync(read)).StatusCode);

        // The key ring is in the database, not in either node's folder.
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT COUNT(*) FROM cc_data_protection_key", connection);
        Assert.True((long)(await count.ExecuteScalarAsync())! >= 1);
    }

    [SkippableFact]
    public async Task Failover_readiness_stays_true_on_a_node_when_the_node_holding_the_node_registry_dies()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();

        // Node B starts alone, so the node registry (activated by its bridge) lives on its silo.
        var nodeB = new NetworkAppFactory(postgresConnectionString: database.ConnectionString, seed: false);
        await EnsureReadyAsync(nodeB);
        await using var nodeA = new NetworkAppFactory(postgresConnectionString: database.ConnectionString, seed: false);
        await EnsureReadyAsync(nodeA);

        // Node B dies: its host stops without a graceful shutdown.
        using (var now = new CancellationTokenSource())
        {
            await now.CancelAsync();
            try
            {
                await nodeB.Services.GetRequiredService<IHost>().StopAsync(now.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or AggregateException)
            {
                // Services cut off mid-stop say so: that is the point.
            }
        }

        // A load balancer asking node A keeps it in: A's database answers and its own silo answers.
        using var probe = nodeA.CreateClient();
        for (var i = 0; i < 10; i++)
        {
            var ready = await probe.GetAsync("/health/ready");
            Assert.True(ready.StatusCode == HttpStatusCode.OK, $"check {i}: /health/ready answered {(int)ready.StatusCode} on the surviving node");
            await Task.Delay(300);
        }

        try
        {
            await nodeB.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (Exception exception) when (exception is TimeoutException or OperationCanceledException or ObjectDisposedException or AggregateException)
        {
        }
    }

    [SkippableFact]
    public async Task Failover_with_the_database_down_the_api_answers_503_with_retry_after_and_readiness_is_false_then_recovers()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var node = new NetworkAppFactory(postgresConnectionString: database.ConnectionString, seed: false);
        await EnsureReadyAsync(node);
        using var client = node.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/organizations/no-such-organization-one")).StatusCode);

        await SetConnectionsAllowedAsync(database.Name, allowed: false);
        try
        {
            // Reading a grain that is not active needs the database: 503, a Retry-After, a ProblemDetails; never 500.
            var down = await client.GetAsync("/api/organizations/no-such-organization-two");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
            Assert.True(down.Headers.RetryAfter?.Delta > TimeSpan.Zero);
            Assert.Equal("application/problem+json", down.Content.Headers.ContentType?.MediaType);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);
        }
        finally
        {
            await SetConnectionsAllowedAsync(database.Name, allowed: true);
        }

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/organizations/no-such-organization-three")).StatusCode);
    }

    private static async Task EnsureReadyAsync(NetworkAppFactory node)
    {
        using var client = node.CreateClient();
        (await client.GetAsync("/health/ready")).EnsureSuccessStatusCode();
    }

    /// <summary>The database stops (or starts again) taking connections, and the app's open ones are cut, as when it goes down.</summary>
    private static async Task SetConnectionsAllowedAsync(string name, bool allowed)
    {
        await using var admin = new NpgsqlConnection(TestEnvironment.RequirePostgres());
        await admin.OpenAsync();
        await using (var alter = new NpgsqlCommand($"ALTER DATABASE \"{name}\" WITH ALLOW_CONNECTIONS {(allowed ? "true" : "false")}", admin))
        {
            await alter.ExecuteNonQueryAsync();
        }

        if (!allowed)
        {
            await using var cut = new NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = @name AND pid <> pg_backend_pid()", admin);
            cut.Parameters.AddWithValue("name", name);
            await cut.ExecuteNonQueryAsync();
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    /// <summary>A node whose Data Protection keys would be in its own folder, as on a separate host.</summary>
    private sealed class OwnKeyFolderNode(string connectionString, bool seed) : NetworkAppFactory(postgresConnectionString: connectionString, seed: seed)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(DataDirectory, "own-keys"))));
        }
    }
}
