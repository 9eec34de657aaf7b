using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using ConnectedCalifornia.Directory;

namespace ConnectedCalifornia.Identity;

/// <summary>One organization's open invitation of a person, as the person's invitation list keeps it.</summary>
[GenerateSerializer, Immutable, Alias("cc.PersonInvitation")]
public sealed record PersonInvitation(
    [property: Id(0)] string OrganizationId,
    [property: Id(1)] string InvitationId,
    [property: Id(2)] OrganizationRole Role,
    [property: Id(3)] DateTimeOffset InvitedAt,
    [property: Id(4)] string InvitedByName);

/// <summary>
/// The open member invitations addressed to one e-mail address (key: <see cref="PersonInvitations.KeyOf"/>),
/// whether or not an account with that address exists yet. A read model the organization grains keep in
/// step; the organization's own invitation is what counts when the person answers.
/// </summary>
[Alias("cc.IPersonInvitationsGrain")]
public interface IPersonInvitationsGrain : IGrainWithStringKey
{
    [Alias("Get")]
    Task<ImmutableArray<PersonInvitation>> Get();

    /// <summary>Adds or replaces this organization's invitation.</summary>
    [Alias("Set")]
    Task Set(PersonInvitation invitation);

    /// <summary>
    /// Adds or replaces this organization's invitation and tells the address by e-mail (a new invitation
    /// only): the e-mail lets a person without an account set one up.
    /// </summary>
    [Alias("Invite")]
    Task Invite(PersonInvitation invitation, string email, string organizationName);

    /// <summary>Drops this organization's invitation (answered or withdrawn).</summary>
    [Alias("Remove")]
    Task Remove(string organizationId);
}

public static class PersonInvitations
{
    /// <summary>The longest e-mail address an invitation takes (as accounts).</summary>
    public const int MaxEmailLength = 256;

    /// <summary>
    /// The key of an address's invitation list: a hash of the address without case, so the address
    /// itself never appears in a grain key, a log line or a storage row's id.
    /// </summary>
    public static string KeyOf(string email)
    {
        var normalized = email.Trim().ToUpperInvariant();
        return "inv-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalized)))[..48];
    }

    /// <summary>Whether <paramref name="email"/> is the address of the invitation list with key <paramref name="key"/>.</summary>
    public static bool SameKey(string key, string? email) => email is not null && key == KeyOf(email);

    /// <summary>Whether two addresses are the same account's (without case, as Identity compares them).</summary>
    public static bool SameAddress(string? a, string? b) =>
        a is not null && b is not null && string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);
}
