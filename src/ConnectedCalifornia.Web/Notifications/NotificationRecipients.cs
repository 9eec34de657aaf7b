using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Notifications;
using ConnectedCalifornia.TaskForces;
using ConnectedCalifornia.Web.Identity;
using Microsoft.AspNetCore.Identity;

namespace ConnectedCalifornia.Web.Notifications;

/// <summary>
/// Resolves a notification's audiences to people when it is delivered (so a member who joined or left
/// meanwhile is counted as of now): organizations' and task forces' members from their grains, the
/// curators and system admins from their Identity roles, each person's address from their account.
/// One person reached through two audiences gets one message. Each is written to in their language: a
/// person's saved language (the <c>cc:language</c> claim of their account, also when they are reached by
/// address), else the language of the page an address was given on, else English.
/// </summary>
public sealed class NotificationRecipients(IGrainFactory grains, IServiceScopeFactory scopes)
{
    public async Task<IReadOnlyList<NotificationRecipient>> ResolveAsync(Notification notification, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var userIds = new List<string>();
        var recipients = new List<NotificationRecipient>();
        foreach (var audience in notification.To.IsDefault ? [] : notification.To)
        {
            switch (audience.Kind)
            {
                case NotificationAudience.PersonKind:
                    userIds.Add(audience.Id);
                    break;
                case NotificationAudience.AddressKind when audience.Id.Contains('@', StringComparison.Ordinal):
                    var account = await users.FindByEmailAsync(audience.Id.Trim());
                    var language = (account is null ? null : await SavedLanguageAsync(users, account)) ?? (audience.Language == "es" ? "es" : "en");
                    recipients.Add(new NotificationRecipient(null, audience.Id, audience.Name ?? string.Empty, language));
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

        foreach (var userId in userIds.Distinct(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await users.FindByIdAsync(userId) is { Email: { Length: > 0 } email } user)
            {
                recipients.Add(new NotificationRecipient(user.Id, email, string.IsNullOrWhiteSpace(user.DisplayName) ? email : user.DisplayName,
                    await SavedLanguageAsync(users, user) ?? "en"));
            }
        }

        // One message per address: an account wins over the same address given on a public form.
        return [.. recipients
            .GroupBy(r => r.Email.Trim().ToLowerInvariant(), StringComparer.Ordinal)
            .Select(g => g.FirstOrDefault(r => r.UserId is not null) ?? g.First())];
    }

    /// <summary>The language to write to a person (by account, else by an account with the address) in: <c>es</c> or <c>en</c>.</summary>
    public async Task<string> LanguageOfAsync(string? userId, string address)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var account = (userId is null ? null : await users.FindByIdAsync(userId)) ?? await users.FindByEmailAsync(address.Trim());
        return (account is null ? null : await SavedLanguageAsync(users, account)) ?? "en";
    }

    /// <summary>The language a person saved with their account, if any.</summary>
    public static async Task<string?> SavedLanguageAsync(UserManager<ApplicationUser> users, ApplicationUser user) =>
        (await users.GetClaimsAsync(user)).FirstOrDefault(c => c.Type == Localization.NetworkCultures.LanguageClaim)?.Value is { } saved
            && Localization.NetworkCultures.IsSupported(saved)
            ? saved
            : null;
}
