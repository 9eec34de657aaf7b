using System.Net;
using ConnectedCalifornia.Web.Live;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace ConnectedCalifornia.Web.Tests.Authorization;

/// <summary>
/// The relationship fixture "a confidential organization invited to (not yet in) a task force", for every
/// role: an invitation gives the task force nothing of the organization's confidential tier.
/// </summary>
public sealed class InvitedOrganizationMatrixTests(SeededAppFixture app) : IClassFixture<SeededAppFixture>
{
    public static TheoryData<string, MatrixRole> Cases
    {
        get
        {
            var data = new TheoryData<string, MatrixRole>();
            foreach (var row in AuthorizationMatrix.InvitedOrganizationRows)
            {
                foreach (var role in MatrixRoles.All)
                {
                    data.Add(row.Name, role);
                }
            }

            return data;
        }
    }

    [Fact]
    public async Task The_fixture_is_invited_and_not_a_member()
    {
        var (admin, _) = await app.ClientForAsync(MatrixRole.SystemAdmin.Email());
        var body = await admin.GetStringAsync($"/api/task-forces/{AuthorizationMatrix.TaskForce}");
        using var details = System.Text.Json.JsonDocument.Parse(body);
        Assert.DoesNotContain(details.RootElement.GetProperty("organizations").EnumerateArray(), o => o.GetProperty("organizationId").GetString() == AuthorizationMatrix.InvitedShelter);
        Assert.Contains(details.RootElement.GetProperty("invitations").EnumerateArray(), o => o.GetProperty("organizationId").GetString() == AuthorizationMatrix.InvitedShelter);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task An_invited_organizations_confidential_tier_is_seen_only_by_those_who_see_it_anyway(string name, MatrixRole role)
    {
        var row = AuthorizationMatrix.InvitedOrganizationRows.Single(r => r.Name == name);
        var (client, cookie) = await app.ClientForAsync(role.Email());
        var sees = row.Sees.Contains(role);
        if (row.Path.StartsWith("hub:", StringComparison.Ordinal))
        {
            await using var connection = app.Factory.CreateHubConnection(cookie);
            await connection.StartAsync();
            var join = await connection.InvokeAsync<JoinResult>(nameof(NetworkHub.Join), row.Path["hub:".Length..]);
            Assert.True(join.Joined == sees, $"{name} as {role}: joined={join.Joined}");
            return;
        }

        using var response = await client.GetAsync(row.Path);
        Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
        var allowed = response.StatusCode == HttpStatusCode.OK;
        if (row.Reveals is null)
        {
            Assert.True(allowed == sees, $"{name} as {role}: expected {(sees ? "allowed" : "denied")}, got {(int)response.StatusCode} {response.Headers.Location}");
            return;
        }

        var revealed = allowed && row.Reveals(await response.Content.ReadAsStringAsync());
        Assert.True(revealed == sees, $"{name} as {role}: the confidential tier was {(revealed ? "shown" : "not shown")} ({(int)response.StatusCode})");
    }
}
