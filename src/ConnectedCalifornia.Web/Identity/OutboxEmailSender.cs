using ConnectedCalifornia.Notifications;
using Microsoft.AspNetCore.Identity;

namespace ConnectedCalifornia.Web.Identity;

/// <summary>
/// Identity's e-mails (password reset, address confirmation) go through the notification outbox like
/// every other message: durable, retried, with the same templates. The link is a fact of the notification
/// (never stored in the person's notification center), dropped from the outbox once the e-mail is written.
/// </summary>
public sealed class OutboxEmailSender(INotificationOutbox outbox, TimeProvider clock) : IEmailSender<ApplicationUser>
{
    public Task SendConfirmationLinkAsync(ApplicationUser user, string email, string confirmationLink) =>
        SaveAsync(user, NotificationKinds.AccountEmailChange, confirmationLink, NotificationAudience.Address(email, user.DisplayName));

    public Task SendPasswordResetLinkAsync(ApplicationUser user, string email, string resetLink) =>
        SaveAsync(user, NotificationKinds.AccountPasswordReset, resetLink);

    public Task SendPasswordResetCodeAsync(ApplicationUser user, string email, string resetCode) =>
        throw new NotSupportedException("The network resets passwords by link, not by code.");

    private Task SaveAsync(ApplicationUser user, string kind, string link, NotificationAudience? to = null)
    {
        var at = clock.GetUtcNow();
        var notification = new Notification(
            $"account:{user.Id}:{kind}:{at.ToUnixTimeMilliseconds()}", kind, at, [to ?? NotificationAudience.Person(user.Id)],
            System.Collections.Immutable.ImmutableSortedDictionary<string, string>.Empty.Add("link", link), null);
        return outbox.SaveAsync([notification]);
    }
}
