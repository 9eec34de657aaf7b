using System.Collections.Immutable;
using ConnectedCalifornia.Directory;

namespace ConnectedCalifornia.Web.Directory;

/// <summary>A term as a listing shows it: its code, its label, and its Spanish label when curators gave one.</summary>
public sealed record TermView(string Code, string Label, string? Spanish = null)
{
    /// <summary>The label in the reader's language (the page's culture): Spanish on the Spanish pages when there is one.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Shown => Localized(Label, Spanish);

    internal static string Localized(string label, string? spanish) =>
        !string.IsNullOrEmpty(spanish) && IsSpanishPage ? spanish : label;

    /// <summary>Whether the page is being read in Spanish (its culture).</summary>
    internal static bool IsSpanishPage => System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "es";

    /// <summary>Whether a text shown through <see cref="Localized"/> with this Spanish version is in the page's language (else a page marks it <c>lang="en"</c>).</summary>
    internal static bool ShowsInPageLanguage(string? spanish) => !IsSpanishPage || !string.IsNullOrEmpty(spanish);
}

public sealed record ContactView(string Label, ContactKind Kind, string Value, Visibility Visibility);

public sealed record MemberView(string UserId, string DisplayName, OrganizationRole Role);

/// <summary>
/// An organization as one caller may see it: fields and contacts above the caller's tier are left out
/// (empty); <see cref="FieldVisibility"/> says who sees each field, so a page can mark what is not public.
/// </summary>
public sealed record OrganizationView(
    string Id,
    string Name,
    OrganizationKind Kind,
    string Description,
    string? Website,
    ImmutableArray<TermView> Services,
    ImmutableArray<TermView> Populations,
    ImmutableArray<TermView> Languages,
    ImmutableArray<TermView> Counties,
    ImmutableArray<ContactView> Contacts,
    bool AcceptingReferrals,
    VerificationStatus Verification,
    DateTimeOffset? VerifiedAt,
    bool RequireTwoFactor,
    long Version,
    DateTimeOffset UpdatedAt,
    ImmutableArray<MemberView>? Members,
    OpeningHours? Hours = null,
    FieldVisibility? FieldVisibility = null,
    ImmutableArray<ServiceDescription>? ServiceDescriptions = null,
    string? SpanishDescription = null)
{
    /// <summary>The description in the reader's language (the page's culture): the organization's Spanish text on the Spanish pages when it gave one.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string ShownDescription => TermView.Localized(Description, SpanishDescription);

    /// <summary>Whether <see cref="ShownDescription"/> is in the page's language (a Spanish page showing the English text marks it <c>lang="en"</c>).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool DescriptionInPageLanguage => TermView.ShowsInPageLanguage(SpanishDescription);
}

public sealed record OrganizationListItem(
    string Id,
    string Name,
    string Category,
    ImmutableArray<TermView> Counties,
    long Version);

public sealed record Page<T>(ImmutableArray<T> Items, int PageNumber, int PageSize, int TotalItems)
{
    public int TotalPages => PageSize == 0 ? 0 : (TotalItems + PageSize - 1) / PageSize;
}

public static class OrganizationViewMapping
{
    public static TermView County(string fips) => new(fips, California.NameOf(fips));

    /// <summary>The view of an organization with the labels of <paramref name="taxonomy"/> (the current vocabularies).</summary>
    public static OrganizationView ToView(this OrganizationDetails d, Visibility highestVisible, bool includeMembers, TaxonomyView taxonomy)
    {
        var p = d.Profile.SeenBy(highestVisible);
        return new(
            d.Id,
            p.Name,
            p.Kind,
            p.Description,
            p.Website,
            taxonomy.Views(Vocabulary.Services, p.Services),
            taxonomy.Views(Vocabulary.Populations, p.Populations),
            taxonomy.Views(Vocabulary.Languages, p.Languages),
            [.. Safe(p.Counties).Select(County)],
            [.. Safe(p.Contacts).Select(c => new ContactView(c.Label, c.Kind, c.Value, c.Visibility))],
            p.AcceptingReferrals,
            d.Verification,
            d.VerifiedAt,
            d.RequireTwoFactor,
            d.Version,
            d.UpdatedAt,
            includeMembers ? [.. d.Members.Select(m => new MemberView(m.UserId, m.DisplayName, m.Role))] : null,
            p.Hours,
            p.FieldVisibility ?? FieldVisibility.AllPublic,
            p.ServiceDescriptions,
            p.SpanishDescription);
    }

    public static ImmutableArray<T> Safe<T>(ImmutableArray<T> items) => items.IsDefault ? [] : items;
}
