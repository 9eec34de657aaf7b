using ConnectedCalifornia.Directory;

namespace ConnectedCalifornia.Web.Directory;

/// <summary>The editable form of a proposed organization profile (the join page): plain fields, turned into a profile on submit.</summary>
public sealed class OrganizationDraft
{
    public string Name { get; set; } = string.Empty;

    public OrganizationKind Kind { get; set; } = OrganizationKind.Nonprofit;

    public string Description { get; set; } = string.Empty;

    public string? Website { get; set; }

    public string? PublicPhone { get; set; }

    public string? PublicEmail { get; set; }

    public IReadOnlyCollection<string> Services { get; set; } = [];

    public IReadOnlyCollection<string> Populations { get; set; } = [];

    public IReadOnlyCollection<string> Languages { get; set; } = [];

    public IReadOnlyCollection<string> Counties { get; set; } = [];

    public bool AcceptingReferrals { get; set; }

    public string? Note { get; set; }

    public OrganizationProfile ToProfile()
    {
        List<Contact> contacts = [];
        if (!string.IsNullOrWhiteSpace(PublicPhone))
        {
            contacts.Add(new Contact("Main line", ContactKind.Phone, PublicPhone.Trim(), Visibility.Public));
        }

        if (!string.IsNullOrWhiteSpace(PublicEmail))
        {
            contacts.Add(new Contact("E-mail", ContactKind.Email, PublicEmail.Trim(), Visibility.Public));
        }

        return new OrganizationProfile(
            Name ?? string.Empty, Kind, Description ?? string.Empty, string.IsNullOrWhiteSpace(Website) ? null : Website.Trim(),
            [.. Services], [.. Populations], [.. Languages], [.. Counties], [.. contacts], AcceptingReferrals);
    }

    public static OrganizationDraft From(OrganizationProfile profile, string? note) => new()
    {
        Name = profile.Name,
        Kind = profile.Kind,
        Description = profile.Description,
        Website = profile.Website,
        PublicPhone = profile.Contacts.FirstOrDefault(c => c.Kind == ContactKind.Phone)?.Value,
        PublicEmail = profile.Contacts.FirstOrDefault(c => c.Kind == ContactKind.Email)?.Value,
        Services = profile.Services,
        Populations = profile.Populations,
        Languages = profile.Languages,
        Counties = profile.Counties,
        AcceptingReferrals = profile.AcceptingReferrals,
        Note = note,
    };
}
