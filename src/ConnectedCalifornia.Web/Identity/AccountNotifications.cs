using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Notifications;
using ConnectedCalifornia.Web.Notifications;

namespace ConnectedCalifornia.Web.Identity;

/// <summary>
/// The account messages. Links that sign someone in (set-up, reset) go by e-mail only: the in-app center
/// shows the message without them, and the outbox drops them once the message is written.
/// </summary>
public sealed class AccountNotifications(IServiceScopeFactory scopes) : INotificationTemplates
{
    public IReadOnlyCollection<string> Kinds { get; } =
        [NotificationKinds.AccountInvitation, NotificationKinds.AccountPasswordReset, NotificationKinds.AccountEmailChange, NotificationKinds.AccountTwoFactorOff];

    public async Task<NotificationContent?> RenderAsync(Notification n, NotificationRecipient to, CancellationToken cancellationToken)
    {
        var hello = NotificationText.Greeting(to);
        switch (n.Kind)
        {
            case NotificationKinds.AccountInvitation:
                await using (var scope = scopes.CreateAsyncScope())
                {
                    var links = scope.ServiceProvider.GetRequiredService<AccountLinks>();
                    var setUp = await links.SetUpPathAsync(to.Email, to.Name);
                    var what = n.Fact("organization.name") is { } organization
                        ? $"{n.Fact("invited.by") ?? "An admin"} invited you to join {organization} on Connected California as {(n.Fact("role") == nameof(OrganizationRole.Admin) ? "an admin" : "staff")}."
                        : $"{n.Fact("invited.by") ?? "A system admin"} invited you to Connected California{(n.Fact("role") is { } role ? $" as {role}" : string.Empty)}.";
                    return setUp is null
                        ? new($"You are invited: {n.Fact("organization.name") ?? "Connected California"}", what,
                            [hello, what, "Sign in with your account and answer the invitation on your home page."], "Open your invitations", ActionPath: "/my-network")
                        : new($"You are invited: {n.Fact("organization.name") ?? "Connected California"}", what,
                            [hello, what, "Connected California is the coordination network of California's anti-trafficking field: shelters, task forces, agencies and the statewide curators.",
                             $"Choose your password with the link below within {AccountLinks.InvitationLifetime.TotalDays:0} days. The link works once. If you did not expect this, ignore this e-mail."],
                            "Set up your account", ActionPath: setUp);
                }

            case NotificationKinds.AccountPasswordReset when n.Fact("link") is { } reset:
                return new("Reset your Connected California password", "A password reset was asked for your account.",
                    [hello, "Someone (we hope you) asked to reset the password of your Connected California account. Choose a new password with the link below; it works once, for a day.",
                     "If you did not ask, ignore this e-mail: your password stays as it is."], "Choose a new password", ActionPath: reset);

            case NotificationKinds.AccountEmailChange when n.Fact("link") is { } confirm:
                return new("Confirm your new e-mail address", "Confirm the new e-mail address of your account.",
                    [hello, "Confirm that this is the new e-mail address of your Connected California account with the link below. It works once, for a day; from then on you sign in with this address.",
                     "If you did not ask for this, ignore this e-mail: nothing changes."], "Confirm this address", ActionPath: confirm);

            case NotificationKinds.AccountEmailChange when n.Fact("notice") == EmailChange.NoticeToOldAddress:
                return new("A change of your e-mail address was asked", "A change of your account's e-mail address was asked.",
                    [hello, $"Someone signed in to your Connected California account asked to change its e-mail address to {n.Fact("new.address") ?? "another address"}. Nothing changes unless the link sent to that address is opened.",
                     "If this was not you, sign in, change your password, and tell your organization's admin or the network's system admin."], null);

            case NotificationKinds.AccountTwoFactorOff:
                return new("Two-factor sign-in was turned off", "Two-factor sign-in was turned off for your account.",
                    [hello, $"Two-factor sign-in was turned off for your Connected California account on {NotificationText.Time(n, "at")}.",
                     "If this was not you, change your password now and tell your organization's admin or the network's system admin."], "Review your account security", ActionPath: "/Account/Manage/TwoFactorAuthentication");

            default:
                return null;
        }
    }
}
