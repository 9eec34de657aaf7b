using System.Net;
using System.Reflection;
using System.Text;
using ConnectedCalifornia.Web.Live;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace ConnectedCalifornia.Web.Tests.Authorization;

/// <summary>
/// Drives every endpoint, page and hub method as every role through the real pipeline (real
/// sign-in, cookies, policies) and checks allow/deny against <see cref="AuthorizationMatrix"/>.
/// </summary>
public sealed class AuthorizationMatrixTests(SeededAppFixture app) : IClassFixture<SeededAppFixture>
{
    public static TheoryData<string, MatrixRole> EndpointCases => Cases(AuthorizationMatrix.Endpoints);

    public static TheoryData<string, MatrixRole> PageCases => Cases(AuthorizationMatrix.Pages);

    public static TheoryData<string, MatrixRole> HubCases => Cases(AuthorizationMatrix.HubMethods);

    [Fact]
    public void Every_entry_point_has_a_row()
    {
        var sources = app.Factory.Services.GetRequiredService<EndpointDataSource>();
        var endpointKeys = AuthorizationMatrix.Endpoints.Select(r => r.Key).ToHashSet();
        var pageKeys = AuthorizationMatrix.Pages.Select(r => r.Key).ToHashSet();
        var missing = new List<string>();
        foreach (var endpoint in sources.Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? string.Empty).TrimStart('/');
            if (IsInfrastructure(endpoint, pattern))
            {
                continue;
            }

            if (endpoint.Metadata.GetMetadata<ComponentTypeMetadata>() is not null)
            {
                if (!pageKeys.Contains(pattern))
                {
                    missing.Add("page " + pattern);
                }

                continue;
            }

            var methods = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["ANY"];
            missing.AddRange(methods.Select(m => $"{m} {pattern}").Where(key => !endpointKeys.Contains(key)));
        }

        var hubMethods = typeof(NetworkHub).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName).Select(m => m.Name);
        missing.AddRange(hubMethods.Where(name => !AuthorizationMatrix.HubMethods.Any(r => r.Key.StartsWith($"hub {name}(", StringComparison.Ordinal)))
            .Select(name => $"hub method {name}"));

        Assert.True(missing.Count == 0, "Entry points without a row in the authorization matrix:\n" + string.Join("\n", missing.Distinct()));
    }

    [Theory]
    [MemberData(nameof(EndpointCases))]
    public async Task Endpoint_allows_exactly_its_roles(string key, MatrixRole role)
    {
        var row = AuthorizationMatrix.Endpoints.Single(r => r.Key == key);
        var (client, _) = await app.ClientForAsync(role.Email());
        var verb = key.Split(' ')[0];
        var method = verb == "ANY" ? (row.Body is null ? HttpMethod.Get : HttpMethod.Post) : new HttpMethod(verb);
        using var request = new HttpRequestMessage(method, row.Path);
        if (row.Body is not null)
        {
            request.Content = new StringContent(row.Body, Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);
        AssertDecision(row, role, response);
    }

    [Theory]
    [MemberData(nameof(PageCases))]
    public async Task Page_allows_exactly_its_roles(string key, MatrixRole role)
    {
        var row = AuthorizationMatrix.Pages.Single(r => r.Key == key);
        var (client, _) = await app.ClientForAsync(role.Email());
        using var response = await client.GetAsync(row.Path);
        AssertDecision(row, role, response);
        if (row.Allowed.Contains(role) && !IsRedirect(response))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Theory]
    [MemberData(nameof(HubCases))]
    public async Task Hub_method_allows_exactly_its_roles(string key, MatrixRole role)
    {
        var row = AuthorizationMatrix.HubMethods.Single(r => r.Key == key);
        var (_, cookie) = await app.ClientForAsync(role.Email());
        await using var connection = app.Factory.CreateHubConnection(cookie);
        await connection.StartAsync();
        var method = key["hub ".Length..key.IndexOf('(', StringComparison.Ordinal)];
        if (method is nameof(NetworkHub.Join) or nameof(NetworkHub.JoinAfter))
        {
            var result = method == nameof(NetworkHub.Join)
                ? await connection.InvokeAsync<JoinResult>(method, row.Path)
                : await connection.InvokeAsync<JoinResult>(method, row.Path, 0L);
            Assert.True(result.Joined == row.Allowed.Contains(role), $"{key} as {role}: joined={result.Joined}");
            Assert.True(result.Joined || result.Recent.IsDefaultOrEmpty, $"{key} as {role}: a refused join carries no announcement");
        }
        else
        {
            await connection.InvokeAsync(method, row.Path);
            Assert.Contains(role, row.Allowed);
        }
    }

    private static void AssertDecision(MatrixRow row, MatrixRole role, HttpResponseMessage response)
    {
        var denied = IsDenied(response);
        var expectedAllowed = row.Allowed.Contains(role);
        Assert.True(expectedAllowed != denied,
            $"{row.Key} as {role}: expected {(expectedAllowed ? "allowed" : "denied")}, got {(int)response.StatusCode} {response.Headers.Location}");
        Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
    }

    private static bool IsRedirect(HttpResponseMessage response) => (int)response.StatusCode is >= 300 and < 400;

    /// <summary>401/403, or the cookie handler's redirect to sign in (with a return URL) or to "access denied".</summary>
    private static bool IsDenied(HttpResponseMessage response)
    {
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            return true;
        }

        var location = response.Headers.Location?.ToString() ?? string.Empty;
        return IsRedirect(response)
            && (location.Contains("/Account/AccessDenied", StringComparison.OrdinalIgnoreCase)
                || (location.Contains("/Account/Login", StringComparison.OrdinalIgnoreCase) && location.Contains("ReturnUrl=", StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>Framework plumbing with no data of the network: static files, Blazor's own circuit endpoints.</summary>
    private static bool IsInfrastructure(RouteEndpoint endpoint, string pattern) =>
        pattern.StartsWith("/_blazor", StringComparison.Ordinal)
        || pattern.StartsWith("/_framework", StringComparison.Ordinal)
        || endpoint.Metadata.Any(m => m.GetType().Name.Contains("StaticAsset", StringComparison.Ordinal));

    private static TheoryData<string, MatrixRole> Cases(IEnumerable<MatrixRow> rows)
    {
        var data = new TheoryData<string, MatrixRole>();
        foreach (var row in rows)
        {
            foreach (var role in MatrixRoles.All)
            {
                data.Add(row.Key, role);
            }
        }

        return data;
    }
}
