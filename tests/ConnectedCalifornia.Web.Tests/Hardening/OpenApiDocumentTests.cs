using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ConnectedCalifornia.Web.Tests.Hardening;

/// <summary>
/// Reads the OpenAPI document the app serves and checks, for every operation, what a client needs to
/// call it: the sign-in cookie scheme where a signed-in caller is needed, the ProblemDetails answers
/// the pipeline can give, request bodies, 201 where the endpoint creates, the health probes; and that
/// the API reference page loads nothing from another host.
/// </summary>
public sealed partial class OpenApiDocumentTests(SeededAppFixture app) : IClassFixture<SeededAppFixture>
{
    private static readonly string[] Methods = ["get", "post", "put", "delete", "patch"];

    /// <summary>Commands that take no body at all: what they act on is in the path.</summary>
    private static readonly HashSet<string> NoBody =
    [
        "POST /api/organizations/{organizationId}/reverification-request",
        "POST /api/curation/reverification/{organizationId}",
        "POST /api/applications/public/{token}/confirmation",
        "POST /api/applications/public/{token}/withdrawal",
        "PUT /api/calendar/events/{eventId}/promotions/{organizationId}",
        "POST /mail/unsubscribe/{token}",
        "POST /api/capacity/sites/{siteId}/retire",
    ];

    [Fact]
    public async Task OpenApi_describes_the_sign_in_cookie_and_requires_it_where_a_signed_in_caller_is_needed()
    {
        var document = await DocumentAsync();
        var (_, cookie) = await app.ClientForAsync(MatrixRole.Curator.Email());
        var cookieName = cookie!.Split('=')[0];

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("cookie");
        Assert.Equal("apiKey", scheme.GetProperty("type").GetString());
        Assert.Equal("cookie", scheme.GetProperty("in").GetString());
        Assert.Equal(cookieName, scheme.GetProperty("name").GetString());

        var missing = new List<string>();
        foreach (var (method, path) in AuthorizedEndpoints())
        {
            if (Operation(document, method, path) is not { } operation)
            {
                missing.Add($"{method} {path}: not in the document");
                continue;
            }

            var secured = operation.TryGetProperty("security", out var security)
                && security.EnumerateArray().Any(r => r.TryGetProperty("cookie", out _));
            if (!secured)
            {
                missing.Add($"{method} {path}: no cookie security requirement");
            }

            missing.AddRange(new[] { "401", "403" }.Where(status => !IsProblem(operation, status)).Select(status => $"{method} {path}: no {status} ProblemDetails"));
        }

        Assert.True(missing.Count == 0, string.Join("\n", missing));
    }

    [Fact]
    public async Task OpenApi_every_operation_lists_the_problem_answers_the_pipeline_can_give()
    {
        var document = await DocumentAsync();
        var missing = new List<string>();
        foreach (var (method, path, operation) in Operations(document))
        {
            var expected = new List<string>();
            var api = path.StartsWith("/api/", StringComparison.Ordinal);
            var command = method is "post" or "put" or "patch" or "delete";
            if (api)
            {
                expected.AddRange(["429", "503"]);
            }

            if (api && command)
            {
                expected.AddRange(["409", "415"]);
            }

            if (path.Contains('{', StringComparison.Ordinal))
            {
                expected.Add("404");
            }

            if (operation.TryGetProperty("requestBody", out _) || (operation.TryGetProperty("parameters", out var parameters) && parameters.GetArrayLength() > 0))
            {
                expected.Add("400");
            }

            missing.AddRange(expected.Where(status => !IsProblem(operation, status)).Select(status => $"{method.ToUpperInvariant()} {path}: no {status} ProblemDetails"));
        }

        Assert.True(missing.Count == 0, string.Join("\n", missing));
        var validation = document.GetProperty("components").GetProperty("schemas").GetProperty("HttpValidationProblemDetails");
        Assert.Equal("object", validation.GetProperty("properties").GetProperty("errors").GetProperty("type").GetString());
    }

    [Fact]
    public async Task OpenApi_every_POST_and_PUT_describes_its_request_body()
    {
        var document = await DocumentAsync();

        var without = Operations(document)
            .Where(o => o.Method is "post" or "put" && !o.Operation.TryGetProperty("requestBody", out _))
            .Select(o => $"{o.Method.ToUpperInvariant()} {o.Path}")
            .Where(key => !NoBody.Contains(key))
            .ToList();

        Assert.True(without.Count == 0, "POST/PUT operations without a request body:\n" + string.Join("\n", without));
    }

    [Theory]
    [InlineData("/api/capacity/sites/{siteId}/counts/{category}", "available", "integer")]
    [InlineData("/api/capacity/sites/{siteId}/holds", "holderOrganizationId", "string")]
    [InlineData("/api/capacity/sites/{siteId}/holds/{holdId}/convert", "referenceId", "string")]
    [InlineData("/api/hsds/import", "service_at_location", "array")]
    [InlineData("/api/calendar/series/{seriesId}/occurrences/{eventId}/move", "start", "string")]
    public async Task OpenApi_command_bodies_that_were_read_by_hand_name_their_fields(string path, string field, string type)
    {
        var document = await DocumentAsync();
        var operation = Operation(document, "post", path) ?? throw new Xunit.Sdk.XunitException($"POST {path} is not in the document");

        var schema = operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        var name = schema.GetProperty("$ref").GetString()!.Split('/')[^1];
        var property = document.GetProperty("components").GetProperty("schemas").GetProperty(name).GetProperty("properties").GetProperty(field);
        var types = property.TryGetProperty("type", out var t)
            ? t.ValueKind == JsonValueKind.Array ? t.EnumerateArray().Select(x => x.GetString()) : [t.GetString()]
            : [];
        Assert.Contains(type, types);
    }

    [Fact]
    public async Task OpenApi_documents_201_where_the_endpoint_answers_201()
    {
        var document = await DocumentAsync();
        var (curator, _) = await app.ClientForAsync(MatrixRole.Curator.Email());

        // A real creation answers 201 …
        using var created = await curator.PostAsJsonAsync("/api/task-forces", new
        {
            name = "OpenApi Test Coalition",
            description = "Checks the documented status.",
            counties = new[] { "06019" },
            leadEmails = new[] { MatrixRole.TaskForceLead.Email() },
            leadAgencies = Array.Empty<string>(),
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        Assert.NotNull(created.Headers.Location);

        // … and every creating operation documents 201 (with its body), never a 200.
        foreach (var (method, path) in new[] { ("post", "/api/task-forces"), ("post", "/api/initiatives"), ("post", "/api/calendar/events"), ("post", "/api/calendar/series"), ("post", "/api/library"), ("post", "/api/organizations/{organizationId}/referrals") })
        {
            var responses = Operation(document, method, path)!.Value.GetProperty("responses");
            Assert.True(responses.TryGetProperty("201", out var ok) && ok.TryGetProperty("content", out _), $"{method} {path} does not document 201 with its body.");
            Assert.False(responses.TryGetProperty("200", out _), $"{method} {path} documents a 200 it never answers.");
        }
    }

    [Fact]
    public async Task OpenApi_lists_the_health_endpoints_as_they_answer()
    {
        var document = await DocumentAsync();
        var (anonymous, _) = await app.ClientForAsync(null);

        foreach (var path in new[] { "/health/live", "/health/ready" })
        {
            var operation = Operation(document, "get", path);
            Assert.True(operation is not null, $"{path} is not in the document.");
            Assert.True(operation!.Value.GetProperty("responses").TryGetProperty("200", out _));
            using var response = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
        }

        Assert.True(Operation(document, "get", "/health/ready")!.Value.GetProperty("responses").TryGetProperty("503", out _));
    }

    [Fact]
    public async Task OpenApi_reference_page_loads_nothing_from_another_host()
    {
        var (anonymous, _) = await app.ClientForAsync(null);

        using var response = await anonymous.GetAsync("/api/reference/");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var external = ExternalReference().Matches(html).Select(m => m.Value).ToList();
        Assert.True(external.Count == 0, "The reference page loads from another host:\n" + string.Join("\n", external));
        Assert.DoesNotContain("fonts.scalar.com", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"withDefaultFonts\":false", html.Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    private async Task<JsonElement> DocumentAsync()
    {
        var (anonymous, _) = await app.ClientForAsync(null);
        return await anonymous.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
    }

    /// <summary>Every route-handler endpoint that needs a signed-in caller (an authorization policy, no AllowAnonymous).</summary>
    private IEnumerable<(string Method, string Path)> AuthorizedEndpoints()
    {
        var sources = app.Factory.Services.GetRequiredService<EndpointDataSource>();
        foreach (var endpoint in sources.Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? string.Empty).TrimStart('/');
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods;
            if (methods is null || endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null || endpoint.Metadata.GetMetadata<IAuthorizeData>() is null
                || endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Components.Endpoints.ComponentTypeMetadata>() is not null
                || pattern.StartsWith("/_", StringComparison.Ordinal) || pattern.StartsWith("/Account", StringComparison.Ordinal) || pattern.StartsWith("/hubs", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var method in methods)
            {
                var path = Regex.Replace(pattern, @"\{([^}:?]+)[^}]*\}", "{$1}");
                yield return (method.ToLowerInvariant(), path.Length > 1 ? path.TrimEnd('/') : path);
            }
        }
    }

    private static IEnumerable<(string Method, string Path, JsonElement Operation)> Operations(JsonElement document)
    {
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var method in Methods)
            {
                if (path.Value.TryGetProperty(method, out var operation))
                {
                    yield return (method, path.Name, operation);
                }
            }
        }
    }

    private static JsonElement? Operation(JsonElement document, string method, string path) =>
        document.GetProperty("paths").TryGetProperty(path, out var item) && item.TryGetProperty(method, out var operation) ? operation : null;

    private static bool IsProblem(JsonElement operation, string status) =>
        operation.TryGetProperty("responses", out var responses)
        && responses.TryGetProperty(status, out var response)
        && response.TryGetProperty("content", out var content)
        && content.EnumerateObject().Any(c => c.Name is "application/problem+json" or "application/json");

    [GeneratedRegex(@"(?:src|href)\s*=\s*[""']https?://[^""']+[""']|@import\s+url\(\s*[""']?https?://[^)]+\)|https://fonts\.[a-z.]+", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();
}
