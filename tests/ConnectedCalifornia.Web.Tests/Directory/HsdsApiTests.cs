using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Web.Directory.Hsds;
using ConnectedCalifornia.Web.Seeding;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ConnectedCalifornia.Web.Tests.Directory;

/// <summary>Open Referral HSDS 3.0 export, the HSDA read API and the import with its dry-run report, through the real pipeline.</summary>
public sealed class HsdsApiTests(SeededAppFixture app) : IClassFixture<SeededAppFixture>
{
    [Fact]
    public async Task The_root_names_the_version_profile_and_openapi_address()
    {
        var (anonymous, _) = await app.ClientForAsync(null);

        var root = await anonymous.GetFromJsonAsync<JsonElement>("/api/hsds/");

        Assert.Equal("3.0", root.GetProperty("version").GetString());
        Assert.StartsWith("https://docs.openreferral.org", root.GetProperty("profile").GetString());
        Assert.EndsWith("/openapi/v1.json", root.GetProperty("openapi_url").GetString());
    }

    [Fact]
    public async Task Organizations_and_services_are_paged_and_filtered_as_HSDA_says()
    {
        var (anonymous, _) = await app.ClientForAsync(null);

        var first = await anonymous.GetFromJsonAsync<JsonElement>("/api/hsds/organizations?per_page=10");
        var legal = await anonymous.GetFromJsonAsync<JsonElement>("/api/hsds/services?taxonomy_term_id=legal-aid&per_page=100");
        var shelterId = HsdsExporter.OrganizationId(DemoNetworkData.FresnoMinorsShelterKey);
        var ofShelter = await anonymous.GetFromJsonAsync<JsonElement>($"/api/hsds/services?organization_id={shelterId}");
        var future = await anonymous.GetFromJsonAsync<JsonElement>("/api/hsds/organizations?modified_after=2999-01-01T00:00:00Z");
        var search = await anonymous.GetFromJsonAsync<JsonElement>("/api/hsds/organizations?search=bright%20orchard");

        Assert.Equal(DemoNetworkData.Organizations.Count, first.GetProperty("total_items").GetInt32());
        Assert.Equal((DemoNetworkData.Organizations.Count + 9) / 10, first.GetProperty("total_pages").GetInt32());
        Assert.Equal(1, first.GetProperty("page_number").GetInt32());
        Assert.Equal(10, first.GetProperty("size").GetInt32());
        Assert.Equal(10, first.GetProperty("contents").GetArrayLength());
        Assert.Equal(DemoNetworkData.Organizations.Count(o => o.Profile.Services.Contains("legal-aid")), legal.GetProperty("total_items").GetInt32());
        Assert.All(legal.GetProperty("contents").EnumerateArray(), s => Assert.Equal("Legal aid", s.GetProperty("name").GetString()));
        Assert.Equal(DemoNetworkData.FindOrganization(DemoNetworkData.FresnoMinorsShelterKey)!.Profile.Services.Length, ofShelter.GetProperty("total_items").GetInt32());
        Assert.Equal(0, future.GetProperty("total_items").GetInt32());
        Assert.True(future.GetProperty("empty").GetBoolean());
        Assert.Equal(shelterId, search.GetProperty("contents")[0].GetProperty("id").GetString());

        var serviceId = ofShelter.GetProperty("contents")[0].GetProperty("id").GetString();
        var service = await anonymous.GetFromJsonAsync<JsonElement>($"/api/hsds/services/{serviceId}");
        Assert.Equal(shelterId, service.GetProperty("organization").GetProperty("id").GetString());
        Assert.Contains(service.GetProperty("languages").EnumerateArray(), l => l.GetProperty("code").GetString() == "es");
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/hsds/services/{Guid.NewGuid()}")).StatusCode);
    }

    [Theory]
    [InlineData("/api/hsds/organizations?per_page=1000", "per_page")]
    [InlineData("/api/hsds/services?page=0", "page")]
    [InlineData("/api/hsds/services?modified_after=yesterday-ish", "modified_after")]
    public async Task Bad_paging_and_filters_get_a_problem(string path, string field)
    {
        var (anonymous, _) = await app.ClientForAsync(null);

        var response = await anonymous.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task The_export_has_every_table_with_its_required_fields()
    {
        var (anonymous, _) = await app.ClientForAsync(null);

        var export = JsonNode.Parse(await anonymous.GetStringAsync("/api/hsds/export"))!.AsObject();

        Require(export, "organization", "id", "name", "description");
        Require(export, "service", "id", "organization_id", "name", "status");
        Require(export, "location", "id", "location_type");
        Require(export, "service_at_location", "id", "service_id", "location_id");
        Require(export, "address", "id", "location_id", "address_1", "city", "state_province", "postal_code", "country", "address_type");
        Require(export, "phone", "id", "number");
        Require(export, "taxonomy_term", "id", "code", "name", "description");
        Require(export, "attribute", "id", "link_id", "link_type", "taxonomy_term_id");
        Require(export, "language", "id", "name", "code");
        Assert.Equal(DemoNetworkData.Organizations.Count, export["organization"]!.AsArray().Count);
    }

    private static void Require(JsonObject export, string table, params string[] fields)
    {
        var rows = export[table]?.AsArray();
        Assert.True(rows is { Count: > 0 }, $"The export has no '{table}' rows.");
        foreach (var row in rows!)
        {
            foreach (var field in fields)
            {
                Assert.True(row![field] is JsonValue, $"A '{table}' row has no '{field}': {row.ToJsonString()}");
            }
        }
    }
}
