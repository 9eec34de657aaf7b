using System.Text.Json;
using ConnectedCalifornia.Browser.Tests.Infrastructure;
using ConnectedCalifornia.Testing;
using ConnectedCalifornia.Web.Seeding;
using Microsoft.Playwright;
using static ConnectedCalifornia.Browser.Tests.Infrastructure.ApiJson;
using static Microsoft.Playwright.Assertions;

namespace ConnectedCalifornia.Browser.Tests;

/// <summary>
/// Task-force invitations live on both sides (issue 15): one browser context answers or withdraws, the other's open
/// pages change without a reload; what was stored is read back through the API.
/// </summary>
[Collection(DemoNetworkCollection.Name)]
public sealed class GoLiveInvitationsLiveTests(BrowserFixture fixture)
{
    private const string TaskForce = DemoNetworkData.FresnoTaskForceKey;
    private const string Shelter = DemoNetworkData.FresnoMinorsShelterKey; // Bright Orchard Youth Shelter
    private const string ShelterName = "Bright Orchard Youth Shelter";
    private const string OtherShelter = "juniper-gate-womens-shelter";
    private const string OtherShelterName = "Juniper Gate Women's Shelter";

    [SkippableFact]
    public async Task GoLive_invitation_accepted_by_one_admin_leaves_the_other_admins_and_the_leads_open_pages()
    {
        TestEnvironment.RequireChromium();

        // Two admins of Bright Orchard: Daniel promotes Marisol (staff) to admin; the lead takes the shelter out of
        // the task force and invites it again, so that an invitation is open. The app is shared with other classes,
        // which know Marisol as staff and Bright Orchard as a member: both are put back whatever happens.
        await using var danielContext = await SignedInAsync("shelter.admin");
        await using var leadContext = await SignedInAsync("taskforce.lead");
        var organization = await GetJsonAsync(danielContext, $"/api/organizations/{Shelter}");
        var marisolId = organization.GetProperty("members").EnumerateArray().First(m => m.GetProperty("displayName").GetString() == "Marisol Vega").GetProperty("userId").GetString();
        try
        {
            var promoted = await danielContext.APIRequest.PutAsync($"/api/organizations/{Shelter}/members/{marisolId}", new() { DataObject = new { role = "Admin" } });
            Assert.True(promoted.Ok, await promoted.TextAsync());

            var lead = leadContext.Pages[0];
            Assert.True((await leadContext.APIRequest.DeleteAsync($"/api/task-forces/{TaskForce}/organizations/{Shelter}")).Ok);
            await lead.GotoInteractiveAsync($"/task-forces/{TaskForce}");
            var waiting = lead.GetByTestId("waiting-invitation").Filter(new() { HasText = ShelterName });
            await Expect(waiting).ToHaveCountAsync(0);
            var invited = await leadContext.APIRequest.PutAsync($"/api/task-forces/{TaskForce}/invitations/{Shelter}", new() { DataObject = new { role = "VictimServices" } });
            Assert.True(invited.Ok, await invited.TextAsync());
            await Expect(waiting).ToBeVisibleAsync(); // the lead's own page: live on the task force's topic

            // Marisol, the other admin, has the invitations page and her organization's Task forces panel open.
            await using var marisolContext = await SignedInAsync("shelter.staff");
            var marisolInvitations = marisolContext.Pages[0];
            await marisolInvitations.GotoInteractiveAsync("/task-forces");
            var marisolManage = await marisolContext.NewPageAsync();
            await marisolManage.GotoInteractiveAsync($"/organizations/{Shelter}/manage");
            var openInvitation = marisolInvitations.GetByTestId("task-force-invitation").Filter(new() { HasText = "Fresno Valley" });
            var panel = marisolManage.GetByRole(AriaRole.List, new() { Name = "Task forces of this organization" });
            await Expect(openInvitation).ToBeVisibleAsync();
            await Expect(panel).ToContainTextAsync("invites this organization as Victim services");

            // Daniel accepts on his own invitations page.
            var daniel = danielContext.Pages[0];
            await daniel.GotoInteractiveAsync("/task-forces");
            await daniel.GetByRole(AriaRole.Button, new() { Name = $"Accept the invitation of Fresno Valley Anti-Trafficking Task Force for {ShelterName}" }).ClickAsync();

            // Without a reload: Marisol's two pages and the lead's page.
            await Expect(openInvitation).ToHaveCountAsync(0);
            await Expect(panel).ToContainTextAsync("member as Victim services");
            await Expect(panel).Not.ToContainTextAsync("invites this organization");
            await Expect(waiting).ToHaveCountAsync(0);
            await Screenshots.SaveAsync(marisolManage, "task-force-invitation-answered-by-another-admin");

            // Stored: a member, no longer invited.
            var details = await GetJsonAsync(leadContext, $"/api/task-forces/{TaskForce}");
            Assert.Contains(details.GetProperty("organizations").EnumerateArray(), o => o.GetProperty("organizationId").GetString() == Shelter && o.GetProperty("role").GetString() == "VictimServices");
            Assert.DoesNotContain(details.GetProperty("invitations").EnumerateArray(), i => i.GetProperty("organizationId").GetString() == Shelter);
        }
        finally
        {
            await RestoreShelterAsync(danielContext, leadContext, marisolId!);
        }
    }

    [SkippableFact]
    public async Task GoLive_invitation_withdrawn_by_the_lead_leaves_the_organizations_open_pages()
    {
        TestEnvironment.RequireChromium();
        await using var leadContext = await SignedInAsync("taskforce.lead");
        try
        {
            var invited = await leadContext.APIRequest.PutAsync($"/api/task-forces/{TaskForce}/invitations/{OtherShelter}", new() { DataObject = new { role = "VictimServices" } });
            Assert.True(invited.Ok, await invited.TextAsync());

            // Grace, the LA shelter's admin, on a phone: her invitations page and her organization's Task forces panel.
            await using var graceContext = await SignedInAsync("la.shelter.admin", new ViewportSize { Width = 390, Height = 844 });
            var invitations = graceContext.Pages[0];
            await invitations.GotoInteractiveAsync("/task-forces");
            var manage = await graceContext.NewPageAsync();
            await manage.GotoInteractiveAsync($"/organizations/{OtherShelter}/manage");
            var openInvitation = invitations.GetByTestId("task-force-invitation").Filter(new() { HasText = "Fresno Valley" });
            var panel = manage.GetByRole(AriaRole.List, new() { Name = "Task forces of this organization" });
            await Expect(openInvitation).ToBeVisibleAsync();
            await Expect(panel).ToContainTextAsync("Fresno Valley Anti-Trafficking Task Force");

            // The lead withdraws on the task force's page, after confirming.
            var lead = leadContext.Pages[0];
            await lead.GotoInteractiveAsync($"/task-forces/{TaskForce}");
            var waiting = lead.GetByTestId("waiting-invitation").Filter(new() { HasText = OtherShelterName });
            await waiting.GetByRole(AriaRole.Button, new() { Name = $"Withdraw the invitation of {OtherShelterName}" }).ClickAsync();
            await Expect(waiting).ToContainTextAsync("Its admins can no longer accept it.");
            await Screenshots.SaveAsync(lead, "task-force-invitation-withdraw-confirm");
            await waiting.GetByRole(AriaRole.Button, new() { Name = "Yes, withdraw" }).ClickAsync();
            await Expect(waiting).ToHaveCountAsync(0);

            // Without a reload, on Grace's phone.
            await Expect(openInvitation).ToHaveCountAsync(0);
            await Expect(panel).Not.ToContainTextAsync("Fresno Valley");
            await Screenshots.SaveAsync(manage, "task-force-invitation-withdrawn-phone-390");

            // Stored: no invitation on either side, and the organization's history says so.
            var details = await GetJsonAsync(leadContext, $"/api/task-forces/{TaskForce}");
            Assert.DoesNotContain(details.GetProperty("invitations").EnumerateArray(), i => i.GetProperty("organizationId").GetString() == OtherShelter);
            var mine = await GetJsonAsync(graceContext, $"/api/organizations/{OtherShelter}/task-forces");
            Assert.DoesNotContain(mine.EnumerateArray(), t => t.GetProperty("taskForceId").GetString() == TaskForce);
            var history = await (await graceContext.APIRequest.GetAsync($"/api/organizations/{OtherShelter}/history")).TextAsync();
            Assert.Contains("invitation withdrawn", history, StringComparison.Ordinal);
        }
        finally
        {
            // The app is shared: no invitation of the LA shelter is left open, whatever happened (refused when none is).
            await leadContext.APIRequest.DeleteAsync($"/api/task-forces/{TaskForce}/invitations/{OtherShelter}");
            var left = await GetJsonAsync(leadContext, $"/api/task-forces/{TaskForce}");
            Assert.DoesNotContain(left.GetProperty("invitations").EnumerateArray(), i => i.GetProperty("organizationId").GetString() == OtherShelter);
        }
    }

    /// <summary>Bright Orchard back as the demo has it: a member of the task force as Victim services, Marisol its staff.</summary>
    private static async Task RestoreShelterAsync(IBrowserContext danielContext, IBrowserContext leadContext, string marisolId)
    {
        var details = await GetJsonAsync(leadContext, $"/api/task-forces/{TaskForce}");
        if (!details.GetProperty("organizations").EnumerateArray().Any(o => o.GetProperty("organizationId").GetString() == Shelter))
        {
            if (!details.GetProperty("invitations").EnumerateArray().Any(i => i.GetProperty("organizationId").GetString() == Shelter))
            {
                var invited = await leadContext.APIRequest.PutAsync($"/api/task-forces/{TaskForce}/invitations/{Shelter}", new() { DataObject = new { role = "VictimServices" } });
                Assert.True(invited.Ok, await invited.TextAsync());
            }

            var accepted = await danielContext.APIRequest.PutAsync($"/api/organizations/{Shelter}/task-force-invitations/{TaskForce}", new() { DataObject = new { accept = true } });
            Assert.True(accepted.Ok, await accepted.TextAsync());
        }

        var demoted = await danielContext.APIRequest.PutAsync($"/api/organizations/{Shelter}/members/{marisolId}", new() { DataObject = new { role = "Staff" } });
        Assert.True(demoted.Ok, await demoted.TextAsync());
        var after = await GetJsonAsync(leadContext, $"/api/task-forces/{TaskForce}");
        Assert.Contains(after.GetProperty("organizations").EnumerateArray(), o => o.GetProperty("organizationId").GetString() == Shelter && o.GetProperty("role").GetString() == "VictimServices");
    }

    private Task<IBrowserContext> SignedInAsync(string who, ViewportSize? viewport = null) =>
        fixture.SignedInContextAsync($"{who}@{DemoNetworkData.UserEmailDomain}", viewport);
}
