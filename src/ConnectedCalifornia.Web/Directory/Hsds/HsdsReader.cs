using System.Collections.Immutable;
using System.Text.Json;

namespace ConnectedCalifornia.Web.Directory.Hsds;

/// <summary>
/// What a file held, read into HSDS tables: the dataset (null when the file cannot be imported at all, with
/// <see cref="Problem"/> saying why), what the file is (<see cref="Shape"/>), the warnings (what was left out)
/// and the refusals that stop the whole file, each naming the HSDS table, row id and field.
/// </summary>
public sealed record HsdsFile(
    HsdsDataset? Dataset,
    string? Problem,
    string Shape,
    ImmutableArray<ImportReason> Warnings,
    ImmutableArray<ImportReason> Refusals)
{
    public void Deconstruct(out HsdsDataset? dataset, out string? problem) => (dataset, problem) = (Dataset, Problem);
}

/// <summary>
/// Reads HSDS 3.0 JSON in every shape the specification uses into its tables: a tabular dataset (one array
/// per table, named as our export names them or as the specification's tabular files do, "organizations.csv"),
/// one organization with everything nested in it (services, locations, contacts, phones, schedules,
/// languages, service areas, attributes), an array of such organizations, one service with its nested
/// organization, one service at a location, and a page of an HSDA list (<c>contents</c>). Nested rows get
/// the link to the row they sit in. A key HSDS 3.0 does not define is a warning naming the table, row and
/// key; an HSDS field the directory does not keep is one warning per table and field; a value of the wrong
/// type is a refusal naming the table, row and field. A lone location, taxonomy or taxonomy term, or the
/// API root, is refused with a message that says what the file is and what to send instead.
/// </summary>
public static class HsdsReader
{
    private sealed record TableSpec(string Name, ImmutableHashSet<string> Kept, ImmutableHashSet<string> NotKept)
    {
        public bool Knows(string key) => Kept.Contains(key) || NotKept.Contains(key);
    }

    private static TableSpec Spec(string name, string kept, string notKept) =>
        new(name, [.. kept.Split(' ', StringSplitOptions.RemoveEmptyEntries)], [.. notKept.Split(' ', StringSplitOptions.RemoveEmptyEntries)]);

    // The HSDS 3.0 fields of each table: those the directory keeps and those it leaves out (said once per file).
    private static readonly Dictionary<string, TableSpec> Tables = new[]
    {
        Spec("organization", "id name description email website uri last_modified services contacts phones locations attributes",
            "alternate_name tax_status tax_id year_incorporated legal_status logo parent_organization_id funding programs organization_identifiers metadata"),
        Spec("service", "id organization_id name description url email status last_modified phones schedules service_areas service_at_locations languages organization contacts attributes",
            "program_id alternate_name interpretation_services application_process fees_description wait_time fees accreditations eligibility_description minimum_age maximum_age assured_date assurer_email licenses alert funding cost_options program required_documents metadata"),
        Spec("location", "id location_type organization_id name addresses phones schedules contacts languages",
            "url alternate_name description transportation latitude longitude external_identifier external_identifier_type accessibility attributes metadata"),
        Spec("service_at_location", "id service_id location_id contacts phones schedules location service", "description attributes metadata"),
        Spec("address", "id location_id address_1 address_2 city state_province postal_code country address_type", "attention region attributes metadata"),
        Spec("phone", "id location_id service_id organization_id contact_id service_at_location_id number extension type description languages", "attributes metadata"),
        Spec("contact", "id organization_id service_id service_at_location_id location_id name email phones", "title department attributes metadata"),
        Spec("schedule", "id service_id location_id service_at_location_id freq byday opens_at closes_at description",
            "valid_from valid_to dtstart timezone until count wkst interval byweekno bymonthday byyearday schedule_link attending_type notes attributes metadata"),
        Spec("language", "id service_id location_id phone_id name code", "note attributes metadata"),
        Spec("service_area", "id service_id name description", "extent extent_type uri attributes metadata"),
        Spec("attribute", "id link_id taxonomy_term_id link_type link_entity taxonomy_term value", "metadata"),
        Spec("taxonomy_term", "id code name description taxonomy taxonomy_id taxonomy_detail", "parent_id language term_uri metadata"),
        Spec("taxonomy", "id name description uri version", "metadata"),
        Spec("url", "id label url organization_id service_id", string.Empty),
    }.ToDictionary(t => t.Name, StringComparer.Ordinal);

    /// <summary>HSDS tables the directory does not keep at all (a tabular file's arrays of them are one warning each).</summary>
    private static readonly ImmutableHashSet<string> TablesNotKept =
        ["program", "funding", "accessibility", "cost_option", "required_document", "organization_identifier", "metadata", "meta_table_description"];

    private static readonly ImmutableHashSet<string> PageKeys =
        ["total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"];

    /// <summary>A tabular file's key as a table name: "organizations.csv", "organizations" and "organization" are the organization table.</summary>
    private static string? TableOf(string key)
    {
        var name = key.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? key[..^4] : key;
        name = name switch
        {
            "addresses" => "address",
            "taxonomies" => "taxonomy",
            "accessibility" or "funding" or "metadata" => name,
            "service_at_locations" => "service_at_location",
            _ when name.EndsWith('s') && (Tables.ContainsKey(name[..^1]) || TablesNotKept.Contains(name[..^1])) => name[..^1],
            _ => name,
        };
        return Tables.ContainsKey(name) || TablesNotKept.Contains(name) ? name : null;
    }

    public static HsdsFile Read(ReadOnlySpan<byte> json)
    {
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" (line {line + 1}, position {ex.BytePositionInLine + 1})" : string.Empty;
            return Fail($"The file is not valid JSON{where}: {FirstSentence(ex.Message)}");
        }

        using (document)
        {
            var reading = new Reading();
            var root = document.RootElement;
            string shape;
            switch (root.ValueKind)
            {
                case JsonValueKind.Array:
                    shape = $"a list of {root.GetArrayLength():N0} HSDS records (organizations, or services with their organization)";
                    var i = 0;
                    foreach (var item in root.EnumerateArray())
                    {
                        if (reading.ReadRecord(item, $"[{i++}]") is { } refused)
                        {
                            return Fail(refused);
                        }
                    }

                    break;
                case JsonValueKind.Object when IsRecord(root):
                    var kind = KindOf(root);
                    shape = $"one HSDS {kind.Replace('_', ' ')} with its nested records";
                    if (reading.ReadRecord(root, null) is { } problem)
                    {
                        return Fail(problem);
                    }

                    break;
                case JsonValueKind.Object when root.TryGetProperty("contents", out var contents):
                    if (contents.ValueKind != JsonValueKind.Array)
                    {
                        return Fail("The file looks like a page of an HSDA list, but its \"contents\" is not a list.");
                    }

                    shape = $"a page of an HSDA list with {contents.GetArrayLength():N0} records";
                    foreach (var property in root.EnumerateObject().Where(p => !PageKeys.Contains(p.Name)))
                    {
                        reading.Warn("(file)", "(page)", property.Name, "Not a field of an HSDA list page; ignored.");
                    }

                    if (root.TryGetProperty("total_pages", out var pages) && pages.TryGetInt32(out var total) && total > 1)
                    {
                        reading.Warn("(file)", "(page)", "total_pages", $"This is one page of {total:N0}: only the records on it are imported. Send the other pages too, or the whole dataset (GET …/api/hsds/export style).");
                    }

                    var n = 0;
                    foreach (var item in contents.EnumerateArray())
                    {
                        if (reading.ReadRecord(item, $"contents[{n++}]") is { } refused)
                        {
                            return Fail(refused);
                        }
                    }

                    break;
                case JsonValueKind.Object:
                    var tables = root.EnumerateObject().Where(p => TableOf(p.Name) is not null && p.Value.ValueKind == JsonValueKind.Array).ToList();
                    if (tables.Count == 0)
                    {
                        var keys = string.Join(", ", root.EnumerateObject().Take(8).Select(p => $"\"{p.Name}\""));
                        return Fail($"The file is not an HSDS 3.0 dataset: none of its keys ({(keys.Length == 0 ? "none" : keys)}) is an HSDS table holding a list, and it is not one organization or service (no \"id\" and \"name\").");
                    }

                    shape = "a tabular HSDS dataset (one list per table)";
                    foreach (var property in root.EnumerateObject())
                    {
                        if (property.Name == "version")
                        {
                            continue;
                        }

                        if (TableOf(property.Name) is not { } table)
                        {
                            reading.Warn("(file)", "(dataset)", property.Name, "Not an HSDS 3.0 table; ignored.");
                        }
                        else if (property.Value.ValueKind != JsonValueKind.Array)
                        {
                            reading.Refuse(table, "(table)", property.Name, "A table must be a list of rows.");
                        }
                        else if (TablesNotKept.Contains(table))
                        {
                            if (property.Value.GetArrayLength() > 0)
                            {
                                reading.Warn(table, "(table)", property.Name, $"The directory does not keep the HSDS {table.Replace('_', ' ')} table; its {property.Value.GetArrayLength():N0} rows are left out.");
                            }
                        }
                        else
                        {
                            var row = 0;
                            foreach (var item in property.Value.EnumerateArray())
                            {
                                reading.ReadTableRow(table, item, row++);
                            }
                        }
                    }

                    break;
                default:
                    return Fail("The file is not an HSDS 3.0 dataset: expected a JSON object (a dataset, an organization, a service) or a list of organizations.");
            }

            var dataset = reading.ToDataset();
            if (dataset.Organization.IsEmpty && reading.Refusals.Count == 0)
            {
                return new HsdsFile(null, "The file has no organization: nothing to import. Each listing of the directory is an organization (with its services).", shape, [.. reading.Warnings()], []);
            }

            return dataset.Organization.Length > HsdsImporter.MaxOrganizations
                ? Fail($"The file has {dataset.Organization.Length:N0} organizations; at most {HsdsImporter.MaxOrganizations:N0} are imported at once.")
                : new HsdsFile(dataset, null, shape, [.. reading.Warnings()], [.. reading.Refusals]);
        }

        static HsdsFile Fail(string problem) => new(null, problem, "not importable", [], []);
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message[..(end + 1)] : message;
    }

    /// <summary>A single record (it has an id or a name), as opposed to a dataset or a page of a list.</summary>
    private static bool IsRecord(JsonElement e) =>
        (e.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String) || (e.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String);

    private static bool Has(JsonElement e, string key) => e.TryGetProperty(key, out var v) && v.ValueKind != JsonValueKind.Null;

    /// <summary>Which HSDS object a record is, from the fields only that object has.</summary>
    private static string KindOf(JsonElement e) =>
        Has(e, "openapi_url") || (Has(e, "version") && Has(e, "profile")) ? "api_root"
        : Has(e, "location_type") || Has(e, "addresses") || Has(e, "transportation") || Has(e, "latitude") ? "location"
        : Has(e, "taxonomy_detail") || Has(e, "term_uri") || (Has(e, "code") && (Has(e, "taxonomy") || Has(e, "taxonomy_id") || Has(e, "parent_id"))) ? "taxonomy_term"
        : Has(e, "version") && !Has(e, "services") ? "taxonomy"
        : (Has(e, "service") && e.GetProperty("service").ValueKind == JsonValueKind.Object) || (Has(e, "service_id") && Has(e, "location_id")) ? "service_at_location"
        : (Has(e, "organization") && e.GetProperty("organization").ValueKind == JsonValueKind.Object) || Has(e, "organization_id") || Has(e, "status")
            || Has(e, "service_at_locations") || Has(e, "service_areas") || Has(e, "eligibility_description") ? "service"
        : "organization";

    /// <summary>The rows read so far, with what was left out and what was refused.</summary>
    private sealed class Reading
    {
        private readonly Dictionary<string, List<object>> _rows = new(StringComparer.Ordinal);
        private readonly Dictionary<string, HashSet<string>> _ids = new(StringComparer.Ordinal);
        private readonly List<ImportReason> _warnings = [];
        private readonly Dictionary<(string Table, string Field), (string FirstRow, int Rows)> _notKept = [];

        public List<ImportReason> Refusals { get; } = [];

        public void Warn(string table, string row, string field, string message) => _warnings.Add(new ImportReason(field, message, table, row));

        public void Refuse(string table, string row, string field, string message) => Refusals.Add(new ImportReason(field, message, table, row));

        public IEnumerable<ImportReason> Warnings() =>
            _warnings.Concat(_notKept.Select(n => new ImportReason(
                n.Key.Field,
                n.Value.Rows == 1
                    ? $"The directory does not keep this HSDS field; it is left out."
                    : $"The directory does not keep this HSDS field; it is left out ({n.Value.Rows:N0} rows, the first named here).",
                n.Key.Table,
                n.Value.FirstRow)));

        /// <summary>A record at the top of the file or in a list: an organization or a service with its organization; anything else is refused with what it is.</summary>
        public string? ReadRecord(JsonElement e, string? position)
        {
            var at = position is null ? "The file" : $"The record at {position}";
            if (e.ValueKind != JsonValueKind.Object)
            {
                return $"{at} is not an object: an HSDS organization or service is a JSON object.";
            }

            var id = e.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString() : "(no id)";
            switch (KindOf(e))
            {
                case "organization":
                    ReadOrganization(e, position ?? "organization");
                    return null;
                case "service":
                    if (!(e.TryGetProperty("organization", out var org) && org.ValueKind == JsonValueKind.Object))
                    {
                        Refuse("service", id!, "organization", "A service on its own is imported with the organization that provides it: nest it in the organization's \"services\", or give the service an \"organization\" object.");
                        return null;
                    }

                    ReadService(e, null, position ?? "service");
                    return null;
                case "service_at_location":
                    if (!(e.TryGetProperty("service", out var service) && service.ValueKind == JsonValueKind.Object))
                    {
                        Refuse("service_at_location", id!, "service", "A service at a location is imported with its service and the service's organization: it needs a \"service\" object that has an \"organization\".");
                        return null;
                    }

                    var serviceId = ReadService(service, null, "service_at_location.service");
                    ReadServiceAtLocation(e, serviceId, position ?? "service_at_location");
                    return null;
                case "location":
                    return $"{at} is one HSDS location (it has \"{FirstKey(e, "location_type", "addresses", "transportation", "latitude")}\"), id '{id}'. A location is imported with the organization it belongs to (the organization's \"locations\") or with a service (\"service_at_locations\" with a \"location\"); on its own it names no listing of the directory. Nothing was imported.";
                case "taxonomy_term":
                    return $"{at} is one HSDS taxonomy term (it has \"{FirstKey(e, "taxonomy_detail", "term_uri", "taxonomy", "taxonomy_id", "parent_id")}\"), id '{id}'. The directory's vocabularies are kept by its curators (the taxonomy page); a term is read only as an attribute of an organization or service. Nothing was imported.";
                case "taxonomy":
                    return $"{at} is one HSDS taxonomy (it has \"version\"), id '{id}'. The directory's vocabularies are kept by its curators (the taxonomy page); import organizations and services that use its terms instead. Nothing was imported.";
                default:
                    return $"{at} is the root of an HSDA API (it has \"{FirstKey(e, "openapi_url", "profile")}\"), not data: import the organizations it lists (its /organizations or the dataset export). Nothing was imported.";
            }
        }

        private static string FirstKey(JsonElement e, params string[] keys) => keys.First(k => Has(e, k));

        public void ReadTableRow(string table, JsonElement e, int index)
        {
            var position = $"{table}[{index}]";
            switch (table)
            {
                case "organization": ReadOrganization(e, position); break;
                case "service": ReadService(e, null, position); break;
                case "location": ReadLocation(e, null, position); break;
                case "service_at_location": ReadServiceAtLocation(e, null, position); break;
                case "address": ReadAddress(e, null, position); break;
                case "phone": ReadPhone(e, default, position); break;
                case "contact": ReadContact(e, default, position); break;
                case "schedule": ReadSchedule(e, default, position); break;
                case "language": ReadLanguage(e, default, position); break;
                case "service_area": ReadServiceArea(e, null, position); break;
                case "attribute": ReadAttribute(e, null, null, position); break;
                case "taxonomy_term": ReadTerm(e, position); break;
                case "taxonomy": ReadTaxonomy(e, position); break;
                case "url": ReadUrl(e, position); break;
            }
        }

        /// <summary>The links a nested row takes from the row it sits in.</summary>
        private readonly record struct Parent(
            string? OrganizationId = null, string? ServiceId = null, string? LocationId = null, string? ContactId = null, string? ServiceAtLocationId = null, string? PhoneId = null);

        private string? ReadOrganization(JsonElement e, string position)
        {
            if (Open("organization", e, position) is not { } r)
            {
                return null;
            }

            var id = r.Id;
            if (Add("organization", id, new HsdsOrganization(id, r.Text("name") ?? string.Empty, r.Text("description") ?? string.Empty, r.Text("email"), r.Text("website"), r.Text("uri"), r.Time("last_modified"))))
            {
                r.Each("services", position, (item, at) => ReadService(item, id, at));
                r.Each("contacts", position, (item, at) => ReadContact(item, new Parent(OrganizationId: id), at));
                r.Each("phones", position, (item, at) => ReadPhone(item, new Parent(OrganizationId: id), at));
                r.Each("locations", position, (item, at) => ReadLocation(item, id, at));
                r.Each("attributes", position, (item, at) => ReadAttribute(item, id, "organization", at));
            }

            return id;
        }

        private string? ReadService(JsonElement e, string? organizationId, string position)
        {
            if (Open("service", e, position) is not { } r)
            {
                return null;
            }

            var id = r.Id;
            if (r.Object("organization") is { } org)
            {
                organizationId ??= ReadOrganization(org, $"{position}.organization");
            }

            organizationId ??= r.Text("organization_id");
            if (!Add("service", id, new HsdsService(id, organizationId!, r.Text("name") ?? string.Empty, r.Text("description") ?? string.Empty, r.Text("url"), r.Text("email"), r.Text("status") ?? "active", r.Time("last_modified"))))
            {
                return id;
            }

            var parent = new Parent(ServiceId: id);
            r.Each("phones", position, (item, at) => ReadPhone(item, parent, at));
            r.Each("schedules", position, (item, at) => ReadSchedule(item, parent, at));
            r.Each("service_areas", position, (item, at) => ReadServiceArea(item, id, at));
            r.Each("service_at_locations", position, (item, at) => ReadServiceAtLocation(item, id, at));
            r.Each("languages", position, (item, at) => ReadLanguage(item, parent, at));
            r.Each("contacts", position, (item, at) => ReadContact(item, parent, at));
            r.Each("attributes", position, (item, at) => ReadAttribute(item, id, "service", at));

            return id;
        }

        private void ReadServiceAtLocation(JsonElement e, string? serviceId, string position)
        {
            if (Open("service_at_location", e, position) is not { } r)
            {
                return;
            }

            var id = r.Id;
            serviceId ??= r.Text("service_id");
            if (serviceId is null && r.Object("service") is { } service)
            {
                serviceId = ReadService(service, null, $"{position}.service");
            }

            var locationId = r.Text("location_id");
            if (r.Object("location") is { } location)
            {
                locationId = ReadLocation(location, null, $"{position}.location") ?? locationId;
            }

            if (!Add("service_at_location", id, new HsdsServiceAtLocation(id, serviceId ?? string.Empty, locationId ?? string.Empty)))
            {
                return;
            }

            var parent = new Parent(ServiceAtLocationId: id);
            r.Each("phones", position, (item, at) => ReadPhone(item, parent, at));
            r.Each("schedules", position, (item, at) => ReadSchedule(item, parent, at));
            r.Each("contacts", position, (item, at) => ReadContact(item, parent, at));
        }

        private string? ReadLocation(JsonElement e, string? organizationId, string position)
        {
            if (Open("location", e, position) is not { } r)
            {
                return null;
            }

            var id = r.Id;
            if (!Add("location", id, new HsdsLocation(id, r.Text("location_type") ?? "physical", organizationId ?? r.Text("organization_id"), r.Text("name"))))
            {
                return id;
            }

            r.Each("addresses", position, (item, at) => ReadAddress(item, id, at));

            var parent = new Parent(LocationId: id);
            r.Each("phones", position, (item, at) => ReadPhone(item, parent, at));
            r.Each("schedules", position, (item, at) => ReadSchedule(item, parent, at));
            r.Each("contacts", position, (item, at) => ReadContact(item, parent, at));
            r.Each("languages", position, (item, at) => ReadLanguage(item, parent, at));

            return id;
        }

        private void ReadAddress(JsonElement e, string? locationId, string position)
        {
            if (Open("address", e, position) is not { } r)
            {
                return;
            }

            var street = string.Join(", ", new[] { r.Text("address_1"), r.Text("address_2") }.Where(s => !string.IsNullOrWhiteSpace(s)));
            Add("address", r.Id, new HsdsAddress(
                r.Id, locationId ?? r.Text("location_id") ?? string.Empty, street, r.Text("city") ?? string.Empty, r.Text("state_province") ?? string.Empty,
                r.Text("postal_code") ?? string.Empty, r.Text("country") ?? string.Empty, r.Text("address_type") ?? "physical"));
        }

        private void ReadPhone(JsonElement e, Parent parent, string position)
        {
            if (Open("phone", e, position) is not { } r)
            {
                return;
            }

            var number = r.Text("number");
            var extension = r.TextOrNumber("extension");
            if (!string.IsNullOrWhiteSpace(extension) && number is not null)
            {
                number = $"{number} ext. {extension}";
            }

            if (Add("phone", r.Id, new HsdsPhone(
                r.Id, parent.OrganizationId ?? r.Text("organization_id"), parent.ServiceId ?? r.Text("service_id"), number ?? string.Empty, r.Text("type") ?? "voice", r.Text("description"),
                parent.LocationId ?? r.Text("location_id"), parent.ContactId ?? r.Text("contact_id"), parent.ServiceAtLocationId ?? r.Text("service_at_location_id"))))
            {
                r.Each("languages", position, (item, at) => ReadLanguage(item, new Parent(PhoneId: r.Id), at));
            }
        }

        private void ReadContact(JsonElement e, Parent parent, string position)
        {
            if (Open("contact", e, position) is not { } r)
            {
                return;
            }

            if (Add("contact", r.Id, new HsdsContact(
                r.Id, parent.OrganizationId ?? r.Text("organization_id"), r.Text("name"), r.Text("email"),
                parent.ServiceId ?? r.Text("service_id"), parent.LocationId ?? r.Text("location_id"), parent.ServiceAtLocationId ?? r.Text("service_at_location_id"))))
            {
                r.Each("phones", position, (item, at) => ReadPhone(item, new Parent(ContactId: r.Id), at));
            }
        }

        private void ReadSchedule(JsonElement e, Parent parent, string position)
        {
            if (Open("schedule", e, position) is not { } r)
            {
                return;
            }

            Add("schedule", r.Id, new HsdsSchedule(
                r.Id, parent.ServiceId ?? r.Text("service_id"), r.Text("description"), r.Text("freq"), r.Text("byday"), r.Text("opens_at"), r.Text("closes_at"),
                parent.LocationId ?? r.Text("location_id"), parent.ServiceAtLocationId ?? r.Text("service_at_location_id")));
        }

        private void ReadLanguage(JsonElement e, Parent parent, string position)
        {
            if (Open("language", e, position) is not { } r)
            {
                return;
            }

            Add("language", r.Id, new HsdsLanguage(
                r.Id, parent.ServiceId ?? r.Text("service_id"), r.Text("name") ?? string.Empty, r.Text("code") ?? string.Empty,
                parent.LocationId ?? r.Text("location_id"), parent.PhoneId ?? r.Text("phone_id")));
        }

        private void ReadServiceArea(JsonElement e, string? serviceId, string position)
        {
            if (Open("service_area", e, position) is not { } r)
            {
                return;
            }

            Add("service_area", r.Id, new HsdsServiceArea(r.Id, serviceId ?? r.Text("service_id"), r.Text("name") ?? string.Empty, r.Text("description")));
        }

        private void ReadAttribute(JsonElement e, string? linkId, string? linkEntity, string position)
        {
            if (Open("attribute", e, position) is not { } r)
            {
                return;
            }

            var termId = r.Text("taxonomy_term_id");
            if (r.Object("taxonomy_term") is { } term)
            {
                termId = ReadTerm(term, $"{position}.taxonomy_term") ?? termId;
            }

            var entity = linkEntity ?? r.Text("link_entity") ?? string.Empty;
            Add("attribute", r.Id, new HsdsAttribute(r.Id, linkId ?? r.Text("link_id") ?? string.Empty, r.Text("link_type") ?? entity, entity, termId ?? string.Empty, r.Text("value")));
        }

        private string? ReadTerm(JsonElement e, string position)
        {
            if (Open("taxonomy_term", e, position) is not { } r)
            {
                return null;
            }

            // A term nested with its taxonomy names the taxonomy in "taxonomy" (a name) or in "taxonomy_detail".
            var taxonomy = r.Text("taxonomy");
            if (r.Object("taxonomy_detail") is { } detail && detail.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String)
            {
                taxonomy ??= name.GetString();
            }

            Add("taxonomy_term", r.Id, new HsdsTaxonomyTerm(r.Id, r.Text("code") ?? string.Empty, r.Text("name") ?? string.Empty, r.Text("description") ?? string.Empty, taxonomy ?? string.Empty, r.Text("taxonomy_id") ?? string.Empty));
            return r.Id;
        }

        private void ReadTaxonomy(JsonElement e, string position)
        {
            if (Open("taxonomy", e, position) is { } r)
            {
                Add("taxonomy", r.Id, new HsdsTaxonomy(r.Id, r.Text("name") ?? string.Empty, r.Text("description") ?? string.Empty, r.Text("version")));
            }
        }

        private void ReadUrl(JsonElement e, string position)
        {
            if (Open("url", e, position) is { } r)
            {
                Add("url", r.Id, new HsdsUrl(r.Id, r.Text("label") ?? string.Empty, r.Text("url") ?? string.Empty, r.Text("organization_id")));
            }
        }

        /// <summary>
        /// Starts reading a row: checks it is an object with an id (an organization or a service must have one;
        /// other rows get one from their place in the file) and reports its keys that HSDS does not define.
        /// </summary>
        private Row? Open(string table, JsonElement e, string position)
        {
            if (e.ValueKind != JsonValueKind.Object)
            {
                Refuse(table, position, "(row)", $"A {table.Replace('_', ' ')} row must be a JSON object (this one is {Words(e.ValueKind)}).");
                return null;
            }

            string id;
            if (e.TryGetProperty("id", out var idValue) && idValue.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(idValue.GetString()))
            {
                id = idValue.GetString()!.Trim();
            }
            else if (table is "organization" or "service")
            {
                Refuse(table, position, "id", $"HSDS 3.0 requires the id of every {table} (a text, such as a UUID).");
                return null;
            }
            else
            {
                id = position;
            }

            var spec = Tables[table];
            foreach (var property in e.EnumerateObject())
            {
                if (!spec.Knows(property.Name))
                {
                    Warn(table, id, property.Name, $"\"{property.Name}\" is not an HSDS 3.0 field of {table.Replace('_', ' ')}; it is ignored.");
                }
                else if (spec.NotKept.Contains(property.Name) && !IsEmpty(property.Value))
                {
                    _notKept[(table, property.Name)] = _notKept.TryGetValue((table, property.Name), out var seen) ? (seen.FirstRow, seen.Rows + 1) : (id, 1);
                }
            }

            return new Row(this, table, id, e);
        }

        private static bool IsEmpty(JsonElement v) =>
            v.ValueKind is JsonValueKind.Null || (v.ValueKind == JsonValueKind.String && string.IsNullOrWhiteSpace(v.GetString()))
            || (v.ValueKind == JsonValueKind.Array && v.GetArrayLength() == 0);

        /// <summary>Adds a row; false when the table has a row with this id already (nested files repeat shared rows), which is then read once.</summary>
        private bool Add(string table, string id, object row)
        {
            if (!(_ids.TryGetValue(table, out var ids) ? ids : _ids[table] = new HashSet<string>(StringComparer.Ordinal)).Add(id))
            {
                return false;
            }

            (_rows.TryGetValue(table, out var rows) ? rows : _rows[table] = []).Add(row);
            return true;
        }

        private ImmutableArray<T> All<T>(string table) => _rows.TryGetValue(table, out var rows) ? [.. rows.Cast<T>()] : [];

        public HsdsDataset ToDataset() => new()
        {
            Organization = All<HsdsOrganization>("organization"),
            Service = All<HsdsService>("service"),
            Location = All<HsdsLocation>("location"),
            ServiceAtLocation = All<HsdsServiceAtLocation>("service_at_location"),
            Address = All<HsdsAddress>("address"),
            Phone = All<HsdsPhone>("phone"),
            Contact = All<HsdsContact>("contact"),
            Url = All<HsdsUrl>("url"),
            Schedule = All<HsdsSchedule>("schedule"),
            Taxonomy = All<HsdsTaxonomy>("taxonomy"),
            TaxonomyTerm = All<HsdsTaxonomyTerm>("taxonomy_term"),
            Attribute = All<HsdsAttribute>("attribute"),
            Language = All<HsdsLanguage>("language"),
            ServiceArea = All<HsdsServiceArea>("service_area"),
        };

        internal static string Words(JsonValueKind kind) => kind switch
        {
            JsonValueKind.Array => "a list",
            JsonValueKind.Object => "an object",
            JsonValueKind.String => "a text",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "true or false",
            _ => "null",
        };

        /// <summary>One row's values, each checked for its type: a wrong type is a refusal naming the table, row and field.</summary>
        private sealed class Row(Reading reading, string table, string id, JsonElement e)
        {
            public string Id => id;

            public string? Text(string field)
            {
                if (!e.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null)
                {
                    return null;
                }

                if (v.ValueKind == JsonValueKind.String)
                {
                    return v.GetString();
                }

                reading.Refuse(table, id, field, $"Must be a text; it is {Words(v.ValueKind)}.");
                return null;
            }

            public string? TextOrNumber(string field) =>
                e.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetRawText() : Text(field);

            public DateTimeOffset? Time(string field)
            {
                var text = Text(field);
                if (text is null)
                {
                    return null;
                }

                if (DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at))
                {
                    return at;
                }

                reading.Refuse(table, id, field, $"'{text}' is not a date and time (ISO 8601, such as 2026-03-15T10:30:00Z).");
                return null;
            }

            public JsonElement? Object(string field)
            {
                if (!e.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null)
                {
                    return null;
                }

                if (v.ValueKind == JsonValueKind.Object)
                {
                    return v;
                }

                reading.Refuse(table, id, field, $"Must be an object; it is {Words(v.ValueKind)}.");
                return null;
            }

            /// <summary>Reads each item of a nested list with its position in the file (<c>services[2].phones[0]</c>).</summary>
            public void Each(string field, string position, Action<JsonElement, string> read)
            {
                foreach (var (item, i) in List(field))
                {
                    read(item, $"{position}.{field}[{i}]");
                }
            }

            public IEnumerable<(JsonElement Item, int Index)> List(string field)
            {
                if (!e.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null)
                {
                    return [];
                }

                if (v.ValueKind == JsonValueKind.Array)
                {
                    return v.EnumerateArray().Select((item, i) => (item, i)).ToList();
                }

                reading.Refuse(table, id, field, $"Must be a list; it is {Words(v.ValueKind)}.");
                return [];
            }
        }
    }
}
