using System.Net;
using System.Security.Cryptography;
using System.Text;
using ConnectedCalifornia.Notifications;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Utils;

namespace ConnectedCalifornia.Web.Notifications;

/// <summary>
/// Turns a notification's content into an RFC 5322 message: plain text and HTML (simple, readable by
/// screen readers, no images or tracking), a stable Message-ID, <c>Auto-Submitted</c>, and for kinds a
/// public registrant may stop, RFC 8058 one-click <c>List-Unsubscribe</c>.
/// </summary>
public sealed class MailComposer(IOptions<MailOptions> options, UnsubscribeLinks unsubscribe)
{
    private MailOptions Options => options.Value;

    /// <summary>The Message-ID (without brackets) of a notification's message to one address: the same every time.</summary>
    public string MessageIdFor(string notificationId, string address)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{notificationId}\n{address.Trim().ToLowerInvariant()}"));
        return $"{Convert.ToHexStringLower(hash.AsSpan(0, 16))}@{Domain}";
    }

    /// <summary>An absolute address in the app from a path.</summary>
    public string Absolute(string? path) =>
        path is null ? Options.PublicBaseUrl.TrimEnd('/') + "/" : Options.PublicBaseUrl.TrimEnd('/') + "/" + path.TrimStart('/');

    public MimeMessage Compose(string messageId, string kind, string? link, NotificationRecipient to, NotificationContent content)
    {
        var message = new MimeMessage();
        message.From.Add(Options.Sender);
        message.To.Add(new MailboxAddress(to.Name, to.Email));
        message.Subject = content.Subject;
        message.MessageId = messageId;
        message.Date = DateTimeOffset.UtcNow;
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Headers.Add("X-Auto-Response-Suppress", "All");

        var footer = new List<string>();
        if (NotificationKinds.Find(kind) is { Unsubscribable: true } && to.UserId is null)
        {
            var url = unsubscribe.UrlFor(to.Email, kind);
            message.Headers.Add("List-Unsubscribe", $"<{url}>");
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
            footer.Add($"{to.Say("Stop these e-mails", "Dejar de recibir estos correos")}: {url}");
        }

        if (to.UserId is not null)
        {
            footer.Add($"{to.Say("Choose which e-mails you get", "Elija qué correos recibe")}: {Absolute("/account/notifications")}");
        }

        var action = link is null ? null : Absolute(link);
        var body = new BodyBuilder { TextBody = Text(content, action, footer, to), HtmlBody = Html(content, action, footer, to) };
        foreach (var attachment in content.Attachments ?? [])
        {
            body.Attachments.Add(attachment.FileName, attachment.Content, ContentType.Parse(attachment.ContentType));
        }

        message.Body = body.ToMessageBody();

        // A MIME header (RFC 3282): MimeKit keeps Content-* headers on the body, written among the message's headers.
        message.Body.Headers.Add(HeaderId.ContentLanguage, to.Language);
        return message;
    }

    /// <summary>Writes a message as RFC 5322 bytes.</summary>
    public static byte[] ToBytes(MimeMessage message)
    {
        using var stream = new MemoryStream();
        message.WriteTo(FormatOptions.Default, stream);
        return stream.ToArray();
    }

    public static MimeMessage FromBytes(byte[] content)
    {
        using var stream = new MemoryStream(content, writable: false);
        return MimeMessage.Load(stream);
    }

    private string Domain => Options.Sender.Domain is { Length: > 0 } domain ? domain : "connectedcalifornia.example";

    private static string Signature(NotificationRecipient to) => to.Say(
        "Connected California, the coordination network of California's anti-trafficking field.",
        "Connected California, la red de coordinación de quienes combaten la trata de personas en California.");

    private static string DefaultAction(NotificationRecipient to) => to.Say("Open in Connected California", "Abrir en Connected California");

    private static string Text(NotificationContent content, string? action, List<string> footer, NotificationRecipient to)
    {
        var text = new StringBuilder();
        foreach (var paragraph in content.Paragraphs)
        {
            text.Append(paragraph).Append("\n\n");
        }

        if (action is not null)
        {
            text.Append(content.ActionLabel ?? DefaultAction(to)).Append(": ").Append(action).Append("\n\n");
        }

        text.Append("-- \n").Append(Signature(to)).Append('\n');
        foreach (var line in footer)
        {
            text.Append(line).Append('\n');
        }

        return text.ToString();
    }

    private static string Html(NotificationContent content, string? action, List<string> footer, NotificationRecipient to)
    {
        static string E(string value) => WebUtility.HtmlEncode(value);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"").Append(to.Language).Append("\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">");
        html.Append("<title>").Append(E(content.Subject)).Append("</title></head>");
        html.Append("<body style=\"margin:0;padding:24px;background:#f5f5f4;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1c1917\">");
        html.Append("<div role=\"article\" aria-label=\"").Append(E(content.Subject)).Append("\" style=\"max-width:560px;margin:0 auto;background:#ffffff;padding:24px;border-radius:8px\">");
        html.Append("<p style=\"margin:0 0 16px;font-weight:bold;color:#7c2d12\">Connected California</p>");
        html.Append("<h1 style=\"font-size:20px;margin:0 0 16px\">").Append(E(content.Subject)).Append("</h1>");
        foreach (var paragraph in content.Paragraphs)
        {
            html.Append("<p style=\"margin:0 0 16px\">").Append(E(paragraph).Replace("\n", "<br>", StringComparison.Ordinal)).Append("</p>");
        }

        if (action is not null)
        {
            html.Append("<p style=\"margin:24px 0\"><a href=\"").Append(E(action))
                .Append("\" style=\"background:#9a3412;color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none;display:inline-block\">")
                .Append(E(content.ActionLabel ?? DefaultAction(to))).Append("</a></p>");
        }

        html.Append("<hr style=\"border:none;border-top:1px solid #e7e5e4;margin:24px 0\">");
        html.Append("<p style=\"font-size:13px;color:#57534e;margin:0\">").Append(E(Signature(to))).Append("</p>");
        foreach (var line in footer)
        {
            var split = line.IndexOf(": ", StringComparison.Ordinal);
            html.Append("<p style=\"font-size:13px;color:#57534e;margin:8px 0 0\"><a href=\"").Append(E(line[(split + 2)..])).Append("\" style=\"color:#57534e\">")
                .Append(E(line[..split])).Append("</a></p>");
        }

        html.Append("</div></body></html>");
        return html.ToString();
    }
}
