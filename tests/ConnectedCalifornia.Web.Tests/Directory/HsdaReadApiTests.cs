using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Web.Directory;
using ConnectedCalifornia.Web.Directory.Hsds;
using ConnectedCalifornia.Web.Seeding;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ConnectedCalifornia.Web.Tests.Directory;

/// <summary>
/// The HSDA 3.0 read API through the real pipeline on the seeded network: every path of the reference
/// answers the shape the HSDS schemas define (<see cref="HsdaShapes"/>), the Page fields count what
/// the page holds, full/minimal/ndjson representations, every filter, incremental sync with
/// modified_after, refusals naming the parameter, and nothing the public directory does not show.
/// </summary>
public sealed class HsdaReadApiTests(SeededAppFixture app) : IClassFixture<SeededAppFixture>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private static int DemoServiceCount => DemoNetworkData.Organizations.Sum(o => o.Profile.Services.Length);

    /// <summary>A seeded listing with a public office address and opening hours (so it has locations and schedules).</summary>
    private static DemoOrganization WithOffice => DemoNetworkData.Organizations.First(o =>
        o.Key != DemoNetworkData.FresnoMinorsShelterKey
        && o.Profile.Hours is not null
        && o.Profile.Contacts.Any(c => c.Kind == ContactKind.Address && c.Visibility == Visibility.Public));

    [Fact]
    public async Task Hsda_every_path_of_the_reference_answers_the_shape_the_spec_defines()
    {
        var (anonymous, _) = await app.ClientForAsync(null);
        var office = WithOffice;

        HsdaShapes.Root.AssertFits(await GetAsync(anonymous, "/api/hsds/"));

        var services = await GetAsync(anonymous, "/api/hsds/services?per_page=100");
        HsdaShapes.Page(HsdaShapes.ServiceListItem).AssertFits(services);
        Assert.All(services.GetProperty("contents").EnumerateArray(), s => Assert.True(s.TryGetProperty("organization", out _), "A service_list item carries its organization."));
        HsdaShapes.Page(HsdaShapes.ServiceFull).AssertFits(await GetAsync(anonymous, "/api/hsds/services?full=true&per_page=100"));
        HsdaShapes.Page(HsdaShapes.MinimalService).AssertFits(await GetAsync(anonymous, "/api/hsds/services?minimal=true"));
        var serviceId = HsdsExporter.ServiceId(office.Key, office.Profile.Services[0]);
        HsdaShapes.ServiceFull.AssertFits(await GetAsync(anonymous, $"/api/hsds/services/{serviceId}"));

        var organizations = await GetAsync(anonymous, "/api/hsds/organizations?per_page=100");
        HsdaShapes.Page(HsdaShapes.OrganizationListItem).AssertFits(organizations);
        Assert.All(organizations.GetProperty("contents").EnumerateArray(), o => Assert.False(o.TryGetProperty("services", out _), "The list shape has one-to-one fields only."));
        HsdaShapes.Page(HsdaShapes.OrganizationFull).AssertFits(await GetAsync(anonymous, "/api/hsds/organizations?full=true&per_page=100"));
        var organizationId = HsdsExporter.OrganizationId(office.Key);
        var organization = await GetAsync(anonymous, $"/api/hsds/organizations/{organizationId}");
        HsdaShapes.OrganizationFull.AssertFits(organization);
        Assert.Equal(office.Profile.Services.Length, organization.GetProperty("services").GetArrayLength());
        Assert.All(organization.GetProperty("services").EnumerateArray(), s => Assert.False(s.TryGetProperty("schedules", out _), "Without full_service the services are in list shape."));
        var withServices = await GetAsync(anonymous, $"/api/hsds/organizations/{organizationId}?full_service=true");
        HsdaShapes.OrganizationFull.AssertFits(withServices);
        Assert.All(withServices.GetProperty("services").EnumerateArray(), s => Assert.NotEmpty(s.GetProperty("schedules").EnumerateArray()));
        Assert.NotEmpty(withServices.GetProperty("locations")[0].GetProperty("addresses").EnumerateArray());

        var atLocations = await GetAsync(anonymous, "/api/hsds/service_at_locations?per_page=100");
        HsdaShapes.Page(HsdaShapes.ServiceAtLocationListItem).AssertFits(atLocations);
        Assert.True(atLocations.GetProperty("total_items").GetInt32() > 0);
        HsdaShapes.Page(HsdaShapes.ServiceAtLocationFull).AssertFits(await GetAsync(anonymous, "/api/hsds/service_at_locations?full=true&per_page=100"));
        var atLocationId = atLocations.GetProperty("contents")[0].GetProperty("id").GetString();
        var atLocation = await GetAsync(anonymous, $"/api/hsds/service_at_locations/{atLocationId}");
        HsdaShapes.ServiceAtLocationFull.AssertFits(atLocation);
        Assert.NotEmpty(atLocation.GetProperty("location").GetProperty("addresses").EnumerateArray());

        var taxonomies = await GetAsync(anonymous, "/api/hsds/taxonomies");
        HsdaShapes.Page(HsdaShapes.Taxonomy).AssertFits(taxonomies);
        Assert.Equal(HsdsVocabulary.Taxonomies.Count, taxonomies.GetProperty("total_items").GetInt32());
        HsdaShapes.Taxonomy.AssertFits(await GetAsync(anonymous, $"/api/hsds/taxonomies/{HsdsVocabulary.Taxonomies[0].Id}"));
        var terms = await GetAsync(anonymous, "/api/hsds/taxonomy_terms?per_page=100");
        HsdaShapes.Page(HsdaShapes.TaxonomyTerm).AssertFits(terms);
        var termId = HsdsVocabulary.TermId(HsdsVocabulary.Services, "legal-aid");
        var term = await GetAsync(anonymous, $"/api/hsds/taxonomy_terms/{termId}");
        HsdaShapes.TaxonomyTerm.AssertFits(term);
        Assert.Equal("legal-aid", term.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Hsda_page_fields_count_the_items_on_this_page()
    {
        var (anonymous, _) = await app.ClientForAsync(null);
        var total = DemoServiceCount;
        const int PerPage = 7;
        var pages = (total + PerPage - 1) / PerPage;
        Assert.True(total % PerPage != 0, "The demo network's service count should leave a partly filled last page.");

        var first = await GetAsync(anonymous, $"/api/hsds/services?per_page={PerPage}");
        var last = await GetAsync(anonymous, $"/api/hsds/services?per_page={PerPage}&page={pages}");
        var beyond = await GetAsync(anonymous, $"/api/hsds/services?per_page={PerPage}&page={pages + 1}");
        var nothing = await GetAsync(anonymous, "/api/hsds/services?postcode=10001");

        Assert.Equal((total, pages, 1, PerPage, true, false, false), PageFields(first));
        Assert.Equal((total, pages, pages, total % PerPage, false, true, false), PageFields(last));
        Assert.Equal(total % PerPage, last.GetProperty("contents").GetArrayLength());
        Assert.Equal((total, pages, pages + 1, 0, false, true, true), PageFields(beyond));
        Assert.Equal((0, 0, 1, 0, true, true, true), PageFields(nothing));

        // Reading every page gives every service once, in a stable order.
        var ids = new List<string>();
        for (var page = 1; page <= pages; page++)
        {
            ids.AddRange(Ids(await GetAsync(anonymous, $"/api/hsds/services?per_page={PerPage}&page={page}")));
        }

        Assert.Equal(total, ids.Distinct().Count());
        Assert.Equal(total, ids.Count);
    }

    [Fact]
    public async Task Hsda_service_detail_nests_its_locations_schedules_and_terms_where_the_spec_puts_them()
    {
        var (anonymous, _) = await app.ClientForAsync(null);
        var office = WithOffice;
        var code = office.Profile.Services[0];
        var serviceId = HsdsExporter.ServiceId(office.Key, code);
        var export = JsonNode.Parse(await anonymous.GetStringAsync("/api/hsds/export"))!.AsObject();

        var service = await GetAsync(anonymous, $"/api/hsds/services/{serviceId}");

        foreach (var misplaced in new[] { "locations", "addresses", "taxonomy_terms" })
        {
            Assert.False(service.TryGetProperty(misplaced, out _), $"A standard client does not look for '{misplaced}' on a service.");
        }

        // service_at_locations → location → addresses, as the export's tables link them.
        var exported = export["service_at_location"]!.AsArray().Where(r => (string?)r!["service_id"] == serviceId).Select(r => (string)r!["id"]!).ToHashSet();
        var nested = service.GetProperty("service_at_locations").EnumerateArray().ToList();
        Assert.NotEmpty(nested);
        Assert.Equal(exported, nested.Select(x => x.GetProperty("id").GetString()!).ToHashSet());
        var address = nested[0].GetProperty("location").GetProperty("addresses")[0];
        var office1 = office.Profile.Contacts.First(c => c.Kind == ContactKind.Address && c.Visibility == Visibility.Public).Value;
        Assert.StartsWith(address.GetProperty("address_1").GetString()!, office1, StringComparison.Ordinal);
        Assert.Contains(address.GetProperty("postal_code").GetString()!, office1, StringComparison.Ordinal);

        // The service's schedules are the export's schedule rows of the service.
        var schedules = export["schedule"]!.AsArray().Where(r => (string?)r!["service_id"] == serviceId).Select(r => (string)r!["id"]!).ToHashSet();
        Assert.NotEmpty(schedules);
        Assert.Equal(schedules, service.GetProperty("schedules").EnumerateArray().Select(s => s.GetProperty("id").GetString()!).ToHashSet());

        // Attributes carry their taxonomy term; the organization's own terms are on the nested organization.
        Assert.Contains(service.GetProperty("attributes").EnumerateArray(), a => a.GetProperty("taxonomy_term").GetProperty("code").GetString() == code);
        var organizationTerms = service.GetProperty("organization").GetProperty("attributes").EnumerateArray()
            .Select(a => a.GetProperty("taxonomy_term").GetProperty("code").GetString()!).ToHashSet();
        Assert.Subset(organizationTerms, office.Profile.Languages.Concat(office.Profile.Populations).ToHashSet());
        Assert.Equal(office.Profile.Counties.Length, service.GetProperty("service_areas").GetArrayLength());
        Assert.Equal(office.Profile.Languages.Length, service.GetProperty("languages").GetArrayLength());

        // The full list item is the same object as the detail.
        var listed = await GetAsync(anonymous, $"/api/hsds/services?full=true&organization_id={HsdsExporter.OrganizationId(office.Key)}&per_page=100");
        var same = listed.GetProperty("contents").EnumerateArray().Single(s => s.GetProperty("id").GetString() == serviceId);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(same.GetRawText()), JsonNode.Parse(service.GetRawText())), "The full list item differs from the detail.");
    }

    [Fact]
    public async Task Hsda_minimal_lists_every_service_by_id_and_last_modified_in_one_call_and_ndjson_streams_every_result()
    {
        var (anonymous, _) = await app.ClientForAsync(null);

        var minimal = await GetAsync(anonymous, "/api/hsds/services?minimal=true");
        Assert.Equal(DemoServiceCount, minimal.GetProperty("size").GetInt32());
        Assert.True(minimal.GetProperty("last_page").GetBoolean());
        Assert.All(minimal.GetProperty("contents").EnumerateArray(), s =>
            Assert.Equal(new[] { "id", "last_modified" }, s.EnumerateObject().Select(p => p.Name).Order()));

        using var response = await anonymous.GetAsync("/api/hsds/services?format=ndjson");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HsdaApi.NdjsonContentType, response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(DemoServiceCount, lines.Length);
        foreach (var line in lines)
        {
            HsdaShapes.ServiceListItem.AssertFits(JsonDocument.Parse(line).RootElement);
        }

        Assert.Equal(Ids(minimal).ToHashSet(), lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()!).ToHashSet());

        var organizations = (await anonymous.GetStringAsync("/api/hsds/organizations?format=ndjson&full=true")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(DemoNetworkData.Organizations.Count, organizations.Length);
        HsdaShapes.OrganizationFull.AssertFits(JsonDocument.Parse(organizations[0]).RootElement);
    }

    [Fact]
    public async Task Hsda_incremental_sync_with_modified_after_gets_what_changed_on_or_after_and_minimal_shows_what_is_there()
    {
        var (anonymous, _) = await app.ClientForAsync(null);
        var key = DemoNetworkData.Organizations.First(o => o.Key != WithOffice.Key && o.Key != DemoNetworkData.FresnoMinorsShelterKey && o.Profile.Services.Length > 1).Key;
        var organizationId = HsdsExporter.OrganizationId(key);

        // 1. A first, full sync (the partner stores every organization and remembers the newest last_modified).
        var all = await GetAsync(anonymous, "/api/hsds/organizations?per_page=100");
        Assert.Equal(DemoNetworkData.Organizations.Count, all.GetProperty("total_items").GetInt32());
        var newest = all.GetProperty("contents").EnumerateArray().Max(o => o.GetProperty("last_modified").GetDateTimeOffset());

        // On or after: the organization modified at exactly that time comes again (an upsert by id takes it twice safely).
        var atNewest = await GetAsync(anonymous, $"/api/hsds/organizations?modified_after={Uri.EscapeDataString(newest.ToString("O", CultureInfo.InvariantCulture))}");
        Assert.True(atNewest.GetProperty("total_items").GetInt32() >= 1);
        Assert.All(atNewest.GetProperty("contents").EnumerateArray(), o => Assert.True(o.GetProperty("last_modified").GetDateTimeOffset() >= newest));

        // 2. The organization changes its public listing (stored through its grain).
        var since = DateTimeOffset.UtcNow;
        var grain = app.Factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IOrganizationGrain>(key);
        var profile = (await grain.GetDetails())!.Profile;
        var changed = await grain.UpdateProfile(profile with { Description = profile.Description + " Now open on Saturdays." }, DemoNetworkSeeder.DemoActor);
        Assert.True(changed.Succeeded, string.Join("; ", changed.Errors.Select(e => e.Message)));
        var index = app.Factory.Services.GetRequiredService<DirectoryIndex>();
        await Eventually.TrueAsync(async () => (await index.FindAsync(key))?.Version == changed.Version);

        // 3. The next sync asks for what changed since: that organization and its services, nothing else.
        var after = Uri.EscapeDataString(since.ToString("O", CultureInfo.InvariantCulture));
        var organizations = await GetAsync(anonymous, $"/api/hsds/organizations?modified_after={after}");
        var services = await GetAsync(anonymous, $"/api/hsds/services?modified_after={after}&full=true");
        Assert.Equal(new[] { organizationId }, Ids(organizations));
        Assert.EndsWith("Now open on Saturdays.", organizations.GetProperty("contents")[0].GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal(DemoNetworkData.FindOrganization(key)!.Profile.Services.Select(c => HsdsExporter.ServiceId(key, c)).ToHashSet(), Ids(services).ToHashSet());
        Assert.All(services.GetProperty("contents").EnumerateArray(), s => Assert.EndsWith("Now open on Saturdays.", s.GetProperty("description").GetString(), StringComparison.Ordinal));
        var late = await GetAsync(anonymous, $"/api/hsds/organizations?modified_after={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O", CultureInfo.InvariantCulture))}");
        Assert.True(late.GetProperty("empty").GetBoolean());

        // An offset must be escaped in a URL ('+' reads as a space); the refusal says so.
        var plus = await anonymous.GetAsync("/api/hsds/services?modified_after=2026-05-01T00:00:00+07:00");
        Assert.Equal(HttpStatusCode.BadRequest, plus.StatusCode);
        Assert.Contains("%2B", (await plus.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("modified_after")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hsda_filters_are_cumulative_and_match_terms_taxonomies_organizations_and_postcodes()
    {
        var (anonymous, _) = await app.ClientForAsync(null);
        var legalAidId = HsdsVocabulary.TermId(HsdsVocabulary.Services, "legal-aid");

        var byCode = Ids(await GetAsync(anonymous, "/api/hsds/services?taxonomy_term_id=legal-aid&per_page=100"));
        var byId = Ids(await GetAsync(anonymous, $"/api/hsds/services?taxonomy_term_id={legalAidId}&per_page=100"));
        Assert.Equal(DemoNetworkData.Organizations.Count(o => o.Profile.Services.Contains("legal-aid")), byCode.Count);
        Assert.Equal(byCode, byId);

        // Each filter must hold (AND): a legal-aid service always has a county, none has a term of a taxonomy that does not link services.
        var taxonomyId = HsdsVocabulary.Taxonomies.Single(t => t.Name == HsdsVocabulary.Counties).Id;
        Assert.Equal(byCode, Ids(await GetAsync(anonymous, $"/api/hsds/services?taxonomy_term_id=legal-aid&taxonomy_id={taxonomyId}&per_page=100")));
        var inSpanish = Ids(await GetAsync(anonymous, "/api/hsds/services?taxonomy_term_id=legal-aid&search=spanish&per_page=100"));
        Assert.NotEmpty(inSpanish);
        Assert.Subset(byCode.ToHashSet(), inSpanish.ToHashSet());
        Assert.Empty(Ids(await GetAsync(anonymous, $"/api/hsds/services?taxonomy_term_id=legal-aid&organization_id={HsdsExporter.OrganizationId(DemoNetworkData.FresnoMinorsShelterKey)}")));
        var populations = await GetAsync(anonymous, $"/api/hsds/organizations?taxonomy_id={HsdsVocabulary.Populations}&per_page=100");
        Assert.Equal(DemoNetworkData.Organizations.Count(o => o.Profile.Populations.Length > 0), populations.GetProperty("total_items").GetInt32());

        // organization_id AND taxonomy_term_id.
        var legal = DemoNetworkData.Organizations.First(o => o.Profile.Services.Contains("legal-aid") && o.Profile.Services.Length > 1);
        var ofLegal = Ids(await GetAsync(anonymous, $"/api/hsds/services?organization_id={HsdsExporter.OrganizationId(legal.Key)}&taxonomy_term_id=legal-aid"));
        Assert.Equal(new[] { HsdsExporter.ServiceId(legal.Key, "legal-aid") }, ofLegal);

        // postcode: the ZIP's county is among the counties the service serves (its service_areas).
        var fresno = await GetAsync(anonymous, "/api/hsds/services?postcode=93701&full=true&per_page=100");
        Assert.Equal(DemoNetworkData.Organizations.Where(o => o.Profile.Counties.Contains("06019")).Sum(o => o.Profile.Services.Length), fresno.GetProperty("total_items").GetInt32());
        Assert.All(fresno.GetProperty("contents").EnumerateArray(), s =>
            Assert.Contains(s.GetProperty("service_areas").EnumerateArray(), a => a.GetProperty("name").GetString() == "Fresno County"));
        Assert.True((await GetAsync(anonymous, "/api/hsds/services?postcode=93701-4411&per_page=1")).GetProperty("total_items").GetInt32() == fresno.GetProperty("total_items").GetInt32());
        Assert.True((await GetAsync(anonymous, "/api/hsds/service_at_locations?postcode=10001")).GetProperty("empty").GetBoolean());
    }

    [Fact]
    public async Task Hsda_proximity_keeps_locations_within_the_distance_of_the_postcode_centre()
    {
        var (anonymous, _) = await app.ClientForAsync(null);
        var key = DemoNetworkData.Organizations.First(o => o.Profile.Counties.Contains("06019") && !o.Profile.Services.Contains("shelter-housing") && o.Key != WithOffice.Key).Key;
        var grain = app.Factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IOrganizationGrain>(key);
        var profile = (await grain.GetDetails())!.Profile;
        var moved = await grain.UpdateProfile(
            profile with { Contacts = [.. profile.Contacts.Where(c => c.Kind != ContactKind.Address), new Contact("Downtown office", ContactKind.Address, "2300 Tulare Street, Fresno, CA 93721", Visibility.Public)] },
            DemoNetworkSeeder.DemoActor);
        Assert.True(moved.Succeeded, string.Join("; ", moved.Errors.Select(e => e.Message)));
        var index = app.Factory.Services.GetRequiredService<DirectoryIndex>();
        await Eventually.TrueAsync(async () => (await index.FindAsync(key))?.Version == moved.Version);
        var organizationId = HsdsExporter.OrganizationId(key);

        var near = await GetAsync(anonymous, "/api/hsds/service_at_locations?postcode=93701&proximity=5000&per_page=100&full=true");
        var far = await GetAsync(anonymous, "/api/hsds/service_at_locations?postcode=90001&proximity=50000&per_page=100");
        var county = await GetAsync(anonymous, "/api/hsds/service_at_locations?postcode=93701&per_page=100");

        var nearItems = near.GetProperty("contents").EnumerateArray().ToList();
        Assert.Equal(profile.Services.Length, nearItems.Count(x => x.GetProperty("service").GetProperty("organization_id").GetString() == organizationId));
        Assert.All(nearItems, x => Assert.Equal("93721", x.GetProperty("location").GetProperty("addresses")[0].GetProperty("postal_code").GetString()));
        Assert.DoesNotContain(far.GetProperty("contents").EnumerateArray(), x => x.GetProperty("service").GetProperty("organization_id").GetString() == organizationId);
        Assert.True(county.GetProperty("total_items").GetInt32() > near.GetProperty("total_items").GetInt32(), "Without proximity every location of a service serving the county is listed.");
    }

    [Fact]
    public async Task Hsda_taxonomies_and_terms_are_listed_found_and_filtered()
    {
        var (anonymous, _) = await app.ClientForAsync(null);
        var taxonomy = app.Factory.Services.GetRequiredService<TaxonomyCache>();
        var languages = (await taxonomy.GetAsync()).All(Vocabulary.Languages).Length;

        var terms = await GetAsync(anonymous, "/api/hsds/taxonomy_terms?per_page=100");
        var top = await GetAsync(anonymous, "/api/hsds/taxonomy_terms?top_only=true&per_page=100");
        var ofLanguages = await GetAsync(anonymous, $"/api/hsds/taxonomy_terms?taxonomy_id={HsdsVocabulary.Taxonomies.Single(t => t.Name == HsdsVocabulary.Languages).Id}&per_page=100");
        var byName = await GetAsync(anonymous, $"/api/hsds/taxonomy_terms?taxonomy_id={HsdsVocabulary.Languages}&per_page=100");
        var children = await GetAsync(anonymous, $"/api/hsds/taxonomy_terms?parent_id={HsdsVocabulary.TermId(HsdsVocabulary.Services, "legal-aid")}");
        var search = await GetAsync(anonymous, "/api/hsds/taxonomy_terms?search=legal");
        var counties = await GetAsync(anonymous, "/api/hsds/taxonomies?search=county");

        Assert.Equal(terms.GetProperty("total_items").GetInt32(), top.GetProperty("total_items").GetInt32());
        Assert.Equal(languages, ofLanguages.GetProperty("total_items").GetInt32());
        Assert.Equal(Ids(ofLanguages), Ids(byName));
        Assert.All(ofLanguages.GetProperty("contents").EnumerateArray(), t => Assert.Equal(HsdsVocabulary.Languages, t.GetProperty("taxonomy").GetString()));
        Assert.True(children.GetProperty("empty").GetBoolean());
        Assert.Contains(search.GetProperty("contents").EnumerateArray(), t => t.GetProperty("code").GetString() == "legal-aid");
        Assert.Equal(new[] { HsdsVocabulary.Counties }, counties.GetProperty("contents").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
    }

    [Theory]
    [InlineData("/api/hsds/services?sort_by=name", "sort_by")]
    [InlineData("/api/hsds/services?colour=blue", "colour")]
    [InlineData("/api/hsds/services?page=abc", "page")]
    [InlineData("/api/hsds/services?page=1&page=2", "page")]
    [InlineData("/api/hsds/services?per_page=101", "per_page")]
    [InlineData("/api/hsds/services?minimal=true&per_page=10001", "per_page")]
    [InlineData("/api/hsds/services?format=xml", "format")]
    [InlineData("/api/hsds/services?format=ndjson&page=2", "page")]
    [InlineData("/api/hsds/services?minimal=true&full=true", "minimal")]
    [InlineData("/api/hsds/services?full=yes", "full")]
    [InlineData("/api/hsds/services?proximity=1000", "proximity")]
    [InlineData("/api/hsds/services?postcode=Fresno", "postcode")]
    [InlineData("/api/hsds/services?taxonomy_term_id=no-such-term", "taxonomy_term_id")]
    [InlineData("/api/hsds/services?taxonomy_id=no-such-taxonomy", "taxonomy_id")]
    [InlineData("/api/hsds/services?organization_id=bright-orchard-youth-shelter", "organization_id")]
    [InlineData("/api/hsds/organizations?minimal=true", "minimal")]
    [InlineData("/api/hsds/organizations?postcode=93701", "postcode")]
    [InlineData("/api/hsds/organizations/00000000-0000-0000-0000-000000000000?full=true", "full")]
    [InlineData("/api/hsds/service_at_locations?postcode=99999&proximity=1000", "proximity")]
    [InlineData("/api/hsds/service_at_locations?proximity=0&postcode=93701", "proximity")]
    [InlineData("/api/hsds/services/00000000-0000-0000-0000-000000000000?full=true", "full")]
    [InlineData("/api/hsds/taxonomy_terms?parent_id=no-such-term", "parent_id")]
    [InlineData("/api/hsds/taxonomy_terms?top_only=maybe", "top_only")]
    [InlineData("/api/hsds/taxonomies?taxonomy_id=x", "taxonomy_id")]
    [InlineData("/api/hsds/?page=1", "page")]
    public async Task Hsda_refuses_a_parameter_it_cannot_honour_with_a_problem_naming_it(string path, string parameter)
    {
        var (anonymous, _) = await app.ClientForAsync(null);

        using var response = await anonymous.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out var messages), problem.ToString());
        Assert.False(string.IsNullOrWhiteSpace(messages[0].GetString()));
    }

    [Theory]
    [InlineData("/api/hsds/services/{0}")]
    [InlineData("/api/hsds/organizations/{0}")]
    [InlineData("/api/hsds/service_at_locations/{0}")]
    [InlineData("/api/hsds/taxonomies/{0}")]
    [InlineData("/api/hsds/taxonomy_terms/{0}")]
    [InlineData("/api/hsds/services/not-a-uuid")]
    public async Task Hsda_an_unknown_id_is_a_404_problem(string pattern)
    {
        var (anonymous, _) = await app.ClientForAsync(null);

        using var response = await anonymous.GetAsync(string.Format(CultureInfo.InvariantCulture, pattern, Guid.NewGuid()));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(404, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Hsda_shows_only_what_the_public_directory_shows()
    {
        // The shelter's admin edits the verified listing: a new description waits for a curator, a
        // network-only line and an organization-only address apply at once but are not public.
        const string Marker = "Qzxhsda";
        var (admin, _) = await app.ClientForAsync(MatrixRole.ShelterAdmin.Email());
        var (anonymous, _) = await app.ClientForAsync(null);
        var key = DemoNetworkData.FresnoMinorsShelterKey;
        var before = (await GetAsync(anonymous, $"/api/hsds/organizations/{HsdsExporter.OrganizationId(key)}")).GetProperty("description").GetString();
        var profile = (await app.Factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IOrganizationGrain>(key).GetDetails())!.Profile;
        var edited = profile with
        {
            Description = $"{Marker} pending description",
            Contacts =
            [
                .. profile.Contacts,
                new Contact("Partners line", ContactKind.Phone, "(559) 555-0947", Visibility.Network),
                new Contact($"{Marker} safe house", ContactKind.Address, $"1 {Marker} Lane, Fresno, CA 93721", Visibility.Organization),
            ],
        };
        using (var body = JsonContent.Create(edited, options: Json))
        {
            var saved = await admin.PutAsync($"/api/organizations/{key}/profile", body);
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
            Assert.Contains("description", (await saved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("waitingForReview").EnumerateArray().Select(f => f.GetString()));
        }

        // Stored: the organization's staff see the new address (so the markers are really there).
        var (staff, _) = await app.ClientForAsync(MatrixRole.ShelterStaff.Email());
        Assert.Contains(Marker, await staff.GetStringAsync($"/api/organizations/{key}"), StringComparison.Ordinal);
        var index = app.Factory.Services.GetRequiredService<DirectoryIndex>();
        var version = (await app.Factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IOrganizationGrain>(key).GetDetails())!.Version;
        await Eventually.TrueAsync(async () => (await index.FindAsync(key))?.Version == version);

        var organizationId = HsdsExporter.OrganizationId(key);
        var paths = HsdaPaths(organizationId).Concat(
            (await GetAsync(anonymous, $"/api/hsds/services?organization_id={organizationId}")).GetProperty("contents").EnumerateArray()
                .Select(s => $"/api/hsds/services/{s.GetProperty("id").GetString()}"));
        var mentions = 0;
        foreach (var path in paths)
        {
            var text = await anonymous.GetStringAsync(path);
            Assert.DoesNotContain(Marker, text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("555-0947", text, StringComparison.Ordinal);
            mentions += text.Contains("Bright Orchard", StringComparison.Ordinal) ? 1 : 0;
        }

        Assert.True(mentions >= 8, $"Only {mentions} HSDA outputs mention the listing; the scan would prove little.");
        Assert.Equal(before, (await GetAsync(anonymous, $"/api/hsds/organizations/{organizationId}")).GetProperty("description").GetString());
    }

    /// <summary>Every HSDA read of the whole directory and of one organization, in every representation.</summary>
    internal static IEnumerable<string> HsdaPaths(string organizationId) =>
    [
        "/api/hsds/organizations?per_page=100",
        "/api/hsds/organizations?full=true&full_service=true&per_page=100",
        "/api/hsds/organizations?format=ndjson&full_service=true",
        $"/api/hsds/organizations/{organizationId}",
        $"/api/hsds/organizations/{organizationId}?full_service=true",
        "/api/hsds/services?per_page=100",
        "/api/hsds/services?full=true&per_page=100",
        "/api/hsds/services?format=ndjson&full=true",
        $"/api/hsds/services?full=true&organization_id={organizationId}",
        "/api/hsds/service_at_locations?full=true&per_page=100",
        "/api/hsds/service_at_locations?format=ndjson&full=true",
        "/api/hsds/services?postcode=93721&full=true&per_page=100",
    ];

    private static async Task<JsonElement> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static List<string> Ids(JsonElement page) =>
        [.. page.GetProperty("contents").EnumerateArray().Select(x => x.GetProperty("id").GetString()!)];

    private static (int, int, int, int, bool, bool, bool) PageFields(JsonElement page) =>
        (page.GetProperty("total_items").GetInt32(), page.GetProperty("total_pages").GetInt32(), page.GetProperty("page_number").GetInt32(),
         page.GetProperty("size").GetInt32(), page.GetProperty("first_page").GetBoolean(), page.GetProperty("last_page").GetBoolean(),
         page.GetProperty("empty").GetBoolean());
}
