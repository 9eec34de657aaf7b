using System.Collections.Immutable;
using ConnectedCalifornia.Notifications;
using Microsoft.AspNetCore.Identity;

namespace ConnectedCalifornia.Web.Identity;

/// <summary>
/// Changing the address of an account. The person asks on <c>/Account/Manage/Email</c>; a one-time link
/// (Identity's change-e-mail token: valid a day, bound to the account's security stamp, so it works once)
/// goes to the NEW address, and a notice without a link to the old one. The address, and with it the
/// sign-in name, changes only when the link is opened and confirmed. An address another account uses gets
/// no link, but the person sees the same answer (the page cannot be used to find who has an account).
/// Confirming changes the security stamp: every other session of the account ends at its next check
/// (within <see cref="IdentitySetup.SecurityStampInterval"/>), as after a password change.
/// </summary>
public sealed class EmailChange(UserManager<ApplicationUser> users, INotificationOutbox outbox, TimeProvider clock)
{
    public const string ConfirmPath = "/Account/ConfirmEmailChange";

    /// <summary>The <c>notice</c> fact of the message to the old address.</summary>
    public const string NoticeToOldAddress = "change-asked";

    /// <summary>Sends the confirmation link to <paramref name="newEmail"/> (unless another account uses it) and the notice to the current address.</summary>
    public async Task RequestAsync(ApplicationUser user, string newEmail)
    {
        ArgumentNullException.ThrowIfNull(user);
        newEmail = newEmail.Trim();
        var at = clock.GetUtcNow();
        var id = $"account:{user.Id}:{NotificationKinds.AccountEmailChange}:{at.ToUnixTimeMilliseconds()}";
        var name = string.IsNullOrWhiteSpace(user.DisplayName) ? null : user.DisplayName;
        var notifications = new List<Notification>();
        if (await users.FindByEmailAsync(newEmail) is null)
        {
            var code = await users.GenerateChangeEmailTokenAsync(user, newEmail);
            var link = $"{ConfirmPath}?userId={Uri.EscapeDataString(user.Id)}&email={Uri.EscapeDataString(newEmail)}&code={Uri.EscapeDataString(code)}";
            notifications.Add(new Notification(id + ":new", NotificationKinds.AccountEmailChange, at, [NotificationAudience.Address(newEmail, name)],
                ImmutableSortedDictionary<string, string>.Empty.Add("link", link), null));
        }

        if (user.Email is { Length: > 0 } current)
        {
            notifications.Add(new Notification(id + ":old", NotificationKinds.AccountEmailChange, at, [NotificationAudience.Address(current, name)],
                ImmutableSortedDictionary<string, string>.Empty.Add("notice", NoticeToOldAddress).Add("new.address", Mask(newEmail)), null));
        }

        await outbox.SaveAsync([.. notifications]);
    }

    /// <summary>Changes the address and the sign-in name when the link is valid and the address still free; null on success, else why not.</summary>
    public async Task<string?> ConfirmAsync(string? userId, string? newEmail, string? code)
    {
        var user = string.IsNullOrEmpty(userId) ? null : await users.FindByIdAsync(userId);
        if (user is null || string.IsNullOrWhiteSpace(newEmail) || string.IsNullOrEmpty(code))
        {
            return "This link is not valid. Ask for a new one on your account's e-mail page.";
        }

        if (await users.FindByEmailAsync(newEmail) is { } owner && owner.Id != user.Id)
        {
            return "This address cannot be used for your account. Ask for a change to another address.";
        }

        var changed = await users.ChangeEmailAsync(user, newEmail, code);
        if (!changed.Succeeded)
        {
            return changed.Errors.Any(e => e.Code == "InvalidToken")
                ? "This link has expired or was already used. Ask for a new one on your account's e-mail page."
                : "This address cannot be used for your account. Ask for a change to another address.";
        }

        // The sign-in name follows the address.
        var renamed = await users.SetUserNameAsync(user, newEmail);
        return renamed.Succeeded ? null : "The address changed, but the sign-in name could not follow: " + string.Join(" ", renamed.Errors.Select(e => e.Description));
    }

    /// <summary>The address with most of its name hidden (<c>ma***@example.org</c>), for the notice to the old address.</summary>
    public static string Mask(string email)
    {
        var at = email.LastIndexOf('@');
        return at <= 0 ? "***" : $"{email[..Math.Min(2, at)]}***{email[at..]}";
    }
}
