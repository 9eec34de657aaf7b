using System.Collections.Immutable;
using System.Runtime.CompilerServices;

namespace ConnectedCalifornia.Web.Directory.Hsds;

/// <summary>
/// The HSDS ids of one <see cref="DirectorySnapshot"/>'s organizations, services and
/// service_at_locations, in the order the HSDA lists answer them (organizations by name, then id;
/// services and service_at_locations within their organization), made once per snapshot (the ids are
/// hashes) so a request filters and pages without hashing, and an id in a path is found at once.
/// Built from the snapshot's documents only, which hold public data alone.
/// </summary>
public sealed class HsdaCatalog
{
    private static readonly ConditionalWeakTable<DirectorySnapshot, HsdaCatalog> Catalogs = new();

    public sealed record Organization(DirectoryDocument Document, string Id);

    public sealed record Service(DirectoryDocument Document, string Code, string Id, string OrganizationId);

    /// <summary>A service at one of its organization's public addresses; <paramref name="PostalCode"/> as the address has it (may be empty).</summary>
    public sealed record ServiceAtLocation(DirectoryDocument Document, Service Service, string Id, string LocationId, string PostalCode);

    private HsdaCatalog(DirectorySnapshot snapshot)
    {
        var organizations = new List<Organization>(snapshot.Count);
        var services = new List<Service>();
        var atLocations = new List<ServiceAtLocation>();
        foreach (var d in snapshot.Documents)
        {
            var organization = new Organization(d, HsdsExporter.OrganizationId(d.Id));
            organizations.Add(organization);
            var own = d.Services.Select(code => new Service(d, code, HsdsExporter.ServiceId(d.Id, code), organization.Id)).ToList();
            services.AddRange(own);
            if (d.PublicContacts.Any(c => c.Kind == ConnectedCalifornia.Directory.ContactKind.Address))
            {
                // The exporter's own rows, so these ids are the export's ids.
                var rows = HsdsExporter.RowsOf(d, string.Empty, snapshot.Taxonomy);
                var byId = own.ToDictionary(s => s.Id, StringComparer.Ordinal);
                atLocations.AddRange(rows.ServiceAtLocations.Select(x => new ServiceAtLocation(
                    d, byId[x.ServiceId], x.Id, x.LocationId, rows.Addresses.FirstOrDefault(a => a.LocationId == x.LocationId)?.PostalCode ?? string.Empty)));
            }
        }

        Organizations = organizations;
        Services = services;
        ServiceAtLocations = atLocations;
        OrganizationsById = organizations.ToDictionary(o => o.Id, StringComparer.Ordinal);
        ServicesById = services.ToDictionary(s => s.Id, StringComparer.Ordinal);
        ServiceAtLocationsById = atLocations.ToDictionary(s => s.Id, StringComparer.Ordinal);
    }

    public static HsdaCatalog Of(DirectorySnapshot snapshot) => Catalogs.GetValue(snapshot, static s => new HsdaCatalog(s));

    public IReadOnlyList<Organization> Organizations { get; }

    public IReadOnlyList<Service> Services { get; }

    public IReadOnlyList<ServiceAtLocation> ServiceAtLocations { get; }

    public IReadOnlyDictionary<string, Organization> OrganizationsById { get; }

    public IReadOnlyDictionary<string, Service> ServicesById { get; }

    public IReadOnlyDictionary<string, ServiceAtLocation> ServiceAtLocationsById { get; }

    /// <summary>Every taxonomy term by id (made once per version of the vocabularies).</summary>
    public static IReadOnlyDictionary<string, HsdsTaxonomyTerm> TermsById(TaxonomyView taxonomy) =>
        Terms.GetValue(taxonomy, static t => HsdsVocabulary.AllTerms(t).ToDictionary(x => x.Id, StringComparer.Ordinal));

    private static readonly ConditionalWeakTable<TaxonomyView, Dictionary<string, HsdsTaxonomyTerm>> Terms = new();

    /// <summary>The (taxonomy, code) pairs an organization's own attributes link (kind, referrals, populations, languages, counties).</summary>
    public static IEnumerable<(string Taxonomy, string Code)> OrganizationTerms(DirectoryDocument d) =>
        new[] { (HsdsVocabulary.Kinds, d.Kind.ToString()) }
            .Concat(d.AcceptingReferrals ? [(HsdsVocabulary.Referrals, HsdsVocabulary.AcceptingReferrals)] : [])
            .Concat(d.Populations.Select(c => (HsdsVocabulary.Populations, c)))
            .Concat(d.Languages.Select(c => (HsdsVocabulary.Languages, c)))
            .Concat(d.Counties.Select(c => (HsdsVocabulary.Counties, c)));

    /// <summary>The pairs a service is linked to: its own service term and its organization's terms.</summary>
    public static IEnumerable<(string Taxonomy, string Code)> ServiceTerms(Service s) =>
        OrganizationTerms(s.Document).Append((HsdsVocabulary.Services, s.Code));

    /// <summary>An organization is linked to its own terms and to those of its services.</summary>
    public static IEnumerable<(string Taxonomy, string Code)> AllOrganizationTerms(DirectoryDocument d) =>
        OrganizationTerms(d).Concat(d.Services.Select(c => (HsdsVocabulary.Services, c)));

    /// <summary>The document's HSDS rows, once per document within one request.</summary>
    public sealed class RowCache(string baseUri, TaxonomyView taxonomy)
    {
        private readonly Dictionary<string, HsdsExporter.Rows> _rows = new(StringComparer.Ordinal);

        public TaxonomyView Taxonomy => taxonomy;

        public HsdsExporter.Rows Of(DirectoryDocument d)
        {
            if (!_rows.TryGetValue(d.Id, out var rows))
            {
                rows = HsdsExporter.RowsOf(d, baseUri, taxonomy);
                _rows[d.Id] = rows;
            }

            return rows;
        }
    }

    /// <summary>The exporter's organization row with its service rows; shapes for the API.</summary>
    public static class Shapes
    {
        public static HsdaOrganization Organization(RowCache cache, DirectoryDocument d, bool full, bool fullServices)
        {
            var r = cache.Of(d);
            var o = r.Organization;
            if (!full)
            {
                return new HsdaOrganization(o.Id, o.Name, o.Description, o.Email, o.Website, o.Uri, o.LastModified);
            }

            return OrganizationNested(cache, d) with
            {
                Services = [.. r.Services.Select(s => fullServices ? Service(cache, d, s, full: true, withOrganization: false) : Service(cache, d, s, full: false, withOrganization: false))],
            };
        }

        /// <summary>The organization with its contacts, phones, urls, locations and attributes (not its services).</summary>
        private static HsdaOrganization OrganizationNested(RowCache cache, DirectoryDocument d)
        {
            var r = cache.Of(d);
            var o = r.Organization;
            return new HsdaOrganization(
                o.Id, o.Name, o.Description, o.Email, o.Website, o.Uri, o.LastModified,
                Contacts: r.Contacts,
                Phones: r.Phones,
                Urls: r.Urls,
                Locations: [.. r.Locations.Select(l => Location(r, l.Id, withAddresses: true))],
                Attributes: Attributes(cache, r, o.Id));
        }

        public static HsdaService Service(RowCache cache, DirectoryDocument d, HsdsService s, bool full, bool withOrganization)
        {
            var r = cache.Of(d);
            var organization = withOrganization
                ? (full ? OrganizationNested(cache, d) : Organization(cache, d, full: false, fullServices: false))
                : null;
            if (!full)
            {
                return new HsdaService(s.Id, s.OrganizationId, s.Name, s.Description, s.Url, s.Email, s.Status, s.LastModified, organization);
            }

            var schedules = r.Schedules.Where(x => x.ServiceId == s.Id).ToImmutableArray();
            return new HsdaService(
                s.Id, s.OrganizationId, s.Name, s.Description, s.Url, s.Email, s.Status, s.LastModified, organization,
                Phones: r.Phones, // The organization's public lines answer for each of its services.
                Schedules: schedules,
                ServiceAreas: [.. r.ServiceAreas.Where(a => a.ServiceId == s.Id)],
                ServiceAtLocations: [.. r.ServiceAtLocations.Where(x => x.ServiceId == s.Id).Select(x => new HsdaServiceAtLocation(
                    x.Id, x.ServiceId, x.LocationId, Location: Location(r, x.LocationId, withAddresses: true)))],
                Languages: [.. r.Languages.Where(l => l.ServiceId == s.Id)],
                Contacts: r.Contacts,
                Attributes: Attributes(cache, r, s.Id));
        }

        public static HsdaService Service(RowCache cache, HsdaCatalog.Service s, bool full) =>
            Service(cache, s.Document, cache.Of(s.Document).Services.Single(x => x.Id == s.Id), full, withOrganization: true);

        public static HsdaServiceAtLocation ServiceAtLocation(RowCache cache, HsdaCatalog.ServiceAtLocation x, bool full)
        {
            var r = cache.Of(x.Document);
            var service = Service(cache, x.Service, full);
            var location = Location(r, x.LocationId, withAddresses: full);
            if (!full)
            {
                return new HsdaServiceAtLocation(x.Id, x.Service.Id, x.LocationId, Location: location, Service: service);
            }

            // The service's hours and the organization's public lines apply at each of its locations.
            return new HsdaServiceAtLocation(
                x.Id, x.Service.Id, x.LocationId, Location: location, Service: service,
                Contacts: r.Contacts, Phones: r.Phones, Schedules: service.Schedules, Attributes: []);
        }

        private static HsdaLocation Location(HsdsExporter.Rows r, string locationId, bool withAddresses)
        {
            var l = r.Locations.Single(x => x.Id == locationId);
            return new HsdaLocation(l.Id, l.LocationType, l.OrganizationId, l.Name,
                withAddresses ? [.. r.Addresses.Where(a => a.LocationId == l.Id)] : null);
        }

        private static ImmutableArray<HsdaAttribute> Attributes(RowCache cache, HsdsExporter.Rows r, string linkId)
        {
            var terms = TermsById(cache.Taxonomy);
            return [.. r.Attributes.Where(a => a.LinkId == linkId).Select(a => new HsdaAttribute(
                a.Id, a.LinkId, a.LinkType, a.LinkEntity, a.TaxonomyTermId, terms.GetValueOrDefault(a.TaxonomyTermId)))];
        }
    }
}
