using System.Text;
using System.Text.Json.Nodes;
using ConnectedCalifornia.Browser.Tests.Infrastructure;
using ConnectedCalifornia.Testing;
using ConnectedCalifornia.Web.Seeding;
using Microsoft.Playwright;
using static ConnectedCalifornia.Browser.Tests.Infrastructure.ApiJson;
using static Microsoft.Playwright.Assertions;

namespace ConnectedCalifornia.Browser.Tests;

/// <summary>
/// A curator uploads a 211 partner's nested HSDS file (one organization with its services, phones, schedules
/// and languages nested in it) on the import page, at desktop and phone width: the preview says what would be
/// created and lists what is left out, by table, row and key; the import stores it, read back through the API.
/// Each run imports an organization with a new name into the shared demo (in Alpine County, which no other
/// test counts).
/// </summary>
[Collection(DemoNetworkCollection.Name)]
public sealed class HsdsImportBrowserTests(BrowserFixture fixture)
{
    [SkippableTheory]
    [InlineData(1280, 900, "desktop")]
    [InlineData(390, 844, "phone")]
    public async Task HsdsImport_a_curator_previews_a_nested_file_with_its_warnings_and_imports_it(int width, int height, string name)
    {
        TestEnvironment.RequireChromium();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var orgId = Guid.NewGuid().ToString();
        var urdu = Guid.NewGuid().ToString();
        var organization = new JsonObject
        {
            ["id"] = orgId,
            ["name"] = $"Sierra Crest Outreach {tag}",
            ["description"] = "Prevention workshops for schools and families in the high country.",
            ["email"] = $"hello-{tag}@sierracrest.example",
            ["legacy_code"] = "SC-4",
            ["phones"] = new JsonArray(new JsonObject { ["id"] = Guid.NewGuid().ToString(), ["number"] = "530-555-0110", ["type"] = "voice", ["description"] = "Office" }),
            ["services"] = new JsonArray(new JsonObject
            {
                ["id"] = Guid.NewGuid().ToString(),
                ["name"] = "Prevention education",
                ["description"] = "Classroom sessions on recognizing and reporting trafficking, for grades 6 to 12.",
                ["status"] = "active",
                ["schedules"] = new JsonArray(new JsonObject { ["id"] = Guid.NewGuid().ToString(), ["freq"] = "WEEKLY", ["byday"] = "TU,TH", ["opens_at"] = "08:30", ["closes_at"] = "15:00" }),
                ["languages"] = new JsonArray(
                    new JsonObject { ["id"] = Guid.NewGuid().ToString(), ["name"] = "Spanish", ["code"] = "es" },
                    new JsonObject { ["id"] = urdu, ["name"] = "Urdu", ["code"] = "ur" }),
                ["service_areas"] = new JsonArray(new JsonObject { ["id"] = Guid.NewGuid().ToString(), ["name"] = "Alpine County" }),
            }),
        };

        await using var context = await fixture.NewContextAsync(new ViewportSize { Width = width, Height = height });
        var curator = await context.NewPageAsync();
        await BrowserFixture.SignInAsync(curator, $"curator@{DemoNetworkData.UserEmailDomain}");
        await curator.GotoInteractiveAsync("/curation/import");
        await curator.GetByLabel("HSDS 3.0 data", new() { Exact = false }).SetBlazorInputFilesAsync(new FilePayload
        {
            Name = "sierra-crest-211.json",
            MimeType = "application/json",
            Buffer = Encoding.UTF8.GetBytes(organization.ToJsonString()),
        });

        await Expect(curator.GetByTestId("import-summary")).ToContainTextAsync("1 would be created, 0 updated, 0 left as they are, 0 refused");
        await Expect(curator.GetByText("The file is one HSDS organization with its nested records.")).ToBeVisibleAsync();
        var warnings = curator.GetByTestId("import-warnings");
        await Expect(warnings).ToContainTextAsync("legacy_code");
        await Expect(warnings).ToContainTextAsync(orgId);
        await Expect(warnings).ToContainTextAsync(urdu);
        Assert.Equal(404, (await curator.Context.APIRequest.GetAsync($"/api/organizations/sierra-crest-outreach-{tag}")).Status);
        await Screenshots.SaveAsync(curator, $"hsds-import-nested-preview-{name}");

        await curator.GetByRole(AriaRole.Button, new() { Name = "Import 1 organization" }).ClickAsync();
        await Expect(curator.GetByTestId("import-summary")).ToContainTextAsync("1 created, 0 updated, 0 left as they were");
        await Screenshots.SaveAsync(curator, $"hsds-import-nested-done-{name}");

        var stored = await GetJsonAsync(curator, $"/api/organizations/sierra-crest-outreach-{tag}");
        Assert.Equal("prevention-education", stored.GetProperty("services")[0].GetProperty("code").GetString());
        Assert.Equal("Classroom sessions on recognizing and reporting trafficking, for grades 6 to 12.", stored.GetProperty("serviceDescriptions")[0].GetProperty("description").GetString());
        Assert.Equal("es", Assert.Single(stored.GetProperty("languages").EnumerateArray()).GetProperty("code").GetString());
        Assert.Equal("06003", stored.GetProperty("counties")[0].GetProperty("code").GetString());
        Assert.Contains(stored.GetProperty("contacts").EnumerateArray(), c => c.GetProperty("value").GetString() == $"hello-{tag}@sierracrest.example");
        Assert.Contains(stored.GetProperty("contacts").EnumerateArray(), c => c.GetProperty("value").GetString() == "530-555-0110");
        Assert.Equal(2, stored.GetProperty("hours").GetProperty("ranges").GetArrayLength());
    }
}
