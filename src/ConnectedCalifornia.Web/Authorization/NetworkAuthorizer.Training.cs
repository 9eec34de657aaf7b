using System.Security.Claims;
using ConnectedCalifornia.Calendars;
using ConnectedCalifornia.Web.Identity;

namespace ConnectedCalifornia.Web.Authorization;

/// <summary>
/// Training records (issue 20): who may download a certificate's PDF. The public verification page shows any
/// certificate by its code; the PDF (the certificate itself, to hand on) goes only to the person it was issued to,
/// the training officers (admins) of the agency they completed it for, and curators (and system admins).
/// </summary>
public sealed partial class NetworkAuthorizer
{
    public async Task<bool> MayDownloadCertificateAsync(ClaimsPrincipal user, TrainingCompletion completion)
    {
        ArgumentNullException.ThrowIfNull(completion);
        if (user.UserId() is not { } userId || !await IsAllowedAsync(user, NetworkAction.SignedIn))
        {
            return false;
        }

        if (user.IsSystemAdmin() || user.IsCurator() || IsHolder(user, userId, completion))
        {
            return true;
        }

        return completion.OrganizationId is { } agency && (await GetAccessAsync(user)).IsAdminOf(agency);
    }

    /// <summary>The person the certificate was issued to: their account, or (registered without one) their account's e-mail address.</summary>
    public static bool IsHolder(ClaimsPrincipal user, string userId, TrainingCompletion completion) =>
        completion.UserId is not null
            ? string.Equals(completion.UserId, userId, StringComparison.Ordinal)
            : user.FindFirstValue(ClaimTypes.Email) is { Length: > 0 } email && completion.PersonKey == TrainingPeople.KeyOf(email);
}
