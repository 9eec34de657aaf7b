using System.Globalization;
using ConnectedCalifornia.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ConnectedCalifornia.Silo;

/// <summary>
/// OpenTelemetry for a silo-only node, with the web nodes' settings (<c>ConnectedCalifornia:Observability</c>,
/// docs/operations.md): the grains', Orleans', Npgsql's and the runtime's meters, served in the Prometheus text
/// format at <c>http://&lt;node&gt;:MetricsPort/metrics</c> by a small Kestrel listener of its own (the node serves
/// nothing else), to the same callers as a web node's (<see cref="MetricsAccess"/>); traces and metrics also go to an
/// OTLP collector when <c>OtlpEndpoint</c> is set.
/// </summary>
public static class SiloObservability
{
    public const int DefaultMetricsPort = 9464;

    /// <summary>Adds the node's telemetry; throws <see cref="InvalidOperationException"/> naming a wrong setting.</summary>
    public static IHostApplicationBuilder AddSiloObservability(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(NetworkTelemetry.Section);
        var prometheus = Flag(section, "Prometheus", fallback: true);
        var port = Port(section);
        var otlp = Otlp(section);
        if (!prometheus && otlp is null)
        {
            return builder;
        }

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("ConnectedCalifornia.Silo", serviceInstanceId: Environment.MachineName))
            .WithMetrics(metrics =>
            {
                metrics.AddRuntimeInstrumentation().AddMeter([.. NetworkTelemetry.NodeMeters]);
                if (prometheus)
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
            telemetry.WithTracing(tracing => tracing
                .AddSource([.. NetworkTelemetry.OrleansTraceSources])
                .AddNpgsql()
                .AddOtlpExporter(o => o.Endpoint = otlp));
        }

        if (prometheus)
        {
            var token = section["MetricsToken"];
            builder.Services.AddHostedService(services => new MetricsListener(services.GetRequiredService<MeterProvider>(), port, token, services.GetRequiredService<ILoggerFactory>()));
        }

        return builder;
    }

    private static bool Flag(IConfigurationSection section, string key, bool fallback) =>
        section[key] is not { Length: > 0 } text ? fallback
        : bool.TryParse(text, out var value) ? value
        : throw new InvalidOperationException($"{section.Path}:{key} must be true or false (it is '{text}').");

    private static int Port(IConfigurationSection section) =>
        section["MetricsPort"] is not { Length: > 0 } text ? DefaultMetricsPort
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535 ? port
        : throw new InvalidOperationException($"{section.Path}:MetricsPort must be a port number from 1 to 65535 (it is '{text}').");

    private static Uri? Otlp(IConfigurationSection section) =>
        string.IsNullOrWhiteSpace(section["OtlpEndpoint"]) ? null
        : Uri.TryCreate(section["OtlpEndpoint"], UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? uri
        : throw new InvalidOperationException($"{section.Path}:OtlpEndpoint must be an http(s) address such as http://otel-collector:4317 (it is '{section["OtlpEndpoint"]}').");

    /// <summary>Kestrel on the metrics port (every interface, like the silo and gateway ports) serving only <c>/metrics</c>.</summary>
    private sealed class MetricsListener(MeterProvider meters, int port, string? token, ILoggerFactory loggers) : IHostedService, IAsyncDisposable
    {
        private WebApplication? _app;

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            var web = WebApplication.CreateSlimBuilder();
            web.Logging.ClearProviders();
            web.Services.AddSingleton(loggers);
            web.WebHost.ConfigureKestrel(kestrel => kestrel.ListenAnyIP(port));
            _app = web.Build();
            _app.MapPrometheusScrapingEndpoint("/metrics", meters, branch => branch.Use(async (context, next) =>
            {
                var relayed = context.Request.Headers.ContainsKey("X-Forwarded-For") || context.Request.Headers.ContainsKey("Forwarded");
                if (!MetricsAccess.MayRead(context.Connection.RemoteIpAddress, context.Request.Headers.Authorization, token, relayed))
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return;
                }

                await next(context);
            }), optionsName: null);
            await _app.StartAsync(cancellationToken);
        }

        public async Task StopAsync(CancellationToken cancellationToken)
        {
            if (_app is not null)
            {
                await _app.StopAsync(cancellationToken);
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_app is not null)
            {
                await _app.DisposeAsync();
            }
        }
    }
}
