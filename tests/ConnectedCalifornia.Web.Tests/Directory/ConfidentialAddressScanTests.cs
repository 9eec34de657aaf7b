using System.Text.Json;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Web.Directory;
using ConnectedCalifornia.Web.Live;
using ConnectedCalifornia.Web.Seeding;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace ConnectedCalifornia.Web.Tests.Directory;

/// <summary>
/// Plants marker addresses on a shelter's confidential (organization-only) and network-only locations,
/// then reads every public output (every endpoint and page the matrix opens to the public, the
/// search, the HSDS export and API, the hub's public topics, the logs) and finds neither marker.
/// </summary>
public sealed class ConfidentialAddressScanTests(SeededAppFixture app) : IClassFixture<SeededAppFixture>
{
    private const string Org = DemoNetworkData.FresnoMinorsShelterKey;
    private const string ConfidentialMarker = "7734 Qzxmarker Hidden Lane";
    private const string NetworkMarker = "9921 Qzxmarker Network Court";

    [Fact]
    public async Task No_public_output_ever_shows_a_confidential_or_network_address()
    {
        var grain = app.Factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IOrganizationGrain>(Org);
        var profile = (await grain.GetDetails())!.Profile;
        var planted = await grain.UpdateProfile(
            profile with
            {
                Description = profile.Description + " Drop-in hours on weekdays.",
                Contacts =
                [
                    .. profile.Contacts,
                    new Contact("Safe house (confidential)", ContactKind.Address, ConfidentialMarker + ", Fresno, CA 93799", Visibility.Organization),
                    new Contact("Partner entrance", ContactKind.Address, NetworkMarker + ", Fresno, CA 93799", Visibility.Network),
                ],
            },
            DemoNetworkSeeder.DemoActor);
        Assert.True(planted.Succeeded);
        var index = app.Factory.Services.GetRequiredService<DirectoryIndex>();
        await Eventually.TrueAsync(async () => (await index.FindAsync(Org))?.Version == planted.Version);

        // The staff of the shelter do see it, so the marker is really there to be found.
        var (staff, _) = await app.ClientForAsync(MatrixRole.ShelterStaff.Email());
        Assert.Contains(ConfidentialMarker, await staff.GetStringAsync($"/api/organizations/{Org}"), StringComparison.Ordinal);

        var (anonymous, _) = await app.ClientForAsync(null);
        var paths = await PublicOutputs.PathsAsync(anonymous, Org, "/organizations?q=bright+orchard", "/api/directory?q=bright+orchard", "/api/hsds/organizations?search=bright+orchard", "/beds/06019", "/api/capacity/counties/06019");

        await PublicOutputs.ScanAsync(anonymous, paths, "Qzxmarker", "Bright Orchard", atLeast: 8);

        await using var hub = app.Factory.CreateHubConnection();
        await hub.StartAsync();
        foreach (var topic in new[] { "statewide", "county:06019", "county:06039" })
        {
            var joined = await hub.InvokeAsync<JoinResult>(nameof(NetworkHub.Join), topic);
            Assert.DoesNotContain("Qzxmarker", JsonSerializer.Serialize(joined), StringComparison.OrdinalIgnoreCase);
        }

        Assert.DoesNotContain(app.Factory.Logs.Lines, line => line.Contains("Qzxmarker", StringComparison.OrdinalIgnoreCase));
    }
}

/// <summary>Every output the public can read about one organization: the matrix's public endpoints and pages, the listing, search, HSDS.</summary>
internal static class PublicOutputs
{
    public static async Task<List<string>> PathsAsync(HttpClient anonymous, string organizationId, params string[] extra)
    {
        var paths = AuthorizationMatrix.Endpoints.Concat(AuthorizationMatrix.Pages)
            .Where(r => r.Allowed.Contains(MatrixRole.Anonymous) && (r.Key.StartsWith("GET ", StringComparison.Ordinal) || r.Key.StartsWith('/')))
            .Select(r => r.Path)
            .Concat(
            [
                $"/organizations/{organizationId}",
                $"/api/organizations/{organizationId}",
                "/organizations?county=06019&population=minors-csec",
                "/api/directory?q=qzxmarker",
                "/api/directory?county=06019&pageSize=100",
                "/api/directory?county=06037&pageSize=100",
                "/api/organizations?county=06019&pageSize=100",
                "/api/organizations?county=06037&pageSize=100",
                "/api/hsds/export",
                "/api/hsds/services?per_page=100",
            ])
            .Concat(HsdaReadApiTests.HsdaPaths(ConnectedCalifornia.Web.Directory.Hsds.HsdsExporter.OrganizationId(organizationId)))
            .Concat(extra)
            .Distinct()
            .ToList();
        var ids = JsonDocument.Parse(await anonymous.GetStringAsync($"/api/hsds/services?organization_id={ConnectedCalifornia.Web.Directory.Hsds.HsdsExporter.OrganizationId(organizationId)}"))
            .RootElement.GetProperty("contents").EnumerateArray().Select(s => "/api/hsds/services/" + s.GetProperty("id").GetString());
        paths.AddRange(ids);
        return paths;
    }

    /// <summary>
    /// Reads each path as the public: no body may contain <paramref name="marker"/> (whatever the status:
    /// some public pages redirect), and at least <paramref name="atLeast"/> must mention the listing at all,
    /// or the scan would prove little.
    /// </summary>
    public static async Task ScanAsync(HttpClient anonymous, IEnumerable<string> paths, string marker, string listingName, int atLeast)
    {
        var mentions = 0;
        foreach (var path in paths)
        {
            using var response = await anonymous.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            Assert.False(body.Contains(marker, StringComparison.OrdinalIgnoreCase), $"{path} shows the public what was planted ({marker}).");
            mentions += body.Contains(listingName, StringComparison.Ordinal) ? 1 : 0;
        }

        Assert.True(mentions >= atLeast, $"Only {mentions} public outputs mention {listingName} at all; the scan would prove little.");
    }
}
