using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace ConnectedCalifornia.Web.Notifications;

/// <summary>
/// One-click unsubscribe links (RFC 8058) for e-mails to people without an account: the token is the
/// address and the kind, protected with the app's Data Protection keys, so nobody can forge one for
/// another address, and the link works without signing in.
/// </summary>
public sealed class UnsubscribeLinks(IDataProtectionProvider protection, IOptions<MailOptions> options)
{
    /// <summary>The path both the mail providers' POST and a person's GET use.</summary>
    public const string PathPrefix = "/mail/unsubscribe/";

    private readonly IDataProtector _protector = protection.CreateProtector("cc.mail.unsubscribe.v1");

    public string UrlFor(string address, string kind) =>
        options.Value.PublicBaseUrl.TrimEnd('/') + PathPrefix + TokenFor(address, kind);

    public string TokenFor(string address, string kind) =>
        WebEncoders.Base64UrlEncode(_protector.Protect(Encoding.UTF8.GetBytes($"{address.Trim().ToLowerInvariant()}\n{kind}")));

    /// <summary>The address and kind a token stands for; false for a token this network did not issue.</summary>
    public bool TryRead(string? token, out string address, out string kind)
    {
        address = kind = string.Empty;
        if (string.IsNullOrEmpty(token) || token.Length > 1000)
        {
            return false;
        }

        try
        {
            var text = Encoding.UTF8.GetString(_protector.Unprotect(WebEncoders.Base64UrlDecode(token)));
            var split = text.IndexOf('\n', StringComparison.Ordinal);
            if (split <= 0)
            {
                return false;
            }

            (address, kind) = (text[..split], text[(split + 1)..]);
            return true;
        }
        catch (Exception exception) when (exception is CryptographicException or FormatException)
        {
            return false;
        }
    }
}
