using ConnectedCalifornia.Notifications;

namespace ConnectedCalifornia.Web.Notifications;

/// <summary>Who one message goes to, resolved when it is delivered.</summary>
/// <param name="UserId">The person's account; null for someone known only by address (a public registrant, an applicant).</param>
/// <param name="Language">What the message is written in: <c>es</c> (Spanish) or <c>en</c> (English, the default).</param>
public sealed record NotificationRecipient(string? UserId, string Email, string Name, string Language = "en")
{
    /// <summary>Whether the message is written in Spanish.</summary>
    public bool Spanish => Language == "es";

    /// <summary>The Spanish or the English text, as the recipient reads.</summary>
    public string Say(string english, string spanish) => Spanish ? spanish : english;
}

/// <summary>A file sent with a message (an event's <c>.ics</c>).</summary>
public sealed record MailAttachment(string FileName, string ContentType, byte[] Content);

/// <summary>
/// What a notification says to one person: the subject (also the title in the notification center),
/// a one-line summary, the paragraphs of the e-mail, the button's label, attachments, and where the
/// button leads when not to the notification's own link (a set-up or reset link: e-mail only). Built only
/// from the notification's facts, which never hold survivor data.
/// </summary>
public sealed record NotificationContent(
    string Subject,
    string Summary,
    IReadOnlyList<string> Paragraphs,
    string? ActionLabel = null,
    IReadOnlyList<MailAttachment>? Attachments = null,
    string? ActionPath = null);

/// <summary>
/// The messages of one feature (calendars, referrals, ...). Each feature registers its own with
/// <c>AddNotificationTemplates&lt;T&gt;()</c>; every kind in <see cref="NotificationKinds.All"/> has exactly one.
/// </summary>
public interface INotificationTemplates
{
    /// <summary>The kinds this feature renders.</summary>
    IReadOnlyCollection<string> Kinds { get; }

    /// <summary>The message for <paramref name="recipient"/>; null when there is nothing to say any more (the thing is gone).</summary>
    Task<NotificationContent?> RenderAsync(Notification notification, NotificationRecipient recipient, CancellationToken cancellationToken);
}
