using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ConnectedCalifornia.Web.Tests.Hardening;

/// <summary>
/// Every command endpoint of the authorization matrix (POST, PUT, PATCH) receives a corpus of
/// well-formed but hostile JSON as a system admin (so every body reaches its handler): nulls in every
/// list and field, empty and wrong-typed objects, huge numbers, bad dates, control characters. None may
/// answer 5xx; every refusal is a 4xx.
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly NetworkAppFactory _app = new();

    public async Task InitializeAsync() => (await _app.CreateClient().GetAsync("/health/ready")).EnsureSuccessStatusCode();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Fuzz_no_command_endpoint_answers_5xx_to_well_formed_hostile_json()
    {
        using var client = _app.CreateBrowserLikeClient();
        await SignIn.AsAsync(client, _app, MatrixRole.SystemAdmin.Email()!);
        var rows = AuthorizationMatrix.Endpoints
            .Where(r => r.Key.Split(' ')[0] is "POST" or "PUT" or "PATCH" && r.Path.StartsWith("/api/", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(rows);

        var failures = new List<string>();
        var sent = 0;
        foreach (var row in rows)
        {
            foreach (var body in Corpus(row.Body))
            {
                using var request = new HttpRequestMessage(new HttpMethod(row.Key.Split(' ')[0]), row.Path)
                {
                    Content = new StringContent(body, Encoding.UTF8, "application/json"),
                };
                using var response = await client.SendAsync(request);
                sent++;
                if ((int)response.StatusCode >= 500)
                {
                    failures.Add($"{row.Key} {(int)response.StatusCode} <- {Shorten(body)}");
                }
            }
        }

        output.WriteLine($"{sent} hostile bodies to {rows.Count} endpoints.");
        Assert.True(failures.Count == 0, "5xx answers:\n" + string.Join("\n", failures.Distinct().Take(60)));
    }

    /// <summary>Generic hostile bodies, then the row's own body with each field replaced by hostile values.</summary>
    private static IEnumerable<string> Corpus(string? rowBody)
    {
        string[] generic = ["{}", "null", "[]", "\"text\"", "123", "true", """{"x":null}""", """{"":{}}"""];
        foreach (var body in generic)
        {
            yield return body;
        }

        if (Parse(rowBody) is not JsonObject template)
        {
            yield break;
        }

        foreach (var (name, value) in template.ToList())
        {
            foreach (var hostile in HostileValues(value))
            {
                var copy = (JsonObject)template.DeepClone();
                copy[name] = hostile;
                yield return copy.ToJsonString();
            }
        }

        // Every field null at once, every list [null], every object {}.
        var allNull = (JsonObject)template.DeepClone();
        foreach (var (name, _) in template.ToList())
        {
            allNull[name] = null;
        }

        yield return allNull.ToJsonString();
    }

    private static IEnumerable<JsonNode?> HostileValues(JsonNode? value)
    {
        yield return null;
        yield return new JsonObject();
        yield return new JsonArray();
        yield return new JsonArray((JsonNode?)null);
        yield return JsonValue.Create("\u0000\u202Ehostile\u0007");
        yield return JsonValue.Create(new string('x', 70_000));
        yield return JsonValue.Create("9999-99-99T99:99:99Z");
        yield return JsonValue.Create(1e308);
        yield return JsonValue.Create(-1);
        yield return JsonValue.Create(long.MaxValue);
        yield return JsonNode.Parse("123456789012345678901234567890");
        yield return JsonValue.Create(true);
        if (value is JsonArray array)
        {
            yield return new JsonArray(JsonValue.Create(""), null, new JsonObject());
            if (array.Count > 0 && array[0] is JsonObject first)
            {
                var item = (JsonObject)first.DeepClone();
                foreach (var (name, _) in first.ToList())
                {
                    item[name] = null;
                }

                yield return new JsonArray(item);
            }
        }

        if (value is JsonObject obj)
        {
            var copy = (JsonObject)obj.DeepClone();
            foreach (var (name, _) in obj.ToList())
            {
                copy[name] = null;
            }

            yield return copy;
            yield return new JsonObject { ["x"] = null };
        }
    }

    /// <summary>The row's body as JSON; some rows send malformed bodies on purpose, which give no template.</summary>
    private static JsonNode? Parse(string? body)
    {
        try
        {
            return body is null ? null : JsonNode.Parse(body);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static string Shorten(string body) => body.Length > 160 ? body[..160] + "…" : body;
}
