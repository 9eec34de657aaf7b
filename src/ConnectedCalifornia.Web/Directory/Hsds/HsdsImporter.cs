using System.Collections.Immutable;
using System.Security.Claims;
using System.Text.Json;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Web.Authorization;
using ConnectedCalifornia.Web.Identity;

namespace ConnectedCalifornia.Web.Directory.Hsds;

public sealed record ImportReason(string Field, string Message);

/// <summary>What the import did (or, in a dry run, would do) with one HSDS organization.</summary>
public sealed record ImportRecord(string HsdsId, string? OrganizationId, string Name, string Outcome, ImmutableArray<ImportReason> Reasons);

public sealed record ImportReport(bool DryRun, int Created, int Updated, int Unchanged, int Rejected, ImmutableArray<ImportRecord> Records);

/// <summary>
/// Imports an HSDS 3.0 dataset into the directory, one organization at a time through its grain
/// (the same rules as an edit; a rejected record changes nothing). A dry run asks each grain to
/// check the profile and reports what would be created, updated, left unchanged or rejected, and why.
/// Updating a listing replaces its public contacts and keeps its network and confidential ones.
/// </summary>
public sealed class HsdsImporter(IGrainFactory grains, NetworkAuthorizer authorizer, TaxonomyCache taxonomy)
{
    public const int MaxOrganizations = 25_000;

    public static class Outcomes
    {
        public const string Create = "create";
        public const string Update = "update";
        public const string Unchanged = "unchanged";
        public const string Reject = "reject";
    }

    /// <summary>Reads the file; null and a message when it is not an HSDS dataset at all.</summary>
    public static (HsdsDataset? Dataset, string? Problem) Read(ReadOnlySpan<byte> json)
    {
        try
        {
            var dataset = JsonSerializer.Deserialize<HsdsDataset>(json, HsdsJson.Options);
            if (dataset is null)
            {
                return (null, "The file is empty: expected an HSDS 3.0 dataset object with an \"organization\" array.");
            }

            if (dataset.Organization.IsDefaultOrEmpty)
            {
                return (null, "The dataset has no \"organization\" array (or it is empty): nothing to import.");
            }

            return dataset.Organization.Length > MaxOrganizations
                ? (null, $"The dataset has {dataset.Organization.Length:N0} organizations; at most {MaxOrganizations:N0} are imported at once.")
                : (dataset, null);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" (line {line + 1}, position {ex.BytePositionInLine + 1})" : string.Empty;
            return (null, $"The file is not a valid HSDS 3.0 JSON dataset{where}: a value has the wrong type or the JSON is malformed.");
        }
    }

    public async Task<ImportReport?> ImportAsync(ClaimsPrincipal user, HsdsDataset dataset, bool dryRun)
    {
        if (!await authorizer.IsAllowedAsync(user, NetworkAction.ImportDirectory))
        {
            return null;
        }

        var actor = user.ToActor();
        var tables = new Tables(dataset, await taxonomy.GetAsync());
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var records = new List<ImportRecord>();
        foreach (var org in dataset.Organization)
        {
            records.Add(await ImportOneAsync(org, tables, seen, dryRun, actor));
        }

        return new ImportReport(
            dryRun,
            records.Count(r => r.Outcome == Outcomes.Create),
            records.Count(r => r.Outcome == Outcomes.Update),
            records.Count(r => r.Outcome == Outcomes.Unchanged),
            records.Count(r => r.Outcome == Outcomes.Reject),
            [.. records]);
    }

    private async Task<ImportRecord> ImportOneAsync(HsdsOrganization? org, Tables tables, HashSet<string> seen, bool dryRun, Actor actor)
    {
        if (org is null)
        {
            return Rejected(string.Empty, null, string.Empty, new ImportReason("organization", "An organization entry is null."));
        }

        var name = org.Name?.Trim() ?? string.Empty;
        if (string.IsNullOrWhiteSpace(org.Id) || name.Length == 0)
        {
            return Rejected(org.Id ?? string.Empty, null, name, new ImportReason(string.IsNullOrWhiteSpace(org.Id) ? "id" : "name", "HSDS 3.0 requires an organization's id and name."));
        }

        var key = KeyOf(org);
        if (key is null)
        {
            return Rejected(org.Id, null, name, new ImportReason("name", "No directory id can be made from this name (use letters or digits)."));
        }

        if (!seen.Add(key))
        {
            return Rejected(org.Id, key, name, new ImportReason("id", $"Another organization of this dataset has the directory id '{key}'."));
        }

        var (profile, problems) = tables.ProfileOf(org);
        if (problems.Count > 0)
        {
            return Rejected(org.Id, key, name, [.. problems]);
        }

        var grain = grains.GetGrain<IOrganizationGrain>(key);
        var existing = await grain.GetDetails();
        if (existing is not null)
        {
            profile = KeepNonPublic(existing.Profile, profile);
            if (Same(existing.Profile, profile))
            {
                return new ImportRecord(org.Id, key, name, Outcomes.Unchanged, []);
            }
        }

        var result = dryRun ? await grain.CheckProfile(profile)
            : existing is null ? await grain.Create(profile, actor)
            : await grain.UpdateProfile(profile, actor);
        return result.Succeeded
            ? new ImportRecord(org.Id, key, name, existing is null ? Outcomes.Create : Outcomes.Update, [])
            : Rejected(org.Id, key, name, [.. result.Errors.Select(e => new ImportReason(e.Field, e.Message))]);
    }

    private static ImportRecord Rejected(string id, string? key, string name, params ImportReason[] reasons) =>
        new(id, key, name, Outcomes.Reject, [.. reasons]);

    /// <summary>The directory id: the one in the listing's own address (an export of ours), else made from the name.</summary>
    private static string? KeyOf(HsdsOrganization org)
    {
        if (org.Uri is { Length: > 0 } uri)
        {
            var i = uri.LastIndexOf("/organizations/", StringComparison.Ordinal);
            if (i >= 0 && uri[(i + "/organizations/".Length)..] is var candidate && Identifiers.IsValidKey(candidate))
            {
                return candidate;
            }
        }

        var slug = Identifiers.Slugify(org.Name);
        return Identifiers.IsValidKey(slug) ? slug : null;
    }

    /// <summary>
    /// The dataset carries public data only: the listing's fields that are not public (their values and who
    /// sees them) and its network and confidential contacts stay as they are.
    /// </summary>
    private static OrganizationProfile KeepNonPublic(OrganizationProfile listing, OrganizationProfile imported)
    {
        bool Kept(string field) => listing.VisibilityOf(field) != Visibility.Public;
        return imported with
        {
            Description = Kept(FieldVisibility.DescriptionField) ? listing.Description : imported.Description,
            Website = Kept(FieldVisibility.WebsiteField) ? listing.Website : imported.Website,
            Services = Kept(FieldVisibility.ServicesField) ? listing.Services : imported.Services,
            Populations = Kept(FieldVisibility.PopulationsField) ? listing.Populations : imported.Populations,
            Languages = Kept(FieldVisibility.LanguagesField) ? listing.Languages : imported.Languages,
            Hours = Kept(FieldVisibility.HoursField) ? listing.Hours : imported.Hours,
            Contacts = [.. imported.Contacts, .. listing.Contacts.Where(c => c.Visibility != Visibility.Public)],
            FieldVisibility = listing.FieldVisibility,
        };
    }

    private static bool Same(OrganizationProfile a, OrganizationProfile b) =>
        a.Name == b.Name.Trim() && a.Kind == b.Kind && a.Description == b.Description.Trim()
        && (a.Website ?? string.Empty) == (b.Website ?? string.Empty).Trim() && a.AcceptingReferrals == b.AcceptingReferrals
        && SameSet(a.Services, b.Services) && SameSet(a.Populations, b.Populations) && SameSet(a.Languages, b.Languages) && SameSet(a.Counties, b.Counties)
        && (a.Hours?.ToString() ?? string.Empty) == (b.Hours?.ToString() ?? string.Empty) && a.Contacts.SequenceEqual(b.Contacts);

    private static bool SameSet(ImmutableArray<string> a, ImmutableArray<string> b) => a.Order().SequenceEqual(b.Order());

    /// <summary>The dataset's tables, indexed by what links them.</summary>
    private sealed class Tables
    {
        private readonly ILookup<string, HsdsService> _services;
        private readonly ILookup<string, HsdsAttribute> _attributes;
        private readonly Dictionary<string, (string Taxonomy, string Code)> _terms;
        private readonly ILookup<string, HsdsPhone> _phonesByOrganization;
        private readonly ILookup<string, HsdsPhone> _phonesByService;
        private readonly ILookup<string, HsdsContact> _contacts;
        private readonly ILookup<string, HsdsUrl> _urls;
        private readonly ILookup<string, HsdsLocation> _locations;
        private readonly ILookup<string, HsdsAddress> _addresses;
        private readonly ILookup<string, HsdsLanguage> _languages;
        private readonly ILookup<string, HsdsServiceArea> _areas;
        private readonly ILookup<string, HsdsSchedule> _schedules;
        private readonly TaxonomyView _taxonomy;

        public Tables(HsdsDataset d, TaxonomyView taxonomy)
        {
            _taxonomy = taxonomy;
            _services = Safe(d.Service).Where(s => s.OrganizationId is not null).ToLookup(s => s.OrganizationId);
            _attributes = Safe(d.Attribute).Where(a => a.LinkId is not null && a.TaxonomyTermId is not null).ToLookup(a => a.LinkId);
            _terms = HsdsVocabulary.AllTerms(taxonomy).ToDictionary(t => t.Id, t => (t.Taxonomy, t.Code));
            foreach (var term in Safe(d.TaxonomyTerm).Where(t => t.Id is not null && t.Code is not null))
            {
                _terms[term.Id] = (term.Taxonomy ?? string.Empty, term.Code);
            }

            _phonesByOrganization = Safe(d.Phone).Where(p => p.OrganizationId is not null).ToLookup(p => p.OrganizationId!);
            _phonesByService = Safe(d.Phone).Where(p => p.OrganizationId is null && p.ServiceId is not null).ToLookup(p => p.ServiceId!);
            _contacts = Safe(d.Contact).Where(c => c.OrganizationId is not null).ToLookup(c => c.OrganizationId!);
            _urls = Safe(d.Url).Where(u => u.OrganizationId is not null).ToLookup(u => u.OrganizationId!);
            _locations = Safe(d.Location).Where(l => l.OrganizationId is not null).ToLookup(l => l.OrganizationId!);
            _addresses = Safe(d.Address).Where(a => a.LocationId is not null).ToLookup(a => a.LocationId);
            _languages = Safe(d.Language).Where(l => l.ServiceId is not null).ToLookup(l => l.ServiceId!);
            _areas = Safe(d.ServiceArea).Where(a => a.ServiceId is not null).ToLookup(a => a.ServiceId!);
            _schedules = Safe(d.Schedule).Where(s => s.ServiceId is not null).ToLookup(s => s.ServiceId!);
        }

        public (OrganizationProfile Profile, List<ImportReason> Problems) ProfileOf(HsdsOrganization org)
        {
            var problems = new List<ImportReason>();
            var services = _services[org.Id].ToList();
            var orgTerms = TermsOf(org.Id).ToList();

            var kinds = Codes(orgTerms, HsdsVocabulary.Kinds).ToList();
            var kind = OrganizationKind.Nonprofit;
            if (kinds.Count > 0 && !Enum.TryParse(kinds[0], out kind))
            {
                problems.Add(new ImportReason("kind", $"Unknown kind of organization '{kinds[0]}'."));
            }

            var serviceCodes = new List<string>();
            foreach (var service in services)
            {
                var code = Codes(TermsOf(service.Id), HsdsVocabulary.Services).FirstOrDefault()
                    ?? _taxonomy.All(Vocabulary.Services).FirstOrDefault(t => string.Equals(t.Label, service.Name?.Trim(), StringComparison.OrdinalIgnoreCase))?.Code;
                if (code is null)
                {
                    problems.Add(new ImportReason("services", $"Service '{service.Name}' has no term of the services taxonomy and its name is not one of its labels."));
                }
                else
                {
                    serviceCodes.Add(code);
                }
            }

            var languages = Codes(orgTerms, HsdsVocabulary.Languages)
                .Concat(services.SelectMany(s => _languages[s.Id]).Select(l => l.Code).Where(c => c is not null && _taxonomy.IsKnown(Vocabulary.Languages, c)));
            var counties = Codes(orgTerms, HsdsVocabulary.Counties)
                .Concat(services.SelectMany(s => _areas[s.Id]).Select(a => CountyByName(a.Name)).OfType<string>());

            var contacts = ImmutableArray.CreateBuilder<Contact>();
            foreach (var phone in _phonesByOrganization[org.Id].Concat(services.SelectMany(s => _phonesByService[s.Id])))
            {
                var description = phone.Description ?? string.Empty;
                contacts.Add(description.StartsWith(HsdsVocabulary.HotlinePrefix, StringComparison.Ordinal)
                    ? new Contact(description[HsdsVocabulary.HotlinePrefix.Length..], ContactKind.Hotline, phone.Number ?? string.Empty, Visibility.Public)
                    : new Contact(description.Length > 0 ? description : "Phone", ContactKind.Phone, phone.Number ?? string.Empty, Visibility.Public));
            }

            foreach (var contact in _contacts[org.Id].Where(c => !string.IsNullOrWhiteSpace(c.Email)))
            {
                contacts.Add(new Contact(string.IsNullOrWhiteSpace(contact.Name) ? "Email" : contact.Name, ContactKind.Email, contact.Email!, Visibility.Public));
            }

            foreach (var url in _urls[org.Id])
            {
                contacts.Add(new Contact(string.IsNullOrWhiteSpace(url.Label) ? "Website" : url.Label, ContactKind.Website, url.Url ?? string.Empty, Visibility.Public));
            }

            foreach (var location in _locations[org.Id])
            {
                foreach (var address in _addresses[location.Id])
                {
                    contacts.Add(new Contact(string.IsNullOrWhiteSpace(location.Name) ? "Location" : location.Name, ContactKind.Address, HsdsExporter.FormatAddress(address), Visibility.Public));
                }
            }

            var profile = new OrganizationProfile(
                org.Name.Trim(),
                kind,
                org.Description?.Trim() ?? string.Empty,
                string.IsNullOrWhiteSpace(org.Website) ? null : org.Website.Trim(),
                [.. serviceCodes.Distinct()],
                [.. Codes(orgTerms, HsdsVocabulary.Populations).Distinct()],
                [.. languages.Distinct()],
                [.. counties.Distinct()],
                contacts.ToImmutable(),
                Codes(orgTerms, HsdsVocabulary.Referrals).Contains(HsdsVocabulary.AcceptingReferrals),
                HoursOf(services, problems));
            return (profile, problems);
        }

        /// <summary>The weekly schedules of the organization's first service that has any (our listings share one set of hours).</summary>
        private OpeningHours? HoursOf(List<HsdsService> services, List<ImportReason> problems)
        {
            var schedules = services.Select(s => _schedules[s.Id].ToList()).FirstOrDefault(l => l.Count > 0);
            if (schedules is null)
            {
                return null;
            }

            var ranges = ImmutableArray.CreateBuilder<OpeningRange>();
            foreach (var schedule in schedules)
            {
                if (!string.Equals(schedule.Freq ?? "WEEKLY", "WEEKLY", StringComparison.OrdinalIgnoreCase)
                    || Minutes(schedule.OpensAt) is not { } opens || Minutes(schedule.ClosesAt) is not { } closes)
                {
                    problems.Add(new ImportReason("hours", $"Schedule '{schedule.Id}' is not a weekly schedule with opens_at and closes_at (HH:MM)."));
                    continue;
                }

                foreach (var day in (schedule.Byday ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    if (Day(day) is not { } weekday)
                    {
                        problems.Add(new ImportReason("hours", $"Schedule '{schedule.Id}': '{day}' is not a day (MO, TU, WE, TH, FR, SA, SU)."));
                        continue;
                    }

                    ranges.Add(new OpeningRange(weekday, opens, closes));
                }
            }

            var all = ranges.ToImmutable();
            var alwaysOpen = all.Length == 7 && all.All(r => r.Opens == 0 && r.Closes == OpeningRange.EndOfDay) && all.Select(r => r.Day).Distinct().Count() == 7;
            return alwaysOpen ? OpeningHours.Always : new OpeningHours(false, all);
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

        private IEnumerable<(string Taxonomy, string Code)> TermsOf(string linkId) =>
            _attributes[linkId].Select(a => _terms.TryGetValue(a.TaxonomyTermId, out var t) ? t : (string.Empty, string.Empty)).Where(t => t.Item2.Length > 0);

        private static IEnumerable<string> Codes(IEnumerable<(string Taxonomy, string Code)> terms, string taxonomy) =>
            terms.Where(t => t.Taxonomy == taxonomy).Select(t => t.Code);

        private static string? CountyByName(string? name)
        {
            var bare = name?.Replace(" County", string.Empty, StringComparison.OrdinalIgnoreCase).Trim();
            return California.Counties.FirstOrDefault(c => string.Equals(c.Name, bare, StringComparison.OrdinalIgnoreCase))?.Fips;
        }

        private static IEnumerable<T> Safe<T>(ImmutableArray<T> rows) where T : class => rows.IsDefault ? [] : rows.Where(r => r is not null);
    }
}
