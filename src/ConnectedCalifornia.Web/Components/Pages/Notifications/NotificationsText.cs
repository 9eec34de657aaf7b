namespace ConnectedCalifornia.Web.Components.Pages.Notifications;

/// <summary>
/// The texts of the notification pages (the notification center, the e-mail preferences with every kind's group and
/// label). The English text is the key; <c>NotificationsText.es.resx</c> beside this file holds the Spanish (see
/// docs/localization.md). The messages themselves are written in the recipient's language when they are delivered.
/// </summary>
public sealed class NotificationsText;
