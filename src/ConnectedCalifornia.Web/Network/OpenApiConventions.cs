using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ConnectedCalifornia.Web.Network;

/// <summary>
/// What the OpenAPI document says about every operation, from the rules the app applies to all of
/// them, in one place: the sign-in cookie as a security scheme (and on each operation that needs a
/// signed-in caller), and the ProblemDetails answers the pipeline can give besides the operation's own
/// (400 for a request it cannot take, 401/403 from the authorizer, 404 for a path that names nothing,
/// 409 for a reused Idempotency-Key, 415 for a body that is not JSON, 429 from the rate limits, 503 when
/// part of the cluster is briefly gone; the last four on /api only, where the edge gives them). The health endpoints, which are not route handlers, are added
/// as paths of their own.
/// </summary>
public static class OpenApiConventions
{
    /// <summary>The security scheme's name in the document.</summary>
    public const string CookieScheme = "cookie";

    public const string ProblemSchema = "ProblemDetails";
    public const string ValidationProblemSchema = "HttpValidationProblemDetails";

    public static OpenApiOptions AddNetworkConventions(this OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, context, _) =>
        {
            var cookies = context.ApplicationServices.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>();
            Describe(document, cookies.Get(IdentityConstants.ApplicationScheme).Cookie.Name ?? ".AspNetCore.Identity.Application");
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            Describe(operation, context);
            return Task.CompletedTask;
        });
        options.AddSchemaTransformer((schema, context, _) =>
        {
            // HSDS and HSDA bodies are read and written in Open Referral's own snake_case, not the API's camelCase.
            if (context.JsonTypeInfo.Type.Namespace == typeof(ConnectedCalifornia.Web.Directory.Hsds.HsdsDataset).Namespace)
            {
                SnakeCase(schema);
            }

            return Task.CompletedTask;
        });
        return options;
    }

    private static void SnakeCase(OpenApiSchema schema)
    {
        static string Name(string name) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(name);
        if (schema.Properties is { Count: > 0 } properties)
        {
            schema.Properties = properties.ToDictionary(p => Name(p.Key), p => p.Value);
        }

        if (schema.Required is { Count: > 0 } required)
        {
            schema.Required = required.Select(Name).ToHashSet();
        }
    }

    private static void Describe(OpenApiDocument document, string cookieName)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[CookieScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Cookie,
            Name = cookieName,
            Description = "The sign-in cookie, set by POST /Account/Login (the same session as the web pages; two-factor where the role requires it). Send it back on every request.",
        };

        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[ProblemSchema] = Problem();
        var validation = Problem();
        validation.Properties!["errors"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "The fields (or query parameters) refused, each with its messages.",
            AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
        };
        document.Components.Schemas[ValidationProblemSchema] = validation;

        document.Paths ??= [];
        document.Paths["/health/live"] = Health(document, "HealthLive", "Liveness: the process answers (no dependency is checked). 200 Healthy.", ready: false);
        document.Paths["/health/ready"] = Health(document, "HealthReady", "Readiness: the silo cluster and the database answer. 200 Healthy, or 503 Unhealthy (take the node out of the load balancer).", ready: true);
    }

    private static OpenApiSchema Problem() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "An RFC 9457 problem: what went wrong, in words.",
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer | JsonSchemaType.Null },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
        },
    };

    private static OpenApiPathItem Health(OpenApiDocument document, string id, string summary, bool ready)
    {
        var text = new Dictionary<string, OpenApiMediaType> { ["text/plain"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create("Healthy"), JsonValue.Create("Unhealthy")] } } };
        var operation = new OpenApiOperation
        {
            OperationId = id,
            Summary = summary,
            Tags = new HashSet<OpenApiTagReference> { new("Health", document) },
            Responses = new OpenApiResponses { ["200"] = new OpenApiResponse { Description = "Healthy", Content = text } },
        };
        if (ready)
        {
            operation.Responses["503"] = new OpenApiResponse { Description = "Unhealthy: a dependency does not answer.", Content = text };
        }

        document.Tags ??= new HashSet<OpenApiTag>();
        if (!document.Tags.Any(t => t.Name == "Health"))
        {
            document.Tags.Add(new OpenApiTag { Name = "Health", Description = "Probes for load balancers and orchestrators." });
        }

        return new OpenApiPathItem { Operations = new Dictionary<HttpMethod, OpenApiOperation> { [HttpMethod.Get] = operation } };
    }

    private static void Describe(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var method = description.HttpMethod ?? "GET";
        var path = "/" + (description.RelativePath ?? string.Empty).TrimStart('/');
        var signedIn = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
        var hasPathParameters = path.Contains('{', StringComparison.Ordinal);
        var command = HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);
        var api = path.StartsWith("/api/", StringComparison.Ordinal) || path == "/api";
        var document = context.Document;

        operation.Responses ??= [];
        if (signedIn)
        {
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(CookieScheme, document)] = [] });
            Add(operation, document, "401", "Not signed in (no valid sign-in cookie).", ProblemSchema);
            Add(operation, document, "403", "Signed in, but this caller may not do this.", ProblemSchema);
        }

        if (operation.RequestBody is not null || (operation.Parameters?.Count ?? 0) > 0)
        {
            Add(operation, document, "400", "The request was not accepted: each refused field or parameter is named in errors; nothing was changed.", ValidationProblemSchema);
        }

        if (hasPathParameters)
        {
            Add(operation, document, "404", "Nothing has this id (or the caller may not know that it exists).", ProblemSchema);
        }

        if (api && command)
        {
            Add(operation, document, "409", "The Idempotency-Key was already used for a different request.", ProblemSchema);
            Add(operation, document, "415", "The body is not JSON (Content-Type must be application/json).", ProblemSchema);
        }

        if (api)
        {
            Add(operation, document, "429", "Too many requests from this client (see Retry-After).", ProblemSchema);
            Add(operation, document, "503", "Part of the network is briefly unavailable; try again after Retry-After (send the same Idempotency-Key for a command).", ProblemSchema);
        }
    }

    /// <summary>Adds the answer unless the endpoint declared it with a body of its own.</summary>
    public static void Add(OpenApiOperation operation, OpenApiDocument? document, string status, string description, string schema)
    {
        if (operation.Responses!.TryGetValue(status, out var existing) && existing.Content is { Count: > 0 })
        {
            return; // The endpoint declared this answer itself, with its body.
        }

        operation.Responses[status] = new OpenApiResponse
        {
            Description = existing?.Description is { Length: > 0 } own && own != "Bad Request" && own != "Not Found" ? own : description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(schema, document) },
            },
        };
    }
}
