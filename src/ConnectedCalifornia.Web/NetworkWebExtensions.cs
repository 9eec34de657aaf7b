using ConnectedCalifornia.Web.Localization;
using System.Text.Json.Serialization;
using ConnectedCalifornia.Capacity;
using ConnectedCalifornia.Hosting;
using ConnectedCalifornia.Web.Authorization;
using ConnectedCalifornia.Web.Calendars;
using ConnectedCalifornia.Web.Capacity;
using ConnectedCalifornia.Web.Components;
using ConnectedCalifornia.Web.Directory;
using ConnectedCalifornia.Web.Hardening;
using ConnectedCalifornia.Web.Identity;
using ConnectedCalifornia.Web.Initiatives;
using ConnectedCalifornia.Web.Insights;
using ConnectedCalifornia.Web.Library;
using ConnectedCalifornia.Web.Live;
using ConnectedCalifornia.Web.Network;
using ConnectedCalifornia.Web.Notifications;
using ConnectedCalifornia.Web.Observability;
using ConnectedCalifornia.Web.Operations;
using ConnectedCalifornia.Web.Health;
using ConnectedCalifornia.Web.Referrals;
using ConnectedCalifornia.Web.Seeding;
using ConnectedCalifornia.Web.TaskForces;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor.Services;
using Scalar.AspNetCore;

namespace ConnectedCalifornia.Web;

/// <summary>Everything the web node adds to the host, feature by feature; Program.cs calls these two methods.</summary>
public static class NetworkWebExtensions
{
    /// <summary>The variable the launch profile sets, so <c>dotnet run</c> starts in Development unless told otherwise.</summary>
    public const string RunEnvironmentVariable = "CONNECTEDCALIFORNIA_RUN_ENVIRONMENT";

    /// <summary>
    /// How the app starts. The environment comes, in order, from <c>--environment</c>,
    /// <c>ASPNETCORE_ENVIRONMENT</c> or <c>DOTNET_ENVIRONMENT</c> (so an operator's Production always
    /// wins), then from the launch profile's default (Development for <c>dotnet run</c>), else Production.
    /// </summary>
    public static WebApplicationOptions StartOptions(string[] args)
    {
        var chosen = args.Any(a => a.StartsWith("--environment", StringComparison.OrdinalIgnoreCase))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT"))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT"));
        var fallback = Environment.GetEnvironmentVariable(RunEnvironmentVariable);
        return new WebApplicationOptions { Args = args, EnvironmentName = chosen || string.IsNullOrEmpty(fallback) ? null : fallback };
    }

    public static WebApplicationBuilder AddNetworkWeb(this WebApplicationBuilder builder)
    {
        builder.AddNetworkOrleans();
        builder.AddNetworkObservability(); // Observability: OpenTelemetry, /metrics, OTLP
        builder.Services.AddOptions<NetworkWebOptions>().BindConfiguration(NetworkWebOptions.Section);

        builder.AddNetworkEdge();
        builder.AddNetworkIdentity();
        builder.Services.AddNetworkAuthorization();
        builder.Services.AddRequiredTwoFactor(); // Two-factor sign-in for privileged roles

        builder.Services.AddSignalR().AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.AddSingleton<LiveUpdateBridge>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<LiveUpdateBridge>());
        builder.Services.AddLiveCircuits(); // pages catch up what they missed when their circuit reconnects
        builder.Services.AddHostedService<DemoNetworkSeeder>();

        builder.Services.AddScoped<OrganizationService>();
        builder.Services.AddScoped<PeopleService>();
        builder.Services.AddScoped<MemberInvitationService>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddScoped<TaskForceService>();
        builder.Services.AddScoped<InitiativeService>();
        builder.Services.AddScoped<MyNetworkService>();
        builder.Services.AddScoped<MyWorkService>();
        builder.Services.AddScoped<NetworkOverviewService>();
        builder.Services.AddScoped<CapacityService>();
        builder.Services.AddSingleton<CaliforniaMap>();
        builder.Services.AddDirectory(); // Directory

        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.AddOpenApi(o => o.AddNetworkConventions()); // security scheme, ProblemDetails answers, health paths
        builder.Services.AddNetworkHealthChecks();

        builder.Services.AddOperations(); // Operations

        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddTransient<MudBlazor.MudLocalizer, Localization.MudTexts>(); // MudBlazor's own words in the page's language
        builder.Services.AddReferrals(); // Referrals

        // Calendars
        builder.Services.AddCalendars();
        builder.Services.AddTraining(); // transcripts, staff training, certificate PDFs (issue 20)

        // Library
        builder.Services.AddLibrary();

        // Notifications
        builder.Services.AddNotifications();

        // Localization (English, Spanish)
        builder.Services.AddNetworkLocalization();

        // Insights (issue 20)
        builder.Services.AddInsights();
        return builder;
    }

    public static WebApplication MapNetworkWeb(this WebApplication app)
    {
        app.MapNetworkObservability(); // Observability: command counts, /metrics for private addresses
        app.UseNetworkEdge();
        app.UseRequestLocalization(); // Localization: cookie, then Accept-Language
        app.UseRequiredTwoFactor(); // Two-factor sign-in for privileged roles
        app.UseNetworkIdempotency(); // Idempotency-Key on API commands (after authentication and authorization)
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapAccountEndpoints();

        app.MapOrganizationsApi();
        app.MapTaskForcesApi();
        app.MapInitiativesApi();
        app.MapMyNetworkApi();
        app.MapPeopleApi();
        app.MapMemberInvitationsApi();
        app.MapCapacityApi();
        app.MapOperations(); // Operations
        app.MapDirectory(); // Directory
        app.UseMiddleware<HubOriginCheck>();
        app.MapHub<NetworkHub>(NetworkHub.Path).AllowAnonymous();

        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference("/api/reference", o => o.WithTitle("Connected California API").DisableDefaultFonts()).AllowAnonymous(); // no third-party font host: works offline
        app.MapNetworkHealthChecks();
        app.MapReferralsApi(); // Referrals

        // Calendars
        app.MapCalendars();
        app.MapTraining();

        // Library
        app.MapLibrary();

        // Notifications
        app.MapNotificationsApi();

        // Localization
        app.MapCultureEndpoints();

        // Insights (issue 20)
        app.MapInsights();
        return app;
    }
}
