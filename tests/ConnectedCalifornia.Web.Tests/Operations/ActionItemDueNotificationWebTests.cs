using System.Net.Http.Json;
using System.Text.Json;
using ConnectedCalifornia.Operations;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Notifications;

namespace ConnectedCalifornia.Web.Tests.Operations;

/// <summary>
/// An after-action item's due reminder through the real pipeline: an item assigned through the API, the
/// network clock passes its due time, the sweep runs, and the real SMTP server on loopback receives one
/// reminder per member of the assigned organization (and nothing for the lead's organization).
/// </summary>
[Collection(NotificationKindsCollection.Name)]
public sealed class ActionItemDueNotificationWebTests(NotificationKindsFixture app)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
    private static readonly string Lead = MatrixRole.TaskForceLead.Email()!;
    private static readonly string ShelterStaff = MatrixRole.ShelterStaff.Email()!;
    private static readonly string ShelterAdmin = MatrixRole.ShelterAdmin.Email()!;

    [Fact]
    public async Task Notification_an_open_after_action_item_reaches_its_organization_by_email_once_when_due()
    {
        var title = "Due check " + Guid.NewGuid().ToString("N")[..6];
        var id = await OperationNotificationTests.PlanAsync(app, title);
        var lead = await app.ClientForAsync(Lead);
        (await lead.PutAsJsonAsync($"/api/operations/{id}/participants/{AuthorizationMatrix.Org}", new { role = "VictimServices" }, Json)).EnsureSuccessStatusCode();
        (await lead.PutAsJsonAsync($"/api/operations/{id}/status", new { status = "Active" }, Json)).EnsureSuccessStatusCode();
        (await lead.PutAsJsonAsync($"/api/operations/{id}/status", new { status = "Debrief" }, Json)).EnsureSuccessStatusCode();
        var due = app.Clock.GetUtcNow().AddHours(1);
        var item = await lead.PutAsJsonAsync($"/api/operations/{id}/review/radios", new { text = "Return the borrowed radios", owner = "Dana", status = "Open", organizationId = AuthorizationMatrix.Org, due }, Json);
        Assert.True(item.IsSuccessStatusCode, await item.Content.ReadAsStringAsync());
        await app.ArrivesAsync(ShelterStaff, $"After-action item for your organization: {title}");
        Assert.Empty(app.Recipients($"After-action item due: {title}"));

        app.Clock.Advance(TimeSpan.FromHours(2));
        Assert.True(await ActionItemDueSweeper.SweepAsync(app.Grains, app.Clock.GetUtcNow()) >= 1);
        var reminder = await app.ArrivesAsync(ShelterAdmin, $"After-action item due: {title}");
        await app.ArrivesAsync(ShelterStaff, $"After-action item due: {title}");
        Assert.Contains($"/operations/{id}", reminder.TextBody, StringComparison.Ordinal);
        Assert.Contains("not marked done yet", reminder.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("radios", reminder.TextBody + reminder.HtmlBody, StringComparison.Ordinal);

        // Another sweep sends nothing more; the lead's organization never hears of the item.
        await ActionItemDueSweeper.SweepAsync(app.Grains, app.Clock.GetUtcNow());
        await Task.Delay(TimeSpan.FromSeconds(2));
        var told = app.Recipients($"After-action item due: {title}");
        Assert.Equal(told.Distinct().Count(), told.Count);
        Assert.Contains(ShelterStaff.ToLowerInvariant(), told);
        Assert.DoesNotContain(Lead.ToLowerInvariant(), told);
    }
}
