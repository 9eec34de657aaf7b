using System.Security.Cryptography;
using ConnectedCalifornia.Directory;
using Microsoft.AspNetCore.DataProtection;

namespace ConnectedCalifornia.Web.Directory;

/// <summary>
/// The private link of an application made without an account (<c>/join/status/{token}</c>): the request's id
/// protected with the app's Data Protection keys, so only the person who received it by e-mail can open
/// it, confirm their address and follow the application. Nothing secret is stored: the message is
/// rendered with the link when it is delivered, and the link only ever opens that one application.
/// </summary>
public sealed class JoinStatusLinks(IDataProtectionProvider protection)
{
    private const int MaxTokenLength = 1000;

    private readonly IDataProtector _protector = protection.CreateProtector("cc.join-status.v1");

    public string PathOf(string requestId) => "/join/status/" + _protector.Protect(requestId);

    /// <summary>The application's id, or null when the token was not made by this network (or is not an application's).</summary>
    public string? RequestIdOf(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength)
        {
            return null;
        }

        try
        {
            var id = _protector.Unprotect(token);
            return JoinRequestKeys.IsValid(id) && id.StartsWith(JoinRequestKeys.ApplicationPrefix, StringComparison.Ordinal) ? id : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
