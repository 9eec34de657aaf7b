using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Notifications;
using ConnectedCalifornia.TaskForces;
using ConnectedCalifornia.Web.Identity;
using ConnectedCalifornia.Web.Localization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ConnectedCalifornia.Web.Notifications;

/// <summary>
/// Resolves a notification's audiences to people when it is delivered (so a member who joined or left
/// meanwhile is counted as of now): organizations' and task forces' members from their grains, the
/// curators and system admins from their Identity roles, each person's address from their account.
/// One person reached through two audiences gets one message. Each is written to in their language: a
/// person's saved language (the <c>cc:language</c> claim of their account, also when they are reached by
/// address), else the language of the page an address was given on, else English. The accounts and their
/// languages are read in two queries per notification, whatever the number of people.
/// </summary>
public sealed class NotificationRecipients(IGrainFactory grains, IServiceScopeFactory scopes)
{
    public async Task<IReadOnlyList<NotificationRecipient>> ResolveAsync(Notification notification, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var userIds = new List<string>();
        var addresses = new List<NotificationAudience>();
        foreach (var audience in notification.To.IsDefault ? [] : notification.To)
        {
            switch (audience.Kind)
            {
                case NotificationAudience.PersonKind:
                    userIds.Add(audience.Id);
                    break;
                case NotificationAudience.AddressKind when audience.Id.Contains('@', StringComparison.Ordinal):
                    addresses.Add(audience);
                    break;
                case NotificationAudience.OrganizationMembersKind or NotificationAudience.OrganizationAdminsKind:
                    if (await grains.GetGrain<IOrganizationGrain>(audience.Id).GetDetails() is { } organization)
                    {
                        userIds.AddRange(organization.Members
                            .Where(m => audience.Kind == NotificationAudience.OrganizationMembersKind || m.Role == OrganizationRole.Admin)
                            .Select(m => m.UserId));
                    }

                    break;
                case NotificationAudience.TaskForceLeadsKind:
                    if (await grains.GetGrain<ITaskForceGrain>(audience.Id).GetDetails() is { } taskForce)
                    {
                        userIds.AddRange(taskForce.People.Where(p => p.Role == TaskForceRole.Lead).Select(p => p.UserId));
                    }

                    break;
                case NotificationAudience.CuratorsKind:
                    userIds.AddRange((await users.GetUsersInRoleAsync(NetworkRoles.Curator)).Select(u => u.Id));
                    break;
                case NotificationAudience.SystemAdminsKind:
                    userIds.AddRange((await users.GetUsersInRoleAsync(NetworkRoles.SystemAdmin)).Select(u => u.Id));
                    break;
            }
        }

        // Every account of the expansion (by id, and by the addresses reached directly) in one query, and
        // their saved languages in one more, however many people it goes to.
        var ids = userIds.Distinct(StringComparer.Ordinal).ToList();
        var normalized = addresses.Select(a => users.NormalizeEmail(a.Id.Trim())).Distinct(StringComparer.Ordinal).ToList();
        var database = scope.ServiceProvider.GetRequiredService<NetworkDbContext>();
        var accounts = ids.Count + normalized.Count == 0
            ? []
            : await database.Users.AsNoTracking()
                .Where(u => ids.Contains(u.Id) || (u.NormalizedEmail != null && normalized.Contains(u.NormalizedEmail)))
                .Select(u => new { u.Id, u.Email, u.NormalizedEmail, u.DisplayName })
                .ToListAsync(cancellationToken);
        var accountIds = accounts.Select(a => a.Id).ToList();
        var languages = new Dictionary<string, string>(StringComparer.Ordinal);
        if (accountIds.Count > 0)
        {
            var claims = await database.UserClaims.AsNoTracking()
                .Where(c => accountIds.Contains(c.UserId) && c.ClaimType == NetworkCultures.LanguageClaim)
                .Select(c => new { c.UserId, c.ClaimValue })
                .ToListAsync(cancellationToken);
            foreach (var claim in claims)
            {
                if (NetworkCultures.SavedLanguage(claim.ClaimValue) is { } saved)
                {
                    languages.TryAdd(claim.UserId, saved);
                }
            }
        }

        var recipients = new List<NotificationRecipient>();
        foreach (var audience in addresses)
        {
            // Someone reached by address who has an account is written to in the language they saved.
            var key = users.NormalizeEmail(audience.Id.Trim());
            var account = accounts.FirstOrDefault(a => a.NormalizedEmail == key);
            var language = (account is null ? null : languages.GetValueOrDefault(account.Id)) ?? (audience.Language == "es" ? "es" : "en");
            recipients.Add(new NotificationRecipient(null, audience.Id, audience.Name ?? string.Empty, language));
        }

        var byId = accounts.GroupBy(a => a.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var userId in ids)
        {
            if (byId.TryGetValue(userId, out var user) && user.Email is { Length: > 0 } email)
            {
                recipients.Add(new NotificationRecipient(user.Id, email, string.IsNullOrWhiteSpace(user.DisplayName) ? email : user.DisplayName,
                    languages.GetValueOrDefault(user.Id) ?? "en"));
            }
        }

        // One message per address: an account wins over the same address given on a public form.
        return [.. recipients
            .GroupBy(r => r.Email.Trim().ToLowerInvariant(), StringComparer.Ordinal)
            .Select(g => g.FirstOrDefault(r => r.UserId is not null) ?? g.First())];
    }
}
