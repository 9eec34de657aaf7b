using System.Security.Claims;
using ConnectedCalifornia.Web.Authorization;
using ConnectedCalifornia.Web.Seeding;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Identity;

namespace ConnectedCalifornia.Web.Identity;

/// <summary>
/// The Development demo stays explorable: its privileged demo accounts (whose password is public) may act
/// without two-factor sign-in, only while the environment is Development (on every node of a Development
/// cluster, also one that does not seed). Production never exempts anyone, and never seeds the demo.
/// </summary>
public sealed class TwoFactorExemption(IHostEnvironment environment)
{
    private static readonly HashSet<string> s_demoEmails = new(DemoNetworkData.Users.Select(u => u.Email), StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether this app exempts the demo accounts at all (the sign-in page says so when it lists them).</summary>
    public bool ExemptsDemoAccounts { get; } = environment.IsDevelopment();

    public bool IsExempt(ClaimsPrincipal user) =>
        ExemptsDemoAccounts
        && (user.FindFirstValue(ClaimTypes.Email) ?? user.FindFirstValue(ClaimTypes.Name)) is { } email
        && s_demoEmails.Contains(email);
}

/// <summary>
/// Enforces the two-factor sign-in that <see cref="NetworkAuthorizer.TwoFactorDemandAsync"/> decides, on every
/// entry point: a person held back by it is sent from every page to the enrolment pages, and every API, hub,
/// feed and Blazor circuit request answers 403 with a ProblemDetails that says what to do.
/// </summary>
public static class RequiredTwoFactor
{
    public const string EnablePath = "/Account/Manage/EnableAuthenticator";
    public const string OverviewPath = "/Account/Manage/TwoFactorAuthentication";

    /// <summary>The pages someone held back may still open: enrolment, recovery codes and the sign-in pages.</summary>
    private static readonly string[] s_openPages =
    [
        OverviewPath, EnablePath, "/Account/Manage/GenerateRecoveryCodes", "/Account/Manage/ResetAuthenticator",
        "/Account/Login", "/Account/LoginWith2fa", "/Account/LoginWithRecoveryCode", "/Account/Lockout",
        "/Account/AccessDenied", "/Account/InvalidUser", "/not-found", "/Error",
    ];

    /// <summary>Calls rather than pages: answered 403 instead of a redirect (sign-out, /Account/Logout, stays open).</summary>
    private static readonly string[] s_callPrefixes = ["/api", "/hubs", "/_blazor", "/feeds", "/calendars"];

    public static IServiceCollection AddRequiredTwoFactor(this IServiceCollection services)
    {
        services.AddSingleton<TwoFactorExemption>();

        // The cookie is rebuilt from the account every SecurityStampInterval; keep how this session signed in
        // (Identity's "amr" claim), or a session signed in with a code would lose it after a minute.
        services.PostConfigure<SecurityStampValidatorOptions>(o =>
        {
            var previous = o.OnRefreshingPrincipal;
            o.OnRefreshingPrincipal = async context =>
            {
                if (context.NewPrincipal?.Identity is ClaimsIdentity identity && !identity.HasClaim(c => c.Type == NetworkClaims.AuthenticationMethod)
                    && context.CurrentPrincipal?.FindFirst(NetworkClaims.AuthenticationMethod) is { } method)
                {
                    identity.AddClaim(new Claim(NetworkClaims.AuthenticationMethod, method.Value));
                }

                if (previous is not null)
                {
                    await previous(context);
                }
            };
        });
        return services;
    }

    /// <summary>
    /// Authentication, then the gate, then authorization: the one gate for pages, API, hub and circuits. The
    /// two middlewares are placed here explicitly (the host would otherwise add both before the app's own
    /// middleware), so that someone held back reads why before an endpoint's policy answers a bare 403.
    /// </summary>
    public static WebApplication UseRequiredTwoFactor(this WebApplication app)
    {
        app.UseAuthentication();
        app.Use(async (http, next) =>
        {
            var user = http.User;
            var path = http.Request.Path;
            var call = s_callPrefixes.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));
            var page = !call && http.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>() is not null
                && !s_openPages.Any(p => path.Equals(p, StringComparison.OrdinalIgnoreCase));
            if (user.UserId() is null || user.SignedInWithSecondFactor() || !(call || page))
            {
                await next(http);
                return;
            }

            var demand = await http.RequestServices.GetRequiredService<NetworkAuthorizer>().TwoFactorDemandAsync(user);
            if (!demand.Blocks)
            {
                await next(http);
                return;
            }

            if (call)
            {
                await Results.Problem(
                    title: Title(demand),
                    detail: demand.Standing == TwoFactorStanding.EnrolmentRequired ? $"{Title(demand)}. {Explanation(demand)} Set it up at {EnablePath}." : Explanation(demand),
                    statusCode: StatusCodes.Status403Forbidden,
                    extensions: new Dictionary<string, object?> { ["enrol"] = EnablePath }).ExecuteAsync(http);
                return;
            }

            http.Response.Redirect(demand.Standing == TwoFactorStanding.EnrolmentRequired ? EnablePath : OverviewPath);
        });
        app.UseAuthorization();
        return app;
    }

    public static string Title(TwoFactorDemand demand) => demand.Standing == TwoFactorStanding.CodeRequired
        ? "Two-factor sign-in is required"
        : "Two-factor enrolment is required";

    /// <summary>What the person reads on the enrolment pages and in the API's 403.</summary>
    public static string Explanation(TwoFactorDemand demand) => demand.Standing == TwoFactorStanding.CodeRequired
        ? $"As {Article(demand.RoleList)} you must sign in with a code from your authenticator app before you can act. "
            + "This session was signed in without one (a remembered browser): sign out and sign in again with a code."
        : $"As {Article(demand.RoleList)} you must set up an authenticator app and enter its code before you can act. "
            + "Until then only the two-factor pages are open to you.";

    private static string Article(string roles) => (roles.Length > 0 && "aeiou".Contains(roles[0], StringComparison.Ordinal) ? "an " : "a ") + roles;
}
