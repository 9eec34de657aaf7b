using System.Collections.Immutable;
using System.Net.Mail;
using ConnectedCalifornia.Network;

namespace ConnectedCalifornia.Directory;

/// <summary>The rules of an organization's profile and members: normalization, validation and how changes read.</summary>
internal static class OrganizationRules
{
    public const int MaxWebsiteLength = 500;
    public const int MaxContacts = 20;
    public const int MaxContactLabelLength = 100;
    public const int MaxContactValueLength = 500;
    public const int MaxMembers = 1000;

    public static OrganizationProfile Normalize(OrganizationProfile profile) => profile with
    {
        Name = Network.Normalize.Text(profile.Name),
        Description = Network.Normalize.Text(profile.Description),
        SpanishDescription = Network.Normalize.OptionalText(profile.SpanishDescription),
        Website = Network.Normalize.OptionalText(profile.Website),
        Services = Network.Normalize.Codes(profile.Services),
        Populations = Network.Normalize.Codes(profile.Populations),
        Languages = Network.Normalize.Codes(profile.Languages),
        Counties = Network.Normalize.Codes(profile.Counties),
        Contacts = [.. Network.Normalize.Array(profile.Contacts).Select(c => c is null ? null! : c with
        {
            Label = Network.Normalize.Text(c.Label),
            Value = Network.Normalize.Text(c.Value),
        })],
        FieldVisibility = profile.FieldVisibility == FieldVisibility.AllPublic ? null : profile.FieldVisibility,
        ServiceDescriptions = ServiceDescriptionsOf(profile),
    };

    /// <summary>The services' own descriptions, trimmed, for services the profile lists and in their order; none is null.</summary>
    private static ImmutableArray<ServiceDescription>? ServiceDescriptionsOf(OrganizationProfile profile)
    {
        var services = Network.Normalize.Codes(profile.Services);
        var kept = Network.Normalize.Array(profile.ServiceDescriptions ?? [])
            .Where(d => d is not null && services.Contains(d.Code?.Trim() ?? string.Empty) && !string.IsNullOrWhiteSpace(d.Description))
            .Select(d => new ServiceDescription(d.Code.Trim(), d.Description.Trim()))
            .OrderBy(d => services.IndexOf(d.Code))
            .ToImmutableArray();
        return kept.IsEmpty ? null : kept;
    }

    /// <summary>
    /// Validates a profile against the current vocabularies: every code must be a term of its
    /// vocabulary, and a retired term only stays where the listing (<paramref name="before"/>) already had it.
    /// </summary>
    public static void Validate(OrganizationProfile profile, FieldValidator v, TaxonomyVocabularies taxonomy, OrganizationProfile? before)
    {
        v.Required("name", profile.Name, FieldValidator.MaxNameLength, "Name");
        v.Defined("kind", profile.Kind, "Kind");
        v.MaxLength("description", profile.Description, FieldValidator.MaxDescriptionLength, "Description");
        v.MaxLength("spanishDescription", profile.SpanishDescription, FieldValidator.MaxDescriptionLength, "Description in Spanish");
        v.WebAddress("website", profile.Website, MaxWebsiteLength, "Website");
        Terms(v, "services", profile.Services, taxonomy, Vocabulary.Services, before?.Services);
        Terms(v, "populations", profile.Populations, taxonomy, Vocabulary.Populations, before?.Populations);
        Terms(v, "languages", profile.Languages, taxonomy, Vocabulary.Languages, before?.Languages);
        v.Counties("counties", profile.Counties);
        ValidateContacts(profile.Contacts, v);
        ValidateHours(profile.Hours, v);
        foreach (var described in (profile.ServiceDescriptions ?? []).GroupBy(d => d.Code, StringComparer.Ordinal))
        {
            if (described.Count() > 1)
            {
                v.Add("serviceDescriptions", $"The service '{described.Key}' has {described.Count()} descriptions; give it one.");
            }

            v.MaxLength("serviceDescriptions", described.First().Description, FieldValidator.MaxDescriptionLength, $"The description of the service '{described.Key}'");
        }

        if (profile.FieldVisibility is { } visibility)
        {
            foreach (var field in FieldVisibility.Fields)
            {
                v.Defined($"fieldVisibility.{field}", visibility.Of(field), $"Who sees the {Label(field)}");
            }
        }
    }

    /// <summary>Opening hours: 24/7 without ranges, or ranges whose close is after their open, at most a few a day, none overlapping.</summary>
    private static void ValidateHours(OpeningHours? hours, FieldValidator v)
    {
        if (hours is null)
        {
            return;
        }

        var ranges = Network.Normalize.Array(hours.Ranges);
        if (hours.AlwaysOpen && ranges.Length > 0)
        {
            v.Add("hours", "Open 24/7 takes no opening ranges: remove the ranges or switch 24/7 off.");
            return;
        }

        if (ranges.Any(r => r is null))
        {
            v.Add("hours", "An opening range is empty.");
            return;
        }

        foreach (var day in ranges.GroupBy(r => r.Day))
        {
            if (!Enum.IsDefined(day.Key))
            {
                v.Add("hours", $"'{day.Key}' is not a day of the week.");
                continue;
            }

            var list = day.OrderBy(r => r.Opens).ToList();
            if (list.Count > OpeningHours.MaxRangesPerDay)
            {
                v.Add("hours", $"{day.Key}: at most {OpeningHours.MaxRangesPerDay} opening ranges a day (there are {list.Count}).");
                continue;
            }

            foreach (var r in list)
            {
                if (r.Opens is < 0 or >= OpeningRange.EndOfDay || r.Closes is <= 0 or > OpeningRange.EndOfDay)
                {
                    v.Add("hours", $"{day.Key}: times are between 12:00 AM and midnight.");
                }
                else if (r.Closes <= r.Opens)
                {
                    v.Add("hours", $"{day.Key}: closing time ({OpeningRange.Clock(r.Closes)}) must be after opening time ({OpeningRange.Clock(r.Opens)}). Hours past midnight are two ranges: to 12:00 AM and from 12:00 AM the next day.");
                }
            }

            if (list.Zip(list.Skip(1)).Any(p => p.Second.Opens < p.First.Closes))
            {
                v.Add("hours", $"{day.Key}: opening ranges overlap.");
            }
        }
    }

    private static void Terms(FieldValidator v, string field, ImmutableArray<string> codes, TaxonomyVocabularies taxonomy, Vocabulary vocabulary, ImmutableArray<string>? held)
    {
        var newlyRetired = codes.Where(c => taxonomy.Find(vocabulary, c) is { Retired: true } && !(held is { } h && h.Contains(c))).Distinct(StringComparer.Ordinal).ToList();
        if (newlyRetired.Count > 0)
        {
            v.Add(field, $"No longer offered (retired by the curators): {string.Join(", ", newlyRetired.Select(c => $"{taxonomy.Find(vocabulary, c)!.Label} ('{c}')"))}.");
        }

        v.Codes(field, codes, c => taxonomy.Find(vocabulary, c) is not null, field);
    }

    public static void Validate(OrganizationMember? member, FieldValidator v)
    {
        if (member is null)
        {
            v.Add("member", "The member is required.");
            return;
        }

        v.Required("member.userId", member.UserId, FieldValidator.MaxUserIdLength, "The member's user id");
        v.Required("member.displayName", member.DisplayName, FieldValidator.MaxDisplayNameLength, "The member's name");
        v.Defined("member.role", member.Role, "Role");
    }

    /// <summary>What the history writes instead of the value of a field only the organization sees.</summary>
    public const string OrganizationOnlyValue = "(organization only)";

    /// <summary>
    /// Each field of a profile as history reads it. Only public contact values are written out, and
    /// no value of a field only the organization sees (unless <paramref name="reveal"/>, to compare).
    /// </summary>
    public static IEnumerable<(string Field, string? Value)> Fields(OrganizationProfile? p, bool reveal = false)
    {
        string? Value(string field, string? value) =>
            reveal || p is null || p.VisibilityOf(field) != Visibility.Organization || string.IsNullOrEmpty(value) ? value : OrganizationOnlyValue;

        yield return ("name", p?.Name);
        yield return ("kind", p?.Kind.ToString());
        yield return ("description", Value(FieldVisibility.DescriptionField, p?.Description));
        yield return ("spanishDescription", Value(FieldVisibility.DescriptionField, p?.SpanishDescription));
        yield return ("website", Value(FieldVisibility.WebsiteField, p?.Website));
        yield return ("services", p is null ? null : Value(FieldVisibility.ServicesField, ChangeLog.Join(p.Services)));
        yield return ("populations", p is null ? null : Value(FieldVisibility.PopulationsField, ChangeLog.Join(p.Populations)));
        yield return ("languages", p is null ? null : Value(FieldVisibility.LanguagesField, ChangeLog.Join(p.Languages)));
        yield return ("counties", p is null ? null : ChangeLog.Join(p.Counties));
        yield return ("contacts", p is null ? null : string.Join("; ", p.Contacts.Select(c => reveal ? $"{c.Label} ({c.Kind}, {c.Visibility}): {c.Value}" : Describe(c))));
        yield return ("acceptingReferrals", p?.AcceptingReferrals.ToString().ToLowerInvariant());
        yield return ("hours", Value(FieldVisibility.HoursField, p?.Hours?.ToString()));
        yield return ("serviceDescriptions", p is null ? null : Value(FieldVisibility.ServicesField, string.Join("; ", (p.ServiceDescriptions ?? []).Select(d => $"{d.Code}: {d.Description}"))));
        yield return ("fieldVisibility", p?.FieldVisibility?.ToString() ?? (p is null ? null : string.Empty));
    }

    /// <summary>How a changed field reads in a public summary.</summary>
    public static string Label(string field) => field switch
    {
        "acceptingReferrals" => "accepting referrals",
        "hours" => "opening hours",
        "serviceDescriptions" => "descriptions of services",
        "spanishDescription" => "description in Spanish",
        "fieldVisibility" => "who sees which field",
        "requireTwoFactor" => "two-factor sign-in",
        _ => field,
    };

    public static string Describe(OrganizationMember? member) =>
        member is null ? string.Empty : $"{member.DisplayName} ({member.UserId}): {member.Role}";

    /// <summary>
    /// A contact as history records it. Values that are not public (a confidential shelter
    /// address, a staff line) are never copied into the history.
    /// </summary>
    private static string Describe(Contact contact) =>
        contact.Visibility == Visibility.Public
            ? $"{contact.Label} ({contact.Kind}): {contact.Value}"
            : $"{contact.Label} ({contact.Kind}, {contact.Visibility} only)";

    private static void ValidateContacts(ImmutableArray<Contact> contacts, FieldValidator v)
    {
        if (contacts.Length > MaxContacts)
        {
            v.Add("contacts", $"At most {MaxContacts} contacts can be listed (there are {contacts.Length}).");
            return;
        }

        for (var i = 0; i < contacts.Length; i++)
        {
            var contact = contacts[i];
            var field = $"contacts[{i}]";
            if (contact is null)
            {
                v.Add(field, "The contact is empty.");
                continue;
            }

            v.Required($"{field}.label", contact.Label, MaxContactLabelLength, "The contact's label");
            v.Defined($"{field}.kind", contact.Kind, "Contact kind");
            v.Defined($"{field}.visibility", contact.Visibility, "Visibility");
            v.Required($"{field}.value", contact.Value, MaxContactValueLength, "The contact's value");
            if (string.IsNullOrEmpty(contact.Value) || contact.Value.Length > MaxContactValueLength)
            {
                continue;
            }

            switch (contact.Kind)
            {
                case ContactKind.Email when !IsEmail(contact.Value):
                    v.Add($"{field}.value", "Not a valid email address, such as intake@example.org.");
                    break;
                case ContactKind.Phone when !IsPhone(contact.Value):
                    v.Add($"{field}.value", "Not a valid phone number: 3 to 15 digits, with spaces, dashes, dots, parentheses, a leading + and an extension (x123) allowed.");
                    break;
                case ContactKind.Website when !FieldValidator.IsWebAddress(contact.Value):
                    v.Add($"{field}.value", "A web address must start with https:// or http://.");
                    break;
            }
        }
    }

    public static bool IsEmail(string value)
    {
        if (value.Any(char.IsWhiteSpace) || !MailAddress.TryCreate(value, out var address) || address.Address != value)
        {
            return false;
        }

        var at = value.LastIndexOf('@');
        var domain = value[(at + 1)..];
        return at > 0 && domain.Contains('.', StringComparison.Ordinal) && !domain.StartsWith('.') && !domain.EndsWith('.');
    }

    /// <summary>3 (211, 988) to 15 digits (E.164), separators, a leading +, an optional extension.</summary>
    public static bool IsPhone(string value)
    {
        var number = value;
        var extension = value.IndexOfAny(['x', 'X']);
        if (extension >= 0)
        {
            var tail = value[(extension + 1)..].TrimStart('.', 't', 'T', ' ');
            if (tail.Length is 0 or > 6 || !tail.All(char.IsAsciiDigit))
            {
                return false;
            }

            number = value[..extension].TrimEnd(' ', 'e', 'E');
        }

        var digits = 0;
        for (var i = 0; i < number.Length; i++)
        {
            var c = number[i];
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (c == '+' ? i != 0 : c is not (' ' or '-' or '.' or '(' or ')'))
            {
                return false;
            }
        }

        return digits is >= 3 and <= 15;
    }
}
