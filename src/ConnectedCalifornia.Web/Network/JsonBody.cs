using System.Text.Json;

namespace ConnectedCalifornia.Web.Network;

/// <summary>
/// Reads an API request's JSON body with a size limit, for endpoints that answer a bad body with a
/// clear ValidationProblem (too large, empty, not JSON, not an object, not the expected shape)
/// instead of the framework's generic 400.
/// </summary>
public static class JsonBody
{
    /// <summary>
    /// The body as one JSON object of at most <paramref name="maxBytes"/>. A body that is too large or
    /// empty is reported on "body"; one that cannot be read, on <paramref name="field"/>.
    /// </summary>
    public static async Task<(JsonElement? Body, IResult? Error)> ReadObjectAsync(HttpRequest request, int maxBytes, string shape = "", string field = "body")
    {
        var (bytes, error) = await ReadBytesAsync(request, maxBytes, shape);
        if (error is not null)
        {
            return (null, error);
        }

        try
        {
            using var document = JsonDocument.Parse(bytes);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? (document.RootElement.Clone(), null)
                : (null, Invalid("The body must be a JSON object.", shape, field));
        }
        catch (JsonException)
        {
            return (null, Invalid("The body is not valid JSON.", shape, field));
        }
    }

    /// <summary>The body, a JSON object of at most <paramref name="maxBytes"/>, read into <typeparamref name="T"/>.</summary>
    public static async Task<(T? Body, IResult? Error)> ReadAsync<T>(HttpRequest request, int maxBytes, JsonSerializerOptions options, string shape, string field = "body")
        where T : class
    {
        var (element, error) = await ReadObjectAsync(request, maxBytes, shape, field);
        if (error is not null)
        {
            return (null, error);
        }

        try
        {
            return element!.Value.Deserialize<T>(options) is { } body ? (body, null) : (null, Invalid("The body is not what was expected.", shape, field));
        }
        catch (JsonException)
        {
            return (null, Invalid("The body is not what was expected.", shape, field));
        }
    }

    private static async Task<(byte[] Bytes, IResult? Error)> ReadBytesAsync(HttpRequest request, int maxBytes, string shape)
    {
        var tooLarge = $"The request body is too large (at most {maxBytes / 1024} KB).";
        if (request.ContentLength > maxBytes)
        {
            return ([], Invalid(tooLarge, shape));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return ([], Invalid(tooLarge, shape));
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.Length == 0 ? ([], Invalid("A JSON body is required.", shape)) : (buffer.ToArray(), null);
    }

    private static IResult Invalid(string message, string shape, string field = "body") =>
        ApiResults.Invalid(field, string.IsNullOrEmpty(shape) ? message : message + " " + shape);
}
