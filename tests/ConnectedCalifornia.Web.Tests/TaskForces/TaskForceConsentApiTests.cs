using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ConnectedCalifornia.TaskForces;
using ConnectedCalifornia.Web.Seeding;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ConnectedCalifornia.Web.Tests.TaskForces;

/// <summary>
/// An organization is in a task force (whose people then see its confidential tier) only when one of its
/// own admins accepts, or a curator adds it with a reason; it can leave on its own (issue 13, finding 1).
/// </summary>
public sealed class TaskForceConsentApiTests(SeededAppFixture app) : IClassFixture<SeededAppFixture>
{
    private const string TaskForce = AuthorizationMatrix.TaskForce;

    [Fact]
    public async Task Task_force_lead_cannot_add_an_organization_without_its_acceptance()
    {
        const string shelter = "blue-heron-crossing-shelter";
        const string address = "640 Heron Marsh Road";
        var (lead, _) = await app.ClientForAsync(MatrixRole.TaskForceLead.Email());

        using var response = await lead.PutAsJsonAsync($"/api/task-forces/{TaskForce}/organizations/{shelter}", new { role = "VictimServices" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Contains("accepts", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString(), StringComparison.Ordinal);
        var details = await TaskForceAsync(lead);
        Assert.DoesNotContain(details.Organizations, o => o.OrganizationId == shelter);
        Assert.Contains(new TaskForceOrganization(shelter, TaskForceOrganizationRole.VictimServices), details.Invitations);
        await AssertConfidentialTierAsync(lead, shelter, address, seen: false);
        var (member, _) = await app.ClientForAsync(MatrixRole.TaskForceMember.Email());
        await AssertConfidentialTierAsync(member, shelter, address, seen: false);
    }

    [Fact]
    public async Task An_invited_organization_joins_when_its_admin_accepts_and_leaves_on_its_own_with_both_histories_recording_it()
    {
        const string shelter = "juniper-gate-womens-shelter";
        const string address = "1516 Juniper Gate Avenue";
        var (lead, _) = await app.ClientForAsync(MatrixRole.TaskForceLead.Email());
        var (shelterAdmin, _) = await app.ClientForAsync(MatrixRole.OtherOrganizationAdmin.Email());
        Assert.Equal(HttpStatusCode.Accepted, (await lead.PutAsJsonAsync($"/api/task-forces/{TaskForce}/organizations/{shelter}", new { role = "VictimServices" })).StatusCode);
        await AssertConfidentialTierAsync(lead, shelter, address, seen: false);
        var mine = await shelterAdmin.GetFromJsonAsync<JsonElement>($"/api/organizations/{shelter}/task-forces");
        Assert.Contains(mine.EnumerateArray(), t => t.GetProperty("taskForceId").GetString() == TaskForce && !t.GetProperty("member").GetBoolean());

        (await shelterAdmin.PutAsJsonAsync($"/api/organizations/{shelter}/task-force-invitations/{TaskForce}", new { accept = true })).EnsureSuccessStatusCode();

        Assert.Contains(new TaskForceOrganization(shelter, TaskForceOrganizationRole.VictimServices), (await TaskForceAsync(lead)).Organizations);
        await AssertConfidentialTierAsync(lead, shelter, address, seen: true);
        mine = await shelterAdmin.GetFromJsonAsync<JsonElement>($"/api/organizations/{shelter}/task-forces");
        Assert.Contains(mine.EnumerateArray(), t => t.GetProperty("taskForceId").GetString() == TaskForce && t.GetProperty("member").GetBoolean());

        (await shelterAdmin.DeleteAsync($"/api/organizations/{shelter}/task-forces/{TaskForce}")).EnsureSuccessStatusCode();

        Assert.DoesNotContain((await TaskForceAsync(lead)).Organizations, o => o.OrganizationId == shelter);
        await AssertConfidentialTierAsync(lead, shelter, address, seen: false);
        var history = (await shelterAdmin.GetFromJsonAsync<JsonElement>($"/api/organizations/{shelter}/history?max=20")).EnumerateArray()
            .Where(r => r.GetProperty("field").GetString() == "taskForces").Select(r => r.GetProperty("newValue").GetString())
            .Where(v => v!.StartsWith(TaskForce + ":", StringComparison.Ordinal)).ToList();
        Assert.Equal([$"{TaskForce}: left", $"{TaskForce}: member as VictimServices (accepted)", $"{TaskForce}: invited as VictimServices"], history);
        var onTaskForce = await app.Factory.Services.GetRequiredService<IGrainFactory>().GetGrain<ITaskForceGrain>(TaskForce).GetHistory(1);
        Assert.Equal(("organizations", "left on its own", "Grace Han"), (onTaskForce[0].Field, onTaskForce[0].NewValue, onTaskForce[0].ActorName));
    }

    [Fact]
    public async Task Only_the_invited_organizations_admins_answer_its_invitation()
    {
        const string laBasin = "la-basin-task-force";
        var (systemAdmin, _) = await app.ClientForAsync(MatrixRole.SystemAdmin.Email());
        Assert.Equal(HttpStatusCode.Accepted, (await systemAdmin.PutAsJsonAsync($"/api/task-forces/{laBasin}/organizations/{AuthorizationMatrix.Org}", new { role = "VictimServices" })).StatusCode);
        var answer = $"/api/organizations/{AuthorizationMatrix.Org}/task-force-invitations/{laBasin}";

        foreach (var role in new[] { MatrixRole.ShelterStaff, MatrixRole.TaskForceLead, MatrixRole.OtherOrganizationAdmin, MatrixRole.Curator })
        {
            var (client, _) = await app.ClientForAsync(role.Email());
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PutAsJsonAsync(answer, new { accept = true })).StatusCode);
        }

        var grains = app.Factory.Services.GetRequiredService<IGrainFactory>();
        var details = (await grains.GetGrain<ITaskForceGrain>(laBasin).GetDetails())!;
        Assert.DoesNotContain(details.Organizations, o => o.OrganizationId == AuthorizationMatrix.Org);
        Assert.Contains(details.Invitations, i => i.OrganizationId == AuthorizationMatrix.Org);

        var (shelterAdmin, _) = await app.ClientForAsync(MatrixRole.ShelterAdmin.Email());
        (await shelterAdmin.PutAsJsonAsync(answer, new { accept = false })).EnsureSuccessStatusCode();
        details = (await grains.GetGrain<ITaskForceGrain>(laBasin).GetDetails())!;
        Assert.DoesNotContain(details.Organizations, o => o.OrganizationId == AuthorizationMatrix.Org);
        Assert.DoesNotContain(details.Invitations, i => i.OrganizationId == AuthorizationMatrix.Org);
    }

    [Fact]
    public async Task Curator_addition_requires_a_reason_and_is_recorded_on_both_histories()
    {
        const string shelter = "desert-willow-safe-house";
        var (curator, _) = await app.ClientForAsync(MatrixRole.Curator.Email());
        var (lead, _) = await app.ClientForAsync(MatrixRole.TaskForceLead.Email());
        var direct = $"/api/task-forces/{TaskForce}/organizations/{shelter}/direct";

        Assert.Equal(HttpStatusCode.Forbidden, (await lead.PutAsJsonAsync(direct, new { role = "VictimServices", reason = "We need them" })).StatusCode);
        using var noReason = await curator.PutAsJsonAsync(direct, new { role = "VictimServices", reason = " " });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.True((await noReason.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("reason", out _));
        Assert.DoesNotContain((await TaskForceAsync(lead)).Organizations, o => o.OrganizationId == shelter);

        (await curator.PutAsJsonAsync(direct, new { role = "VictimServices", reason = "Its director asked in writing; the shelter has no admin account yet" })).EnsureSuccessStatusCode();

        Assert.Contains(new TaskForceOrganization(shelter, TaskForceOrganizationRole.VictimServices), (await TaskForceAsync(lead)).Organizations);
        var onOrganization = (await curator.GetFromJsonAsync<JsonElement>($"/api/organizations/{shelter}/history?max=5")).EnumerateArray()
            .First(r => r.GetProperty("field").GetString() == "taskForces");
        Assert.Equal("Jordan Ellis", onOrganization.GetProperty("actorName").GetString());
        Assert.Contains("Its director asked in writing", onOrganization.GetProperty("newValue").GetString(), StringComparison.Ordinal);
        var onTaskForce = (await app.Factory.Services.GetRequiredService<IGrainFactory>().GetGrain<ITaskForceGrain>(TaskForce).GetHistory(1)).Single();
        Assert.Equal(("organizations", "Jordan Ellis"), (onTaskForce.Field, onTaskForce.ActorName));
        Assert.Contains("Its director asked in writing", onTaskForce.NewValue, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lead_still_changes_the_role_of_a_member_organization()
    {
        var (lead, _) = await app.ClientForAsync(MatrixRole.TaskForceLead.Email());
        const string clinic = "magnolia-row-community-clinic";

        using var response = await lead.PutAsJsonAsync($"/api/task-forces/{TaskForce}/organizations/{clinic}", new { role = "VictimServices" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(new TaskForceOrganization(clinic, TaskForceOrganizationRole.VictimServices), (await TaskForceAsync(lead)).Organizations);
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    private static async Task<TaskForceDetails> TaskForceAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<TaskForceDetails>($"/api/task-forces/{TaskForce}", Json))!;

    /// <summary>The confidential address and member list through the API, and the confidential site.</summary>
    private static async Task AssertConfidentialTierAsync(HttpClient client, string organizationId, string address, bool seen)
    {
        var body = await client.GetStringAsync($"/api/organizations/{organizationId}");
        Assert.Equal(seen, body.Contains(address, StringComparison.Ordinal));
        Assert.Equal(seen, JsonDocument.Parse(body).RootElement.GetProperty("members").ValueKind == JsonValueKind.Array);
        using var site = await client.GetAsync($"/api/capacity/sites/{DemoCapacityData.MainSiteOf(organizationId)}");
        Assert.Equal(seen ? HttpStatusCode.OK : HttpStatusCode.Forbidden, site.StatusCode);
    }
}
