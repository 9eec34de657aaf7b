using System.Net;
using ConnectedCalifornia.Web.Live;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ConnectedCalifornia.Web.Tests.Live;

/// <summary>
/// Finding 9 of issue 13: a page on another site must not open the live-update hub with a member's
/// cookie. The negotiation and the WebSocket upgrade are refused with 403 for a foreign Origin; the
/// app's own origin, a configured one, and clients that send no Origin are let in.
/// </summary>
public sealed class HubOriginTests
{
    private const string Configured = "https://beds.example.org";

    [Fact]
    public async Task Hub_refuses_connections_from_a_foreign_origin()
    {
        await using var factory = new NetworkAppFactory(seed: false);
        await using var app = factory.WithWebHostBuilder(b => b.UseSetting("ConnectedCalifornia:Web:AllowedOrigins:0", Configured));
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var own = $"{app.Server.BaseAddress.Scheme}://{app.Server.BaseAddress.Authority}";

        Assert.Equal(HttpStatusCode.Forbidden, await NegotiateAsync(client, "https://evil.example"));
        Assert.Equal(HttpStatusCode.Forbidden, await NegotiateAsync(client, "null"));
        Assert.Equal(HttpStatusCode.OK, await NegotiateAsync(client, own));
        Assert.Equal(HttpStatusCode.OK, await NegotiateAsync(client, Configured));
        Assert.Equal(HttpStatusCode.OK, await NegotiateAsync(client, null));

        var socketUri = new Uri(new Uri(own.Replace("http", "ws", StringComparison.Ordinal)), NetworkHub.Path);
        var evil = app.Server.CreateWebSocketClient();
        evil.ConfigureRequest = r => r.Headers.Origin = "https://evil.example";
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => evil.ConnectAsync(socketUri, CancellationToken.None));
        Assert.Contains("403", refused.Message, StringComparison.Ordinal);

        foreach (var origin in new[] { own, Configured })
        {
            var allowed = app.Server.CreateWebSocketClient();
            allowed.ConfigureRequest = r => r.Headers.Origin = origin;
            using var socket = await allowed.ConnectAsync(socketUri, CancellationToken.None);
            Assert.Equal(System.Net.WebSockets.WebSocketState.Open, socket.State);
            socket.Abort();
        }
    }

    [Fact]
    public async Task Blazor_circuit_refuses_connections_from_a_foreign_origin()
    {
        await using var factory = new NetworkAppFactory(seed: false);
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var own = $"{factory.Server.BaseAddress.Scheme}://{factory.Server.BaseAddress.Authority}";

        Assert.Equal(HttpStatusCode.Forbidden, await NegotiateAsync(client, "https://evil.example", HubOriginCheck.BlazorPath));
        Assert.NotEqual(HttpStatusCode.Forbidden, await NegotiateAsync(client, own, HubOriginCheck.BlazorPath));
    }

    private static async Task<HttpStatusCode> NegotiateAsync(HttpClient client, string? origin, string path = NetworkHub.Path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path + "/negotiate?negotiateVersion=1");
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
