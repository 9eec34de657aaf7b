using ConnectedCalifornia.Hosting;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Web.Authorization;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ConnectedCalifornia.Web.Observability;

/// <summary>
/// OpenTelemetry for a web node: traces and metrics of ASP.NET Core, Orleans, Npgsql and the runtime, and the
/// network's own meters (<see cref="NetworkMetrics"/>, notifications). Metrics are served at <c>/metrics</c>
/// for Prometheus; traces and metrics also go to an OTLP collector when one is configured.
/// </summary>
public static class ObservabilityExtensions
{
    public const string MetricsPath = "/metrics";

    private static readonly string[] Meters =
    [
        .. NetworkTelemetry.NodeMeters,
        "ConnectedCalifornia.Notifications",
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Http.Connections",
    ];

    public static WebApplicationBuilder AddNetworkObservability(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ObservabilityOptions>().BindConfiguration(ObservabilityOptions.Section);
        builder.Services.AddScoped<ClusterOverviewService>();
        var options = builder.Configuration.GetSection(ObservabilityOptions.Section).Get<ObservabilityOptions>() ?? new();
        var otlp = string.IsNullOrWhiteSpace(options.OtlpEndpoint) ? null : new Uri(options.OtlpEndpoint);

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("ConnectedCalifornia.Web", serviceInstanceId: Environment.MachineName))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation().AddRuntimeInstrumentation().AddMeter(Meters);
                if (options.Prometheus)
                {
                    metrics.AddPrometheusExporter();
                }

                if (otlp is not null)
                {
                    metrics.AddOtlpExporter(o => o.Endpoint = otlp);
                }
            });

        if (otlp is not null)
        {
            // Traces only go somewhere with a collector; without one they are not recorded at all.
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments(MetricsPath))
                .AddSource([.. NetworkTelemetry.OrleansTraceSources])
                .AddNpgsql()
                .AddOtlpExporter(o => o.Endpoint = otlp));
        }

        return builder;
    }

    public static WebApplication MapNetworkObservability(this WebApplication app)
    {
        app.Use(CountCommandsAsync);
        app.MapClusterApi();
        var options = app.Services.GetRequiredService<IOptions<ObservabilityOptions>>().Value;
        if (options.Prometheus)
        {
            app.MapPrometheusScrapingEndpoint(MetricsPath, meterProvider: null, configureBranchedPipeline: branch => branch.Use(async (context, next) =>
            {
                var token = context.RequestServices.GetRequiredService<IOptionsMonitor<ObservabilityOptions>>().CurrentValue.MetricsToken;
                if (!NetworkAuthorizer.MayReadMetrics(context.Connection.RemoteIpAddress, context.Request.Headers.Authorization, token, IsRelayed(context.Request)))
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return;
                }

                await next(context);
            }), optionsName: null).AllowAnonymous();
        }

        return app;
    }

    /// <summary>
    /// Whether the request still names a client it was forwarded for. The forwarded-headers middleware
    /// takes <c>X-Forwarded-For</c> off a request it believes (from a trusted proxy, one hop); what is left
    /// was added by a proxy it does not trust (or by the caller), and <c>Forwarded</c> (RFC 7239) is never
    /// read. Either way the connection's address is a proxy's, not the caller's.
    /// </summary>
    private static bool IsRelayed(HttpRequest request) =>
        Carries(request, "X-Forwarded-For") || Carries(request, "Forwarded");

    private static bool Carries(HttpRequest request, string header) =>
        request.Headers.TryGetValue(header, out var values) && values.Any(v => !string.IsNullOrWhiteSpace(v));

    /// <summary>
    /// Counts every API command (POST, PUT, PATCH, DELETE under /api) once, by its route template (never the
    /// path, which holds ids) and the result its answer says.
    /// </summary>
    private static async Task CountCommandsAsync(HttpContext context, RequestDelegate next)
    {
        var method = context.Request.Method;
        var command = (HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method))
            && context.Request.Path.StartsWithSegments("/api");
        if (!command)
        {
            await next(context);
            return;
        }

        try
        {
            await next(context);
        }
        finally
        {
            if (context.GetEndpoint() is RouteEndpoint endpoint)
            {
                NetworkMetrics.CountCommand($"{method} {endpoint.RoutePattern.RawText}", ResultOf(context.Response.StatusCode));
            }
        }
    }

    private static string ResultOf(int status) => status switch
    {
        < 300 => "accepted",
        401 or 403 => "denied",
        404 => "not_found",
        409 or 412 => "conflict",
        429 => "throttled",
        503 => "unavailable",
        >= 500 => "failed",
        _ => "rejected",
    };
}
