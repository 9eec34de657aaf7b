using System.Collections.Immutable;
using ConnectedCalifornia.Directory;

namespace ConnectedCalifornia.Web.Directory.Hsds;

public sealed partial class HsdsImporter
{
    /// <summary>
    /// The file's tables, indexed by what links them, and how one organization's rows become a listing.
    /// Every row is followed to the organization it belongs to (a phone of a contact of a service at a
    /// location reaches it through each link); a row that reaches none is a warning.
    /// </summary>
    private sealed class Tables
    {
        private readonly HsdsDataset _d;
        private readonly TaxonomyView _taxonomy;
        private readonly List<ImportReason> _warnings;
        private readonly HashSet<string> _organizations;
        private readonly Dictionary<string, HsdsService> _services;
        private readonly Dictionary<string, HsdsLocation> _locations;
        private readonly Dictionary<string, HsdsServiceAtLocation> _atLocations;
        private readonly Dictionary<string, HsdsContact> _contacts;
        private readonly Dictionary<string, HsdsPhone> _phones;
        private readonly ILookup<string, HsdsServiceAtLocation> _atLocationsByLocation;
        private readonly ILookup<string, HsdsAttribute> _attributes;
        private readonly Dictionary<string, (string Taxonomy, string Code)> _terms;
        private readonly ILookup<string, HsdsAddress> _addresses;
        private readonly Dictionary<string, ILookup<string, object>> _byOrganization = new(StringComparer.Ordinal);

        public Tables(HsdsDataset d, TaxonomyView taxonomy, List<ImportReason> warnings)
        {
            _d = d;
            _taxonomy = taxonomy;
            _warnings = warnings;
            _organizations = [.. Safe(d.Organization).Select(o => o.Id)];
            _services = ById(d.Service, s => s.Id);
            _locations = ById(d.Location, l => l.Id);
            _atLocations = ById(d.ServiceAtLocation, a => a.Id);
            _contacts = ById(d.Contact, c => c.Id);
            _phones = ById(d.Phone, p => p.Id);
            _atLocationsByLocation = Safe(d.ServiceAtLocation).ToLookup(a => a.LocationId ?? string.Empty);
            _attributes = Safe(d.Attribute).Where(a => a.LinkId is not null && a.TaxonomyTermId is not null).ToLookup(a => a.LinkId);
            _terms = HsdsVocabulary.AllTerms(taxonomy).ToDictionary(t => t.Id, t => (t.Taxonomy, t.Code));
            foreach (var term in Safe(d.TaxonomyTerm).Where(t => t.Id is not null && t.Code is not null))
            {
                _terms[term.Id] = (term.Taxonomy ?? string.Empty, term.Code);
            }

            _addresses = Safe(d.Address).Where(a => a.LocationId is not null).ToLookup(a => a.LocationId);

            // Each table's rows by the organization they reach.
            _byOrganization["service"] = Safe(d.Service).ToLookup(s => s.OrganizationId ?? string.Empty, s => (object)s);
            _byOrganization["location"] = Safe(d.Location).ToLookup(l => OrgOfLocation(l.Id) ?? string.Empty, l => (object)l);
            _byOrganization["service_at_location"] = Safe(d.ServiceAtLocation).ToLookup(a => OrgOfService(a.ServiceId) ?? string.Empty, a => (object)a);
            _byOrganization["phone"] = Safe(d.Phone).ToLookup(p => OrgOfPhone(p) ?? string.Empty, p => (object)p);
            _byOrganization["contact"] = Safe(d.Contact).ToLookup(c => OrgOfContact(c) ?? string.Empty, c => (object)c);
            _byOrganization["schedule"] = Safe(d.Schedule).ToLookup(s => OrgOfService(s.ServiceId) ?? OrgOfAtLocation(s.ServiceAtLocationId) ?? OrgOfLocation(s.LocationId) ?? string.Empty, s => (object)s);
            _byOrganization["language"] = Safe(d.Language).ToLookup(l => OrgOfService(l.ServiceId) ?? OrgOfLocation(l.LocationId) ?? (l.PhoneId is { } p && _phones.TryGetValue(p, out var phone) ? OrgOfPhone(phone) : null) ?? string.Empty, l => (object)l);
            _byOrganization["service_area"] = Safe(d.ServiceArea).ToLookup(a => OrgOfService(a.ServiceId) ?? string.Empty, a => (object)a);
            _byOrganization["url"] = Safe(d.Url).ToLookup(u => u.OrganizationId ?? string.Empty, u => (object)u);
            _byOrganization["address"] = Safe(d.Address).ToLookup(a => OrgOfLocation(a.LocationId) ?? string.Empty, a => (object)a);
        }

        private IEnumerable<T> Of<T>(string table, string organizationId) => _byOrganization[table][organizationId].Cast<T>();

        private string? Known(string? organizationId) => organizationId is not null && _organizations.Contains(organizationId) ? organizationId : null;

        private string? OrgOfService(string? id) => id is not null && _services.TryGetValue(id, out var s) ? Known(s.OrganizationId) : null;

        private string? OrgOfAtLocation(string? id) => id is not null && _atLocations.TryGetValue(id, out var a) ? OrgOfService(a.ServiceId) : null;

        private string? OrgOfLocation(string? id) =>
            id is null ? null
            : _locations.TryGetValue(id, out var l) && Known(l.OrganizationId) is { } org ? org
            : _atLocationsByLocation[id].Select(a => OrgOfService(a.ServiceId)).FirstOrDefault(o => o is not null);

        private string? OrgOfContact(HsdsContact c) =>
            Known(c.OrganizationId) ?? OrgOfService(c.ServiceId) ?? OrgOfAtLocation(c.ServiceAtLocationId) ?? OrgOfLocation(c.LocationId);

        private string? OrgOfPhone(HsdsPhone p) =>
            Known(p.OrganizationId) ?? OrgOfService(p.ServiceId) ?? OrgOfAtLocation(p.ServiceAtLocationId) ?? OrgOfLocation(p.LocationId)
            ?? (p.ContactId is { } c && _contacts.TryGetValue(c, out var contact) ? OrgOfContact(contact) : null);

        private void Warn(string table, string row, string field, string message) => _warnings.Add(new ImportReason(field, message, table, row));

        /// <summary>Warns of every row that reaches no organization of the file (it is not imported).</summary>
        public void WarnUnused()
        {
            foreach (var (table, rows) in _byOrganization)
            {
                foreach (var row in rows[string.Empty])
                {
                    Warn(table, RowId(row), "(links)", $"This {table.Replace('_', ' ')} belongs to no organization of the file (follow its links: none reaches one), so it is not imported.");
                }
            }
        }

        private static string RowId(object row) => row switch
        {
            HsdsService s => s.Id,
            HsdsLocation l => l.Id,
            HsdsServiceAtLocation a => a.Id,
            HsdsPhone p => p.Id,
            HsdsContact c => c.Id,
            HsdsSchedule s => s.Id,
            HsdsLanguage l => l.Id,
            HsdsServiceArea a => a.Id,
            HsdsUrl u => u.Id,
            HsdsAddress a => a.Id,
            _ => string.Empty,
        };

        public (OrganizationProfile Profile, List<ImportReason> Problems, string? HoursRow) ProfileOf(HsdsOrganization org)
        {
            var problems = new List<ImportReason>();
            var orgTerms = TermsOf(org.Id).ToList();
            var kinds = Codes(orgTerms, HsdsVocabulary.Kinds).ToList();
            var kind = OrganizationKind.Nonprofit;
            if (kinds.Count > 0 && !Enum.TryParse(kinds[0], out kind))
            {
                problems.Add(new ImportReason("taxonomy_term_id", $"Unknown kind of organization '{kinds[0]}'.", "attribute", _attributes[org.Id].First().Id));
            }

            WarnForeignTerms(org.Id);
            var description = org.Description?.Trim() ?? string.Empty;
            var services = new List<HsdsService>();
            var serviceCodes = new List<string>();
            var described = new List<ServiceDescription>();
            foreach (var service in Of<HsdsService>("service", org.Id))
            {
                if (!string.Equals(service.Status ?? "active", "active", StringComparison.OrdinalIgnoreCase))
                {
                    Warn("service", service.Id, "status", $"Service '{service.Name}' is '{service.Status}', not active: it is not listed.");
                    continue;
                }

                WarnForeignTerms(service.Id);
                var code = Codes(TermsOf(service.Id), HsdsVocabulary.Services).FirstOrDefault() ?? ServiceByName(service.Name);
                if (code is null)
                {
                    problems.Add(new ImportReason("name", $"Service '{service.Name}' is not one of the network's services and has no attribute with a term of its services taxonomy ({HsdsVocabulary.Services}). Name it as one of: {string.Join(", ", _taxonomy.Active(Vocabulary.Services).Select(t => t.Label))}; or link it to one of those terms.", "service", service.Id));
                    continue;
                }

                services.Add(service);
                if (serviceCodes.Contains(code))
                {
                    Warn("service", service.Id, "name", $"Service '{service.Name}' is the network's '{_taxonomy.Label(Vocabulary.Services, code)}' like another service of this organization; the directory lists it once.");
                }
                else
                {
                    serviceCodes.Add(code);
                }

                var own = service.Description?.Trim() ?? string.Empty;
                if (own.Length > 0 && own != description)
                {
                    if (described.Any(d => d.Code == code))
                    {
                        Warn("service", service.Id, "description", "Another service of this organization is the same network service and its description is kept; this one is left out.");
                    }
                    else
                    {
                        described.Add(new ServiceDescription(code, own));
                    }
                }
            }

            var serviceIds = services.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
            var languages = Codes(orgTerms, HsdsVocabulary.Languages).Select(c => LanguageCode(c) ?? c).ToList();
            foreach (var language in Of<HsdsLanguage>("language", org.Id))
            {
                if (LanguageOf(language) is { } code)
                {
                    languages.Add(code);
                }
                else
                {
                    Warn("language", language.Id, "code", $"'{language.Name}' ('{language.Code}') is not one of the network's languages ({string.Join(", ", _taxonomy.Active(Vocabulary.Languages).Select(t => t.Code))}); it is left out.");
                }
            }

            var counties = Codes(orgTerms, HsdsVocabulary.Counties).ToList();
            foreach (var area in Of<HsdsServiceArea>("service_area", org.Id))
            {
                if (CountyByName(area.Name) is { } fips)
                {
                    counties.Add(fips);
                }
                else
                {
                    Warn("service_area", area.Id, "name", $"'{area.Name}' is not a California county (such as 'Fresno County'); the area is left out.");
                }
            }

            var contacts = new List<Contact>();
            void AddContact(Contact contact)
            {
                if (contact.Value.Trim().Length > 0 && !contacts.Any(c => c.Kind == contact.Kind && string.Equals(c.Value.Trim(), contact.Value.Trim(), StringComparison.OrdinalIgnoreCase)))
                {
                    contacts.Add(contact);
                }
            }

            foreach (var phone in Of<HsdsPhone>("phone", org.Id))
            {
                if (string.IsNullOrWhiteSpace(phone.Number))
                {
                    problems.Add(new ImportReason("number", "A phone needs its number.", "phone", phone.Id));
                    continue;
                }

                var label = phone.Description?.Trim() ?? string.Empty;
                var hotline = label.StartsWith(HsdsVocabulary.HotlinePrefix, StringComparison.Ordinal);
                label = hotline ? label[HsdsVocabulary.HotlinePrefix.Length..] : label;
                if (label.Length > MaxLabelLength)
                {
                    Warn("phone", phone.Id, "description", $"The description is too long to label the number (at most {MaxLabelLength} characters); the number is listed as '{PhoneLabel(phone)}'.");
                    label = PhoneLabel(phone);
                }

                AddContact(new Contact(label.Length > 0 ? label : PhoneLabel(phone), hotline ? ContactKind.Hotline : ContactKind.Phone, phone.Number.Trim(), Visibility.Public));
            }

            // The organization's own e-mail comes first (it is the one an export gives as the organization's), with
            // the label of a contact that has the same address (our export writes both).
            var emails = Of<HsdsContact>("contact", org.Id).Where(c => !string.IsNullOrWhiteSpace(c.Email))
                .Select(c => new Contact(string.IsNullOrWhiteSpace(c.Name) ? "Email" : Label(c.Name), ContactKind.Email, c.Email!.Trim(), Visibility.Public)).ToList();
            if (!string.IsNullOrWhiteSpace(org.Email))
            {
                AddContact(emails.FirstOrDefault(c => string.Equals(c.Value, org.Email.Trim(), StringComparison.OrdinalIgnoreCase))
                    ?? new Contact("Email", ContactKind.Email, org.Email.Trim(), Visibility.Public));
            }

            emails.ForEach(AddContact);

            foreach (var service in services.Where(s => !string.IsNullOrWhiteSpace(s.Email)))
            {
                AddContact(new Contact(Label(service.Name), ContactKind.Email, service.Email!.Trim(), Visibility.Public));
            }

            foreach (var url in Of<HsdsUrl>("url", org.Id))
            {
                AddContact(new Contact(string.IsNullOrWhiteSpace(url.Label) ? "Website" : Label(url.Label), ContactKind.Website, url.Url ?? string.Empty, Visibility.Public));
            }

            var website = string.IsNullOrWhiteSpace(org.Website) ? null : org.Website.Trim();
            foreach (var service in services.Where(s => !string.IsNullOrWhiteSpace(s.Url) && !string.Equals(s.Url.Trim(), website, StringComparison.OrdinalIgnoreCase)))
            {
                AddContact(new Contact(Label(service.Name), ContactKind.Website, service.Url!.Trim(), Visibility.Public));
            }

            foreach (var location in Of<HsdsLocation>("location", org.Id))
            {
                var addresses = _addresses[location.Id].ToList();
                if (string.Equals(location.LocationType, "virtual", StringComparison.OrdinalIgnoreCase) && addresses.Count == 0)
                {
                    Warn("location", location.Id, "location_type", "A virtual location has no address to list; its phones and schedules are kept.");
                    continue;
                }

                if (addresses.Count == 0)
                {
                    Warn("location", location.Id, "addresses", $"Location '{location.Name}' has no address; it is not listed (its phones and schedules are kept).");
                }

                foreach (var address in addresses)
                {
                    AddContact(new Contact(string.IsNullOrWhiteSpace(location.Name) ? "Location" : Label(location.Name), ContactKind.Address, HsdsExporter.FormatAddress(address), Visibility.Public));
                }
            }

            var (hours, hoursRow) = HoursOf(org.Id, serviceIds, problems);
            var profile = new OrganizationProfile(
                org.Name.Trim(),
                kind,
                description,
                website,
                [.. serviceCodes],
                [.. Codes(orgTerms, HsdsVocabulary.Populations).Distinct()],
                [.. languages.Distinct()],
                [.. counties.Distinct()],
                [.. contacts],
                Codes(orgTerms, HsdsVocabulary.Referrals).Contains(HsdsVocabulary.AcceptingReferrals),
                hours,
                ServiceDescriptions: [.. described],
                SpanishDescription: SpanishDescriptionOf(org.Id) ?? string.Empty);
            return (profile, problems, hoursRow);
        }

        private const int MaxLabelLength = 100;

        private static string Label(string? text) => text is null ? string.Empty : text.Trim().Length > MaxLabelLength ? text.Trim()[..MaxLabelLength].TrimEnd() : text.Trim();

        private string PhoneLabel(HsdsPhone phone) =>
            phone.ContactId is { } c && _contacts.TryGetValue(c, out var contact) && !string.IsNullOrWhiteSpace(contact.Name) ? Label(contact.Name)
            : phone.ServiceId is { } s && _services.TryGetValue(s, out var service) && !string.IsNullOrWhiteSpace(service.Name) ? Label(service.Name)
            : "Phone";

        /// <summary>The network's service named <paramref name="name"/>: by its label or one of its aliases.</summary>
        private string? ServiceByName(string? name)
        {
            var wanted = name?.Trim();
            return string.IsNullOrEmpty(wanted) ? null
                : _taxonomy.All(Vocabulary.Services).FirstOrDefault(t => !t.Retired && (string.Equals(t.Label, wanted, StringComparison.OrdinalIgnoreCase)
                    || t.Synonyms.Any(a => string.Equals(a, wanted, StringComparison.OrdinalIgnoreCase))))?.Code;
        }

        /// <summary>
        /// A language row as one of the network's languages: by its code (ISO 639-1, 639-2/T or /B, 639-3, or a BCP 47
        /// tag such as "es-MX": <see cref="LanguageCodes"/>), else by its name (the label or an alias).
        /// </summary>
        private string? LanguageOf(HsdsLanguage language)
        {
            if (LanguageCode(language.Code) is { } code)
            {
                return code;
            }

            var name = language.Name?.Trim();
            return string.IsNullOrEmpty(name) ? null
                : _taxonomy.All(Vocabulary.Languages).FirstOrDefault(t => string.Equals(t.Label, name, StringComparison.OrdinalIgnoreCase)
                    || t.Synonyms.Any(a => string.Equals(a, name, StringComparison.OrdinalIgnoreCase)))?.Code;
        }

        private string? LanguageCode(string? code) => LanguageCodes.Resolve(code, c => _taxonomy.IsKnown(Vocabulary.Languages, c));

        /// <summary>
        /// The listing's weekly hours: the schedules of its services, else of its services at locations, else of its
        /// locations. A listing has one set of hours: a set that says otherwise is a warning, a schedule that is not
        /// weekly is left out with a warning, and a weekly schedule whose days or times do not read is refused.
        /// </summary>
        private (OpeningHours? Hours, string? Row) HoursOf(string organizationId, HashSet<string> serviceIds, List<ImportReason> problems)
        {
            var all = Of<HsdsSchedule>("schedule", organizationId).ToList();
            var sets = all.Where(s => s.ServiceId is not null && serviceIds.Contains(s.ServiceId)).GroupBy(s => "service " + s.ServiceId)
                .Concat(all.Where(s => s.ServiceId is null && s.ServiceAtLocationId is not null).GroupBy(s => "service at location " + s.ServiceAtLocationId))
                .Concat(all.Where(s => s.ServiceId is null && s.ServiceAtLocationId is null).GroupBy(s => "location " + s.LocationId))
                .Select(g => (Owner: g.Key, Schedules: g.ToList(), Ranges: Ranges(g, problems)))
                .Where(s => s.Ranges.Length > 0)
                .ToList();
            if (sets.Count == 0)
            {
                return (null, null);
            }

            var chosen = sets[0];
            foreach (var other in sets.Skip(1).Where(s => !Same(s.Ranges, chosen.Ranges)))
            {
                Warn("schedule", other.Schedules[0].Id, "opens_at", $"A listing has one set of opening hours: those of {chosen.Owner} are kept; those of {other.Owner} differ and are left out.");
            }

            var ranges = chosen.Ranges;
            var alwaysOpen = ranges.Length == 7 && ranges.All(r => r.Opens == 0 && r.Closes == OpeningRange.EndOfDay) && ranges.Select(r => r.Day).Distinct().Count() == 7;
            return (alwaysOpen ? OpeningHours.Always : new OpeningHours(false, ranges), chosen.Schedules[0].Id);

            static bool Same(ImmutableArray<OpeningRange> a, ImmutableArray<OpeningRange> b) =>
                a.OrderBy(r => r.Day).ThenBy(r => r.Opens).SequenceEqual(b.OrderBy(r => r.Day).ThenBy(r => r.Opens));
        }

        private ImmutableArray<OpeningRange> Ranges(IEnumerable<HsdsSchedule> schedules, List<ImportReason> problems)
        {
            var ranges = ImmutableArray.CreateBuilder<OpeningRange>();
            foreach (var schedule in schedules)
            {
                if (!string.Equals(schedule.Freq ?? "WEEKLY", "WEEKLY", StringComparison.OrdinalIgnoreCase))
                {
                    Warn("schedule", schedule.Id, "freq", $"Only weekly schedules become opening hours; this one is '{schedule.Freq}' and is left out.");
                    continue;
                }

                if (schedule.OpensAt is null && schedule.ClosesAt is null)
                {
                    Warn("schedule", schedule.Id, "opens_at", "The schedule has no opens_at and closes_at; it is left out.");
                    continue;
                }

                if (Minutes(schedule.OpensAt) is not { } opens)
                {
                    problems.Add(new ImportReason("opens_at", $"'{schedule.OpensAt}' is not a time of day (HH:MM).", "schedule", schedule.Id));
                    continue;
                }

                if (Minutes(schedule.ClosesAt) is not { } closes)
                {
                    problems.Add(new ImportReason("closes_at", $"'{schedule.ClosesAt}' is not a time of day (HH:MM, 24:00 for midnight).", "schedule", schedule.Id));
                    continue;
                }

                var days = (schedule.Byday ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                if (days.Length == 0)
                {
                    problems.Add(new ImportReason("byday", "A weekly schedule names its days in byday (MO,TU,WE,TH,FR,SA,SU).", "schedule", schedule.Id));
                }

                foreach (var day in days)
                {
                    if (Day(day) is not { } weekday)
                    {
                        problems.Add(new ImportReason("byday", $"'{day}' is not a day (MO, TU, WE, TH, FR, SA, SU).", "schedule", schedule.Id));
                        continue;
                    }

                    ranges.Add(new OpeningRange(weekday, opens, closes));
                }
            }

            return ranges.ToImmutable();
        }

        private static int? Minutes(string? time) =>
            time is { Length: >= 4 } && time.Split(':') is [var h, var m, ..] && int.TryParse(h, out var hours) && int.TryParse(m, out var minutes)
                && hours is >= 0 and <= 24 && minutes is >= 0 and < 60 && (hours < 24 || minutes == 0)
                ? (hours * 60) + minutes
                : null;

        private static DayOfWeek? Day(string code) => code.ToUpperInvariant() switch
        {
            "MO" => DayOfWeek.Monday,
            "TU" => DayOfWeek.Tuesday,
            "WE" => DayOfWeek.Wednesday,
            "TH" => DayOfWeek.Thursday,
            "FR" => DayOfWeek.Friday,
            "SA" => DayOfWeek.Saturday,
            "SU" => DayOfWeek.Sunday,
            _ => null,
        };

        private static readonly HashSet<string> OwnTaxonomies =
        [
            HsdsVocabulary.Services, HsdsVocabulary.Populations, HsdsVocabulary.Languages, HsdsVocabulary.Counties, HsdsVocabulary.Kinds, HsdsVocabulary.Referrals,
            HsdsVocabulary.Translations,
        ];

        /// <summary>Attributes whose term is not one of the network's vocabularies (another taxonomy, or a term the file does not define) are left out, each with a warning.</summary>
        private void WarnForeignTerms(string linkId)
        {
            foreach (var attribute in _attributes[linkId])
            {
                if (!_terms.TryGetValue(attribute.TaxonomyTermId, out var term))
                {
                    Warn("attribute", attribute.Id, "taxonomy_term_id", $"The term '{attribute.TaxonomyTermId}' is not in the file's taxonomy terms nor one of the network's; the attribute is left out.");
                }
                else if (!OwnTaxonomies.Contains(term.Taxonomy))
                {
                    Warn("attribute", attribute.Id, "taxonomy_term_id", $"The term '{term.Code}' of the taxonomy '{term.Taxonomy}' is not one of the network's vocabularies (see the taxonomy terms of an export); the attribute is left out.");
                }
            }
        }

        /// <summary>The organization's description in Spanish: the value of its attribute with the translations taxonomy's term.</summary>
        private string? SpanishDescriptionOf(string organizationId) =>
            _attributes[organizationId].FirstOrDefault(a => _terms.TryGetValue(a.TaxonomyTermId, out var t)
                && t.Taxonomy == HsdsVocabulary.Translations && t.Code == HsdsVocabulary.SpanishDescription && !string.IsNullOrWhiteSpace(a.Value))?.Value!.Trim();

        private IEnumerable<(string Taxonomy, string Code)> TermsOf(string linkId) =>
            _attributes[linkId].Select(a => _terms.TryGetValue(a.TaxonomyTermId, out var t) ? t : (string.Empty, string.Empty)).Where(t => t.Item2.Length > 0);

        private static IEnumerable<string> Codes(IEnumerable<(string Taxonomy, string Code)> terms, string taxonomy) =>
            terms.Where(t => t.Taxonomy == taxonomy).Select(t => t.Code);

        private static string? CountyByName(string? name)
        {
            var bare = name?.Replace(" County", string.Empty, StringComparison.OrdinalIgnoreCase).Trim();
            return California.Counties.FirstOrDefault(c => string.Equals(c.Name, bare, StringComparison.OrdinalIgnoreCase))?.Fips;
        }

        private static Dictionary<string, T> ById<T>(ImmutableArray<T> rows, Func<T, string> id) where T : class
        {
            var map = new Dictionary<string, T>(StringComparer.Ordinal);
            foreach (var row in Safe(rows))
            {
                map.TryAdd(id(row) ?? string.Empty, row);
            }

            return map;
        }

        private static IEnumerable<T> Safe<T>(ImmutableArray<T> rows) where T : class => rows.IsDefault ? [] : rows.Where(r => r is not null);
    }
}
