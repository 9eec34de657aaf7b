using System.Globalization;
using System.Text.Json;
using ConnectedCalifornia.Browser.Tests.Infrastructure;
using ConnectedCalifornia.Testing;
using ConnectedCalifornia.Web.Seeding;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConnectedCalifornia.Browser.Tests.Operations;

/// <summary>
/// The time window a lead types into the plan form is the window stored, to the minute, in Pacific
/// time; the lead can change it afterwards; assignment and after-action due dates are kept too.
/// </summary>
[Collection(DemoNetworkCollection.Name)]
public sealed class OperationWindowTests(BrowserFixture fixture)
{
    private static readonly TimeZoneInfo California = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");

    /// <summary>Types a Pacific wall-clock time into a datetime-local field segment by segment, as a person does with the keyboard.</summary>
    internal static async Task TypeDateTimeAsync(ILocator input, DateTime local)
    {
        // Month and day move on by themselves; a year may have more digits, so the person moves on with the arrow key.
        // (The keyboard, not the locator: a locator's key press focuses the field again, back on its first part.)
        await input.FocusAsync();
        var keyboard = input.Page.Keyboard;
        await keyboard.TypeAsync(local.ToString("MMddyyyy", CultureInfo.InvariantCulture), new() { Delay = 60 });
        await keyboard.PressAsync("ArrowRight");
        await keyboard.TypeAsync(local.ToString("hhmm", CultureInfo.InvariantCulture) + (local.Hour < 12 ? "A" : "P"), new() { Delay = 60 });
        await keyboard.PressAsync("Tab");
    }

    internal static DateTimeOffset AsPacific(DateTime local) => new(local, California.GetUtcOffset(local));

    internal static async Task<JsonElement> GetOperationAsync(IBrowserContext context, string operationPath)
    {
        var response = await context.APIRequest.GetAsync("/api" + operationPath);
        Assert.True(response.Ok, $"GET /api{operationPath} answered {response.Status}");
        return JsonDocument.Parse(await response.TextAsync()).RootElement.Clone();
    }

    private static string Local(DateTime local) => local.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);

    private static async Task<string> PlanAsync(IPage page, string title, DateTime start, DateTime end)
    {
        await page.GotoInteractiveAsync($"/task-forces/{DemoNetworkData.FresnoTaskForceKey}/operations/new");
        await page.GetByLabel("Title").FillAsync(title);
        await TypeDateTimeAsync(page.GetByLabel("Starts (Pacific time)"), start);
        await TypeDateTimeAsync(page.GetByLabel("Ends (Pacific time)"), end);
        await page.GetByLabel("General area (every participant sees this)").FillAsync("North Fresno");
        await Expect(page.GetByLabel("Title")).ToHaveValueAsync(title);
        await Expect(page.GetByLabel("Starts (Pacific time)")).ToHaveValueAsync(Local(start));
        await Expect(page.GetByLabel("Ends (Pacific time)")).ToHaveValueAsync(Local(end));
        await page.GetByRole(AriaRole.Button, new() { Name = "Plan operation" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = title })).ToBeVisibleAsync();
        var operationPath = new Uri(page.Url).AbsolutePath;
        Assert.StartsWith("/operations/", operationPath, StringComparison.Ordinal);
        await page.GotoInteractiveAsync(operationPath);
        return operationPath;
    }

    [SkippableFact]
    public async Task The_window_a_lead_types_is_the_window_stored_and_the_lead_can_change_it()
    {
        TestEnvironment.RequireChromium();
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await BrowserFixture.SignInAsync(page, $"taskforce.lead@{DemoNetworkData.UserEmailDomain}");

        var today = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, California).Date;
        var start = today.AddDays(9).AddHours(6).AddMinutes(30);   // 6:30 AM
        var end = today.AddDays(10).AddHours(14).AddMinutes(15);   // the next day, 2:15 PM
        var operationPath = await PlanAsync(page, "Window test " + Guid.NewGuid().ToString("N")[..4], start, end);

        var stored = await GetOperationAsync(context, operationPath);
        Assert.Equal(AsPacific(start), stored.GetProperty("start").GetDateTimeOffset());
        Assert.Equal(AsPacific(end), stored.GetProperty("end").GetDateTimeOffset());

        // The lead changes the window afterwards; the form opens with the stored window.
        await page.GetByRole(AriaRole.Button, new() { Name = "Change the plan" }).ClickAsync();
        await Expect(page.GetByLabel("Starts (Pacific time)")).ToHaveValueAsync(Local(start));
        var newStart = today.AddDays(12).AddHours(21).AddMinutes(45); // 9:45 PM
        var newEnd = today.AddDays(13).AddHours(3).AddMinutes(5);     // 3:05 AM the next morning
        await TypeDateTimeAsync(page.GetByLabel("Starts (Pacific time)"), newStart);
        await TypeDateTimeAsync(page.GetByLabel("Ends (Pacific time)"), newEnd);
        await Screenshots.SaveAsync(page, "operations-change-plan");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the plan" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Change the plan" })).ToBeVisibleAsync();

        stored = await GetOperationAsync(context, operationPath);
        Assert.Equal(AsPacific(newStart), stored.GetProperty("start").GetDateTimeOffset());
        Assert.Equal(AsPacific(newEnd), stored.GetProperty("end").GetDateTimeOffset());

        // An assignment's due time is kept as typed.
        var due = today.AddDays(11).AddHours(16);
        await page.GetByLabel("Task", new() { Exact = true }).FillAsync("Brief the advocates at staging");
        await page.GetByLabel("Owner").First.FillAsync("Sgt. Ortiz");
        await TypeDateTimeAsync(page.GetByLabel("Due (Pacific, optional)"), due);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add assignment" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Assignments" })).ToContainTextAsync("Brief the advocates at staging");
        stored = await GetOperationAsync(context, operationPath);
        var assignment = Assert.Single(stored.GetProperty("assignments").EnumerateArray());
        Assert.Equal(AsPacific(due), assignment.GetProperty("due").GetDateTimeOffset());
    }

    [SkippableFact]
    public async Task A_lead_adds_and_removes_participants_asks_only_victim_services_to_stand_by_and_confirms_before_closing()
    {
        TestEnvironment.RequireChromium();
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await BrowserFixture.SignInAsync(page, $"taskforce.lead@{DemoNetworkData.UserEmailDomain}");
        var today = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, California).Date;
        var operationPath = await PlanAsync(page, "Participants test " + Guid.NewGuid().ToString("N")[..4], today.AddDays(20).AddHours(18), today.AddDays(20).AddHours(23));

        // The standby checklist lists victim services only: no police, no district attorney.
        var checklist = page.GetByRole(AriaRole.Group, new() { Name = "Victim-service organizations" });
        await Expect(checklist).ToContainTextAsync("Valley Compass Survivor Services");
        await Expect(checklist).Not.ToContainTextAsync("Police");
        await Expect(checklist).Not.ToContainTextAsync("District Attorney");

        // The lead adds the police department, which comes with its task-force role.
        await page.GetByLabel("Add an organization of the task force").SelectOptionAsync("cottonleaf-police-department");
        await Expect(page.GetByLabel("Part it plays")).ToHaveValueAsync("LawEnforcement");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to the operation" }).ClickAsync();
        await Expect(page.GetByTestId("participant").Filter(new() { HasText = "Cottonleaf Police Department" })).ToContainTextAsync("Law enforcement");
        var participants = (await GetOperationAsync(context, operationPath)).GetProperty("participants").EnumerateArray().ToList();
        Assert.Contains(participants, p => p.GetProperty("organizationId").GetString() == "cottonleaf-police-department" && p.GetProperty("role").GetString() == "LawEnforcement");

        // Removing asks first; backing out keeps it, confirming removes it.
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove Cottonleaf Police Department from the operation" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Keep as it is" }).ClickAsync();
        Assert.Contains((await GetOperationAsync(context, operationPath)).GetProperty("participants").EnumerateArray(), p => p.GetProperty("organizationId").GetString() == "cottonleaf-police-department");
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove Cottonleaf Police Department from the operation" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Remove" }).ClickAsync();
        await Expect(page.GetByTestId("participant").Filter(new() { HasText = "Cottonleaf Police Department" })).ToHaveCountAsync(0);
        Assert.DoesNotContain((await GetOperationAsync(context, operationPath)).GetProperty("participants").EnumerateArray(), p => p.GetProperty("organizationId").GetString() == "cottonleaf-police-department");

        // Active, then debrief; an after-action item keeps its due time.
        await page.GetByRole(AriaRole.Button, new() { Name = "Start the operation (active)" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "End the operation: move to debrief" }).ClickAsync();
        var due = today.AddDays(27).AddHours(10).AddMinutes(15);
        await page.GetByLabel("Item", new() { Exact = true }).FillAsync("Send the interpreter roster to the shelters");
        await page.Locator("#rv-owner").FillAsync("Sgt. Ortiz");
        await TypeDateTimeAsync(page.Locator("#rv-due"), due);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add item" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "After-action items" })).ToContainTextAsync("interpreter roster");
        var item = Assert.Single((await GetOperationAsync(context, operationPath)).GetProperty("reviewItems").EnumerateArray());
        Assert.Equal(AsPacific(due), item.GetProperty("due").GetDateTimeOffset());

        // Closing asks first: backing out leaves it in debrief.
        await page.GetByRole(AriaRole.Button, new() { Name = "Close the operation (releases held beds)" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToContainTextAsync("Close the operation?");
        await Screenshots.SaveAsync(page, "operations-close-confirmation");
        await page.GetByRole(AriaRole.Button, new() { Name = "Keep as it is" }).ClickAsync();
        Assert.Equal("Debrief", (await GetOperationAsync(context, operationPath)).GetProperty("status").GetString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Close the operation (releases held beds)" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Close the operation" }).ClickAsync();
        await Expect(page.GetByLabel("Status: Closed")).ToBeVisibleAsync();
        Assert.Equal("Closed", (await GetOperationAsync(context, operationPath)).GetProperty("status").GetString());
    }
}
