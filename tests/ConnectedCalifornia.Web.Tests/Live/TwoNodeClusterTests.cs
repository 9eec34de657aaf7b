using System.Net.Http.Json;
using System.Threading.Channels;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Testing;
using ConnectedCalifornia.Web.Live;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace ConnectedCalifornia.Web.Tests.Live;

/// <summary>
/// The cluster topology on loopback: two web nodes, each co-hosting a silo, sharing one PostgreSQL
/// database for clustering, grain state and reminders. A change made through node A reaches a
/// SignalR client connected to node B.
/// </summary>
[Collection(ClusterFaultCollection.Name)]
public sealed class TwoNodeClusterTests
{
    [SkippableFact]
    public async Task A_change_through_node_A_reaches_a_SignalR_client_on_node_B_and_the_cluster_page_lists_both_silos()
    {
        await using var database = await SeededPostgres.CreateDatabaseAsync();
        await using var nodeA = new NetworkAppFactory(postgresConnectionString: database.ConnectionString);
        using (var ready = nodeA.CreateBrowserLikeClient())
        {
            (await ready.GetAsync("/health/ready")).EnsureSuccessStatusCode();
        }

        await using var nodeB = new NetworkAppFactory(postgresConnectionString: database.ConnectionString, seed: false);
        using (var ready = nodeB.CreateBrowserLikeClient())
        {
            (await ready.GetAsync("/health/ready")).EnsureSuccessStatusCode();
        }

        await using var onB = nodeB.CreateHubConnection();
        var received = Channel.CreateUnbounded<AnnouncementMessage>();
        onB.On<AnnouncementMessage>(nameof(INetworkClient.Announcement), m => received.Writer.TryWrite(m));
        await onB.StartAsync();
        var topic = Topics.Initiative(AuthorizationMatrix.Initiative);
        Assert.True((await onB.InvokeAsync<JoinResult>(nameof(NetworkHub.Join), topic)).Joined);

        using var curatorOnA = nodeA.CreateBrowserLikeClient();
        await SignIn.AsAsync(curatorOnA, nodeA, MatrixRole.Curator.Email()!);

        // Node B registers its bridge with the node registry when it starts; until the publisher's
        // cached node list includes it (a few seconds at most), changes reach node A only. Keep
        // making changes until one arrives, bounded in time.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        AnnouncementMessage? message = null;
        while (message is null && DateTime.UtcNow < deadline)
        {
            var response = await curatorOnA.PostAsJsonAsync($"/api/initiatives/{AuthorizationMatrix.Initiative}/goals/caregivers-trained/progress", new { amount = 1 });
            response.EnsureSuccessStatusCode();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                message = await received.Reader.ReadAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }

        Assert.NotNull(message);
        Assert.Equal(topic, message.Topic);
        Assert.Equal(AnnouncementKinds.InitiativeGoal, message.Kind);
        Assert.Equal(AuthorizationMatrix.Initiative, message.EntityId);
        Assert.Equal(string.Empty, message.ActorName); // a public topic does not name who acted (issue 13)

        // The bed board too: a count posted by shelter staff through node A reaches node B's county group.
        var county = Topics.County("06019");
        Assert.True((await onB.InvokeAsync<JoinResult>(nameof(NetworkHub.Join), county)).Joined);
        using var staffOnA = nodeA.CreateBrowserLikeClient();
        await SignIn.AsAsync(staffOnA, nodeA, MatrixRole.ShelterStaff.Email()!);
        var site = ConnectedCalifornia.Web.Seeding.DemoCapacityData.MainSiteOf(AuthorizationMatrix.Org);
        (await staffOnA.PostAsJsonAsync($"/api/capacity/sites/{site}/counts/minors", new { available = 1 })).EnsureSuccessStatusCode();
        using (var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15)))
        {
            AnnouncementMessage capacity;
            do
            {
                capacity = await received.Reader.ReadAsync(wait.Token);
            }
            while (capacity.Topic != county);

            Assert.StartsWith("capacity.", capacity.Kind, StringComparison.Ordinal);
            Assert.DoesNotContain("Bright Orchard", capacity.Title, StringComparison.Ordinal);
        }

        // The state itself is shared: node B reads what node A wrote.
        using var anonymousOnB = nodeB.CreateBrowserLikeClient();
        var initiative = await anonymousOnB.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/initiatives/{AuthorizationMatrix.Initiative}");
        var goal = initiative.GetProperty("goals").EnumerateArray().Single(g => g.GetProperty("id").GetString() == "caregivers-trained");
        Assert.True(goal.GetProperty("progress").GetInt64() > 24);

        // A system admin sees both silos on the cluster page of either node, each a web node's co-hosted silo, active,
        // with the grains this test activated; the answering node marks its own.
        using var adminOnB = nodeB.CreateBrowserLikeClient();
        await SignIn.AsAsync(adminOnB, nodeB, MatrixRole.SystemAdmin.Email()!);
        var cluster = await adminOnB.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/admin/cluster");
        var silos = cluster.GetProperty("silos").EnumerateArray().Where(s => s.GetProperty("status").GetString() == "Active").ToList();
        Assert.Equal(2, silos.Count);
        Assert.All(silos, s => Assert.Equal("web", s.GetProperty("role").GetString()));
        Assert.All(silos, s => Assert.StartsWith("127.0.0.1:", s.GetProperty("address").GetString(), StringComparison.Ordinal));
        Assert.Single(silos, s => s.GetProperty("thisNode").GetBoolean());
        Assert.Contains(silos.SelectMany(s => s.GetProperty("grains").EnumerateArray()), g => g.GetProperty("grainType").GetString() == "InitiativeGrain" && g.GetProperty("activations").GetInt32() >= 1);
        Assert.Equal("web (co-hosted silo)", cluster.GetProperty("thisNode").GetProperty("role").GetString());
        Assert.True(cluster.GetProperty("thisNode").GetProperty("bridgeDeliveredThrough").GetInt64() > 0, "node B's bridge fanned out the announcements above");

        using var adminOnA = nodeA.CreateBrowserLikeClient();
        await SignIn.AsAsync(adminOnA, nodeA, MatrixRole.SystemAdmin.Email()!);
        var page = System.Net.WebUtility.HtmlDecode(await adminOnA.GetStringAsync("/admin/cluster"));
        Assert.All(silos, s => Assert.Contains($"data-silo=\"{s.GetProperty("address").GetString()}\"", page, StringComparison.Ordinal));
        Assert.Contains("(this node)", page, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task When_one_node_stops_the_other_keeps_serving_with_the_state_intact()
    {
        await using var database = await SeededPostgres.CreateDatabaseAsync();
        var nodeA = new NetworkAppFactory(postgresConnectionString: database.ConnectionString);
        await using var nodeB = new NetworkAppFactory(postgresConnectionString: database.ConnectionString, seed: false);
        long recorded;
        try
        {
            using var curatorOnA = nodeA.CreateBrowserLikeClient();
            await SignIn.AsAsync(curatorOnA, nodeA, MatrixRole.Curator.Email()!);
            using (var ready = nodeB.CreateBrowserLikeClient())
            {
                (await ready.GetAsync("/health/ready")).EnsureSuccessStatusCode();
            }

            // Activate many grains while both nodes are up, so some of them live on node A.
            for (var i = 0; i < 5; i++)
            {
                (await curatorOnA.PostAsJsonAsync($"/api/initiatives/{AuthorizationMatrix.Initiative}/goals/caregivers-trained/progress", new { amount = 1 })).EnsureSuccessStatusCode();
            }

            recorded = (await curatorOnA.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/initiatives/{AuthorizationMatrix.Initiative}"))
                .GetProperty("goals").EnumerateArray().Single(g => g.GetProperty("id").GetString() == "caregivers-trained").GetProperty("progress").GetInt64();
        }
        finally
        {
            await nodeA.DisposeAsync();
        }

        using var client = nodeB.CreateBrowserLikeClient();
        var page = await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/organizations?pageSize=100");
        Assert.True(page.GetProperty("totalItems").GetInt32() >= 60);
        var initiative = await client.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/initiatives/{AuthorizationMatrix.Initiative}");
        var progress = initiative.GetProperty("goals").EnumerateArray().Single(g => g.GetProperty("id").GetString() == "caregivers-trained").GetProperty("progress").GetInt64();
        Assert.Equal(recorded, progress);
        await SignIn.AsAsync(client, nodeB, MatrixRole.Curator.Email()!);
        (await client.PostAsJsonAsync($"/api/initiatives/{AuthorizationMatrix.Initiative}/goals/caregivers-trained/progress", new { amount = 1 })).EnsureSuccessStatusCode();
        Assert.Equal("Healthy", await client.GetStringAsync("/health/ready"));
    }
}
