using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ConnectedCalifornia.TaskForces;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;

namespace ConnectedCalifornia.Web.Tests.TaskForces;

/// <summary>
/// Leading one task force gives no say over another's invitations: a lead of a different task force may neither
/// withdraw nor make an invitation of this one (403), and the open invitation stays as it was. The matrix has one
/// task-force lead, so a second task force is formed here with another person as its lead.
/// </summary>
public sealed class TaskForceInvitationOtherLeadTests(SeededAppFixture app) : IClassFixture<SeededAppFixture>
{
    private const string Fresno = AuthorizationMatrix.TaskForce;
    private const string Juniper = "juniper-gate-womens-shelter";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    [Fact]
    public async Task A_lead_of_another_task_force_may_not_withdraw_or_make_this_task_forces_invitations()
    {
        // A second task force, led by the San Diego officer (who leads nothing in the demo).
        var (curator, _) = await app.ClientForAsync(MatrixRole.Curator.Email());
        using var formed = await curator.PostAsJsonAsync("/api/task-forces/", new
        {
            name = $"Harbor Coast Task Force {Guid.NewGuid().ToString("N")[..6]}",
            description = "Formed in a test.",
            counties = new[] { "06073" },
            leadEmails = new[] { MatrixRole.LawEnforcementStaff.Email() },
            leadAgencies = Array.Empty<string>(),
        });
        Assert.Equal(HttpStatusCode.Created, formed.StatusCode);
        var harbor = (await formed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        // The Fresno lead invites Juniper Gate to Fresno; the Harbor Coast lead invites Bright Orchard to Harbor Coast.
        var (fresnoLead, _) = await app.ClientForAsync(MatrixRole.TaskForceLead.Email());
        var (harborLead, _) = await app.ClientForAsync(MatrixRole.LawEnforcementStaff.Email());
        (await fresnoLead.PutAsJsonAsync($"/api/task-forces/{Fresno}/invitations/{Juniper}", new { role = "VictimServices" })).EnsureSuccessStatusCode();
        (await harborLead.PutAsJsonAsync($"/api/task-forces/{harbor}/invitations/{AuthorizationMatrix.Org}", new { role = "VictimServices" })).EnsureSuccessStatusCode();
        var fresnoBefore = await DetailsAsync(fresnoLead, Fresno);
        var harborBefore = await DetailsAsync(harborLead, harbor);

        // Each lead, on the other's task force: refused.
        Assert.Equal(HttpStatusCode.Forbidden, (await harborLead.DeleteAsync($"/api/task-forces/{Fresno}/invitations/{Juniper}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await fresnoLead.DeleteAsync($"/api/task-forces/{harbor}/invitations/{AuthorizationMatrix.Org}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await harborLead.PutAsJsonAsync($"/api/task-forces/{Fresno}/invitations/{AuthorizationMatrix.Org}", new { role = "Other" })).StatusCode);

        // Nothing changed on either side.
        var fresnoAfter = await DetailsAsync(fresnoLead, Fresno);
        var harborAfter = await DetailsAsync(harborLead, harbor);
        Assert.Equal(fresnoBefore.Version, fresnoAfter.Version);
        Assert.Contains(fresnoAfter.Invitations, i => i.OrganizationId == Juniper);
        Assert.Equal(harborBefore.Version, harborAfter.Version);
        Assert.Contains(harborAfter.Invitations, i => i.OrganizationId == AuthorizationMatrix.Org);

        // Its own lead may withdraw it (and the app's demo is left as it was).
        (await fresnoLead.DeleteAsync($"/api/task-forces/{Fresno}/invitations/{Juniper}")).EnsureSuccessStatusCode();
        Assert.DoesNotContain((await DetailsAsync(fresnoLead, Fresno)).Invitations, i => i.OrganizationId == Juniper);
    }

    private static async Task<TaskForceDetails> DetailsAsync(HttpClient client, string taskForceId) =>
        (await client.GetFromJsonAsync<TaskForceDetails>($"/api/task-forces/{taskForceId}", Json))!;
}
