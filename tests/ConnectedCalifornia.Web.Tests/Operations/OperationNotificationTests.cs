using System.Net.Http.Json;
using System.Text.Json;
using ConnectedCalifornia.Web.Operations;
using ConnectedCalifornia.Web.Seeding;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Notifications;

namespace ConnectedCalifornia.Web.Tests.Operations;

/// <summary>
/// Task-force and operation e-mails through the real pipeline: an invited organization's admins, the
/// organizations asked to stand by, every participant on activation, change and close, an after-action
/// item's organization; and never the place of a confidential operation.
/// </summary>
[Collection(NotificationKindsCollection.Name)]
public sealed class OperationNotificationTests(NotificationKindsFixture app)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
    private static readonly string Lead = MatrixRole.TaskForceLead.Email()!;
    private static readonly string ShelterStaff = MatrixRole.ShelterStaff.Email()!;
    private static readonly string ShelterAdmin = MatrixRole.ShelterAdmin.Email()!;
    private static readonly string Officer = MatrixRole.LawEnforcementStaff.Email()!;

    internal static object Plan(NotificationKindsFixture app, string title, string exactLocation, string generalArea, int days = 40)
    {
        var start = app.Clock.GetUtcNow().AddDays(days);
        return new
        {
            title,
            type = "Enforcement",
            start,
            end = start.AddHours(6),
            counties = new[] { "06019" },
            generalArea,
            exactLocation,
            shareLocation = false,
            leadAgencyId = DemoOperationsData.LeadAgencyKey,
        };
    }

    internal static async Task<string> PlanAsync(NotificationKindsFixture app, string title, string exactLocation = "Room 12, Example Motel", string generalArea = "North Fresno")
    {
        var lead = await app.ClientForAsync(Lead);
        var response = await lead.PostAsJsonAsync($"/api/task-forces/{AuthorizationMatrix.TaskForce}/operations", Plan(app, title, exactLocation, generalArea));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<OperationsApi.Created>(Json))!.Id;
    }

    [Fact]
    public async Task Notification_invited_organizations_admins_hear_of_the_task_force_invitation()
    {
        var lead = await app.ClientForAsync(Lead);
        var before = app.Smtp.Received.Count;
        (await lead.PutAsJsonAsync($"/api/task-forces/{AuthorizationMatrix.TaskForce}/invitations/juniper-gate-womens-shelter", new { role = "VictimServices" })).EnsureSuccessStatusCode();

        var invitation = await app.ArrivesAsync(MatrixRole.OtherOrganizationAdmin.Email()!, "invites Juniper Gate", skip: before);
        Assert.Contains("Fresno Valley", invitation.Subject, StringComparison.Ordinal);
        Assert.Contains("victim services", invitation.TextBody, StringComparison.Ordinal);
        Assert.Contains("/task-forces", invitation.TextBody, StringComparison.Ordinal);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal([MatrixRole.OtherOrganizationAdmin.Email()!], app.Recipients("invites Juniper Gate", skip: before));
    }

    [Fact]
    public async Task Notification_standby_activation_change_close_and_action_item_reach_the_operations_organizations_without_its_place()
    {
        var title = "Harvest corridor " + Guid.NewGuid().ToString("N")[..6];
        var id = await PlanAsync(app, title, exactLocation: "Unit 4, 1200 Orchard Way", generalArea: "South Fresno packing sheds");
        var lead = await app.ClientForAsync(Lead);
        (await lead.PostAsJsonAsync($"/api/operations/{id}/standby", new
        {
            organizationIds = new[] { AuthorizationMatrix.Org },
            expectedPeople = 6,
            ages = "MinorsInvolved",
            languages = new[] { "es" },
            safetyRisks = "Third parties may be present",
            housingNeeds = "Two emergency beds",
        })).EnsureSuccessStatusCode();
        var standby = await app.ArrivesAsync(ShelterStaff, $"Standby request: {title}");
        await app.ArrivesAsync(ShelterAdmin, $"Standby request: {title}");
        Assert.Contains("Fresno Valley", standby.TextBody, StringComparison.Ordinal);
        Assert.Contains($"/operations/{id}", standby.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(Lead, app.Recipients($"Standby request: {title}"));

        (await lead.PutAsJsonAsync($"/api/operations/{id}/status", new { status = "Active" }, Json)).EnsureSuccessStatusCode();
        await app.ArrivesAsync(ShelterStaff, $"Operation active: {title}");
        await app.ArrivesAsync(Lead, $"Operation active: {title}");

        var moved = Plan(app, title, "Unit 9, 1300 Orchard Way", "South Fresno packing sheds", days: 41);
        (await lead.PutAsJsonAsync($"/api/operations/{id}/plan", moved)).EnsureSuccessStatusCode();
        var changed = await app.ArrivesAsync(ShelterAdmin, $"Operation changed: {title}");
        Assert.Contains("changed its time and place", changed.TextBody, StringComparison.Ordinal);
        Assert.Contains("The place changed: sign in to see it.", changed.TextBody, StringComparison.Ordinal);

        (await lead.PutAsJsonAsync($"/api/operations/{id}/status", new { status = "Debrief" }, Json)).EnsureSuccessStatusCode();
        var item = await lead.PutAsJsonAsync($"/api/operations/{id}/review/item-1", new { text = "Return the borrowed radios", owner = "Daniel", status = "Open", organizationId = AuthorizationMatrix.Org, due = app.Clock.GetUtcNow().AddDays(50) }, Json);
        Assert.True(item.IsSuccessStatusCode, await item.Content.ReadAsStringAsync());
        await app.ArrivesAsync(ShelterStaff, $"After-action item for your organization: {title}");
        Assert.DoesNotContain(Lead, app.Recipients($"After-action item for your organization: {title}"));

        // An item for an organization outside the operation is refused and nothing is sent.
        var outside = await lead.PutAsJsonAsync($"/api/operations/{id}/review/item-2", new { text = "Check the van", owner = "Ray", status = "Open", organizationId = "harbor-point-police-department" }, Json);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, outside.StatusCode);
        Assert.Contains("item.organizationId", await outside.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        (await lead.PutAsJsonAsync($"/api/operations/{id}/status", new { status = "Closed" }, Json)).EnsureSuccessStatusCode();
        await app.ArrivesAsync(ShelterAdmin, $"Operation closed: {title}");
        await app.ArrivesAsync(Lead, $"Operation closed: {title}");

        // Nobody outside hears of it, and no message says where it is.
        Assert.DoesNotContain(app.Smtp.Messages, m => m.Subject!.Contains(title, StringComparison.Ordinal) && NotificationKindsFixture.To(m) == Officer);
        foreach (var message in app.Smtp.Messages.Where(m => m.Subject!.Contains(title, StringComparison.Ordinal)))
        {
            var text = message.TextBody + message.HtmlBody;
            Assert.DoesNotContain("Orchard Way", text, StringComparison.Ordinal);
            Assert.DoesNotContain("packing sheds", text, StringComparison.Ordinal);
            Assert.DoesNotContain("radios", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Third parties", text, StringComparison.Ordinal);
        }
    }
}
