using Microsoft.Net.Http.Headers;

namespace ConnectedCalifornia.Web.Hardening;

/// <summary>
/// The API's one body rule: a command (POST, PUT, PATCH, DELETE) under /api that sends a body, or says
/// what its body is, sends JSON. Anything else (text/plain, a form) answers 415 and changes nothing, so
/// a page on another origin cannot post a "simple" cross-site request with the victim's cookie.
/// </summary>
public static class JsonOnlyApi
{
    public static IApplicationBuilder UseJsonOnlyApi(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            var request = http.Request;
            if (request.Path.StartsWithSegments("/api") && IsCommand(request.Method) && !IsJsonOrEmpty(request))
            {
                http.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
                await Results.Problem(
                    title: "The request was not accepted; nothing was changed.",
                    detail: "Send the body as JSON with Content-Type: application/json.",
                    statusCode: StatusCodes.Status415UnsupportedMediaType).ExecuteAsync(http);
                return;
            }

            await next(http);
        });

    private static bool IsCommand(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);

    private static bool IsJsonOrEmpty(HttpRequest request)
    {
        if (string.IsNullOrEmpty(request.ContentType))
        {
            // No declared type is fine only without a body (a DELETE, a bodiless command).
            return request.ContentLength is null or 0 && !request.Headers.TransferEncoding.Any(v => v?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true);
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || type.MediaType.Value is not { } media)
        {
            return false;
        }

        return media.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (media.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && media.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
    }
}
