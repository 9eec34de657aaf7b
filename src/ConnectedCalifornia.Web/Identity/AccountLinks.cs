using ConnectedCalifornia.Network;
using ConnectedCalifornia.Notifications;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace ConnectedCalifornia.Web.Identity;

/// <summary>Invitation links live a week; a password reset's the Identity default (a day).</summary>
public sealed class InvitationTokenProviderOptions : DataProtectionTokenProviderOptions
{
    public InvitationTokenProviderOptions()
    {
        Name = AccountLinks.InvitationProvider;
        TokenLifespan = AccountLinks.InvitationLifetime;
    }
}

/// <summary>Signs invitation links with the app's Data Protection keys and the account's security stamp (so a link works once: setting the password changes the stamp).</summary>
public sealed class InvitationTokenProvider(IDataProtectionProvider protection, IOptions<InvitationTokenProviderOptions> options, ILogger<DataProtectorTokenProvider<ApplicationUser>> logger)
    : DataProtectorTokenProvider<ApplicationUser>(protection, options, logger);

/// <summary>
/// Accounts by e-mail. A system admin's or an organization admin's invitation becomes an account only
/// when the message is delivered: an account without a password (it cannot sign in) and a one-time link,
/// valid for <see cref="InvitationLifetime"/>, where the person chooses their password and so confirms
/// their address. An address that already has an account gets a link to its invitations instead.
/// </summary>
public sealed class AccountLinks(UserManager<ApplicationUser> users, INotificationOutbox outbox, TimeProvider clock)
{
    public const string InvitationProvider = "cc-invitation";
    public const string InvitationPurpose = "set-up-account";
    public static readonly TimeSpan InvitationLifetime = TimeSpan.FromDays(7);

    /// <summary>
    /// The path of the one-time set-up link of the account of <paramref name="email"/>, creating the account
    /// (unconfirmed, without a password) when there is none; null when the account is already set up.
    /// </summary>
    public async Task<string?> SetUpPathAsync(string email, string? displayName)
    {
        var account = await EnsureAccountAsync(email, displayName);
        if (await users.HasPasswordAsync(account))
        {
            return null;
        }

        var code = await users.GenerateUserTokenAsync(account, InvitationProvider, InvitationPurpose);
        return $"/Account/AcceptInvitation?userId={Uri.EscapeDataString(account.Id)}&code={Uri.EscapeDataString(code)}";
    }

    /// <summary>The id of the account of <paramref name="email"/>, or null when the address has none (nothing is created).</summary>
    public async Task<string?> AccountIdOfAsync(string email) => (await users.FindByEmailAsync(email))?.Id;

    /// <summary>
    /// The account of <paramref name="email"/>: the existing one (never a second account for an address), or a
    /// new one, unconfirmed and without a password, that its owner sets up from a one-time link.
    /// </summary>
    public async Task<ApplicationUser> EnsureAccountAsync(string email, string? displayName)
    {
        var account = await users.FindByEmailAsync(email);
        if (account is null)
        {
            account = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = false, DisplayName = Clean(displayName, email) };
            var created = await users.CreateAsync(account);
            if (!created.Succeeded)
            {
                // Created meanwhile by another delivery of the same invitation: use that one.
                account = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException("The invited account could not be created.");
            }
        }

        return account;
    }

    /// <summary>Whether <paramref name="code"/> is a valid, unused set-up link of the account.</summary>
    public Task<bool> IsValidAsync(ApplicationUser account, string code) =>
        users.VerifyUserTokenAsync(account, InvitationProvider, InvitationPurpose, code);

    /// <summary>Queues an account e-mail (an invitation of a system admin, two-factor turned off) for one person.</summary>
    public Task NotifyAsync(ApplicationUser account, string kind, params (string Key, string Value)[] facts)
    {
        var at = clock.GetUtcNow();
        var builder = System.Collections.Immutable.ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in facts)
        {
            builder[key] = value;
        }

        var notification = new Notification($"account:{account.Id}:{kind}:{at.ToUnixTimeMilliseconds()}", kind, at, [NotificationAudience.Person(account.Id)], builder.ToImmutable(), null);
        return outbox.SaveAsync([notification]);
    }

    private static string Clean(string? name, string email) =>
        string.IsNullOrWhiteSpace(name) ? email.Split('@')[0] : name.Trim()[..Math.Min(name.Trim().Length, 120)];
}
