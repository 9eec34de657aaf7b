using System.Collections.Immutable;

namespace ConnectedCalifornia.Web.Directory.Hsds;

// The HSDA read API's representations: the HSDS 3.0 objects of HsdsModels.cs with what belongs to
// them nested where the HSDS compiled schemas put it (a service's service_at_locations with their
// location and its addresses, attributes with their taxonomy_term). One record per object: the list
// ("one-to-one fields") shape leaves the nested arrays null, which HsdsJson.Options does not write;
// the full shape fills them (an empty array when there is nothing).

/// <summary>An HSDS service: list shape (with its organization, as service_list) or fully nested.</summary>
public sealed record HsdaService(
    string Id,
    string OrganizationId,
    string Name,
    string Description,
    string? Url,
    string? Email,
    string Status,
    DateTimeOffset? LastModified,
    HsdaOrganization? Organization = null,
    ImmutableArray<HsdsPhone>? Phones = null,
    ImmutableArray<HsdsSchedule>? Schedules = null,
    ImmutableArray<HsdsServiceArea>? ServiceAreas = null,
    ImmutableArray<HsdaServiceAtLocation>? ServiceAtLocations = null,
    ImmutableArray<HsdsLanguage>? Languages = null,
    ImmutableArray<HsdsContact>? Contacts = null,
    ImmutableArray<HsdaAttribute>? Attributes = null);

/// <summary>An HSDS organization: list shape, or fully nested (contacts, phones, urls, locations, attributes, services).</summary>
public sealed record HsdaOrganization(
    string Id,
    string Name,
    string Description,
    string? Email,
    string? Website,
    string? Uri,
    DateTimeOffset? LastModified,
    ImmutableArray<HsdsContact>? Contacts = null,
    ImmutableArray<HsdsPhone>? Phones = null,
    ImmutableArray<HsdsUrl>? Urls = null,
    ImmutableArray<HsdaLocation>? Locations = null,
    ImmutableArray<HsdaAttribute>? Attributes = null,
    ImmutableArray<HsdaService>? Services = null);

/// <summary>An HSDS location, with its addresses when nested in full.</summary>
public sealed record HsdaLocation(
    string Id,
    string LocationType,
    string? OrganizationId,
    string? Name,
    ImmutableArray<HsdsAddress>? Addresses = null);

/// <summary>An HSDS service_at_location: its location and service (list shapes), or fully nested.</summary>
public sealed record HsdaServiceAtLocation(
    string Id,
    string ServiceId,
    string LocationId,
    string? Description = null,
    HsdaLocation? Location = null,
    HsdaService? Service = null,
    ImmutableArray<HsdsContact>? Contacts = null,
    ImmutableArray<HsdsPhone>? Phones = null,
    ImmutableArray<HsdsSchedule>? Schedules = null,
    ImmutableArray<HsdaAttribute>? Attributes = null);

/// <summary>An HSDS attribute with its taxonomy term nested.</summary>
public sealed record HsdaAttribute(
    string Id,
    string LinkId,
    string LinkType,
    string LinkEntity,
    string TaxonomyTermId,
    HsdsTaxonomyTerm? TaxonomyTerm);

/// <summary>A service as minimal=true lists it: what a client needs to see what changed or left.</summary>
public sealed record HsdaMinimalService(string Id, DateTimeOffset? LastModified);

/// <summary>An HSDA paged list (the Page schema of the HSDA reference, with contents).</summary>
public sealed record HsdaPage<T>(
    int TotalItems, int TotalPages, int PageNumber, int Size, bool FirstPage, bool LastPage, bool Empty, ImmutableArray<T> Contents)
{
    /// <summary>Page <paramref name="page"/> of <paramref name="perPage"/> items; <c>size</c> is how many this page holds.</summary>
    public static HsdaPage<T> Of<TRow>(IReadOnlyList<TRow> rows, int page, int perPage, Func<TRow, T> item)
    {
        var totalPages = (rows.Count + perPage - 1) / perPage;
        var contents = rows.Skip((page - 1) * perPage).Take(perPage).Select(item).ToImmutableArray();
        return new HsdaPage<T>(rows.Count, totalPages, page, contents.Length, page == 1, page >= totalPages, contents.IsEmpty, contents);
    }
}
