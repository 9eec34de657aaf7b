using System.Globalization;
using System.Text.RegularExpressions;
using ConnectedCalifornia.Web.Network;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConnectedCalifornia.Web.Directory.Hsds;

/// <summary>How a query parameter of the HSDA read API is written.</summary>
public enum HsdaParameterType
{
    Text = 0,
    Integer = 1,
    Boolean = 2,
    DateTime = 3,
}

/// <summary>One query parameter of the HSDA read API: its name, how it is written and what it does here.</summary>
public sealed record HsdaParameter(string Name, HsdaParameterType Type, string Description);

/// <summary>
/// The query parameters of the HSDA read API, declared once: each endpoint lists the ones it takes
/// (the HSDA 3.0 reference's, and a few marked as ours), <see cref="Parse"/> reads exactly those and
/// refuses anything else with a 400 naming the parameter (never ignoring one), and the OpenAPI
/// document describes them from the same table (<see cref="HsdaApi"/>).
/// </summary>
public static partial class HsdaParameters
{
    public const int MaxPage = 100_000;
    public const int MaxPerPage = 100;
    public const int DefaultPerPage = 50;

    /// <summary>A minimal list aims to answer every service in one call.</summary>
    public const int MaxMinimalPerPage = 10_000;

    public const int MaxSearchLength = 200;

    /// <summary>The largest proximity, in meters (about 1,000 km: the length of California).</summary>
    public const int MaxProximityMeters = 1_000_000;

    public static readonly HsdaParameter Search = new("search", HsdaParameterType.Text,
        "Full-text search, matched as the directory search matches (whole words, stems, typos, the taxonomy's aliases); at most 200 characters.");

    public static readonly HsdaParameter Page = new("page", HsdaParameterType.Integer,
        "Page number, from 1 (default 1).");

    public static readonly HsdaParameter PerPage = new("per_page", HsdaParameterType.Integer,
        $"Items per page: 1 to {MaxPerPage}, default {DefaultPerPage} (with minimal=true up to {MaxMinimalPerPage}, default {MaxMinimalPerPage}).");

    public static readonly HsdaParameter Format = new("format", HsdaParameterType.Text,
        "json (default: one page) or ndjson (every result, one JSON object a line, without paging; page and per_page are then refused).");

    public static readonly HsdaParameter TaxonomyTermId = new("taxonomy_term_id", HsdaParameterType.Text,
        "Only results linked to this taxonomy term (its id, or its code such as legal-aid); a service matches a term linked to it or to its organization.");

    public static readonly HsdaParameter TaxonomyId = new("taxonomy_id", HsdaParameterType.Text,
        "Only results linked to any term of this taxonomy (its id, or its name such as california-county-fips).");

    public static readonly HsdaParameter OrganizationId = new("organization_id", HsdaParameterType.Text,
        "Only results of this organization (its HSDS id).");

    public static readonly HsdaParameter ModifiedAfter = new("modified_after", HsdaParameterType.DateTime,
        "Only results modified on or after this time (ISO 8601, e.g. 2026-05-01T00:00:00Z; a time without offset is UTC). For incremental sync.");

    public static readonly HsdaParameter Minimal = new("minimal", HsdaParameterType.Boolean,
        "true: each service as its id and last_modified only (to find what changed or left), up to 10,000 a page.");

    public static readonly HsdaParameter Full = new("full", HsdaParameterType.Boolean,
        "true: each item fully nested (phones, schedules, service areas, languages, locations with addresses, attributes with their terms).");

    public static readonly HsdaParameter FullService = new("full_service", HsdaParameterType.Boolean,
        "true: the organization's services fully nested (implies full on the list).");

    public static readonly HsdaParameter Postcode = new("postcode", HsdaParameterType.Text,
        "A ZIP code: only results whose service area (California counties served) covers it; with proximity, only locations within that distance of its centre.");

    public static readonly HsdaParameter Proximity = new("proximity", HsdaParameterType.Integer,
        $"Meters (1 to {MaxProximityMeters}) from the centre of postcode (required with it); a location's position is the centre of its own ZIP code (addresses are not geocoded).");

    public static readonly HsdaParameter TopOnly = new("top_only", HsdaParameterType.Boolean,
        "true: only terms without a parent (every vocabulary here is flat, so every term).");

    public static readonly HsdaParameter ParentId = new("parent_id", HsdaParameterType.Text,
        "Only terms whose parent is this term id (the vocabularies here are flat: none).");

    public static IReadOnlyList<HsdaParameter> None { get; } = [];

    public static IReadOnlyList<HsdaParameter> ServiceList { get; } =
        [Search, Page, PerPage, Format, TaxonomyTermId, TaxonomyId, OrganizationId, ModifiedAfter, Minimal, Full, Postcode];

    public static IReadOnlyList<HsdaParameter> OrganizationList { get; } =
        [Search, FullService, Full, Page, PerPage, Format, TaxonomyTermId, TaxonomyId, OrganizationId, ModifiedAfter];

    public static IReadOnlyList<HsdaParameter> OrganizationItem { get; } = [FullService];

    public static IReadOnlyList<HsdaParameter> ServiceAtLocationList { get; } =
        [Search, TaxonomyTermId, TaxonomyId, OrganizationId, ModifiedAfter, Full, Page, PerPage, Format, Postcode, Proximity];

    public static IReadOnlyList<HsdaParameter> TaxonomyList { get; } = [Search, Page, PerPage, Format];

    public static IReadOnlyList<HsdaParameter> TaxonomyTermList { get; } = [Search, Page, PerPage, Format, TaxonomyId, TopOnly, ParentId];

    /// <summary>
    /// Reads the parameters an endpoint takes; every unknown, repeated or malformed one is named in the
    /// problem (all of them at once), and nothing is answered then.
    /// </summary>
    public static HsdaQuery? Parse(IQueryCollection query, IReadOnlyList<HsdaParameter> allowed, out ValidationProblem? problem)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var known = allowed.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in query)
        {
            if (!known.ContainsKey(name))
            {
                errors[name] = [UnknownMessage(name, allowed)];
            }
            else if (value.Count != 1)
            {
                errors[name] = [$"{name} is given {value.Count} times; give it once."];
            }
            else
            {
                values[name] = value[0] ?? string.Empty;
            }
        }

        string? Text(HsdaParameter p) => values.TryGetValue(p.Name, out var v) ? v : null;

        bool Flag(HsdaParameter p)
        {
            if (Text(p) is not { } v)
            {
                return false;
            }

            if (bool.TryParse(v, out var b))
            {
                return b;
            }

            errors[p.Name] = [$"{p.Name} must be true or false."];
            return false;
        }

        int? Number(HsdaParameter p, int min, int max)
        {
            if (Text(p) is not { } v)
            {
                return null;
            }

            if (int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max)
            {
                return n;
            }

            errors[p.Name] = [$"{p.Name} must be a whole number from {min} to {max}."];
            return null;
        }

        var minimal = Flag(Minimal);
        var full = Flag(Full);
        var fullService = Flag(FullService);
        var topOnly = Flag(TopOnly);
        var page = Number(Page, 1, MaxPage);
        var perPage = Number(PerPage, 1, minimal ? MaxMinimalPerPage : MaxPerPage);
        if (minimal && full)
        {
            errors[Minimal.Name] = ["minimal and full ask for opposite representations; give one of them."];
        }

        var ndjson = false;
        switch (Text(Format))
        {
            case null or "json":
                break;
            case "ndjson":
                ndjson = true;
                foreach (var paging in new[] { Page, PerPage }.Where(p => values.ContainsKey(p.Name)))
                {
                    errors[paging.Name] = [$"format=ndjson sends every result without paging; leave out {paging.Name}."];
                }

                break;
            default:
                errors[Format.Name] = ["format must be json or ndjson."];
                break;
        }

        var search = Text(Search);
        if (search is { Length: > MaxSearchLength })
        {
            errors[Search.Name] = [$"search can be at most {MaxSearchLength} characters."];
        }

        foreach (var id in new[] { TaxonomyTermId, TaxonomyId, ParentId })
        {
            if (Text(id) is { } v && (v.Length is 0 or > 100))
            {
                errors[id.Name] = [$"{id.Name} must be an id (or code) of 1 to 100 characters."];
            }
        }

        var organizationId = Text(OrganizationId);
        if (organizationId is not null && !Guid.TryParseExact(organizationId, "D", out _))
        {
            errors[OrganizationId.Name] = ["organization_id must be an HSDS organization id (a UUID such as 3f2b…-…)."];
        }

        DateTimeOffset? after = null;
        if (Text(ModifiedAfter) is { } modified)
        {
            if (DateTimeOffset.TryParse(modified, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                after = parsed;
            }
            else
            {
                errors[ModifiedAfter.Name] = [modified.Contains(' ', StringComparison.Ordinal)
                    ? "modified_after must be an ISO 8601 date and time such as 2026-05-01T00:00:00Z. A '+' in a URL reads as a space: write an offset as %2B07:00, or use Z."
                    : "modified_after must be an ISO 8601 date and time such as 2026-05-01T00:00:00Z."];
            }
        }

        string? postcode = null;
        if (Text(Postcode) is { } zip)
        {
            if (ZipCode().Match(zip.Trim()) is { Success: true } m)
            {
                postcode = m.Groups[1].Value;
            }
            else
            {
                errors[Postcode.Name] = ["postcode must be a US ZIP code: five digits, or ZIP+4 such as 93701-1234."];
            }
        }

        var proximity = Number(Proximity, 1, MaxProximityMeters);
        if (values.ContainsKey(Proximity.Name) && !values.ContainsKey(Postcode.Name))
        {
            errors[Proximity.Name] = ["proximity is measured from the centre of postcode; give postcode too."];
        }

        if (errors.Count > 0)
        {
            problem = TypedResults.ValidationProblem(errors, title: "The request was not accepted.");
            return null;
        }

        problem = null;
        return new HsdaQuery
        {
            Search = string.IsNullOrWhiteSpace(search) ? null : search,
            Page = page ?? 1,
            PerPage = perPage ?? (minimal ? MaxMinimalPerPage : DefaultPerPage),
            Ndjson = ndjson,
            TaxonomyTermId = Text(TaxonomyTermId),
            TaxonomyId = Text(TaxonomyId),
            OrganizationId = organizationId,
            ModifiedAfter = after,
            Minimal = minimal,
            Full = full || fullService,
            FullService = fullService,
            Postcode = postcode,
            ProximityMeters = proximity,
            TopOnly = topOnly,
            ParentId = Text(ParentId),
        };
    }

    private static string UnknownMessage(string name, IReadOnlyList<HsdaParameter> allowed) =>
        (name, allowed.Count) switch
        {
            ("sort_by" or "sort", _) => $"{name} is not a parameter of HSDA 3.0: results come in one fixed order (by name, then id), so pages stay stable while you read them.",
            (_, 0) => $"Unknown parameter '{name}': this endpoint takes no query parameters.",
            _ => $"Unknown parameter '{name}': this endpoint takes {string.Join(", ", allowed.Select(p => p.Name))}.",
        };

    [GeneratedRegex(@"^(\d{5})(?:-\d{4})?$")]
    private static partial Regex ZipCode();
}

/// <summary>The parameters of one HSDA request, checked (<see cref="HsdaParameters.Parse"/>).</summary>
public sealed record HsdaQuery
{
    public string? Search { get; init; }

    public int Page { get; init; } = 1;

    public int PerPage { get; init; } = HsdaParameters.DefaultPerPage;

    /// <summary>format=ndjson: every result, one object a line, no paging.</summary>
    public bool Ndjson { get; init; }

    public string? TaxonomyTermId { get; init; }

    public string? TaxonomyId { get; init; }

    public string? OrganizationId { get; init; }

    public DateTimeOffset? ModifiedAfter { get; init; }

    public bool Minimal { get; init; }

    public bool Full { get; init; }

    public bool FullService { get; init; }

    /// <summary>Five digits.</summary>
    public string? Postcode { get; init; }

    public int? ProximityMeters { get; init; }

    public bool TopOnly { get; init; }

    public string? ParentId { get; init; }
}
