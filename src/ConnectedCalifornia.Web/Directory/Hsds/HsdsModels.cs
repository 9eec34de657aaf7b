using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ConnectedCalifornia.Web.Directory.Hsds;

// Open Referral HSDS 3.0 objects, as far as the public directory fills them. Property names are
// written in snake_case (HSDS's own) by HsdsJson.Options; nulls are left out.

public sealed record HsdsOrganization(
    string Id, string Name, string Description, string? Email, string? Website, string? Uri, DateTimeOffset? LastModified);

public sealed record HsdsService(
    string Id, string OrganizationId, string Name, string Description, string? Url, string? Email, string Status, DateTimeOffset? LastModified);

public sealed record HsdsLocation(string Id, string LocationType, string? OrganizationId, string? Name);

public sealed record HsdsServiceAtLocation(string Id, string ServiceId, string LocationId);

public sealed record HsdsAddress(
    string Id, string LocationId, [property: JsonPropertyName("address_1")] string Address1, string City, string StateProvince, string PostalCode, string Country, string AddressType);

public sealed record HsdsPhone(
    string Id, string? OrganizationId, string? ServiceId, string Number, string Type, string? Description,
    string? LocationId = null, string? ContactId = null, string? ServiceAtLocationId = null);

public sealed record HsdsContact(
    string Id, string? OrganizationId, string? Name, string? Email, string? ServiceId = null, string? LocationId = null, string? ServiceAtLocationId = null);

public sealed record HsdsUrl(string Id, string Label, string Url, string? OrganizationId);

/// <summary>An HSDS 3.0 schedule: weekly (<c>freq</c> WEEKLY) on the <c>byday</c> days (MO,TU,…) from <c>opens_at</c> to <c>closes_at</c> (HH:MM, 24:00 = midnight at the end of the day), Pacific time.</summary>
public sealed record HsdsSchedule(
    string Id, string? ServiceId, string? Description, string? Freq = null, string? Byday = null, string? OpensAt = null, string? ClosesAt = null,
    string? LocationId = null, string? ServiceAtLocationId = null);

public sealed record HsdsTaxonomy(string Id, string Name, string Description, string? Version);

public sealed record HsdsTaxonomyTerm(string Id, string Code, string Name, string Description, string Taxonomy, string TaxonomyId);

/// <summary>An HSDS attribute: a taxonomy term linked to a record, with a <see cref="Value"/> where the term carries one (a translation).</summary>
public sealed record HsdsAttribute(string Id, string LinkId, string LinkType, string LinkEntity, string TaxonomyTermId, string? Value = null);

public sealed record HsdsLanguage(string Id, string? ServiceId, string Name, string Code, string? LocationId = null, string? PhoneId = null);

public sealed record HsdsServiceArea(string Id, string? ServiceId, string Name, string? Description);

/// <summary>A whole HSDS 3.0 dataset: one array per table.</summary>
public sealed record HsdsDataset
{
    public string Version { get; init; } = HsdsJson.Version;

    public ImmutableArray<HsdsOrganization> Organization { get; init; } = [];

    public ImmutableArray<HsdsService> Service { get; init; } = [];

    public ImmutableArray<HsdsLocation> Location { get; init; } = [];

    public ImmutableArray<HsdsServiceAtLocation> ServiceAtLocation { get; init; } = [];

    public ImmutableArray<HsdsAddress> Address { get; init; } = [];

    public ImmutableArray<HsdsPhone> Phone { get; init; } = [];

    public ImmutableArray<HsdsContact> Contact { get; init; } = [];

    public ImmutableArray<HsdsUrl> Url { get; init; } = [];

    public ImmutableArray<HsdsSchedule> Schedule { get; init; } = [];

    public ImmutableArray<HsdsTaxonomy> Taxonomy { get; init; } = [];

    public ImmutableArray<HsdsTaxonomyTerm> TaxonomyTerm { get; init; } = [];

    public ImmutableArray<HsdsAttribute> Attribute { get; init; } = [];

    public ImmutableArray<HsdsLanguage> Language { get; init; } = [];

    public ImmutableArray<HsdsServiceArea> ServiceArea { get; init; } = [];
}

/// <summary>The root of the HSDA API.</summary>
public sealed record HsdsRoot(string Version, string Profile, string OpenapiUrl);

public static class HsdsJson
{
    public const string Version = "3.0";

    /// <summary>Largest import accepted, in bytes.</summary>
    public const int MaxImportBytes = 20 * 1024 * 1024;

    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,
    };
}
