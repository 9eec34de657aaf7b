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

/// <summary>The HSDS import through the real pipeline (its own app, since it changes the directory).</summary>
public sealed class HsdsImportTests(SeededAppFixture app) : IClassFixture<SeededAppFixture>
{
    [Fact]
    public async Task A_dry_run_reports_creates_updates_and_rejections_with_reasons_and_changes_nothing_a_refused_file_imports_nothing_then_the_import_does_it()
    {
        var (curator, _) = await app.ClientForAsync(MatrixRole.Curator.Email());
        var (anonymous, _) = await app.ClientForAsync(null);
        var export = JsonNode.Parse(await anonymous.GetStringAsync("/api/hsds/export"))!.AsObject();
        var organizations = export["organization"]!.AsArray();
        var shelterId = HsdsExporter.OrganizationId(DemoNetworkData.FresnoMinorsShelterKey);

        // One listing renamed (update), one new (create, copied from another's rows), one whose service is unknown (reject).
        var shelter = organizations.Single(o => (string?)o!["id"] == shelterId)!;
        shelter["description"] = "Updated through an HSDS import.";
        var newOrg = new JsonObject { ["id"] = Guid.NewGuid().ToString(), ["name"] = "Imported Harbor Legal Clinic", ["description"] = "Legal help.", ["uri"] = "https://elsewhere.example/x" };
        var newService = new JsonObject { ["id"] = Guid.NewGuid().ToString(), ["organization_id"] = (string?)newOrg["id"], ["name"] = "Legal aid", ["status"] = "active" };
        var countyTerm = HsdsVocabulary.TermId(HsdsVocabulary.Counties, "06073");
        var badOrg = new JsonObject { ["id"] = Guid.NewGuid().ToString(), ["name"] = "Imported Nowhere Services", ["description"] = "" };
        var badService = new JsonObject { ["id"] = Guid.NewGuid().ToString(), ["organization_id"] = (string?)badOrg["id"], ["name"] = "Underwater basket weaving", ["status"] = "active" };
        organizations.Add(newOrg);
        organizations.Add(badOrg);
        export["service"]!.AsArray().Add(newService);
        export["service"]!.AsArray().Add(badService);
        export["attribute"]!.AsArray().Add(new JsonObject { ["id"] = Guid.NewGuid().ToString(), ["link_id"] = (string?)newOrg["id"], ["link_type"] = "organization", ["link_entity"] = "organization", ["taxonomy_term_id"] = countyTerm });
        var body = export.ToJsonString();

        var before = await anonymous.GetFromJsonAsync<JsonElement>($"/api/organizations/{DemoNetworkData.FresnoMinorsShelterKey}");
        var dry = await (await curator.PostAsync("/api/hsds/import?dryRun=true", new StringContent(body, Encoding.UTF8, "application/json"))).Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(dry.GetProperty("dryRun").GetBoolean());
        Assert.Equal(1, dry.GetProperty("created").GetInt32());
        Assert.Equal(1, dry.GetProperty("updated").GetInt32());
        Assert.Equal(1, dry.GetProperty("rejected").GetInt32());
        Assert.Equal(DemoNetworkData.Organizations.Count - 1, dry.GetProperty("unchanged").GetInt32());
        var rejected = dry.GetProperty("records").EnumerateArray().Single(r => r.GetProperty("outcome").GetString() == "reject");
        var reasons = rejected.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("message").GetString()).ToList();
        Assert.Contains(reasons, m => m!.Contains("Underwater basket weaving", StringComparison.Ordinal));
        var after = await anonymous.GetFromJsonAsync<JsonElement>($"/api/organizations/{DemoNetworkData.FresnoMinorsShelterKey}");
        Assert.Equal(before.GetProperty("version").GetInt64(), after.GetProperty("version").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/api/organizations/imported-harbor-legal-clinic")).StatusCode);

        // A file with a refusal imports nothing: 422 with the report, and the directory is as it was.
        var refused = await curator.PostAsync("/api/hsds/import?dryRun=false", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.False((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("applied").GetBoolean());
        Assert.Equal(before.GetProperty("version").GetInt64(), (await anonymous.GetFromJsonAsync<JsonElement>($"/api/organizations/{DemoNetworkData.FresnoMinorsShelterKey}")).GetProperty("version").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/api/organizations/imported-harbor-legal-clinic")).StatusCode);

        // Without the refused organization the file imports.
        organizations.Remove(badOrg);
        body = export.ToJsonString();
        var real = await (await curator.PostAsync("/api/hsds/import?dryRun=false", new StringContent(body, Encoding.UTF8, "application/json"))).Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(real.GetProperty("applied").GetBoolean());
        Assert.Equal(1, real.GetProperty("created").GetInt32());
        Assert.Equal(1, real.GetProperty("updated").GetInt32());
        var created = await anonymous.GetFromJsonAsync<JsonElement>("/api/organizations/imported-harbor-legal-clinic");
        Assert.Equal("06073", created.GetProperty("counties")[0].GetProperty("code").GetString());
        var (staff, _) = await app.ClientForAsync(MatrixRole.ShelterStaff.Email());
        var updated = await staff.GetFromJsonAsync<JsonElement>($"/api/organizations/{DemoNetworkData.FresnoMinorsShelterKey}");
        Assert.Equal("Updated through an HSDS import.", updated.GetProperty("description").GetString());
        var confidential = DemoNetworkData.FindOrganization(DemoNetworkData.FresnoMinorsShelterKey)!.Profile.Contacts.Single(c => c.Visibility == Visibility.Organization);
        Assert.Contains(updated.GetProperty("contacts").EnumerateArray(), c => c.GetProperty("value").GetString() == confidential.Value);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/api/organizations/imported-nowhere-services")).StatusCode);
    }

    [Fact]
    public async Task Importing_the_public_export_leaves_a_listings_withheld_fields_and_their_tiers_as_they_are()
    {
        const string Org = "juniper-gate-womens-shelter";
        var (curator, _) = await app.ClientForAsync(MatrixRole.Curator.Email());
        var (anonymous, _) = await app.ClientForAsync(null);
        var grain = app.Factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IOrganizationGrain>(Org);
        var listing = (await grain.GetDetails())!.Profile;
        var withheld = listing with { FieldVisibility = new FieldVisibility(Website: Visibility.Network, Languages: Visibility.Organization) };
        var saved = await grain.UpdateProfile(withheld, DemoNetworkSeeder.DemoActor);
        Assert.True(saved.Succeeded);
        var index = app.Factory.Services.GetRequiredService<ConnectedCalifornia.Web.Directory.DirectoryIndex>();
        await Eventually.TrueAsync(async () => (await index.FindAsync(Org))?.Version == saved.Version);

        var export = await anonymous.GetStringAsync("/api/hsds/export");
        Assert.DoesNotContain(listing.Website!, export, StringComparison.Ordinal);
        var report = await (await curator.PostAsync("/api/hsds/import?dryRun=false", new StringContent(export, Encoding.UTF8, "application/json"))).Content.ReadFromJsonAsync<JsonElement>();

        var record = report.GetProperty("records").EnumerateArray().Single(r => r.GetProperty("organizationId").GetString() == Org);
        Assert.Equal("unchanged", record.GetProperty("outcome").GetString());
        var after = (await grain.GetDetails())!;
        Assert.Equal(saved.Version, after.Version);
        Assert.Equal((listing.Website, Visibility.Network), (after.Profile.Website, after.Profile.VisibilityOf(FieldVisibility.WebsiteField)));
        Assert.Equal(listing.Languages.Order(), after.Profile.Languages.Order());
        Assert.Equal(Visibility.Organization, after.Profile.VisibilityOf(FieldVisibility.LanguagesField));
    }

    [Theory]
    [InlineData("{not json at all")]
    [InlineData("{\"organization\": \"one\"}")]
    [InlineData("{\"organization\": []}")]
    [InlineData("[1, 2, 3]")]
    public async Task A_malformed_file_gets_a_report_not_a_crash(string body)
    {
        var (curator, _) = await app.ClientForAsync(MatrixRole.Curator.Email());

        var response = await curator.PostAsync("/api/hsds/import?dryRun=false", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("errors").GetProperty("file")[0].GetString()));
    }
}
