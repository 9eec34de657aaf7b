using ConnectedCalifornia.Hosting;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ConnectedCalifornia.Web.Components.Account;

namespace ConnectedCalifornia.Web.Identity;

public static class IdentitySetup
{
    public const int MaxFailedAttempts = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(10);

    /// <summary>How soon a "sign out everywhere" reaches other browsers (their cookies are re-checked this often).</summary>
    public static readonly TimeSpan SecurityStampInterval = TimeSpan.FromMinutes(1);

    /// <summary>ASP.NET Core Identity with its EF Core store in the network's database (SQLite or PostgreSQL).</summary>
    public static WebApplicationBuilder AddNetworkIdentity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddCascadingAuthenticationState();
        services.AddNetworkDataProtection(); // one key ring for every node: the database in a cluster
        services.AddScoped<IdentityRedirectManager>();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();

        services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = "cc.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.LoginPath = "/Account/Login";
            options.AccessDeniedPath = "/Account/AccessDenied";
            options.ExpireTimeSpan = TimeSpan.FromHours(12);
            options.SlidingExpiration = true;

            // The API and the hub answer 401/403 instead of redirecting to the sign-in page.
            options.Events.OnRedirectToLogin = context => RedirectOrStatus(context, StatusCodes.Status401Unauthorized);
            options.Events.OnRedirectToAccessDenied = context => RedirectOrStatus(context, StatusCodes.Status403Forbidden);

            // A person's saved language follows them to every device: signing in sets the language cookie from it.
            options.Events.OnSignedIn = context =>
            {
                if (context.Principal is { } principal && Localization.NetworkCultures.SavedLanguage(principal) is { } saved)
                {
                    Localization.NetworkCultures.WriteCookie(context.Response, saved);
                }

                return Task.CompletedTask;
            };
        });
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = SecurityStampInterval);

        // Sessions live on the server: signing out ends them at once, idle ones end by themselves.
        services.AddOptions<SessionOptions>().BindConfiguration(SessionOptions.Section);
        services.AddSingleton<PrivilegedAccounts>();
        services.TryAddKeyedSingleton<TimeProvider>(ServerSessionStore.ClockKey, static (sp, _) => sp.GetRequiredService<TimeProvider>());
        services.AddSingleton<ServerSessionStore>();
        services.AddSingleton<Microsoft.Extensions.Options.IPostConfigureOptions<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>, ServerSessionCookieSetup>();

        services.AddDbContext<NetworkDbContext>((sp, options) =>
        {
            var database = sp.GetRequiredService<NetworkDatabase>();
            if (database.Provider == NetworkDatabaseProvider.PostgreSql)
            {
                options.UseNpgsql(database.ConnectionString);
            }
            else
            {
                options.UseSqlite(database.ConnectionString);
            }
        });

        services.AddIdentityCore<ApplicationUser>(options =>
            {
                options.SignIn.RequireConfirmedAccount = false;
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 12;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = MaxFailedAttempts;
                options.Lockout.DefaultLockoutTimeSpan = LockoutDuration;
                options.Stores.MaxLengthForKeys = 128;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<NetworkDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddTokenProvider<InvitationTokenProvider>(AccountLinks.InvitationProvider)
            .AddClaimsPrincipalFactory<NetworkUserClaimsPrincipalFactory>();
        services.AddOptions<InvitationTokenProviderOptions>();
        services.AddScoped<AccountLinks>();
        services.AddScoped<EmailChange>();
        services.AddSingleton<IEmailSender<ApplicationUser>, OutboxEmailSender>();

        services.AddHostedService<IdentitySchemaInitializer>();
        services.AddOptions<FirstAdminOptions>().BindConfiguration(FirstAdminOptions.Section);
        services.AddHostedService<FirstAdminBootstrapper>();
        return builder;
    }

    private static Task RedirectOrStatus(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs") || path.StartsWithSegments("/health"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
