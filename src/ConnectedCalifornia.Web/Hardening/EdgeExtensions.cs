using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using ConnectedCalifornia.Hosting.Faults;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ConnectedCalifornia.Web.Hardening;

/// <summary>
/// The app's edge to the internet, in one place: trusted proxies and HTTPS, security headers, rate
/// limits, JSON-only API bodies, and API errors as ProblemDetails. Settings: <see cref="EdgeOptions"/>.
/// </summary>
public static class EdgeExtensions
{
    public static WebApplicationBuilder AddNetworkEdge(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<EdgeOptions>().BindConfiguration(EdgeOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EdgeOptions>, EdgeOptionsValidator>());
        services.AddSingleton<SignInThrottle>();
        services.AddHttpContextAccessor();
        services.AddSingleton<PublicFormLimiter>();
        services.AddSingleton<HsdsExportGate>();
        services.AddScoped<CircuitClient>();
        services.AddScoped<PublicFormLimit>();
        services.TryAddEnumerable(ServiceDescriptor.Scoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler, CircuitClientHandler>());
        services.AddScoped<Identity.NetworkSignIn>();
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddNetworkIdempotency();

        // Bodies the framework cannot bind raise an exception in every environment, so the handler answers them the same way.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);

        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<EdgeOptions>>((o, edge) =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            o.ForwardLimit = 1;
            foreach (var proxy in edge.Value.KnownProxies)
            {
                o.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in edge.Value.KnownNetworks)
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });

        services.AddOptions<HstsOptions>().Configure<IOptions<EdgeOptions>>((o, edge) =>
        {
            o.MaxAge = TimeSpan.FromDays(edge.Value.HstsMaxAgeDays);
            o.IncludeSubDomains = false;
        });

        // Cookies are Secure whenever the original request was HTTPS (the antiforgery cookie's default is never).
        services.Configure<Microsoft.AspNetCore.Antiforgery.AntiforgeryOptions>(o => o.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest);

        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<EdgeOptions>>((o, edge) =>
        {
            var limits = edge.Value.RateLimits;
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = RejectAsync;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http => IsLimitedPath(http.Request.Path)
                ? Window(ClientAddress.Of(http), limits.ApiPerMinute, TimeSpan.FromMinutes(1))
                : RateLimitPartition.GetNoLimiter(string.Empty));
            o.AddPolicy(EdgePolicies.PublicForms, http => Window(ClientAddress.Of(http), limits.PublicFormsPerHour, TimeSpan.FromHours(1)));
            o.AddPolicy(EdgePolicies.Hsds, http => Window(ClientAddress.Of(http), limits.HsdsPerMinute, TimeSpan.FromMinutes(1)));
        });
        return builder;
    }

    /// <summary>The edge's middleware, first in the app's own pipeline (after routing, so endpoint rate-limit policies apply).</summary>
    public static WebApplication UseNetworkEdge(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseWhen(http => IsApi(http.Request.Path), api => api.UseExceptionHandler());
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
            app.UseHsts();
        }

        if (app.Services.GetRequiredService<IOptions<EdgeOptions>>().Value.HttpsRedirection)
        {
            app.UseHttpsRedirection();
        }

        app.UseSecurityHeaders();
        app.UseRateLimiter();
        app.UseJsonOnlyApi();
        return app;
    }

    private static bool IsApi(PathString path) => path.StartsWithSegments("/api");

    private static bool IsLimitedPath(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs") || path.StartsWithSegments("/feeds");

    private static RateLimitPartition<string> Window(string client, int permits, TimeSpan window) =>
        RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, permits),
            Window = window,
            QueueLimit = 0,
            AutoReplenishment = true,
        });

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 60;
        await TooManyRequests(http, seconds, $"This client sent too many requests. Try again in {seconds} seconds.").ExecuteAsync(http);
    }

    /// <summary>The edge's 429: a Retry-After header and a ProblemDetails body (for limits checked inside an endpoint too).</summary>
    public static IResult TooManyRequests(HttpContext http, int retryAfterSeconds, string detail)
    {
        http.Response.Headers.RetryAfter = Math.Max(1, retryAfterSeconds).ToString(CultureInfo.InvariantCulture);
        return Results.Problem(title: "Too many requests; nothing was changed.", detail: detail, statusCode: StatusCodes.Status429TooManyRequests);
    }

    /// <summary>A JSON path of System.Text.Json ("$.profile.contacts[0].value") as the API names fields ("profile.contacts[0].value").</summary>
    private static string FieldOf(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "body" : path.TrimStart('$', '.');

    /// <summary>An unexpected exception on the API answers a ProblemDetails 500 without internals (the exception is logged by the framework).</summary>
    private sealed class ApiExceptionHandler : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
        {
            if (!IsApi(http.Request.Path))
            {
                return false;
            }

            // A body the framework could not bind (wrong type, null where a value is needed): the caller's mistake.
            if (exception is BadHttpRequestException bad)
            {
                var json = bad.InnerException as System.Text.Json.JsonException;
                var field = FieldOf(json?.Path);
                await Results.ValidationProblem(
                    new Dictionary<string, string[]> { [field] = [field == "body" ? "The body is not valid JSON of the expected shape." : $"'{field}' is not of the expected type (or is null where a value is needed)."] },
                    title: "The request was not accepted; nothing was changed.",
                    statusCode: bad.StatusCode).ExecuteAsync(http);
                return true;
            }

            // A silo or the database is briefly gone (a node died, the database restarts): try again shortly.
            if (TransientFaults.IsTransient(exception))
            {
                http.Response.Headers.RetryAfter = TransientFaults.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                await Results.Problem(
                    title: "The network is briefly unavailable.",
                    detail: $"Part of the service did not answer. Try again in {TransientFaults.RetryAfterSeconds} seconds; send the same Idempotency-Key so a command that did go through is not applied twice.",
                    statusCode: StatusCodes.Status503ServiceUnavailable,
                    extensions: new Dictionary<string, object?> { ["traceId"] = http.TraceIdentifier }).ExecuteAsync(http);
                return true;
            }

            await Results.Problem(
                title: "Something went wrong on our side.",
                detail: "The request could not be completed. Read the resource again before trying once more.",
                statusCode: StatusCodes.Status500InternalServerError,
                extensions: new Dictionary<string, object?> { ["traceId"] = http.TraceIdentifier }).ExecuteAsync(http);
            return true;
        }
    }
}
