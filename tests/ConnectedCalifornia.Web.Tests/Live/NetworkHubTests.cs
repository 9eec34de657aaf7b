using System.Net.Http.Json;
using System.Threading.Channels;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Web.Live;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace ConnectedCalifornia.Web.Tests.Live;

/// <summary>A change made through the API reaches SignalR clients of the topic's group, in order, and only those.</summary>
public sealed class NetworkHubTests(SeededAppFixture app) : IClassFixture<SeededAppFixture>
{
    private const string Initiative = "statewide-petition-drive";

    [Fact]
    public async Task Progress_recorded_through_the_api_reaches_an_anonymous_follower_of_the_initiative_in_order()
    {
        await using var connection = app.Factory.CreateHubConnection();
        var received = Channel.CreateUnbounded<AnnouncementMessage>();
        connection.On<AnnouncementMessage>(nameof(INetworkClient.Announcement), m => received.Writer.TryWrite(m));
        await connection.StartAsync();
        var join = await connection.InvokeAsync<JoinResult>(nameof(NetworkHub.Join), Topics.Initiative(Initiative));
        Assert.True(join.Joined);

        var (curator, _) = await app.ClientForAsync(MatrixRole.Curator.Email());
        for (var i = 1; i <= 3; i++)
        {
            var response = await curator.PostAsJsonAsync($"/api/initiatives/{Initiative}/goals/signatures/progress", new { amount = 100 * i });
            response.EnsureSuccessStatusCode();
        }

        var versions = new List<long>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (versions.Count < 3)
        {
            var message = await received.Reader.ReadAsync(timeout.Token);
            Assert.Equal(Topics.Initiative(Initiative), message.Topic);
            Assert.Equal(AnnouncementKinds.InitiativeGoal, message.Kind);
            Assert.Equal(NetworkAnnouncement.ContractVersion, message.ContractVersion);
            versions.Add(message.Version);
        }

        Assert.Equal(versions.OrderBy(v => v), versions);
    }

    [Fact]
    public async Task A_reconnecting_client_gets_the_recent_announcements_of_the_topic_when_it_joins()
    {
        var (curator, _) = await app.ClientForAsync(MatrixRole.Curator.Email());
        (await curator.PostAsJsonAsync($"/api/initiatives/{Initiative}/goals/volunteers-trained/progress", new { amount = 5 })).EnsureSuccessStatusCode();

        await using var connection = app.Factory.CreateHubConnection();
        await connection.StartAsync();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        JoinResult join;
        do
        {
            join = await connection.InvokeAsync<JoinResult>(nameof(NetworkHub.Join), Topics.Initiative(Initiative));
        }
        while (join.Recent.IsDefaultOrEmpty && DateTime.UtcNow < deadline && await Delay());

        Assert.True(join.Joined);
        Assert.Contains(join.Recent, m => m.Summary.Contains("volunteers", StringComparison.OrdinalIgnoreCase) || m.Kind == AnnouncementKinds.InitiativeGoal);
    }

    [Fact]
    public async Task An_anonymous_client_cannot_join_an_organization_topic_and_receives_nothing_from_it()
    {
        await using var connection = app.Factory.CreateHubConnection();
        var received = Channel.CreateUnbounded<AnnouncementMessage>();
        connection.On<AnnouncementMessage>(nameof(INetworkClient.Announcement), m => received.Writer.TryWrite(m));
        await connection.StartAsync();
        var join = await connection.InvokeAsync<JoinResult>(nameof(NetworkHub.Join), Topics.Organization(AuthorizationMatrix.Org));
        Assert.False(join.Joined);
        Assert.True(join.Recent.IsDefaultOrEmpty);

        var (admin, _) = await app.ClientForAsync(MatrixRole.ShelterAdmin.Email());
        (await admin.PutAsJsonAsync($"/api/organizations/{AuthorizationMatrix.Org}/two-factor", new { required = false })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync($"/api/organizations/{AuthorizationMatrix.Org}/members", new { email = "hub.test@example.org", role = "Staff" })).EnsureSuccessStatusCode();

        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await received.Reader.ReadAsync(wait.Token));
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(100);
        return true;
    }
}
