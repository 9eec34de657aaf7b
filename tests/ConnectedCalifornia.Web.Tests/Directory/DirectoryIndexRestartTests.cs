using System.Net.Http.Json;
using System.Text.Json;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Web.Seeding;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ConnectedCalifornia.Web.Tests.Directory;

/// <summary>The search read model lives in memory: after a restart it is rebuilt from the stored organizations.</summary>
public sealed class DirectoryIndexRestartTests
{
    [Fact]
    public async Task After_a_restart_the_search_finds_the_changes_made_before_it()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "cc-web-tests", "directory-restart-" + Guid.NewGuid().ToString("N"));
        const string Org = DemoNetworkData.FresnoMinorsShelterKey;
        await using (var first = new NetworkAppFactory(dataDirectory))
        {
            using var client = first.CreateBrowserLikeClient();
            (await client.GetAsync("/health/ready")).EnsureSuccessStatusCode();
            var grain = first.Services.GetRequiredService<IGrainFactory>().GetGrain<IOrganizationGrain>(Org);
            var profile = (await grain.GetDetails())!.Profile;
            var result = await grain.UpdateProfile(profile with { Languages = [.. profile.Languages, "ko"], Name = "Bright Orchard Youth Shelter and Drop-in" }, DemoNetworkSeeder.DemoActor);
            Assert.True(result.Succeeded);
        }

        await using var second = new NetworkAppFactory(dataDirectory, seed: false);
        using var again = second.CreateBrowserLikeClient();
        var results = await again.GetFromJsonAsync<JsonElement>("/api/directory?q=drop-in&language=ko");

        Assert.Equal(1, results.GetProperty("totalItems").GetInt32());
        Assert.Equal(Org, results.GetProperty("items")[0].GetProperty("id").GetString());
        var all = await again.GetFromJsonAsync<JsonElement>("/api/directory?pageSize=1");
        Assert.Equal(DemoNetworkData.Organizations.Count, all.GetProperty("totalItems").GetInt32());
    }
}
