using System.Security.Claims;
using System.Text.Json.Nodes;
using ConnectedCalifornia.Web.Directory.Hsds;
using ConnectedCalifornia.Web.Identity;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ConnectedCalifornia.Web.Tests.Directory;

/// <summary>Export → import into an empty instance → export again gives the same public data.</summary>
public sealed class HsdsRoundTripTests
{
    [Fact]
    public async Task Export_import_into_an_empty_instance_and_export_again_gives_the_same_dataset()
    {
        string first;
        await using (var seeded = new NetworkAppFactory())
        {
            using var client = seeded.CreateBrowserLikeClient();
            first = await client.GetStringAsync("/api/hsds/export");
        }

        await using var empty = new NetworkAppFactory(seed: false);
        using var emptyClient = empty.CreateBrowserLikeClient();
        Assert.Empty(JsonNode.Parse(await emptyClient.GetStringAsync("/api/hsds/export"))!["organization"]!.AsArray());

        // A curator of the empty instance (it has no accounts yet), signed in with a code as curators must be:
        // the importer asks the real authorizer.
        var curator = new ClaimsPrincipal(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, "round-trip-curator"), new Claim(ClaimTypes.Name, "Round-trip curator"), new Claim(ClaimTypes.Role, NetworkRoles.Curator),
                new Claim(NetworkClaims.AuthenticationMethod, NetworkClaims.MultiFactor),
            ],
            authenticationType: "test"));
        var (dataset, problem) = HsdsImporter.Read(System.Text.Encoding.UTF8.GetBytes(first));
        Assert.Null(problem);
        using (var scope = empty.Services.CreateScope())
        {
            var report = await scope.ServiceProvider.GetRequiredService<HsdsImporter>().ImportAsync(curator, dataset!, dryRun: false);
            Assert.NotNull(report);
            Assert.Equal(0, report.Rejected);
            Assert.Equal(dataset!.Organization.Length, report.Created);
        }

        // The search index that the export reads follows the imported organizations' announcements: wait until it has them all.
        var expected = dataset!.Organization.Length;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        string second;
        while (JsonNode.Parse(second = await emptyClient.GetStringAsync("/api/hsds/export"))!["organization"]!.AsArray().Count < expected
            && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Equal(WithoutTimes(first), WithoutTimes(second));
    }

    /// <summary>The dataset without last_modified, which is when each instance stored its copy.</summary>
    private static string WithoutTimes(string json)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        foreach (var table in new[] { "organization", "service" })
        {
            foreach (var row in node[table]!.AsArray())
            {
                row!.AsObject().Remove("last_modified");
            }
        }

        return node.ToJsonString();
    }
}
