using System.Text.Json;
using ConnectedCalifornia.Browser.Tests.Infrastructure;
using ConnectedCalifornia.Testing;
using ConnectedCalifornia.Web.Seeding;
using Microsoft.Playwright;
using static ConnectedCalifornia.Browser.Tests.Infrastructure.ApiJson;
using static Microsoft.Playwright.Assertions;

namespace ConnectedCalifornia.Browser.Tests;

/// <summary>
/// Task forces and initiatives set up through pages only (issue 15): a curator forms and edits a task
/// force, its lead invites an organization (choosing a role), the organization's admin accepts and sees
/// it at once; a curator starts an initiative with a goal, approves a shelter's request to join, and the
/// shelter records collected and verified signatures. Every step is checked against what was stored.
/// </summary>
[Collection(DemoNetworkCollection.Name)]
public sealed class SetUpThroughTheProductTests(BrowserFixture fixture)
{
    private const string Juniper = "juniper-gate-womens-shelter";
    private const string BrightOrchard = "Bright Orchard Youth Shelter";

    private static string Email(string user) => $"{user}@{DemoNetworkData.UserEmailDomain}";

    private static ViewportSize Phone => new() { Width = 390, Height = 844 };

    [SkippableFact]
    public async Task A_curator_forms_and_edits_a_task_force_its_lead_invites_an_organization_and_the_organizations_admin_accepts_and_sees_it()
    {
        TestEnvironment.RequireChromium();
        await using var curatorContext = await fixture.NewContextAsync();
        await using var leadContext = await fixture.NewContextAsync();
        await using var adminContext = await fixture.NewContextAsync(Phone);
        var name = "Kern Valley Task Force " + Guid.NewGuid().ToString("N")[..4];

        // The curator forms it on its page.
        var curator = await curatorContext.NewPageAsync();
        await BrowserFixture.SignInAsync(curator, Email("curator"));
        await curator.GotoInteractiveAsync("/task-forces");
        await curator.GetByRole(AriaRole.Link, new() { Name = "Form a task force" }).ClickAsync();
        await Expect(curator.GetByRole(AriaRole.Heading, new() { Name = "Form a task force" })).ToBeVisibleAsync();
        await curator.GotoInteractiveAsync("/task-forces/new");
        await curator.GetByLabel("Name").FillAsync(name);
        await curator.GetByLabel("Description").FillAsync("Law enforcement and service providers of Kern County.");
        await curator.Locator(".mud-select").Filter(new() { HasText = "Counties served" }).First.ClickAsync();
        await curator.GetByRole(AriaRole.Option, new() { Name = "Kern" }).ClickAsync();
        await curator.GetByRole(AriaRole.Heading, new() { Name = "Form a task force" }).ClickAsync();
        await Expect(curator.GetByRole(AriaRole.Option, new() { Name = "Kern" })).ToBeHiddenAsync();
        await curator.GetByLabel("Leads' e-mail addresses").FillAsync(Email("taskforce.lead"));
        await curator.GetByLabel("Name").FillAsync(name);
        await Expect(curator.GetByLabel("Name")).ToHaveValueAsync(name);
        await Screenshots.SaveAsync(curator, "task-force-form");
        await curator.GetByRole(AriaRole.Button, new() { Name = "Form the task force" }).ClickAsync();
        await Expect(curator.GetByRole(AriaRole.Heading, new() { Name = name })).ToBeVisibleAsync();
        var id = new Uri(curator.Url).AbsolutePath["/task-forces/".Length..];

        var stored = await GetJsonAsync(curator, $"/api/task-forces/{id}");
        Assert.Equal(["06029"], stored.GetProperty("profile").GetProperty("counties").EnumerateArray().Select(c => c.GetString()));
        var lead = Assert.Single(stored.GetProperty("people").EnumerateArray());
        Assert.Equal(("Sgt. Priya Sandhu", "Lead"), (lead.GetProperty("displayName").GetString(), lead.GetProperty("role").GetString()));

        // It edits the description.
        await curator.GotoInteractiveAsync($"/task-forces/{id}/edit");
        await curator.GetByLabel("Description").FillAsync("Kern County: Bakersfield and the Highway 99 corridor.");
        await curator.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(curator.GetByText("Saved.")).ToBeVisibleAsync();
        Assert.Equal("Kern County: Bakersfield and the Highway 99 corridor.", (await GetJsonAsync(curator, $"/api/task-forces/{id}")).GetProperty("profile").GetProperty("description").GetString());

        // The lead invites an organization: the role is a choice the lead makes, never a default.
        var leadPage = await leadContext.NewPageAsync();
        await BrowserFixture.SignInAsync(leadPage, Email("taskforce.lead"));
        await leadPage.GotoInteractiveAsync($"/task-forces/{id}");
        await leadPage.Locator("#invite-org").SelectOptionAsync(Juniper);
        await leadPage.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();
        await Expect(leadPage.GetByText("Choose the role the organization will play.")).ToBeVisibleAsync();
        Assert.Empty((await GetJsonAsync(leadPage, $"/api/task-forces/{id}")).GetProperty("invitations").EnumerateArray());
        await leadPage.Locator("#invite-org").SelectOptionAsync(Juniper);
        await leadPage.Locator("#invite-role").SelectOptionAsync("LeadAgency");
        await leadPage.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();
        await Expect(leadPage.GetByText("· invited as Lead agency")).ToBeVisibleAsync(); // under "Waiting for an answer" (the change feed says it too)
        await Screenshots.SaveAsync(leadPage, "task-force-lead-invites");
        var invitation = Assert.Single((await GetJsonAsync(leadPage, $"/api/task-forces/{id}")).GetProperty("invitations").EnumerateArray());
        Assert.Equal((Juniper, "LeadAgency"), (invitation.GetProperty("organizationId").GetString(), invitation.GetProperty("role").GetString()));

        // The organization's admin accepts (on a phone) and sees the task force at once.
        var admin = await adminContext.NewPageAsync();
        await BrowserFixture.SignInAsync(admin, Email("la.shelter.admin"));
        await admin.GotoInteractiveAsync("/task-forces");
        await Expect(admin.GetByText($"{name} invites Juniper Gate Women's Shelter as Lead agency.")).ToBeVisibleAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = $"Accept the invitation of {name} for Juniper Gate Women's Shelter" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Button, new() { Name = $"Accept the invitation of {name} for Juniper Gate Women's Shelter" })).ToHaveCountAsync(0);
        await admin.GotoInteractiveAsync($"/task-forces/{id}");
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = name })).ToBeVisibleAsync();
        await Expect(admin.GetByText("Lead agency")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(admin, "task-force-member-admin-phone-390");
        var member = Assert.Single((await GetJsonAsync(admin, $"/api/task-forces/{id}")).GetProperty("organizations").EnumerateArray());
        Assert.Equal((Juniper, "LeadAgency"), (member.GetProperty("organizationId").GetString(), member.GetProperty("role").GetString()));
    }

    [SkippableFact]
    public async Task A_curator_starts_an_initiative_with_a_goal_approves_a_shelter_and_the_shelter_records_collected_and_verified_signatures()
    {
        TestEnvironment.RequireChromium();
        await using var curatorContext = await fixture.NewContextAsync();
        await using var shelterContext = await fixture.NewContextAsync();
        await using var publicContext = await fixture.NewContextAsync(Phone);
        var name = "Safe Homes Petition " + Guid.NewGuid().ToString("N")[..4];

        var curator = await curatorContext.NewPageAsync();
        await BrowserFixture.SignInAsync(curator, Email("curator"));
        await curator.GotoInteractiveAsync("/initiatives/new");
        await curator.GetByLabel("Name").FillAsync(name);
        await curator.GetByLabel("Description").FillAsync("A statewide petition for survivors' housing.");
        await curator.GetByLabel("How to help (shown to everyone)").FillAsync("Sign the petition at any participating shelter.");
        await curator.Locator(".mud-select").Filter(new() { HasText = "Counties" }).First.ClickAsync();
        await curator.GetByRole(AriaRole.Option, new() { Name = "Fresno" }).ClickAsync();
        await curator.GetByRole(AriaRole.Heading, new() { Name = "Start an initiative" }).ClickAsync();
        await Expect(curator.GetByRole(AriaRole.Option, new() { Name = "Fresno" })).ToBeHiddenAsync();
        await curator.GetByLabel("Name").FillAsync(name);
        await Expect(curator.GetByLabel("Name")).ToHaveValueAsync(name);
        await curator.GetByRole(AriaRole.Button, new() { Name = "Start the initiative" }).ClickAsync();
        await Expect(curator.GetByRole(AriaRole.Heading, new() { Name = $"Manage {name}" })).ToBeVisibleAsync();
        var id = new Uri(curator.Url).AbsolutePath.Split('/')[2];

        // A goal with a unit, a target and verified numbers.
        await curator.GetByLabel("Goal title").FillAsync("Signatures");
        await curator.Locator(".mud-select").Filter(new() { HasText = "What it counts" }).First.ClickAsync();
        await curator.GetByRole(AriaRole.Option, new() { Name = "A number of things" }).ClickAsync();
        await curator.GetByLabel("Unit (e.g. signatures)").FillAsync("signatures");
        await curator.GetByLabel("Target", new() { Exact = true }).FillAsync("700000");
        await curator.GetByLabel("Count verified numbers too (e.g. signatures validated); the target counts verified ones").CheckAsync();
        await Screenshots.SaveAsync(curator, "initiative-manage-goal");
        await curator.GetByRole(AriaRole.Button, new() { Name = "Add goal" }).ClickAsync();
        await Expect(curator.GetByText("Goal saved.")).ToBeVisibleAsync();
        var goal = Assert.Single((await GetJsonAsync(curator, $"/api/initiatives/{id}")).GetProperty("goals").EnumerateArray());
        Assert.Equal(("signatures", 700_000, "signatures", true), (goal.GetProperty("id").GetString(), goal.GetProperty("target").GetInt64(), goal.GetProperty("unit").GetString(), goal.GetProperty("tracksVerified").GetBoolean()));

        // The shelter's admin asks to join; the curator approves.
        var shelter = await shelterContext.NewPageAsync();
        await BrowserFixture.SignInAsync(shelter, Email("shelter.admin"));
        await shelter.GotoInteractiveAsync($"/initiatives/{id}");
        await shelter.GetByRole(AriaRole.Button, new() { Name = $"Ask for {BrightOrchard} to join" }).ClickAsync();
        await Expect(shelter.GetByText($"{BrightOrchard} asked to join; a curator decides.")).ToBeVisibleAsync();
        await curator.GotoInteractiveAsync($"/initiatives/{id}/manage");
        await curator.GetByRole(AriaRole.Button, new() { Name = $"Approve {BrightOrchard}" }).ClickAsync();
        await Expect(curator.GetByText("No request is waiting.")).ToBeVisibleAsync();
        Assert.Contains(DemoNetworkData.FresnoMinorsShelterKey, (await GetJsonAsync(curator, $"/api/initiatives/{id}")).GetProperty("organizations").EnumerateArray().Select(o => o.GetString()));

        // The shelter records collected and verified signatures for itself.
        await shelter.GotoInteractiveAsync($"/initiatives/{id}");
        await shelter.Locator(".mud-select").Filter(new() { HasText = "For organization (optional)" }).First.ClickAsync();
        await shelter.GetByRole(AriaRole.Option, new() { Name = BrightOrchard }).ClickAsync();
        await shelter.GetByLabel("Collected", new() { Exact = true }).FillAsync("1200");
        await shelter.GetByLabel("Verified", new() { Exact = true }).FillAsync("800");
        await shelter.GetByRole(AriaRole.Button, new() { Name = "Record", Exact = true }).ClickAsync();
        await Expect(shelter.GetByText("Progress recorded.")).ToBeVisibleAsync();
        var recorded = Assert.Single((await GetJsonAsync(shelter, $"/api/initiatives/{id}")).GetProperty("goals").EnumerateArray());
        Assert.Equal((1_200, 800), (recorded.GetProperty("progress").GetInt64(), recorded.GetProperty("verified").GetInt64()));
        var tally = Assert.Single(recorded.GetProperty("byOrganization").EnumerateArray());
        Assert.Equal((DemoNetworkData.FresnoMinorsShelterKey, 1_200, 800), (tally.GetProperty("key").GetString(), tally.GetProperty("raw").GetInt64(), tally.GetProperty("verified").GetInt64()));
        await Screenshots.SaveAsync(shelter, "initiative-record-progress");

        // Anyone sees the progress and how to help.
        var visitor = await publicContext.NewPageAsync();
        await visitor.GotoInteractiveAsync($"/initiatives/{id}");
        await Expect(visitor.Locator("p[aria-live]").First).ToContainTextAsync("800 of 700,000 signatures verified");
        await Expect(visitor.GetByText("Sign the petition at any participating shelter.")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(visitor, "initiative-public-progress-phone-390");
    }

    /// <summary>Reads what was stored through the API, with the page's own sign-in.</summary>
}
