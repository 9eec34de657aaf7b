namespace ConnectedCalifornia.Web.Tests.Authorization;

// Notifications: a person's own center and preferences (no parameter names anyone else), and the
// one-click unsubscribe whose token is its own authorization (a token the network did not issue is a 404).
public static partial class AuthorizationMatrix
{
    private static MatrixRow[] NotificationEndpoints =>
    [
        new("GET /api/me/notifications", "/api/me/notifications", SignedIn),
        new("POST /api/me/notifications/read", "/api/me/notifications/read", SignedIn, """{"id":null}"""),
        new("GET /api/me/notification-preferences", "/api/me/notification-preferences", SignedIn),
        new("PUT /api/me/notification-preferences", "/api/me/notification-preferences", SignedIn, """{"kind":"event.registered","delivery":"Immediately"}"""),
        new("POST /mail/unsubscribe/{token}", "/mail/unsubscribe/not-a-token-this-network-issued", Everyone),
    ];

    // The center and the preferences are the signed-in person's own; the unsubscribe pages work without an
    // account (an unknown token shows "not valid"); /dev/mail exists in Development only (these tests run
    // in Development; DevMailNotificationTests checks the 404 in Production).
    private static MatrixRow[] NotificationPages =>
    [
        new("/notifications", "/notifications", SignedIn),
        new("/account/notifications", "/account/notifications", SignedIn),
        new("/mail/unsubscribe/{token}", "/mail/unsubscribe/not-a-token-this-network-issued", Everyone),
        new("/mail/unsubscribed", "/mail/unsubscribed?kind=event.reminder", Everyone),
        new("/dev/mail", "/dev/mail", Everyone),
    ];
}
