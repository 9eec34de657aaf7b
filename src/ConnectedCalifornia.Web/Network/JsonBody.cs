using System.Text.Json;

namespace ConnectedCalifornia.Web.Network;

/// <summary>
/// Reads an API request's JSON body with a size limit, for endpoints that answer a bad body with a
/// clear ValidationProblem (too large, empty, not JSON, not an object, not the expected shape)
/// instead of the framework's generic 400. <see cref="ReadLimitedAsync"/> is the one size-limited
/// read of a body, for bodies that are not one JSON object too (an HSDS import file).
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
            using var document = JsonDocument.Parse(bytes.AsMemory());
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

    /// <summary>
    /// The whole request body if it has at most <paramref name="maxBytes"/>; null as soon as it is
    /// larger (by its declared length or by what arrives), without reading the rest.
    /// </summary>
    public static async Task<ArraySegment<byte>?> ReadLimitedAsync(HttpRequest request, int maxBytes)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        // Not disposed: a MemoryStream holds no resources, and the segment returned is its buffer.
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return new ArraySegment<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static async Task<(ArraySegment<byte> Bytes, IResult? Error)> ReadBytesAsync(HttpRequest request, int maxBytes, string shape)
    {
        if (await ReadLimitedAsync(request, maxBytes) is not { } bytes)
        {
            return ([], Invalid($"The request body is too large (at most {maxBytes / 1024} KB).", shape));
        }

        return bytes.Count == 0 ? ([], Invalid("A JSON body is required.", shape)) : (bytes, null);
    }

    private static IResult Invalid(string message, string shape, string field = "body") =>
        ApiResults.Invalid(field, string.IsNullOrEmpty(shape) ? message : message + " " + shape);
}
