using System.Text.Json.Nodes;

namespace ConnectedCalifornia.Web.Tests.Directory;

/// <summary>
/// Our own HSDS 3.0 files in the shapes the specification's examples use (written for these tests, not
/// copied): an organization with everything nested in it, a service with its organization nested, a
/// service at a location with its service and location, a page of an HSDA list, and the records that
/// cannot stand alone (a location, a taxonomy, a taxonomy term). Every id and name is new on each call, so
/// a test can import into a shared network without meeting another test's listings.
/// </summary>
internal sealed class HsdsImportSamples
{
    private readonly string _tag = Guid.NewGuid().ToString("N")[..8];

    public static string Id() => Guid.NewGuid().ToString();

    public string Tag => _tag;

    public string OrganizationName => $"Valley Bridge Family Services {_tag}";

    public string OrganizationSlug => $"valley-bridge-family-services-{_tag}";

    public string OrganizationEmail => $"help-{_tag}@valleybridge.example";

    public const string OrganizationDescription = "A Central Valley nonprofit that helps survivors and their families find safety, legal status and work.";

    public const string LegalDescription = "Free consultations on T and U visas, vacatur and family law, by appointment or walk-in on Tuesdays.";

    public const string CounselingDescription = "Trauma-informed counseling, one to one or in groups, in English, Spanish and Hmong.";

    public string OrganizationId { get; } = Id();

    public string LocationId { get; } = Id();

    public string UnknownKeyOrganization => OrganizationId;

    public string UrduLanguageId { get; } = Id();

    /// <summary>
    /// A 211 partner's organization with everything nested: its phone and e-mail, a contact with a phone, a
    /// location with its address, two services (one named as the network's "Legal aid", one called
    /// "Counseling", an alias of "Mental health") each with their own description, schedules, languages,
    /// service area and service at the location; plus fields HSDS defines that the directory does not keep, a
    /// key HSDS does not define ("legacy_code") and a language the network does not list (Urdu).
    /// </summary>
    public JsonObject NestedOrganization()
    {
        var weekdays = new JsonArray(Schedule("MO,TU,WE,TH,FR", "09:00", "17:00"));
        return new JsonObject
        {
            ["id"] = OrganizationId,
            ["name"] = OrganizationName,
            ["description"] = OrganizationDescription,
            ["email"] = OrganizationEmail,
            ["website"] = "https://valleybridge.example",
            ["tax_status"] = "501(c)(3)",
            ["year_incorporated"] = 2009,
            ["legacy_code"] = "VB-17",
            ["phones"] = new JsonArray(new JsonObject { ["id"] = Id(), ["number"] = "559-555-0142", ["type"] = "voice", ["description"] = "Front desk" }),
            ["contacts"] = new JsonArray(new JsonObject
            {
                ["id"] = Id(),
                ["name"] = "Intake team",
                ["title"] = "Intake coordinators",
                ["email"] = $"intake-{_tag}@valleybridge.example",
                ["phones"] = new JsonArray(new JsonObject { ["id"] = Id(), ["number"] = "559-555-0143", ["type"] = "voice" }),
            }),
            ["locations"] = new JsonArray(Location()),
            ["services"] = new JsonArray(
                new JsonObject
                {
                    ["id"] = Id(),
                    ["name"] = "Legal aid",
                    ["description"] = LegalDescription,
                    ["status"] = "active",
                    ["email"] = $"legal-{_tag}@valleybridge.example",
                    ["eligibility_description"] = "Survivors of trafficking and their families.",
                    ["schedules"] = weekdays,
                    ["languages"] = new JsonArray(
                        new JsonObject { ["id"] = Id(), ["name"] = "Spanish", ["code"] = "es" },
                        new JsonObject { ["id"] = UrduLanguageId, ["name"] = "Urdu", ["code"] = "ur", ["note"] = "Through an interpreter line." }),
                    ["service_areas"] = new JsonArray(new JsonObject { ["id"] = Id(), ["name"] = "Fresno County" }),
                    ["service_at_locations"] = new JsonArray(new JsonObject { ["id"] = Id(), ["location"] = Location() }),
                },
                new JsonObject
                {
                    ["id"] = Id(),
                    ["name"] = "Counseling",
                    ["description"] = CounselingDescription,
                    ["status"] = "active",
                    ["schedules"] = new JsonArray(Schedule("MO,TU,WE,TH,FR", "09:00", "17:00")),
                    ["languages"] = new JsonArray(
                        new JsonObject { ["id"] = Id(), ["name"] = "English", ["code"] = "en" },
                        new JsonObject { ["id"] = Id(), ["name"] = "Hmong", ["code"] = "hmn" }),
                    ["service_areas"] = new JsonArray(new JsonObject { ["id"] = Id(), ["name"] = "Madera County" }),
                }),
        };
    }

    /// <summary>The main office: a location with its address (the same id wherever it is nested, as HSDS files repeat it).</summary>
    public JsonObject Location() => new()
    {
        ["id"] = LocationId,
        ["location_type"] = "physical",
        ["name"] = "Main office",
        ["latitude"] = 36.74,
        ["longitude"] = -119.78,
        ["addresses"] = new JsonArray(new JsonObject
        {
            ["id"] = $"address-{LocationId}",
            ["address_1"] = "410 Harvest Avenue",
            ["city"] = "Fresno",
            ["state_province"] = "CA",
            ["postal_code"] = "93721",
            ["country"] = "US",
            ["address_type"] = "physical",
        }),
    };

    public static JsonObject Schedule(string days, string opens, string closes) =>
        new() { ["id"] = Id(), ["freq"] = "WEEKLY", ["byday"] = days, ["opens_at"] = opens, ["closes_at"] = closes, ["description"] = "Weekdays" };

    /// <summary>A plain organization with one service, for lists and pages.</summary>
    public static JsonObject SmallOrganization(string name, string service = "Case management") => new()
    {
        ["id"] = Id(),
        ["name"] = name,
        ["description"] = $"{name} helps survivors.",
        ["services"] = new JsonArray(new JsonObject
        {
            ["id"] = Id(), ["name"] = service, ["description"] = $"{service} at {name}.", ["status"] = "active",
            ["service_areas"] = new JsonArray(new JsonObject { ["id"] = Id(), ["name"] = "Kern County" }),
        }),
    };

    /// <summary>One service with its organization nested (the shape of a single service of the HSDA API).</summary>
    public JsonObject ServiceWithOrganization(string organizationName) => new()
    {
        ["id"] = Id(),
        ["name"] = "Hotline",
        ["description"] = "A 24-hour line answered by advocates.",
        ["status"] = "active",
        ["phones"] = new JsonArray(new JsonObject { ["id"] = Id(), ["number"] = "800-555-0199", ["type"] = "voice", ["description"] = "Crisis line" }),
        ["schedules"] = new JsonArray(Schedule("MO,TU,WE,TH,FR,SA,SU", "00:00", "24:00")),
        ["service_areas"] = new JsonArray(new JsonObject { ["id"] = Id(), ["name"] = "Los Angeles County" }),
        ["organization"] = new JsonObject { ["id"] = Id(), ["name"] = organizationName, ["description"] = $"{organizationName} answers day and night.", ["email"] = $"line-{_tag}@example.org" },
    };

    /// <summary>A service at a location with its service (and the service's organization) and the location nested.</summary>
    public JsonObject ServiceAtLocation(string organizationName) => new()
    {
        ["id"] = Id(),
        ["description"] = "Shelter intake at the north house.",
        ["service"] = new JsonObject
        {
            ["id"] = Id(),
            ["name"] = "Shelter and housing",
            ["description"] = "Emergency beds for adults.",
            ["status"] = "active",
            ["service_areas"] = new JsonArray(new JsonObject { ["id"] = Id(), ["name"] = "Tulare County" }),
            ["organization"] = new JsonObject { ["id"] = Id(), ["name"] = organizationName, ["description"] = "Safe beds." },
        },
        ["location"] = new JsonObject
        {
            ["id"] = Id(),
            ["location_type"] = "physical",
            ["name"] = "North house intake",
            ["addresses"] = new JsonArray(new JsonObject { ["id"] = Id(), ["address_1"] = "12 Cedar Lane", ["city"] = "Visalia", ["state_province"] = "CA", ["postal_code"] = "93291", ["country"] = "US" }),
            ["schedules"] = new JsonArray(Schedule("MO,WE,FR", "10:00", "14:00")),
        },
    };

    /// <summary>A page of an HSDA list holding <paramref name="contents"/> (one of several pages).</summary>
    public static JsonObject Page(params JsonNode[] contents) => new()
    {
        ["total_items"] = 12,
        ["total_pages"] = 6,
        ["page_number"] = 1,
        ["size"] = contents.Length,
        ["first_page"] = true,
        ["last_page"] = false,
        ["empty"] = false,
        ["contents"] = new JsonArray(contents),
    };

    public static JsonObject LoneLocation() => new()
    {
        ["id"] = Id(),
        ["location_type"] = "physical",
        ["url"] = "https://example.org/where",
        ["name"] = "A civic center",
        ["addresses"] = new JsonArray(new JsonObject { ["id"] = Id(), ["address_1"] = "1 Main Street", ["city"] = "Fresno", ["state_province"] = "CA", ["postal_code"] = "93721", ["country"] = "US" }),
    };

    public static JsonObject LoneTaxonomy() => new()
    {
        ["id"] = Id(), ["name"] = "Our service types", ["description"] = "What a 211 calls its services.", ["uri"] = "https://example.org/taxonomy", ["version"] = "2.1",
    };

    public static JsonObject LoneTaxonomyTerm() => new()
    {
        ["id"] = Id(), ["code"] = "BH-180", ["name"] = "Counseling", ["description"] = "Talking therapies.", ["taxonomy"] = "our-211-taxonomy",
        ["taxonomy_detail"] = new JsonObject { ["id"] = Id(), ["name"] = "our-211-taxonomy", ["description"] = "A 211's terms.", ["version"] = "2.1" },
    };
}
