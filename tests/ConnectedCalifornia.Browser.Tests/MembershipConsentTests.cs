using ConnectedCalifornia.Browser.Tests.Infrastructure;
using ConnectedCalifornia.Testing;
using ConnectedCalifornia.Web.Seeding;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConnectedCalifornia.Browser.Tests;

/// <summary>People and organizations join only by their own acceptance, in the browser (issue 13, findings 1 and 7).</summary>
[Collection(DemoNetworkCollection.Name)]
public sealed class MembershipConsentTests(BrowserFixture fixture)
{
    private static string Email(string user) => $"{user}@{DemoNetworkData.UserEmailDomain}";

    [SkippableFact]
    public async Task An_invited_person_becomes_a_member_only_when_they_accept_on_their_home_page()
    {
        TestEnvironment.RequireChromium();
        await using var adminContext = await fixture.NewContextAsync();
        await using var personContext = await fixture.NewContextAsync();
        var admin = await adminContext.NewPageAsync();
        await BrowserFixture.SignInAsync(admin, Email("shelter.admin"));
        await admin.GotoInteractiveAsync($"/organizations/{DemoNetworkData.FresnoMinorsShelterKey}/manage");

        await admin.GetByLabel("Their e-mail address").FillAsync(Email("officer"));
        await admin.GetByRole(AriaRole.Button, new() { Name = "Invite", Exact = true }).ClickAsync();

        var waiting = admin.GetByRole(AriaRole.List, new() { Name = "Invitations waiting for an answer" });
        await Expect(waiting).ToContainTextAsync(Email("officer"));

        var person = await personContext.NewPageAsync();
        await BrowserFixture.SignInAsync(person, Email("officer"));
        await person.GotoInteractiveAsync("/");
        var organizations = person.Locator(".cc-card").Filter(new() { Has = person.GetByRole(AriaRole.Heading, new() { Name = "Organizations" }) });
        await Expect(organizations.GetByRole(AriaRole.Link, new() { Name = "Bright Orchard Youth Shelter" })).ToHaveCountAsync(0);

        await person.GetByRole(AriaRole.Button, new() { Name = "Accept the invitation of Bright Orchard Youth Shelter" }).ClickAsync();

        await Expect(organizations.GetByRole(AriaRole.Link, new() { Name = "Bright Orchard Youth Shelter" })).ToBeVisibleAsync();
        await Expect(person.GetByRole(AriaRole.Button, new() { Name = "Accept the invitation of Bright Orchard Youth Shelter" })).ToHaveCountAsync(0);
    }

    [SkippableFact]
    public async Task A_lead_invites_an_organization_and_its_admin_accepts_then_leaves_on_the_manage_page()
    {
        TestEnvironment.RequireChromium();
        const string shelter = "juniper-gate-womens-shelter";
        await using var leadContext = await fixture.NewContextAsync();
        await using var adminContext = await fixture.NewContextAsync();
        var lead = await leadContext.NewPageAsync();
        await BrowserFixture.SignInAsync(lead, Email("taskforce.lead"));
        await lead.GotoInteractiveAsync($"/task-forces/{DemoNetworkData.FresnoTaskForceKey}");

        await lead.Locator("#invite-org").SelectOptionAsync(shelter);
        await lead.Locator("#invite-role").SelectOptionAsync("VictimServices");
        await lead.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();
        await Expect(lead.GetByText("Waiting for an answer")).ToBeVisibleAsync();

        var admin = await adminContext.NewPageAsync();
        await BrowserFixture.SignInAsync(admin, Email("la.shelter.admin"));
        await admin.GotoInteractiveAsync($"/organizations/{shelter}/manage");
        var taskForces = admin.GetByRole(AriaRole.List, new() { Name = "Task forces of this organization" });
        await admin.GetByRole(AriaRole.Button, new() { Name = "Accept the invitation of Fresno Valley Anti-Trafficking Task Force" }).ClickAsync();
        await Expect(taskForces.GetByRole(AriaRole.Link, new() { Name = "Fresno Valley Anti-Trafficking Task Force" })).ToBeVisibleAsync();

        await admin.GetByRole(AriaRole.Button, new() { Name = "Leave Fresno Valley Anti-Trafficking Task Force" }).ClickAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Yes, leave" }).ClickAsync();
        await Expect(taskForces.GetByRole(AriaRole.Link, new() { Name = "Fresno Valley Anti-Trafficking Task Force" })).ToHaveCountAsync(0);
    }
}
