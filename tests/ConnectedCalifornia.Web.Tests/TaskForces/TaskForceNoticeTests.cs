using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ConnectedCalifornia.Web.Seeding;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;

namespace ConnectedCalifornia.Web.Tests.TaskForces;

/// <summary>A task force's people share notices with each other; nobody else posts, and a bad notice changes nothing.</summary>
public sealed class TaskForceNoticeTests(SeededAppFixture app) : IClassFixture<SeededAppFixture>
{
    private const string TaskForce = DemoNetworkData.FresnoTaskForceKey;

    [Fact]
    public async Task A_member_posts_a_notice_everyone_in_the_task_force_reads_it_and_others_cannot_post()
    {
        var (member, _) = await app.ClientForAsync(MatrixRole.TaskForceMember.Email());
        var (lead, _) = await app.ClientForAsync(MatrixRole.TaskForceLead.Email());
        var (curator, _) = await app.ClientForAsync(MatrixRole.Curator.Email());
        var text = "Advocates meet at the substation at 4 pm Thursday " + Guid.NewGuid().ToString("N")[..6];

        var posted = await member.PostAsJsonAsync($"/api/task-forces/{TaskForce}/notices", new { text });
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var notices = await NoticesAsync(lead);
        Assert.Equal(text, notices[^1].GetProperty("text").GetString());
        Assert.Equal("Lucia Navarro", notices[^1].GetProperty("authorName").GetString());
        Assert.Contains(text, await lead.GetStringAsync($"/task-forces/{TaskForce}"), StringComparison.Ordinal);

        // A curator may see the task force but is not one of its people; empty and oversized notices are refused.
        var refused = await curator.PostAsJsonAsync($"/api/task-forces/{TaskForce}/notices", new { text = "From outside" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Only the task force's members and leads", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await member.PostAsJsonAsync($"/api/task-forces/{TaskForce}/notices", new { text = "  " })).StatusCode);
        var tooLong = await member.PostAsJsonAsync($"/api/task-forces/{TaskForce}/notices", new { text = new string('x', 1001) });
        Assert.Contains("at most 1000 characters", await tooLong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(notices.Count, (await NoticesAsync(lead)).Count);

        var (outsider, _) = await app.ClientForAsync(MatrixRole.OtherOrganizationAdmin.Email());
        Assert.Equal(HttpStatusCode.Forbidden, (await outsider.PostAsJsonAsync($"/api/task-forces/{TaskForce}/notices", new { text = "Hello" })).StatusCode);
    }

    private static async Task<List<JsonElement>> NoticesAsync(HttpClient client) =>
        [.. (await client.GetFromJsonAsync<JsonElement>($"/api/task-forces/{TaskForce}")).GetProperty("notices").EnumerateArray()];
}
