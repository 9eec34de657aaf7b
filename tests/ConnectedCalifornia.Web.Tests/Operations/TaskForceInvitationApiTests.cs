using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ConnectedCalifornia.TaskForces;
using ConnectedCalifornia.Web.TaskForces;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;

namespace ConnectedCalifornia.Web.Tests.Operations;

/// <summary>A task-force lead invites an organization; it joins only when one of its own admins accepts.</summary>
public sealed class TaskForceInvitationApiTests(SeededAppFixture app) : IClassFixture<SeededAppFixture>
{
    private const string TaskForce = AuthorizationMatrix.TaskForce;
    private const string Invited = "juniper-gate-womens-shelter";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    [Fact]
    public async Task An_invited_organization_joins_when_its_admin_accepts_and_nobody_else_can_accept_for_it()
    {
        var (lead, _) = await app.ClientForAsync(MatrixRole.TaskForceLead.Email());
        var (invitedAdmin, _) = await app.ClientForAsync(MatrixRole.OtherOrganizationAdmin.Email());
        var (otherAdmin, _) = await app.ClientForAsync(MatrixRole.ShelterAdmin.Email());

        (await lead.PutAsJsonAsync($"/api/task-forces/{TaskForce}/invitations/{Invited}", new { role = "VictimServices" })).EnsureSuccessStatusCode();

        Assert.Empty((await otherAdmin.GetFromJsonAsync<InvitationView[]>("/api/me/task-force-invitations", Json))!);
        var pending = Assert.Single((await invitedAdmin.GetFromJsonAsync<InvitationView[]>("/api/me/task-force-invitations", Json))!);
        Assert.Equal((TaskForce, Invited, TaskForceOrganizationRole.VictimServices), (pending.TaskForceId, pending.OrganizationId, pending.Role));
        Assert.Equal(HttpStatusCode.Forbidden, (await otherAdmin.PutAsJsonAsync($"/api/organizations/{Invited}/task-force-invitations/{TaskForce}", new { accept = true })).StatusCode);
        var before = await TaskForceAsync(lead);
        Assert.DoesNotContain(before.Organizations, o => o.OrganizationId == Invited);

        (await invitedAdmin.PutAsJsonAsync($"/api/organizations/{Invited}/task-force-invitations/{TaskForce}", new { accept = true })).EnsureSuccessStatusCode();

        var after = await TaskForceAsync(lead);
        Assert.Contains(new TaskForceOrganization(Invited, TaskForceOrganizationRole.VictimServices), after.Organizations);
        Assert.DoesNotContain(after.Invitations, i => i.OrganizationId == Invited);
        Assert.Empty((await invitedAdmin.GetFromJsonAsync<InvitationView[]>("/api/me/task-force-invitations", Json))!);
    }

    private static async Task<TaskForceDetails> TaskForceAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<TaskForceDetails>($"/api/task-forces/{TaskForce}", Json))!;
}
