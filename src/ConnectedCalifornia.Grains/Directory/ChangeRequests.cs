using System.Collections.Immutable;
using ConnectedCalifornia.Network;

namespace ConnectedCalifornia.Directory;

/// <summary>
/// The rules of change requests on a verified listing: which part of an edit applies at once, what
/// waits for a curator, how a request is merged with a newer edit and how an accepted field applies.
/// </summary>
internal static class ChangeRequests
{
    /// <summary>How many decided fields an organization keeps to show its admins.</summary>
    public const int MaxDecisions = 50;

    /// <summary>
    /// What of an edit applies at once on a verified listing: accepting referrals, opening hours (and who
    /// sees them), the contacts that are not public, and every field the edit keeps from the public
    /// (its value and its visibility). A public contact the edit makes non-public (same kind and value, now
    /// network or organization only) is withdrawn from the public at once, so a shelter can always
    /// hide an address or a field without waiting; every other change of public contacts waits, and so
    /// does a field made public (it becomes part of the reviewed listing).
    /// </summary>
    public static OrganizationProfile ApplyAtOnce(OrganizationProfile current, OrganizationProfile edited)
    {
        var hiddenFields = VerifiedFields.All.Where(f => FieldVisibility.Fields.Contains(f) && edited.VisibilityOf(f) != Visibility.Public);
        current = hiddenFields.Aggregate(current, (listing, field) => Apply(field, listing, edited));

        var hidden = edited.Contacts.Where(c => c.Visibility != Visibility.Public).Select(c => (c.Kind, c.Value)).ToHashSet();
        var contacts = current.Contacts
            .Where(c => c.Visibility == Visibility.Public && !hidden.Contains((c.Kind, c.Value)))
            .Concat(edited.Contacts.Where(c => c.Visibility != Visibility.Public))
            .ToImmutableArray();
        if (SameSet(contacts, current.Contacts))
        {
            // Nothing moved in or out: keep the stored order, so an untouched save records nothing.
            contacts = current.Contacts;
        }

        var visibility = (current.FieldVisibility ?? FieldVisibility.AllPublic) with { Hours = edited.VisibilityOf(FieldVisibility.HoursField) };
        return current with
        {
            AcceptingReferrals = edited.AcceptingReferrals,
            Hours = edited.Hours,
            Contacts = contacts,
            FieldVisibility = visibility == FieldVisibility.AllPublic ? null : visibility,
        };
    }

    /// <summary>
    /// The request after an edit: every verified field whose edited value differs from the listing,
    /// keeping the earlier entry (its requester and time) where the listing and the requested value are
    /// both unchanged. Null when nothing differs (the edit withdrew whatever was waiting).
    /// </summary>
    public static PendingChanges? Merge(PendingChanges? open, OrganizationProfile listing, OrganizationProfile edited, Actor actor, DateTimeOffset at, long revision)
    {
        var proposed = edited with { Contacts = [.. edited.Contacts.Where(c => c.Visibility == Visibility.Public)] };
        var fields = ImmutableArray.CreateBuilder<FieldChange>();
        foreach (var field in VerifiedFields.All)
        {
            var before = Items(field, listing);
            var after = Items(field, proposed);
            if (Normalize.SameItems(before, after))
            {
                continue;
            }

            var earlier = open?.Fields.FirstOrDefault(f => f.Field == field);
            fields.Add(earlier is not null && Normalize.SameItems(earlier.Before, before) && Normalize.SameItems(earlier.After, after)
                ? earlier
                : new FieldChange(field, before, after, actor.UserId, actor.DisplayName, at));
        }

        if (fields.Count == 0)
        {
            return null;
        }

        var merged = fields.ToImmutable();
        if (open is not null && open.Fields.SequenceEqual(merged))
        {
            // Every entry was kept, so the requested values are the same: the request does not change.
            return open;
        }

        return new PendingChanges
        {
            Revision = revision,
            OpenedAt = open?.OpenedAt ?? at,
            UpdatedAt = at,
            Proposed = proposed,
            Fields = merged,
        };
    }

    /// <summary>
    /// A field's value as the public reads it and a request shows it: one item for a single value (none
    /// when empty or not public), the codes of a list, public contacts as "label (kind): value". Only
    /// public values are ever listed: a field kept from the public reads as empty.
    /// </summary>
    public static ImmutableArray<string> Items(string field, OrganizationProfile profile)
    {
        var p = profile.SeenBy(Visibility.Public);
        return field switch
        {
            VerifiedFields.Name => One(p.Name),
            VerifiedFields.Kind => [p.Kind.ToString()],
            VerifiedFields.Description => One(p.Description),
            VerifiedFields.SpanishDescription => One(p.SpanishDescription),
            VerifiedFields.Website => One(p.Website),
            VerifiedFields.Services => Normalize.Array(p.Services),
            VerifiedFields.Populations => Normalize.Array(p.Populations),
            VerifiedFields.Languages => Normalize.Array(p.Languages),
            VerifiedFields.Counties => Normalize.Array(p.Counties),
            VerifiedFields.PublicContacts => [.. p.Contacts.Select(c => $"{c.Label} ({c.Kind}): {c.Value}")],
            _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Not a verified field."),
        };
    }

    /// <summary>
    /// The listing with one requested field taken from <paramref name="proposed"/>, with who sees it;
    /// public contacts replace the listing's public ones and keep the others.
    /// </summary>
    public static OrganizationProfile Apply(string field, OrganizationProfile listing, OrganizationProfile proposed)
    {
        var applied = Take(field, listing, proposed);
        if (!FieldVisibility.Fields.Contains(field))
        {
            return applied;
        }

        var visibility = (listing.FieldVisibility ?? FieldVisibility.AllPublic).With(field, proposed.VisibilityOf(field));
        return applied with { FieldVisibility = visibility == FieldVisibility.AllPublic ? null : visibility };
    }

    private static OrganizationProfile Take(string field, OrganizationProfile listing, OrganizationProfile proposed) => field switch
    {
        VerifiedFields.Name => listing with { Name = proposed.Name },
        VerifiedFields.Kind => listing with { Kind = proposed.Kind },
        VerifiedFields.Description => listing with { Description = proposed.Description },
        VerifiedFields.SpanishDescription => listing with { SpanishDescription = proposed.SpanishDescription },
        VerifiedFields.Website => listing with { Website = proposed.Website },
        VerifiedFields.Services => listing with { Services = proposed.Services },
        VerifiedFields.Populations => listing with { Populations = proposed.Populations },
        VerifiedFields.Languages => listing with { Languages = proposed.Languages },
        VerifiedFields.Counties => listing with { Counties = proposed.Counties },
        VerifiedFields.PublicContacts => listing with
        {
            Contacts = [.. proposed.Contacts.Where(c => c.Visibility == Visibility.Public), .. listing.Contacts.Where(c => c.Visibility != Visibility.Public)],
        },
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Not a verified field."),
    };

    /// <summary>The fields whose listing value is no longer the one the request was made on.</summary>
    public static ImmutableArray<string> Stale(PendingChanges request, OrganizationProfile listing) =>
        [.. request.Fields.Where(f => !Normalize.SameItems(f.Before, Items(f.Field, listing))).Select(f => f.Field)];

    public static string Describe(ImmutableArray<string> items) => items.IsDefaultOrEmpty ? "(empty)" : string.Join(", ", items);

    private static ImmutableArray<string> One(string? value) => string.IsNullOrEmpty(value) ? [] : [value];

    private static bool SameSet(ImmutableArray<Contact> left, ImmutableArray<Contact> right) =>
        left.Length == right.Length && left.Order(ContactOrder.Instance).SequenceEqual(right.Order(ContactOrder.Instance));

    private sealed class ContactOrder : IComparer<Contact>
    {
        public static readonly ContactOrder Instance = new();

        public int Compare(Contact? x, Contact? y) =>
            (x, y) switch
            {
                (null, null) => 0,
                (null, _) => -1,
                (_, null) => 1,
                _ => string.CompareOrdinal($"{x.Kind}|{x.Visibility}|{x.Label}|{x.Value}", $"{y.Kind}|{y.Visibility}|{y.Label}|{y.Value}"),
            };
    }
}
