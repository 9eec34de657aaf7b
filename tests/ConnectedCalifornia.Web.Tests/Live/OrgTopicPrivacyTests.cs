using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Web.Live;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace ConnectedCalifornia.Web.Tests.Live;

/// <summary>
/// Finding 3 of issue 13: the organization topic of a confidential shelter is joined by every network
/// member, so it must carry nothing of the shelter's site: no counts, no holds, no names of who
/// posted or held, neither live nor in the join replay. The site's own topic still does, for those
/// who may see the site.
/// </summary>
public sealed class OrgTopicPrivacyTests(SeededAppFixture app) : IClassFixture<SeededAppFixture>
{
    private const string Org = AuthorizationMatrix.Org;
    private const string Site = AuthorizationMatrix.Site;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task Org_topic_does_not_carry_confidential_site_activity()
    {
        var (staff, staffCookie) = await app.ClientForAsync(MatrixRole.ShelterStaff.Email());
        var (curator, _) = await app.ClientForAsync(MatrixRole.Curator.Email());
        var (_, outsiderCookie) = await app.ClientForAsync(MatrixRole.OtherOrganizationAdmin.Email());
        var category = await CategoryWithRoomAsync(staff);

        // The shelter's own staff follow the site.
        await using var member = app.Factory.CreateHubConnection(staffCookie);
        var memberHeard = Channel.CreateUnbounded<AnnouncementMessage>();
        member.On<AnnouncementMessage>(nameof(INetworkClient.Announcement), m => memberHeard.Writer.TryWrite(m));
        await member.StartAsync();
        Assert.True((await member.InvokeAsync<JoinResult>(nameof(NetworkHub.Join), Topics.Site(Site))).Joined);

        // Activity before the outsider joins: it must not come back in the join replay.
        (await staff.PostAsJsonAsync($"/api/capacity/sites/{Site}/counts/{category}", new { available = 1 })).EnsureSuccessStatusCode();
        var before = await NextAsync(memberHeard, m => m.EntityId == Site && m.Kind == AnnouncementKinds.CapacityCount);
        Assert.Equal(Topics.Site(Site), before.Topic);

        // A network member of another organization may follow the shelter's organization topic...
        await using var outsider = app.Factory.CreateHubConnection(outsiderCookie);
        var outsiderHeard = Channel.CreateUnbounded<AnnouncementMessage>();
        outsider.On<AnnouncementMessage>(nameof(INetworkClient.Announcement), m => outsiderHeard.Writer.TryWrite(m));
        await outsider.StartAsync();
        var join = await outsider.InvokeAsync<JoinResult>(nameof(NetworkHub.Join), Topics.Organization(Org));
        Assert.True(join.Joined);
        Assert.DoesNotContain(join.Recent, IsAboutTheSite);
        Assert.False((await outsider.InvokeAsync<JoinResult>(nameof(NetworkHub.Join), Topics.Site(Site))).Joined);

        // ...and hears nothing of its counts and holds live.
        (await staff.PostAsJsonAsync($"/api/capacity/sites/{Site}/counts/{category}", new { available = 1 })).EnsureSuccessStatusCode();
        var hold = await staff.PostAsJsonAsync($"/api/capacity/sites/{Site}/holds", new { category, holderOrganizationId = Org, minutes = 30, purpose = "Test hold" });
        hold.EnsureSuccessStatusCode();
        var holdId = (await hold.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("holdId").GetString();
        (await staff.DeleteAsync($"/api/capacity/sites/{Site}/holds/{holdId}")).EnsureSuccessStatusCode();

        // The shelter's members still hear all of it on the site topic (without who acted: the API shows that to no one).
        var released = await NextAsync(memberHeard, m => m.EntityId == Site && m.Kind == AnnouncementKinds.CapacityHoldReleased);
        Assert.Equal(Topics.Site(Site), released.Topic);
        Assert.Equal(string.Empty, released.ActorName);

        // A change of the organization itself comes after those on the same silo: once it arrives, anything of the site would have.
        (await curator.PutAsJsonAsync($"/api/organizations/{Org}/verification", new { status = "Pending" })).EnsureSuccessStatusCode();
        (await curator.PutAsJsonAsync($"/api/organizations/{Org}/verification", new { status = "Verified" })).EnsureSuccessStatusCode();
        var heard = new List<AnnouncementMessage>();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15)))
        {
            do
            {
                heard.Add(await outsiderHeard.Reader.ReadAsync(timeout.Token));
            }
            while (!(heard[^1].Kind == AnnouncementKinds.OrganizationVerification && heard[^1].Summary == "Verification: Verified"));
        }

        Assert.DoesNotContain(heard, IsAboutTheSite);

        // Nor does the organization topic name anyone who acted (here a curator): the shelter's people are for its own circle.
        Assert.All(heard, m => Assert.Equal(string.Empty, m.ActorName));
        Assert.All(join.Recent, m => Assert.Equal(string.Empty, m.ActorName));

        // What the shelter stores is unchanged by any of this: the hold is gone and the count is what staff posted.
        var stored = await staff.GetFromJsonAsync<JsonElement>($"/api/capacity/sites/{Site}", Json);
        var row = stored.GetProperty("categories").EnumerateArray().Single(c => c.GetProperty("category").GetString() == category);
        Assert.Equal(1, row.GetProperty("available").GetInt32());
        Assert.Equal(0, row.GetProperty("held").GetInt32());
    }

    private static bool IsAboutTheSite(AnnouncementMessage m) =>
        m.EntityId == Site || m.Kind.StartsWith("capacity.", StringComparison.Ordinal)
        || m.Summary.Contains("held", StringComparison.OrdinalIgnoreCase) || m.Summary.Contains("Count posted", StringComparison.Ordinal);

    private static async Task<AnnouncementMessage> NextAsync(Channel<AnnouncementMessage> channel, Func<AnnouncementMessage, bool> wanted)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        AnnouncementMessage message;
        do
        {
            message = await channel.Reader.ReadAsync(timeout.Token);
        }
        while (!wanted(message));

        return message;
    }

    private async Task<string> CategoryWithRoomAsync(HttpClient staff)
    {
        var site = await staff.GetFromJsonAsync<JsonElement>($"/api/capacity/sites/{Site}", Json);
        return site.GetProperty("categories").EnumerateArray()
            .First(c => c.GetProperty("total").GetInt32() - c.GetProperty("held").GetInt32() >= 1)
            .GetProperty("category").GetString()!;
    }
}
