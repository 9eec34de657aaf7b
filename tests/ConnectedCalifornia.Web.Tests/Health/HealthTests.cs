using System.Net;
using System.Text.Json;
using ConnectedCalifornia.Web.Tests.Infrastructure;

namespace ConnectedCalifornia.Web.Tests.Health;

public sealed class HealthTests(SeededAppFixture app) : IClassFixture<SeededAppFixture>
{
    [Fact]
    public async Task Ready_and_live_health_checks_answer_healthy_when_the_silo_and_database_answer()
    {
        var (client, _) = await app.ClientForAsync(null);
        Assert.Equal("Healthy", await client.GetStringAsync("/health/live"));
        Assert.Equal("Healthy", await client.GetStringAsync("/health/ready"));
    }

    [Fact]
    public async Task The_openapi_document_describes_the_network_api_and_the_reference_page_serves()
    {
        var (client, _) = await app.ClientForAsync(null);
        var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement;
        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/organizations/{organizationId}", out _));
        Assert.True(paths.TryGetProperty("/api/initiatives/{initiativeId}/goals/{goalId}/progress", out _));
        var reference = await client.GetAsync("/api/reference/");
        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
    }

    [Fact]
    public async Task The_hotline_is_in_the_server_rendered_html_of_public_pages()
    {
        var (client, _) = await app.ClientForAsync(null);
        foreach (var page in new[] { "/", "/organizations", "/initiatives", "/Account/Login" })
        {
            var html = await client.GetStringAsync(page);
            Assert.Contains("1-888-373-7888", html, StringComparison.Ordinal);
            Assert.Contains("233733", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_sign_in_page_lists_the_demo_accounts_in_development()
    {
        var (client, _) = await app.ClientForAsync(null);
        var html = await client.GetStringAsync("/Account/Login");
        Assert.Contains("@demo.connectedcalifornia.example", html, StringComparison.Ordinal);
        Assert.Contains(ConnectedCalifornia.Web.Seeding.DemoNetworkData.DemoPassword, html, StringComparison.Ordinal);
        Assert.Contains("Connected California Curation Desk", html, StringComparison.Ordinal);
    }
}
