using System.Collections.Immutable;
using System.Text.RegularExpressions;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Web.Notifications;

namespace ConnectedCalifornia.Web.Directory.Hsds;

/// <summary>
/// Writes the public directory as HSDS 3.0. It reads only <see cref="DirectoryDocument"/>s, which
/// hold public data alone, so nothing confidential can reach an export or the HSDA API.
/// </summary>
public static partial class HsdsExporter
{
    /// <summary>One organization's HSDS rows.</summary>
    public sealed record Rows(
        HsdsOrganization Organization,
        ImmutableArray<HsdsService> Services,
        ImmutableArray<HsdsLocation> Locations,
        ImmutableArray<HsdsServiceAtLocation> ServiceAtLocations,
        ImmutableArray<HsdsAddress> Addresses,
        ImmutableArray<HsdsPhone> Phones,
        ImmutableArray<HsdsContact> Contacts,
        ImmutableArray<HsdsUrl> Urls,
        ImmutableArray<HsdsAttribute> Attributes,
        ImmutableArray<HsdsLanguage> Languages,
        ImmutableArray<HsdsServiceArea> ServiceAreas,
        ImmutableArray<HsdsSchedule> Schedules);

    /// <summary>
    /// The address HSDS links start with: the app's public address (<c>ConnectedCalifornia:Mail:PublicBaseUrl</c>,
    /// which e-mail links use too), never the Host a request named, so every host name gets the same rows.
    /// </summary>
    public static string BaseUriOf(MailOptions mail) => mail.PublicBaseUrl.TrimEnd('/');

    public static string OrganizationId(string key) => HsdsVocabulary.Id("organization:" + key);

    public static string ServiceId(string key, string serviceCode) => HsdsVocabulary.Id($"service:{key}:{serviceCode}");

    public static HsdsDataset Export(IEnumerable<DirectoryDocument> documents, string baseUri, TaxonomyView taxonomy)
    {
        var rows = documents.Select(d => RowsOf(d, baseUri, taxonomy)).ToList();
        return new HsdsDataset
        {
            Organization = [.. rows.Select(r => r.Organization)],
            Service = [.. rows.SelectMany(r => r.Services)],
            Location = [.. rows.SelectMany(r => r.Locations)],
            ServiceAtLocation = [.. rows.SelectMany(r => r.ServiceAtLocations)],
            Address = [.. rows.SelectMany(r => r.Addresses)],
            Phone = [.. rows.SelectMany(r => r.Phones)],
            Contact = [.. rows.SelectMany(r => r.Contacts)],
            Url = [.. rows.SelectMany(r => r.Urls)],
            Taxonomy = [.. HsdsVocabulary.Taxonomies],
            TaxonomyTerm = [.. HsdsVocabulary.AllTerms(taxonomy)],
            Attribute = [.. rows.SelectMany(r => r.Attributes)],
            Language = [.. rows.SelectMany(r => r.Languages)],
            ServiceArea = [.. rows.SelectMany(r => r.ServiceAreas)],
            Schedule = [.. rows.SelectMany(r => r.Schedules)],
        };
    }

    public static Rows RowsOf(DirectoryDocument d, string baseUri, TaxonomyView taxonomy)
    {
        var orgId = OrganizationId(d.Id);
        var email = d.PublicContacts.FirstOrDefault(c => c.Kind == ContactKind.Email && c.Visibility == Visibility.Public)?.Value;
        var organization = new HsdsOrganization(orgId, d.Name, d.Description, email, d.Website, $"{baseUri.TrimEnd('/')}/organizations/{d.Id}", d.UpdatedAt);
        var described = (d.ServiceDescriptions ?? []).DistinctBy(s => s.Code).ToDictionary(s => s.Code, s => s.Description, StringComparer.Ordinal);
        var services = d.Services.Select(code => new HsdsService(
            ServiceId(d.Id, code), orgId, taxonomy.Label(Vocabulary.Services, code), described.GetValueOrDefault(code, d.Description), d.Website, null, "active", d.UpdatedAt)).ToImmutableArray();

        var phones = ImmutableArray.CreateBuilder<HsdsPhone>();
        var contacts = ImmutableArray.CreateBuilder<HsdsContact>();
        var urls = ImmutableArray.CreateBuilder<HsdsUrl>();
        var locations = ImmutableArray.CreateBuilder<HsdsLocation>();
        var addresses = ImmutableArray.CreateBuilder<HsdsAddress>();
        var atLocations = ImmutableArray.CreateBuilder<HsdsServiceAtLocation>();
        foreach (var contact in d.PublicContacts)
        {
            if (contact.Visibility != Visibility.Public)
            {
                continue; // Documents hold only public contacts; this keeps it so if that ever changes.
            }

            // Ids come from what the contact is, not its position, so a re-imported listing exports the same ids.
            var id = HsdsVocabulary.Id($"contact:{d.Id}:{contact.Kind}:{contact.Label}:{contact.Value}");
            switch (contact.Kind)
            {
                case ContactKind.Phone:
                    phones.Add(new HsdsPhone(id, orgId, null, contact.Value, "voice", contact.Label));
                    break;
                case ContactKind.Hotline:
                    phones.Add(new HsdsPhone(id, orgId, null, contact.Value, "voice", HsdsVocabulary.HotlinePrefix + contact.Label));
                    break;
                case ContactKind.Email:
                    contacts.Add(new HsdsContact(id, orgId, contact.Label, contact.Value));
                    break;
                case ContactKind.Website:
                    urls.Add(new HsdsUrl(id, contact.Label, contact.Value, orgId));
                    break;
                case ContactKind.Address:
                    locations.Add(new HsdsLocation(id, "physical", orgId, contact.Label));
                    addresses.Add(ParseAddress(HsdsVocabulary.Id($"address:{id}"), id, contact.Value));
                    atLocations.AddRange(services.Select(s => new HsdsServiceAtLocation(HsdsVocabulary.Id($"at:{s.Id}:{id}"), s.Id, id)));
                    break;
            }
        }

        var attributes = ImmutableArray.CreateBuilder<HsdsAttribute>();
        void Link(string linkId, string entity, string taxonomy, string code) =>
            attributes.Add(new HsdsAttribute(HsdsVocabulary.Id($"attribute:{linkId}:{taxonomy}:{code}"), linkId, entity, entity, HsdsVocabulary.TermId(taxonomy, code)));

        Link(orgId, "organization", HsdsVocabulary.Kinds, d.Kind.ToString());
        if (!string.IsNullOrEmpty(d.SpanishDescription))
        {
            attributes.Add(new HsdsAttribute(HsdsVocabulary.Id($"attribute:{orgId}:{HsdsVocabulary.Translations}:{HsdsVocabulary.SpanishDescription}"), orgId, "organization", "organization",
                HsdsVocabulary.TermId(HsdsVocabulary.Translations, HsdsVocabulary.SpanishDescription), d.SpanishDescription));
        }
        if (d.AcceptingReferrals)
        {
            Link(orgId, "organization", HsdsVocabulary.Referrals, HsdsVocabulary.AcceptingReferrals);
        }

        foreach (var code in d.Populations)
        {
            Link(orgId, "organization", HsdsVocabulary.Populations, code);
        }

        foreach (var code in d.Languages)
        {
            Link(orgId, "organization", HsdsVocabulary.Languages, code);
        }

        foreach (var fips in d.Counties)
        {
            Link(orgId, "organization", HsdsVocabulary.Counties, fips);
        }

        foreach (var (service, code) in services.Zip(d.Services))
        {
            Link(service.Id, "service", HsdsVocabulary.Services, code);
        }

        // The HSDS tables every consumer reads, repeated per service: languages spoken and counties served.
        var languages = services.SelectMany(s => d.Languages.Select(code =>
            new HsdsLanguage(HsdsVocabulary.Id($"language:{s.Id}:{code}"), s.Id, taxonomy.Label(Vocabulary.Languages, code), code))).ToImmutableArray();
        var areas = services.SelectMany(s => d.Counties.Select(fips =>
            new HsdsServiceArea(HsdsVocabulary.Id($"area:{s.Id}:{fips}"), s.Id, California.NameOf(fips) + " County", "FIPS " + fips))).ToImmutableArray();

        return new Rows(organization, services, locations.ToImmutable(), atLocations.ToImmutable(), addresses.ToImmutable(),
            phones.ToImmutable(), contacts.ToImmutable(), urls.ToImmutable(), attributes.ToImmutable(), languages, areas,
            [.. services.SelectMany(s => SchedulesOf(s.Id, d.Hours))]);
    }

    /// <summary>
    /// A service's opening hours as HSDS schedules: one weekly row per opening range, with every day
    /// that has that range in <c>byday</c>; 24/7 is every day 00:00–24:00.
    /// </summary>
    public static IEnumerable<HsdsSchedule> SchedulesOf(string serviceId, OpeningHours? hours)
    {
        if (hours is null)
        {
            yield break;
        }

        var ranges = hours.AlwaysOpen
            ? [.. Enum.GetValues<DayOfWeek>().Select(day => new OpeningRange(day, 0, OpeningRange.EndOfDay))]
            : hours.Ranges.IsDefault ? [] : hours.Ranges;
        foreach (var group in ranges.GroupBy(r => (r.Opens, r.Closes)).OrderBy(g => g.Key.Opens).ThenBy(g => g.Key.Closes))
        {
            var days = string.Join(",", group.Select(r => r.Day).Distinct().OrderBy(OpeningHours.DaysMondayFirst.IndexOf).Select(d => d.ToString()[..2].ToUpperInvariant()));
            var (opens, closes) = (Time(group.Key.Opens), Time(group.Key.Closes));
            yield return new HsdsSchedule(
                HsdsVocabulary.Id($"schedule:{serviceId}:{days}:{opens}-{closes}"), serviceId,
                hours.AlwaysOpen ? "Open 24 hours, 7 days a week" : "Pacific time (America/Los_Angeles)",
                "WEEKLY", days, opens, closes);
        }
    }

    private static string Time(int minutes) => $"{minutes / 60:00}:{minutes % 60:00}";

    /// <summary>"1847 Almond Blossom Way, Fresno, CA 93799" into its HSDS parts; what does not parse stays whole in address_1.</summary>
    public static HsdsAddress ParseAddress(string id, string locationId, string value)
    {
        var parts = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length >= 3 && StatePostal().Match(parts[^1]) is { Success: true } m)
        {
            return new HsdsAddress(id, locationId, string.Join(", ", parts[..^2]), parts[^2], m.Groups[1].Value, m.Groups[2].Value, "US", "physical");
        }

        return new HsdsAddress(id, locationId, value, string.Empty, "CA", string.Empty, "US", "physical");
    }

    /// <summary>The address as one line again (the inverse of <see cref="ParseAddress"/>).</summary>
    public static string FormatAddress(HsdsAddress a) =>
        string.IsNullOrWhiteSpace(a.City) && string.IsNullOrWhiteSpace(a.PostalCode)
            ? a.Address1
            : $"{a.Address1}, {a.City}, {a.StateProvince} {a.PostalCode}".Trim();

    [GeneratedRegex(@"^([A-Z]{2}) (\d{5}(?:-\d{4})?)$")]
    private static partial Regex StatePostal();
}
