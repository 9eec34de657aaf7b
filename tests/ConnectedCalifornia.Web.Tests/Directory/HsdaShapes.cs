using System.Globalization;
using System.Text.Json;

namespace ConnectedCalifornia.Web.Tests.Directory;

/// <summary>What a JSON value must be, as the HSDS 3.0 schemas type their fields.</summary>
internal enum HsdaKind
{
    Text,
    Uuid,
    Uri,
    Email,
    DateTime,
    Integer,
    Boolean,
}

/// <summary>
/// The shapes the HSDA 3.0 reference answers, checked field by field: each object's required fields
/// (present and not null), the type of every field we know when it is there, the allowed values of
/// the enumerated ones, and the same for the objects and arrays nested in it. Written for these tests
/// from the HSDS 3.0 schemas (schema/*.json, compiled/*.json) and the Page schema of the API
/// reference; fields the schemas do not name are allowed (they do not forbid additional properties).
/// </summary>
internal sealed record HsdaShape(string Name, string[] Required)
{
    public Dictionary<string, HsdaKind> Fields { get; init; } = [];

    public Dictionary<string, string[]> Enums { get; init; } = [];

    public Dictionary<string, HsdaShape> Objects { get; init; } = [];

    public Dictionary<string, HsdaShape> Arrays { get; init; } = [];

    /// <summary>Every breach of the shape at <paramref name="path"/> (empty when the value fits).</summary>
    public List<string> Breaches(JsonElement value, string path = "$")
    {
        var breaches = new List<string>();
        Check(value, path, breaches);
        return breaches;
    }

    /// <summary>Fails with every breach listed.</summary>
    public void AssertFits(JsonElement value, string path = "$")
    {
        var breaches = Breaches(value, path);
        Xunit.Assert.True(breaches.Count == 0, $"Not an HSDS {Name}:\n" + string.Join("\n", breaches.Take(20)));
    }

    private void Check(JsonElement value, string path, List<string> breaches)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            breaches.Add($"{path}: a {Name} must be an object, not {value.ValueKind}.");
            return;
        }

        foreach (var field in Required)
        {
            if (!value.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null)
            {
                breaches.Add($"{path}: the {Name} has no '{field}' (required).");
            }
        }

        foreach (var property in value.EnumerateObject())
        {
            var at = $"{path}.{property.Name}";
            var v = property.Value;
            if (v.ValueKind == JsonValueKind.Null)
            {
                continue; // Optional fields may be null or absent; required ones were checked above.
            }

            if (Fields.TryGetValue(property.Name, out var kind) && !Fits(v, kind))
            {
                breaches.Add($"{at}: must be {kind}, is {v}.");
            }

            if (Enums.TryGetValue(property.Name, out var allowed) && (v.ValueKind != JsonValueKind.String || !allowed.Contains(v.GetString())))
            {
                breaches.Add($"{at}: must be one of {string.Join(", ", allowed)}, is {v}.");
            }

            if (Objects.TryGetValue(property.Name, out var nested))
            {
                nested.Check(v, at, breaches);
            }

            if (Arrays.TryGetValue(property.Name, out var items))
            {
                if (v.ValueKind != JsonValueKind.Array)
                {
                    breaches.Add($"{at}: must be an array.");
                    continue;
                }

                var i = 0;
                foreach (var item in v.EnumerateArray())
                {
                    items.Check(item, $"{at}[{i++}]", breaches);
                }
            }
        }
    }

    private static bool Fits(JsonElement v, HsdaKind kind) => kind switch
    {
        HsdaKind.Integer => v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out _),
        HsdaKind.Boolean => v.ValueKind is JsonValueKind.True or JsonValueKind.False,
        HsdaKind.Uuid => v.ValueKind == JsonValueKind.String && Guid.TryParseExact(v.GetString(), "D", out _),
        HsdaKind.Uri => v.ValueKind == JsonValueKind.String && Uri.TryCreate(v.GetString(), UriKind.Absolute, out _),
        HsdaKind.Email => v.ValueKind == JsonValueKind.String && v.GetString()!.Contains('@', StringComparison.Ordinal),
        HsdaKind.DateTime => v.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(v.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
            && v.GetString()!.Contains('T', StringComparison.Ordinal),
        _ => v.ValueKind == JsonValueKind.String,
    };
}

/// <summary>The HSDS 3.0 objects the HSDA read API answers.</summary>
internal static class HsdaShapes
{
    public static readonly HsdaShape Root = new("API root", ["version", "profile", "openapi_url"])
    {
        Fields = { ["version"] = HsdaKind.Text, ["profile"] = HsdaKind.Uri, ["openapi_url"] = HsdaKind.Uri },
    };

    public static readonly HsdaShape TaxonomyTerm = new("taxonomy_term", ["id", "name", "description"])
    {
        Fields =
        {
            ["id"] = HsdaKind.Uuid, ["code"] = HsdaKind.Text, ["name"] = HsdaKind.Text, ["description"] = HsdaKind.Text,
            ["parent_id"] = HsdaKind.Uuid, ["taxonomy"] = HsdaKind.Text, ["language"] = HsdaKind.Text,
            ["taxonomy_id"] = HsdaKind.Uuid, ["term_uri"] = HsdaKind.Uri,
        },
    };

    public static readonly HsdaShape Taxonomy = new("taxonomy", ["id", "name", "description"])
    {
        Fields = { ["id"] = HsdaKind.Uuid, ["name"] = HsdaKind.Text, ["description"] = HsdaKind.Text, ["uri"] = HsdaKind.Uri, ["version"] = HsdaKind.Text },
    };

    public static readonly HsdaShape Attribute = new("attribute", ["id"])
    {
        Fields =
        {
            ["id"] = HsdaKind.Uuid, ["link_id"] = HsdaKind.Uuid, ["taxonomy_term_id"] = HsdaKind.Uuid,
            ["link_type"] = HsdaKind.Text, ["link_entity"] = HsdaKind.Text, ["value"] = HsdaKind.Text,
        },
        Objects = { ["taxonomy_term"] = TaxonomyTerm },
    };

    public static readonly HsdaShape Language = new("language", ["id"])
    {
        Fields =
        {
            ["id"] = HsdaKind.Uuid, ["service_id"] = HsdaKind.Uuid, ["location_id"] = HsdaKind.Uuid, ["phone_id"] = HsdaKind.Uuid,
            ["name"] = HsdaKind.Text, ["code"] = HsdaKind.Text, ["note"] = HsdaKind.Text,
        },
    };

    public static readonly HsdaShape Phone = new("phone", ["id", "number"])
    {
        Fields =
        {
            ["id"] = HsdaKind.Uuid, ["location_id"] = HsdaKind.Uuid, ["service_id"] = HsdaKind.Uuid, ["organization_id"] = HsdaKind.Uuid,
            ["contact_id"] = HsdaKind.Uuid, ["service_at_location_id"] = HsdaKind.Uuid, ["number"] = HsdaKind.Text,
            ["extension"] = HsdaKind.Integer, ["type"] = HsdaKind.Text, ["description"] = HsdaKind.Text,
        },
        Arrays = { ["languages"] = Language, ["attributes"] = Attribute },
    };

    public static readonly HsdaShape Contact = new("contact", ["id"])
    {
        Fields =
        {
            ["id"] = HsdaKind.Uuid, ["organization_id"] = HsdaKind.Uuid, ["service_id"] = HsdaKind.Uuid,
            ["service_at_location_id"] = HsdaKind.Uuid, ["location_id"] = HsdaKind.Uuid, ["name"] = HsdaKind.Text,
            ["title"] = HsdaKind.Text, ["department"] = HsdaKind.Text, ["email"] = HsdaKind.Email,
        },
        Arrays = { ["phones"] = Phone, ["attributes"] = Attribute },
    };

    public static readonly HsdaShape Schedule = new("schedule", ["id"])
    {
        Fields =
        {
            ["id"] = HsdaKind.Uuid, ["service_id"] = HsdaKind.Uuid, ["location_id"] = HsdaKind.Uuid, ["service_at_location_id"] = HsdaKind.Uuid,
            ["byday"] = HsdaKind.Text, ["opens_at"] = HsdaKind.Text, ["closes_at"] = HsdaKind.Text, ["description"] = HsdaKind.Text,
            ["interval"] = HsdaKind.Integer, ["count"] = HsdaKind.Integer,
        },
        Enums = { ["freq"] = ["WEEKLY", "MONTHLY"], ["wkst"] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"] },
        Arrays = { ["attributes"] = Attribute },
    };

    public static readonly HsdaShape ServiceArea = new("service_area", ["id"])
    {
        Fields =
        {
            ["id"] = HsdaKind.Uuid, ["service_id"] = HsdaKind.Uuid, ["service_at_location_id"] = HsdaKind.Uuid,
            ["name"] = HsdaKind.Text, ["description"] = HsdaKind.Text, ["extent"] = HsdaKind.Text, ["extent_type"] = HsdaKind.Text, ["uri"] = HsdaKind.Uri,
        },
        Arrays = { ["attributes"] = Attribute },
    };

    public static readonly HsdaShape Address = new("address", ["id", "address_1", "city", "state_province", "postal_code", "country", "address_type"])
    {
        Fields =
        {
            ["id"] = HsdaKind.Uuid, ["location_id"] = HsdaKind.Uuid, ["attention"] = HsdaKind.Text, ["address_1"] = HsdaKind.Text,
            ["address_2"] = HsdaKind.Text, ["city"] = HsdaKind.Text, ["region"] = HsdaKind.Text, ["state_province"] = HsdaKind.Text,
            ["postal_code"] = HsdaKind.Text, ["country"] = HsdaKind.Text,
        },
        Enums = { ["address_type"] = ["physical", "postal", "virtual"] },
        Arrays = { ["attributes"] = Attribute },
    };

    public static readonly HsdaShape Location = new("location", ["id", "location_type"])
    {
        Fields =
        {
            ["id"] = HsdaKind.Uuid, ["url"] = HsdaKind.Uri, ["organization_id"] = HsdaKind.Uuid, ["name"] = HsdaKind.Text,
            ["alternate_name"] = HsdaKind.Text, ["description"] = HsdaKind.Text, ["transportation"] = HsdaKind.Text,
        },
        Enums = { ["location_type"] = ["physical", "postal", "virtual"] },
        Arrays =
        {
            ["languages"] = Language, ["addresses"] = Address, ["contacts"] = Contact, ["phones"] = Phone,
            ["schedules"] = Schedule, ["attributes"] = Attribute,
        },
    };

    /// <summary>organization_list: the one-to-one fields.</summary>
    public static readonly HsdaShape OrganizationListItem = new("organization", ["id", "name", "description"])
    {
        Fields =
        {
            ["id"] = HsdaKind.Uuid, ["name"] = HsdaKind.Text, ["alternate_name"] = HsdaKind.Text, ["description"] = HsdaKind.Text,
            ["email"] = HsdaKind.Email, ["website"] = HsdaKind.Uri, ["tax_status"] = HsdaKind.Text, ["tax_id"] = HsdaKind.Text,
            ["legal_status"] = HsdaKind.Text, ["logo"] = HsdaKind.Text, ["uri"] = HsdaKind.Uri, ["parent_organization_id"] = HsdaKind.Uuid,
        },
    };

    private static readonly Dictionary<string, HsdaKind> ServiceFields = new()
    {
        ["id"] = HsdaKind.Uuid, ["organization_id"] = HsdaKind.Uuid, ["program_id"] = HsdaKind.Uuid, ["name"] = HsdaKind.Text,
        ["alternate_name"] = HsdaKind.Text, ["description"] = HsdaKind.Text, ["url"] = HsdaKind.Uri, ["email"] = HsdaKind.Email,
        ["interpretation_services"] = HsdaKind.Text, ["application_process"] = HsdaKind.Text, ["fees_description"] = HsdaKind.Text,
        ["eligibility_description"] = HsdaKind.Text, ["alert"] = HsdaKind.Text, ["last_modified"] = HsdaKind.DateTime,
    };

    private static readonly Dictionary<string, string[]> ServiceStatus = new() { ["status"] = ["active", "inactive", "defunct", "temporarily closed"] };

    /// <summary>service_list: the one-to-one fields, with the organization.</summary>
    public static readonly HsdaShape ServiceListItem = new("service", ["id", "name", "status"])
    {
        Fields = new(ServiceFields),
        Enums = new(ServiceStatus),
        Objects = { ["organization"] = OrganizationListItem },
    };

    /// <summary>A service at a location as nested in a full service (its location with addresses).</summary>
    public static readonly HsdaShape ServiceAtLocationInService = new("service_at_location", ["id"])
    {
        Fields = { ["id"] = HsdaKind.Uuid, ["service_id"] = HsdaKind.Uuid, ["location_id"] = HsdaKind.Uuid, ["description"] = HsdaKind.Text },
        Objects = { ["location"] = Location },
        Arrays = { ["contacts"] = Contact, ["phones"] = Phone, ["schedules"] = Schedule, ["attributes"] = Attribute },
    };

    /// <summary>An organization fully nested (compiled/organization), its services in list shape or full.</summary>
    public static readonly HsdaShape OrganizationFull = OrganizationListItem with
    {
        Arrays = new Dictionary<string, HsdaShape>
        {
            ["contacts"] = Contact, ["phones"] = Phone, ["locations"] = Location, ["attributes"] = Attribute,
            ["services"] = new HsdaShape("service", ["id", "name", "status"])
            {
                Fields = new(ServiceFields),
                Enums = new(ServiceStatus),
                Arrays =
                {
                    ["phones"] = Phone, ["schedules"] = Schedule, ["service_areas"] = ServiceArea, ["service_at_locations"] = ServiceAtLocationInService,
                    ["languages"] = Language, ["contacts"] = Contact, ["attributes"] = Attribute,
                },
            },
        },
    };

    /// <summary>compiled/service: fully nested.</summary>
    public static readonly HsdaShape ServiceFull = new("service", ["id", "name", "status"])
    {
        Fields = new(ServiceFields),
        Enums = new(ServiceStatus),
        Objects = { ["organization"] = OrganizationFull },
        Arrays =
        {
            ["phones"] = Phone, ["schedules"] = Schedule, ["service_areas"] = ServiceArea, ["service_at_locations"] = ServiceAtLocationInService,
            ["languages"] = Language, ["contacts"] = Contact, ["attributes"] = Attribute,
        },
    };

    /// <summary>service_at_location_list: its location and service (list shapes).</summary>
    public static readonly HsdaShape ServiceAtLocationListItem = new("service_at_location", ["id"])
    {
        Fields = { ["id"] = HsdaKind.Uuid, ["service_id"] = HsdaKind.Uuid, ["location_id"] = HsdaKind.Uuid, ["description"] = HsdaKind.Text },
        Objects = { ["location"] = Location, ["service"] = ServiceListItem },
    };

    /// <summary>compiled/service_at_location: fully nested.</summary>
    public static readonly HsdaShape ServiceAtLocationFull = ServiceAtLocationInService with
    {
        Objects = new Dictionary<string, HsdaShape> { ["location"] = Location, ["service"] = ServiceFull },
    };

    public static readonly HsdaShape MinimalService = new("minimal service", ["id", "last_modified"])
    {
        Fields = { ["id"] = HsdaKind.Uuid, ["last_modified"] = HsdaKind.DateTime },
    };

    /// <summary>The Page schema of the HSDA reference with its contents, each of <paramref name="item"/>'s shape.</summary>
    public static HsdaShape Page(HsdaShape item) => new("page", ["total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"])
    {
        Fields =
        {
            ["total_items"] = HsdaKind.Integer, ["total_pages"] = HsdaKind.Integer, ["page_number"] = HsdaKind.Integer, ["size"] = HsdaKind.Integer,
            ["first_page"] = HsdaKind.Boolean, ["last_page"] = HsdaKind.Boolean, ["empty"] = HsdaKind.Boolean,
        },
        Arrays = { ["contents"] = item },
    };
}
