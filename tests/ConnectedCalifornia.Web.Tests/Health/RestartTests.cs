using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;

namespace ConnectedCalifornia.Web.Tests.Health;

/// <summary>The embedded default keeps everything in the SQLite file under the data directory: stop, start, all still there.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task After_a_restart_the_network_changes_and_sign_ins_are_still_there_and_nothing_is_seeded_twice()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "cc-web-tests", "restart-" + Guid.NewGuid().ToString("N"));
        int organizations;
        long version;
        await using (var first = new NetworkAppFactory(dataDirectory))
        {
            using var client = first.CreateBrowserLikeClient();
            await SignIn.AsAsync(client, first, MatrixRole.Curator.Email()!);
            (await client.PostAsJsonAsync($"/api/initiatives/{AuthorizationMatrix.Initiative}/goals/protocol-signatories/progress", new { amount = 2 })).EnsureSuccessStatusCode();
            var page = await client.GetFromJsonAsync<JsonElement>("/api/organizations?pageSize=1");
            organizations = page.GetProperty("totalItems").GetInt32();
            version = (await client.GetFromJsonAsync<JsonElement>($"/api/initiatives/{AuthorizationMatrix.Initiative}")).GetProperty("version").GetInt64();
        }

        Assert.True(File.Exists(Path.Combine(dataDirectory, "connected-california.db")));

        await using var second = new NetworkAppFactory(dataDirectory);
        using var again = second.CreateBrowserLikeClient();
        var response = await SignIn.PostLoginAsync(again, MatrixRole.Curator.Email()!, ConnectedCalifornia.Web.Seeding.DemoNetworkData.DemoPassword);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var pageAfter = await again.GetFromJsonAsync<JsonElement>("/api/organizations?pageSize=1");
        Assert.Equal(organizations, pageAfter.GetProperty("totalItems").GetInt32());
        var initiative = await again.GetFromJsonAsync<JsonElement>($"/api/initiatives/{AuthorizationMatrix.Initiative}");
        Assert.Equal(version, initiative.GetProperty("version").GetInt64());
        var goal = initiative.GetProperty("goals").EnumerateArray().Single(g => g.GetProperty("id").GetString() == "protocol-signatories");
        Assert.Equal(5, goal.GetProperty("progress").GetInt64());
    }
}
