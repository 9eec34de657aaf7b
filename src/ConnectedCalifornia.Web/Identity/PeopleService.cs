using ConnectedCalifornia.Network;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ConnectedCalifornia.Web.Identity;

public sealed record PersonView(string UserId, string Email, string DisplayName, bool IsCurator, bool IsSystemAdmin, bool TwoFactorEnabled, bool LockedOut, bool Invited = false);

/// <summary>
/// Accounts of the network, for system admins (create accounts, grant the curator role) and for
/// organization admins (find a colleague's account by e-mail to add them as a member).
/// </summary>
public sealed class PeopleService(UserManager<ApplicationUser> users, AccountLinks links, TimeProvider clock)
{
    public const int MaxPageSize = 100;

    public async Task<(IReadOnlyList<PersonView> Items, int Total)> ListAsync(string? search, int page, int pageSize)
    {
        IQueryable<ApplicationUser> query = users.Users;
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim().ToUpperInvariant();
            query = query.Where(u => u.NormalizedEmail!.Contains(term) || u.DisplayName.ToUpper().Contains(term));
        }

        var total = await query.CountAsync();
        var accounts = await query.OrderBy(u => u.NormalizedEmail).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync();
        var items = new List<PersonView>(accounts.Count);
        foreach (var account in accounts)
        {
            items.Add(await ToViewAsync(account));
        }

        return (items, total);
    }

    public async Task<PersonView?> FindByEmailAsync(string email) =>
        await users.FindByEmailAsync(email.Trim()) is { } account ? await ToViewAsync(account) : null;

    /// <summary>
    /// Invites a person by e-mail: creates their account without a password (it cannot sign in yet), as a
    /// curator if asked, and sends the invitation with a one-time link where they choose their password
    /// (privileged people then set up two-factor sign-in at their first sign-in). Nothing is created when a field is wrong.
    /// </summary>
    public async Task<(PersonView? Person, IDictionary<string, string[]> Errors)> InviteAsync(string? email, string? displayName, bool curator, string invitedByName)
    {
        var errors = new Dictionary<string, string[]>();
        email = (email ?? string.Empty).Trim();
        displayName = (displayName ?? string.Empty).Trim();
        if (email.Length is 0 or > 256 || !System.Net.Mail.MailAddress.TryCreate(email, out var parsed) || parsed.Address != email)
        {
            errors["email"] = ["Enter a valid e-mail address (at most 256 characters)."];
        }
        else if (await users.FindByEmailAsync(email) is not null)
        {
            errors["email"] = ["An account with this e-mail already exists."];
        }

        if (displayName.Length is 0 or > 120)
        {
            errors["displayName"] = ["Enter the person's name (at most 120 characters)."];
        }
        else if (displayName.Any(c => char.IsControl(c) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069'))
        {
            errors["displayName"] = ["The name contains control or direction-override characters; type it again."];
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var account = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = false, DisplayName = displayName };
        var result = await users.CreateAsync(account);
        if (!result.Succeeded)
        {
            return (null, new Dictionary<string, string[]> { ["email"] = [.. result.Errors.Select(e => e.Description)] });
        }

        if (curator)
        {
            await users.AddToRoleAsync(account, NetworkRoles.Curator);
        }

        await links.NotifyAsync(account, ConnectedCalifornia.Notifications.NotificationKinds.AccountInvitation, ("invited.by", invitedByName), ("role", curator ? InvitedRoles.Curator : InvitedRoles.Member));
        return (await ToViewAsync(account), errors);
    }

    public async Task<CommandResult> SetCuratorAsync(string userId, bool curator)
    {
        var account = await users.FindByIdAsync(userId);
        if (account is null)
        {
            return CommandResult.Missing("The account");
        }

        var has = await users.IsInRoleAsync(account, NetworkRoles.Curator);
        var result = curator == has ? IdentityResult.Success
            : curator ? await users.AddToRoleAsync(account, NetworkRoles.Curator)
            : await users.RemoveFromRoleAsync(account, NetworkRoles.Curator);
        return result.Succeeded
            ? CommandResult.Ok(clock.GetUtcNow().ToUnixTimeMilliseconds())
            : CommandResult.Invalid("curator", string.Join(" ", result.Errors.Select(e => e.Description)));
    }

    private async Task<PersonView> ToViewAsync(ApplicationUser account) => new(
        account.Id,
        account.Email ?? string.Empty,
        account.DisplayName,
        await users.IsInRoleAsync(account, NetworkRoles.Curator),
        await users.IsInRoleAsync(account, NetworkRoles.SystemAdmin),
        account.TwoFactorEnabled,
        account.LockoutEnd is { } end && end > clock.GetUtcNow(),
        !await users.HasPasswordAsync(account));
}
