using System.Collections.Immutable;
using System.Security.Claims;
using System.Text.Json;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Web.Authorization;
using ConnectedCalifornia.Web.Identity;

namespace ConnectedCalifornia.Web.Directory.Hsds;

/// <summary>
/// Why a row was refused or what was left out of it: the HSDS <paramref name="Table"/>, the <paramref name="RowId"/>
/// (the row's id, or its place in the file when it has none) and the HSDS <paramref name="Field"/>.
/// </summary>
public sealed record ImportReason(string Field, string Message, string? Table = null, string? RowId = null);

/// <summary>What the import did (or, in a dry run, would do) with one HSDS organization.</summary>
public sealed record ImportRecord(string HsdsId, string? OrganizationId, string Name, string Outcome, ImmutableArray<ImportReason> Reasons);

/// <summary>
/// The import's report. <see cref="Applied"/> says whether anything was stored: never in a dry run, and not
/// in an import that has a refusal (a record's reasons or the file's <see cref="Refusals"/>): a file imports
/// whole or not at all. The counts say what the file does (or would do); <see cref="Warnings"/> list what was left out.
/// </summary>
public sealed record ImportReport(
    bool DryRun, int Created, int Updated, int Unchanged, int Rejected, ImmutableArray<ImportRecord> Records,
    ImmutableArray<ImportReason> Warnings, ImmutableArray<ImportReason> Refusals, bool Applied, string Shape);

/// <summary>
/// Imports HSDS 3.0 data into the directory, one organization at a time through its grain (the same rules
/// as an edit). Every organization is checked first (a dry run stops there and reports what would be
/// created, updated, left unchanged or refused, and why); the file is imported only when nothing of it is
/// refused, so a refusal leaves the directory as it was. Updating a listing replaces its public contacts
/// and keeps its network and confidential ones and the fields it does not show the public.
/// </summary>
public sealed partial class HsdsImporter(IGrainFactory grains, NetworkAuthorizer authorizer, TaxonomyCache taxonomy, ILogger<HsdsImporter> logger)
{
    public const int MaxOrganizations = 25_000;

    public static class Outcomes
    {
        public const string Create = "create";
        public const string Update = "update";
        public const string Unchanged = "unchanged";
        public const string Reject = "reject";
    }

    /// <summary>Reads the file in any HSDS 3.0 shape (<see cref="HsdsReader"/>); a dataset of null and a problem when nothing of it can be imported.</summary>
    public static HsdsFile Read(ReadOnlySpan<byte> json) => HsdsReader.Read(json);

    public Task<ImportReport?> ImportAsync(ClaimsPrincipal user, HsdsDataset dataset, bool dryRun) =>
        ImportAsync(user, new HsdsFile(dataset, null, "an HSDS dataset", [], []), dryRun);

    public async Task<ImportReport?> ImportAsync(ClaimsPrincipal user, HsdsFile file, bool dryRun)
    {
        if (!await authorizer.IsAllowedAsync(user, NetworkAction.ImportDirectory))
        {
            return null;
        }

        var dataset = file.Dataset ?? new HsdsDataset();
        var actor = user.ToActor();
        var warnings = new List<ImportReason>(file.Warnings.IsDefault ? [] : file.Warnings);
        var tables = new Tables(dataset, await taxonomy.GetAsync(), warnings);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var plans = new List<Plan>();
        foreach (var org in dataset.Organization)
        {
            plans.Add(await PlanAsync(org, tables, seen));
        }

        tables.WarnUnused();
        var refusals = file.Refusals.IsDefault ? [] : file.Refusals;
        var refused = refusals.Length > 0 || plans.Any(p => p.Record.Outcome == Outcomes.Reject);
        var applied = !dryRun && !refused && await ApplyAsync(plans, actor);
        var records = plans.Select(p => p.Record).ToList();
        return new ImportReport(
            dryRun,
            records.Count(r => r.Outcome == Outcomes.Create),
            records.Count(r => r.Outcome == Outcomes.Update),
            records.Count(r => r.Outcome == Outcomes.Unchanged),
            records.Count(r => r.Outcome == Outcomes.Reject),
            [.. records],
            [.. warnings.Distinct()],
            refusals,
            applied,
            file.Shape);
    }

    /// <summary>What one organization of the file does: its record, and the profile to store when it is a create or an update.</summary>
    private sealed record Plan(ImportRecord Record, OrganizationProfile? Profile = null, OrganizationProfile? Previous = null);

    /// <summary>
    /// Stores every create and update, all of them having been checked. Should a grain refuse one all the same
    /// (the listing was edited in between), the updates already made are put back and the report says so.
    /// </summary>
    private async Task<bool> ApplyAsync(List<Plan> plans, Actor actor)
    {
        var done = new List<Plan>();
        for (var i = 0; i < plans.Count; i++)
        {
            var plan = plans[i];
            if (plan.Profile is null)
            {
                continue;
            }

            var grain = grains.GetGrain<IOrganizationGrain>(plan.Record.OrganizationId!);
            var result = plan.Previous is null ? await grain.Create(plan.Profile, actor) : await grain.UpdateProfile(plan.Profile, actor);
            if (result.Succeeded)
            {
                done.Add(plan);
                continue;
            }

            foreach (var update in done.Where(d => d.Previous is not null))
            {
                var restored = await grains.GetGrain<IOrganizationGrain>(update.Record.OrganizationId!).UpdateProfile(update.Previous!, actor);
                if (!restored.Succeeded)
                {
                    logger.LogWarning("An HSDS import could not put back the listing {Organization} after a later listing was refused.", update.Record.OrganizationId);
                }
            }

            plans[i] = plan with
            {
                Record = plan.Record with
                {
                    Outcome = Outcomes.Reject,
                    Reasons = [.. result.Errors.Select(e => new ImportReason(e.Field, e.Message + " (The listing changed while the file was imported; updates were put back"
                        + (done.Any(d => d.Previous is null) ? $"; already created: {string.Join(", ", done.Where(d => d.Previous is null).Select(d => d.Record.Name))}" : string.Empty) + ".)",
                        "organization", plan.Record.HsdsId))],
                },
            };
            return false;
        }

        return true;
    }

    private async Task<Plan> PlanAsync(HsdsOrganization org, Tables tables, HashSet<string> seen)
    {
        var name = org.Name?.Trim() ?? string.Empty;
        if (name.Length == 0)
        {
            return new(Rejected(org.Id, null, name, new ImportReason("name", "HSDS 3.0 requires an organization's name.", "organization", org.Id)));
        }

        var key = KeyOf(org);
        if (key is null)
        {
            return new(Rejected(org.Id, null, name, new ImportReason("name", "No directory id can be made from this name (use letters or digits).", "organization", org.Id)));
        }

        if (!seen.Add(key))
        {
            return new(Rejected(org.Id, key, name, new ImportReason("name", $"Another organization of this file has the directory id '{key}' (the same name or listing address).", "organization", org.Id)));
        }

        var (profile, problems, hoursRow) = tables.ProfileOf(org);
        if (problems.Count > 0)
        {
            return new(Rejected(org.Id, key, name, [.. problems]));
        }

        var grain = grains.GetGrain<IOrganizationGrain>(key);
        var existing = await grain.GetDetails();
        if (existing is not null)
        {
            profile = KeepNonPublic(existing.Profile, profile);
            if (Same(existing.Profile, profile))
            {
                return new(new ImportRecord(org.Id, key, name, Outcomes.Unchanged, []));
            }
        }

        var check = await grain.CheckProfile(profile);
        return check.Succeeded
            ? new(new ImportRecord(org.Id, key, name, existing is null ? Outcomes.Create : Outcomes.Update, []), profile, existing?.Profile)
            : new(Rejected(org.Id, key, name, [.. check.Errors.Select(e => GrainReason(e.Field, e.Message, org.Id, hoursRow))]));
    }

    /// <summary>A grain's field error in HSDS terms: opening hours come from a schedule, everything else is the organization's.</summary>
    private static ImportReason GrainReason(string field, string message, string organizationId, string? hoursRow) =>
        field == "hours" && hoursRow is not null
            ? new ImportReason("opens_at", message, "schedule", hoursRow)
            : new ImportReason(
                field.StartsWith("contacts", StringComparison.Ordinal) ? "phones, contacts, locations"
                : field == "counties" ? "service_areas (California counties)"
                : field,
                message,
                "organization",
                organizationId);

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
            SpanishDescription = Kept(FieldVisibility.DescriptionField) ? listing.SpanishDescription ?? string.Empty : imported.SpanishDescription,
            Website = Kept(FieldVisibility.WebsiteField) ? listing.Website : imported.Website,
            Services = Kept(FieldVisibility.ServicesField) ? listing.Services : imported.Services,
            ServiceDescriptions = Kept(FieldVisibility.ServicesField) ? listing.ServiceDescriptions : imported.ServiceDescriptions ?? [],
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
        && (a.Hours?.ToString() ?? string.Empty) == (b.Hours?.ToString() ?? string.Empty) && a.Contacts.SequenceEqual(b.Contacts)
        && Described(a).SetEquals(Described(b))
        && (a.SpanishDescription ?? string.Empty) == (b.SpanishDescription ?? string.Empty).Trim();

    private static HashSet<(string, string)> Described(OrganizationProfile p) =>
        [.. (p.ServiceDescriptions ?? []).Where(d => p.Services.Contains(d.Code.Trim())).Select(d => (d.Code.Trim(), d.Description.Trim()))];

    private static bool SameSet(ImmutableArray<string> a, ImmutableArray<string> b) => a.Order().SequenceEqual(b.Order());

}
