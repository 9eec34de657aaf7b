using System.Text.Json;
using ConnectedCalifornia.Browser.Tests.Infrastructure;
using ConnectedCalifornia.Testing;
using ConnectedCalifornia.Web.Seeding;
using Microsoft.Playwright;
using static ConnectedCalifornia.Browser.Tests.Infrastructure.ApiJson;
using static Microsoft.Playwright.Assertions;

namespace ConnectedCalifornia.Browser.Tests;

/// <summary>
/// The lists that used to change only on reload (issue 15, "Live where it is not"): two browser contexts,
/// one acts through the API as its person, the other sees the change arrive on an open page; what was
/// stored is read back through the API.
/// </summary>
[Collection(DemoNetworkCollection.Name)]
public sealed class GoLiveListsTests(BrowserFixture fixture)
{
    private const string TaskForce = "fresno-valley-task-force";

    [SkippableTheory]
    [InlineData(1280, 800)]
    [InlineData(390, 844)]
    public async Task GoLive_operations_list_shows_an_operation_that_adds_the_organization_without_a_reload(int width, int height)
    {
        TestEnvironment.RequireChromium();
        const string organizationId = DemoReferralData.FromOrganizationKey; // Lucia's organization, not in the operation yet

        await using var leadContext = await LeadAsync();

        // An operation of its own (the demo's is changed by other classes of the shared demo), with no participant yet.
        var title = $"Motel corridor follow-up {Guid.NewGuid().ToString("N")[..6]}";
        var start = DateTimeOffset.UtcNow.AddDays(40);
        var created = await leadContext.APIRequest.PostAsync($"/api/task-forces/{TaskForce}/operations", new()
        {
            DataObject = new
            {
                title,
                type = "Outreach",
                start,
                end = start.AddHours(6),
                counties = new[] { "06019" },
                generalArea = "Motel corridor",
                shareLocation = false,
                leadAgencyId = DemoOperationsData.LeadAgencyKey,
            },
        });
        Assert.True(created.Ok, await created.TextAsync());
        var operationId = JsonDocument.Parse(await created.TextAsync()).RootElement.GetProperty("id").GetString()!;

        await using var staffContext = await fixture.NewContextAsync(new ViewportSize { Width = width, Height = height });
        var staff = await staffContext.NewPageAsync();
        await BrowserFixture.SignInAsync(staff, $"taskforce.member@{DemoNetworkData.UserEmailDomain}");
        await staff.GotoInteractiveAsync("/operations");
        var operation = staff.GetByRole(AriaRole.Link, new() { Name = title });
        await Expect(operation).ToHaveCountAsync(0);

        var added = await leadContext.APIRequest.PutAsync($"/api/operations/{operationId}/participants/{organizationId}", new() { DataObject = new { role = "VictimServices" } });
        Assert.True(added.Ok, await added.TextAsync());

        await Expect(operation).ToBeVisibleAsync();
        var listed = await GetJsonAsync(staffContext, "/api/operations/");
        Assert.Contains(listed.EnumerateArray(), o => o.GetProperty("id").GetString() == operationId);

        // The organization is taken out again, so the staff member's lists in the shared demo stay as they were.
        Assert.True((await leadContext.APIRequest.DeleteAsync($"/api/operations/{operationId}/participants/{organizationId}")).Ok);
        var after = await GetJsonAsync(staffContext, "/api/operations/");
        Assert.DoesNotContain(after.EnumerateArray(), o => o.GetProperty("id").GetString() == operationId);
    }

    [SkippableFact]
    public async Task GoLive_task_force_invitation_reaches_the_organizations_open_pages_and_home_without_a_reload()
    {
        TestEnvironment.RequireChromium();
        await using var adminContext = await fixture.NewContextAsync();
        var invitations = await adminContext.NewPageAsync();
        await BrowserFixture.SignInAsync(invitations, $"la.shelter.admin@{DemoNetworkData.UserEmailDomain}");
        await invitations.GotoInteractiveAsync("/task-forces");
        var home = await adminContext.NewPageAsync();
        await home.GotoInteractiveAsync("/");
        var card = home.GetByTestId("work-task-force-invitations");
        await Expect(card).ToContainTextAsync("0");
        var invitation = invitations.GetByTestId("task-force-invitation").Filter(new() { HasText = "Juniper Gate Women's Shelter" });
        await Expect(invitation).ToHaveCountAsync(0);

        await using var leadContext = await LeadAsync();
        var invited = await leadContext.APIRequest.PutAsync($"/api/task-forces/{TaskForce}/invitations/juniper-gate-womens-shelter", new() { DataObject = new { role = "ChildWelfare" } });
        Assert.True(invited.Ok, await invited.TextAsync());

        await Expect(invitation).ToBeVisibleAsync();
        await Expect(invitation).ToContainTextAsync("Child welfare");
        await Expect(card.Locator(".cc-work-n")).ToHaveTextAsync("1");
        await Screenshots.SaveAsync(home, "home-task-force-invitations-card");

        // The hosted-events card counts a new event of the organization at once.
        var hosted = home.GetByTestId("work-hosted-events").Locator(".cc-work-n");
        var before = int.Parse(await hosted.InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
        var start = DateTimeOffset.UtcNow.AddDays(6);
        var created = await adminContext.APIRequest.PostAsync("/api/calendar/events", new()
        {
            DataObject = new
            {
                title = "Shelter volunteer orientation",
                description = "How our volunteers help at the shelter.",
                kind = "Training",
                hostOrganizationIds = new[] { "juniper-gate-womens-shelter" },
                county = "06037",
                start,
                end = start.AddHours(2),
                online = true,
                onlineLink = "https://meet.example.org/juniper-orientation",
                capacity = 20,
                audience = "Public",
            },
        });
        Assert.True(created.Ok, await created.TextAsync());
        await Expect(hosted).ToHaveTextAsync((before + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));

        var pending = await GetJsonAsync(adminContext, "/api/me/task-force-invitations");
        Assert.Contains(pending.EnumerateArray(), i => i.GetProperty("taskForceId").GetString() == TaskForce && i.GetProperty("organizationId").GetString() == "juniper-gate-womens-shelter");
    }

    private async Task<IBrowserContext> LeadAsync()
    {
        var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await BrowserFixture.SignInAsync(page, $"taskforce.lead@{DemoNetworkData.UserEmailDomain}");
        return context;
    }
}
