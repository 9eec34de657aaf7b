using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConnectedCalifornia.Testing;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;

namespace ConnectedCalifornia.Web.Tests.Directory;

/// <summary>
/// HSDS 3.0 files in the specification's shapes (nested organizations, a service with its organization, a service
/// at a location, lists and pages of the HSDA API, and lone records that cannot be imported) through the real
/// import API of a real app: what a dry run reports, what an import stores (read back through the API and the
/// HSDS export), the warnings for what is left out and the refusals that stop a whole file.
/// </summary>
public sealed class HsdsImportNestedTests(SeededAppFixture app) : IClassFixture<SeededAppFixture>
{
    [Fact]
    public async Task HsdsImport_a_nested_organization_dry_runs_then_imports_its_services_descriptions_languages_email_phones_and_hours()
    {
        var (curator, _) = await app.ClientForAsync(MatrixRole.Curator.Email());
        var (anonymous, _) = await app.ClientForAsync(null);
        var sample = new HsdsImportSamples();
        var file = sample.NestedOrganization().ToJsonString();

        var (dryStatus, dry) = await PostAsync(curator, file, dryRun: true);

        Assert.Equal(HttpStatusCode.OK, dryStatus);
        Assert.True(dry.GetProperty("dryRun").GetBoolean());
        Assert.False(dry.GetProperty("applied").GetBoolean());
        Assert.Equal((1, 0, 0, 0), Counts(dry));
        Assert.Contains("one HSDS organization", dry.GetProperty("shape").GetString(), StringComparison.Ordinal);
        var record = Assert.Single(dry.GetProperty("records").EnumerateArray());
        Assert.Equal(sample.OrganizationSlug, record.GetProperty("organizationId").GetString());
        var warnings = Reasons(dry, "warnings");
        Assert.Contains(("organization", sample.OrganizationId, "legacy_code"), warnings.Select(w => (w.Table, w.Row, w.Field)));
        Assert.Contains(("language", sample.UrduLanguageId, "code"), warnings.Select(w => (w.Table, w.Row, w.Field)));
        Assert.Contains(warnings, w => w.Table == "organization" && w.Field == "tax_status" && w.Row == sample.OrganizationId);
        Assert.Contains(warnings, w => w.Table == "service" && w.Field == "eligibility_description");
        Assert.Contains(warnings, w => w.Table == "location" && w.Field == "latitude" && w.Row == sample.LocationId);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/organizations/{sample.OrganizationSlug}")).StatusCode);

        var (status, real) = await PostAsync(curator, file, dryRun: false);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(real.GetProperty("applied").GetBoolean());
        Assert.Equal((1, 0, 0, 0), Counts(real));
        var stored = await anonymous.GetFromJsonAsync<JsonElement>($"/api/organizations/{sample.OrganizationSlug}");
        Assert.Equal(sample.OrganizationName, stored.GetProperty("name").GetString());
        Assert.Equal(HsdsImportSamples.OrganizationDescription, stored.GetProperty("description").GetString());
        Assert.Equal(new[] { "legal-aid", "mental-health" }, Codes(stored, "services"));
        Assert.Equal(new[] { "en", "es", "hmn" }, Codes(stored, "languages").Order());
        Assert.Equal(new[] { "06019", "06039" }, Codes(stored, "counties").Order());
        var described = stored.GetProperty("serviceDescriptions").EnumerateArray().ToDictionary(d => d.GetProperty("code").GetString()!, d => d.GetProperty("description").GetString());
        Assert.Equal(HsdsImportSamples.LegalDescription, described["legal-aid"]);
        Assert.Equal(HsdsImportSamples.CounselingDescription, described["mental-health"]);
        var contacts = stored.GetProperty("contacts").EnumerateArray().Select(c => (c.GetProperty("label").GetString(), c.GetProperty("kind").GetString(), c.GetProperty("value").GetString())).ToList();
        Assert.Contains(("Email", "Email", sample.OrganizationEmail), contacts);
        Assert.Contains(("Intake team", "Email", $"intake-{sample.Tag}@valleybridge.example"), contacts);
        Assert.Contains(("Legal aid", "Email", $"legal-{sample.Tag}@valleybridge.example"), contacts);
        Assert.Contains(("Front desk", "Phone", "559-555-0142"), contacts);
        Assert.Contains(("Intake team", "Phone", "559-555-0143"), contacts);
        Assert.Contains(("Main office", "Address", "410 Harvest Avenue, Fresno, CA 93721"), contacts);
        Assert.Single(contacts, c => c.Item2 == "Address"); // the location nested twice is one location
        var ranges = stored.GetProperty("hours").GetProperty("ranges").EnumerateArray().Select(r => (r.GetProperty("day").GetString(), r.GetProperty("opens").GetInt32(), r.GetProperty("closes").GetInt32())).ToList();
        Assert.Equal(new[] { "Friday", "Monday", "Thursday", "Tuesday", "Wednesday" }, ranges.Select(r => r.Item1).Order());
        Assert.All(ranges, r => Assert.Equal((540, 1020), (r.Item2, r.Item3)));

        // The HSDS export gives back the organization's e-mail, each service's own description, its languages and its schedules.
        JsonNode? exported = null;
        await Eventually.TrueAsync(async () =>
        {
            var export = JsonNode.Parse(await anonymous.GetStringAsync("/api/hsds/export"))!;
            exported = export["organization"]!.AsArray().SingleOrDefault(o => (string?)o!["name"] == sample.OrganizationName);
            return exported is not null;
        }, what: "The imported organization in the HSDS export");
        var dataset = JsonNode.Parse(await anonymous.GetStringAsync("/api/hsds/export"))!;
        var orgId = (string)exported!["id"]!;
        Assert.Equal(sample.OrganizationEmail, (string?)exported["email"]);
        var services = dataset["service"]!.AsArray().Where(s => (string?)s!["organization_id"] == orgId).ToDictionary(s => (string)s!["name"]!, s => s!);
        Assert.Equal(HsdsImportSamples.LegalDescription, (string?)services["Legal aid"]["description"]);
        Assert.Equal(HsdsImportSamples.CounselingDescription, (string?)services["Mental health"]["description"]);
        var legalId = (string)services["Legal aid"]["id"]!;
        Assert.Equal(new[] { "en", "es", "hmn" }, dataset["language"]!.AsArray().Where(l => (string?)l!["service_id"] == legalId).Select(l => (string)l!["code"]!).Order());
        var schedule = Assert.Single(dataset["schedule"]!.AsArray(), s => (string?)s!["service_id"] == legalId)!;
        Assert.Equal(("MO,TU,WE,TH,FR", "09:00", "17:00"), ((string?)schedule["byday"], (string?)schedule["opens_at"], (string?)schedule["closes_at"]));

        // The same file again changes nothing.
        var (_, again) = await PostAsync(curator, file, dryRun: true);
        Assert.Equal((0, 0, 1, 0), Counts(again));
    }

    [Fact]
    public async Task HsdsImport_takes_a_list_of_organizations_a_service_with_its_organization_and_a_page_of_services_at_locations()
    {
        var (curator, _) = await app.ClientForAsync(MatrixRole.Curator.Email());
        var (anonymous, _) = await app.ClientForAsync(null);
        var sample = new HsdsImportSamples();

        // An array of organizations.
        var list = new JsonArray(HsdsImportSamples.SmallOrganization($"Cedar Path Advocates {sample.Tag}"), HsdsImportSamples.SmallOrganization($"Delta Works {sample.Tag}", "Vocational training and employment"));
        var (listStatus, listReport) = await PostAsync(curator, list.ToJsonString(), dryRun: false);
        Assert.Equal(HttpStatusCode.OK, listStatus);
        Assert.Equal((2, 0, 0, 0), Counts(listReport));
        Assert.Equal(new[] { "case-management" }, Codes(await anonymous.GetFromJsonAsync<JsonElement>($"/api/organizations/cedar-path-advocates-{sample.Tag}"), "services"));
        Assert.Equal(new[] { "vocational-employment" }, Codes(await anonymous.GetFromJsonAsync<JsonElement>($"/api/organizations/delta-works-{sample.Tag}"), "services"));

        // One service with its organization nested in it.
        var (serviceStatus, serviceReport) = await PostAsync(curator, sample.ServiceWithOrganization($"Night Line {sample.Tag}").ToJsonString(), dryRun: false);
        Assert.Equal(HttpStatusCode.OK, serviceStatus);
        Assert.Contains("one HSDS service", serviceReport.GetProperty("shape").GetString(), StringComparison.Ordinal);
        var line = await anonymous.GetFromJsonAsync<JsonElement>($"/api/organizations/night-line-{sample.Tag}");
        Assert.Equal(new[] { "hotline" }, Codes(line, "services"));
        Assert.True(line.GetProperty("hours").GetProperty("alwaysOpen").GetBoolean());
        Assert.Contains(line.GetProperty("contacts").EnumerateArray(), c => c.GetProperty("value").GetString() == "800-555-0199" && c.GetProperty("label").GetString() == "Crisis line");
        Assert.Contains(line.GetProperty("contacts").EnumerateArray(), c => c.GetProperty("value").GetString() == $"line-{sample.Tag}@example.org");

        // A page of an HSDA list of services at locations: the service, its organization and the location with its schedules.
        var page = HsdsImportSamples.Page(sample.ServiceAtLocation($"North House {sample.Tag}"));
        var (pageStatus, pageReport) = await PostAsync(curator, page.ToJsonString(), dryRun: false);
        Assert.True(pageStatus == HttpStatusCode.OK, pageReport.ToString());
        Assert.Contains(Reasons(pageReport, "warnings"), w => w.Field == "total_pages" && w.Message.Contains("one page of 6", StringComparison.Ordinal));
        var house = await anonymous.GetFromJsonAsync<JsonElement>($"/api/organizations/north-house-{sample.Tag}");
        Assert.Equal(new[] { "shelter-housing" }, Codes(house, "services"));
        Assert.Equal("Emergency beds for adults.", house.GetProperty("serviceDescriptions")[0].GetProperty("description").GetString());
        Assert.Contains(house.GetProperty("contacts").EnumerateArray(), c => c.GetProperty("value").GetString() == "12 Cedar Lane, Visalia, CA 93291" && c.GetProperty("label").GetString() == "North house intake");
        Assert.Equal(new[] { "Monday", "Wednesday", "Friday" }, house.GetProperty("hours").GetProperty("ranges").EnumerateArray().Select(r => r.GetProperty("day").GetString()!));
    }

    [Fact]
    public async Task HsdsImport_refuses_a_lone_location_taxonomy_or_term_and_names_what_the_file_is_and_its_key()
    {
        var (curator, _) = await app.ClientForAsync(MatrixRole.Curator.Email());

        Assert.Contains("one HSDS location (it has \"location_type\")", await FileProblemAsync(curator, HsdsImportSamples.LoneLocation()), StringComparison.Ordinal);
        Assert.Contains("one HSDS taxonomy (it has \"version\")", await FileProblemAsync(curator, HsdsImportSamples.LoneTaxonomy()), StringComparison.Ordinal);
        Assert.Contains("one HSDS taxonomy term (it has \"taxonomy_detail\")", await FileProblemAsync(curator, HsdsImportSamples.LoneTaxonomyTerm()), StringComparison.Ordinal);
        Assert.Contains("\"location\"", await FileProblemAsync(curator, new JsonObject { ["location"] = HsdsImportSamples.LoneLocation() }), StringComparison.Ordinal);
        Assert.Contains("\"url\"", await FileProblemAsync(curator, new JsonObject { ["url"] = "https://example.org/directory" }), StringComparison.Ordinal);
        Assert.Contains("\"taxonomy\"", await FileProblemAsync(curator, new JsonObject { ["taxonomy"] = HsdsImportSamples.LoneTaxonomy() }), StringComparison.Ordinal);

        // In a tabular dataset a table that is not a list is refused by its key, and the file imports nothing.
        var sample = new HsdsImportSamples();
        var tabular = new JsonObject
        {
            ["organization"] = new JsonArray(new JsonObject { ["id"] = HsdsImportSamples.Id(), ["name"] = $"Harbor Rise {sample.Tag}", ["description"] = "Housing." }),
            ["taxonomy"] = HsdsImportSamples.LoneTaxonomy(),
        };
        var (dryStatus, dry) = await PostAsync(curator, tabular.ToJsonString(), dryRun: true);
        Assert.Equal(HttpStatusCode.OK, dryStatus);
        Assert.Contains(("taxonomy", "(table)", "taxonomy"), Reasons(dry, "refusals").Select(r => (r.Table, r.Row, r.Field)));
        var (status, _) = await PostAsync(curator, tabular.ToJsonString(), dryRun: false);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        var (anonymous, _) = await app.ClientForAsync(null);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/organizations/harbor-rise-{sample.Tag}")).StatusCode);
    }

    [Fact]
    public async Task HsdsImport_a_refusal_names_the_table_row_and_field_and_the_whole_file_imports_nothing()
    {
        var (curator, _) = await app.ClientForAsync(MatrixRole.Curator.Email());
        var (anonymous, _) = await app.ClientForAsync(null);
        var sample = new HsdsImportSamples();

        // A listing imported before, which the refused file would update.
        var earlier = sample.NestedOrganization();
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(curator, earlier.ToJsonString(), dryRun: false)).Status);
        var before = await anonymous.GetFromJsonAsync<JsonElement>($"/api/organizations/{sample.OrganizationSlug}");

        var changed = sample.NestedOrganization();
        changed["description"] = "This description must not be stored.";
        var fresh = HsdsImportSamples.SmallOrganization($"Fresh Start Legal {sample.Tag}", "Legal aid");
        var broken = HsdsImportSamples.SmallOrganization($"Broken Row Services {sample.Tag}");
        var badSchedule = HsdsImportSamples.Schedule("MO,TU", "9am", "17:00");
        var badService = new JsonObject { ["id"] = HsdsImportSamples.Id(), ["name"] = "Underwater basket weaving", ["status"] = "active" };
        var badPhone = new JsonObject { ["id"] = HsdsImportSamples.Id(), ["number"] = 5595550100, ["type"] = "voice" };
        broken["services"]![0]!["schedules"] = new JsonArray(badSchedule);
        broken["services"]!.AsArray().Add(badService);
        broken["phones"] = new JsonArray(badPhone);
        var file = new JsonArray(changed, fresh, broken).ToJsonString();

        var (dryStatus, dry) = await PostAsync(curator, file, dryRun: true);

        Assert.Equal(HttpStatusCode.OK, dryStatus);
        Assert.True(dry.GetProperty("rejected").GetInt32() == 1, dry.GetProperty("records").ToString());
        var refusedRecord = dry.GetProperty("records").EnumerateArray().Single(r => r.GetProperty("outcome").GetString() == "reject");
        var reasons = refusedRecord.GetProperty("reasons").EnumerateArray().Select(r => (r.GetProperty("table").GetString(), r.GetProperty("rowId").GetString(), r.GetProperty("field").GetString())).ToList();
        Assert.Contains(("schedule", (string?)badSchedule["id"], "opens_at"), reasons);
        Assert.Contains(("service", (string?)badService["id"], "name"), reasons);
        Assert.Contains(("phone", (string?)badPhone["id"], "number"), Reasons(dry, "refusals").Select(r => (r.Table, r.Row, r.Field)));
        Assert.Equal((1, 1, 0, 1), Counts(dry));

        var (status, real) = await PostAsync(curator, file, dryRun: false);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.False(real.GetProperty("applied").GetBoolean());
        var after = await anonymous.GetFromJsonAsync<JsonElement>($"/api/organizations/{sample.OrganizationSlug}");
        Assert.Equal(before.GetProperty("version").GetInt64(), after.GetProperty("version").GetInt64());
        Assert.Equal(HsdsImportSamples.OrganizationDescription, after.GetProperty("description").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/organizations/fresh-start-legal-{sample.Tag}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/organizations/broken-row-services-{sample.Tag}")).StatusCode);
    }

    [Fact]
    public async Task HsdsImport_reads_three_letter_and_regional_language_codes_as_the_networks_languages()
    {
        var (curator, _) = await app.ClientForAsync(MatrixRole.Curator.Email());
        var (anonymous, _) = await app.ClientForAsync(null);
        var sample = new HsdsImportSamples();
        var file = sample.NestedOrganization();
        var unknownId = Guid.NewGuid().ToString();

        // What 211 systems send: ISO 639-2/T ("spa", "vie"), 639-2/B ("per"), 639-3 individual languages of a
        // macrolanguage ("cmn", "yue", "fil"), BCP 47 tags ("es-MX", "zh_Hant"), upper case; and one no one speaks.
        JsonNode Language(string name, string code, string? id = null) => new JsonObject { ["id"] = id ?? Guid.NewGuid().ToString(), ["name"] = name, ["code"] = code };
        file["services"]![0]!["languages"] = new JsonArray(
            Language("Espanol", "spa"), Language("Spanish (Mexico)", "es-MX"), Language("Vietnamese", "VIE"), Language("Dari/Farsi", "per"),
            Language("Mandarin", "cmn"), Language("Cantonese", "yue"), Language("Traditional Chinese", "zh_Hant"), Language("Filipino", "fil"),
            Language("Klingon", "tlh", unknownId));

        var (dryStatus, dry) = await PostAsync(curator, file.ToJsonString(), dryRun: true);

        Assert.Equal(HttpStatusCode.OK, dryStatus);
        var warning = Assert.Single(Reasons(dry, "warnings"), w => w.Table == "language");
        Assert.Equal((unknownId, "code"), (warning.Row, warning.Field));
        Assert.Contains("'tlh'", warning.Message, StringComparison.Ordinal);

        var (status, _) = await PostAsync(curator, file.ToJsonString(), dryRun: false);

        Assert.Equal(HttpStatusCode.OK, status);
        var stored = await anonymous.GetFromJsonAsync<JsonElement>($"/api/organizations/{sample.OrganizationSlug}");
        Assert.Equal(new[] { "en", "es", "fa", "hmn", "tl", "vi", "zh" }, Codes(stored, "languages").Order());
    }

    private static async Task<(HttpStatusCode Status, JsonElement Report)> PostAsync(HttpClient client, string body, bool dryRun)
    {
        var response = await client.PostAsync($"/api/hsds/import?dryRun={(dryRun ? "true" : "false")}", new StringContent(body, Encoding.UTF8, "application/json"));
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static async Task<string> FileProblemAsync(HttpClient client, JsonNode file)
    {
        var (status, problem) = await PostAsync(client, file.ToJsonString(), dryRun: true);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        return problem.GetProperty("errors").GetProperty("file")[0].GetString()!;
    }

    private static (int Created, int Updated, int Unchanged, int Rejected) Counts(JsonElement report) =>
        (report.GetProperty("created").GetInt32(), report.GetProperty("updated").GetInt32(), report.GetProperty("unchanged").GetInt32(), report.GetProperty("rejected").GetInt32());

    private static List<(string? Table, string? Row, string? Field, string Message)> Reasons(JsonElement report, string list) =>
        [.. report.GetProperty(list).EnumerateArray().Select(r => (r.GetProperty("table").GetString(), r.GetProperty("rowId").GetString(), r.GetProperty("field").GetString(), r.GetProperty("message").GetString()!))];

    private static List<string> Codes(JsonElement organization, string field) =>
        [.. organization.GetProperty(field).EnumerateArray().Select(t => t.GetProperty("code").GetString()!)];
}
