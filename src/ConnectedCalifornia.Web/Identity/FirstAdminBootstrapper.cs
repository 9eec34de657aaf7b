using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace ConnectedCalifornia.Web.Identity;

/// <summary>Settings of <c>ConnectedCalifornia:FirstAdmin</c>: the system admin of a new installation.</summary>
public sealed class FirstAdminOptions
{
    public const string Section = "ConnectedCalifornia:FirstAdmin";

    public string? Email { get; set; }

    public string? Password { get; set; }

    public string DisplayName { get; set; } = "System admin";
}

/// <summary>
/// Creates the first system admin of a new installation from <c>ConnectedCalifornia:FirstAdmin</c>
/// when no account has that role yet; does nothing once one exists. Remove the password from the
/// configuration after the first start and change it under My account.
/// </summary>
public sealed partial class FirstAdminBootstrapper(IServiceScopeFactory scopes, IOptions<FirstAdminOptions> options, ILogger<FirstAdminBootstrapper> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.Email))
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        if (!await roles.RoleExistsAsync(NetworkRoles.SystemAdmin))
        {
            Check(await roles.CreateAsync(new IdentityRole(NetworkRoles.SystemAdmin)));
        }

        if (!await roles.RoleExistsAsync(NetworkRoles.Curator))
        {
            Check(await roles.CreateAsync(new IdentityRole(NetworkRoles.Curator)));
        }

        if ((await users.GetUsersInRoleAsync(NetworkRoles.SystemAdmin)).Count > 0)
        {
            return;
        }

        var account = await users.FindByEmailAsync(settings.Email);
        if (account is null)
        {
            account = new ApplicationUser { UserName = settings.Email, Email = settings.Email, EmailConfirmed = true, DisplayName = settings.DisplayName };
            Check(await users.CreateAsync(account, settings.Password ?? string.Empty));
        }

        Check(await users.AddToRoleAsync(account, NetworkRoles.SystemAdmin));
        LogCreated();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                "ConnectedCalifornia:FirstAdmin could not be created: " + string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Created the first system admin from ConnectedCalifornia:FirstAdmin; remove its password from the configuration")]
    private partial void LogCreated();
}
