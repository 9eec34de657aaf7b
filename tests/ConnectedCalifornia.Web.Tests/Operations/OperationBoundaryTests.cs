using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Operations;
using ConnectedCalifornia.TaskForces;
using ConnectedCalifornia.Web.Operations;
using ConnectedCalifornia.Web.Referrals;
using ConnectedCalifornia.Web.Seeding;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ConnectedCalifornia.Web.Tests.Operations;

/// <summary>
/// Issue 13, findings 5 and 6: a task force plans operations in its own counties only (a curator widens
/// them); the deconfliction warning names only the other side's contact point; an operation links only
/// referrals that exist and that the linking organization is a party of. Refusals are read back.
/// </summary>
public sealed class OperationBoundaryTests(SeededAppFixture app) : IClassFixture<SeededAppFixture>
{
    private const string TaskForce = AuthorizationMatrix.TaskForce;
    private const string Operation = DemoOperationsData.OperationKey;
    private const string Fresno = "06019";
    private const string LosAngeles = "06037";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private IGrainFactory Grains => app.Factory.Services.GetRequiredService<IGrainFactory>();

    private async Task<HttpClient> ClientAsync(MatrixRole role) => (await app.ClientForAsync(role.Email())).Client;

    private static object Plan(string title, string county, DateTimeOffset start) => new
    {
        title,
        type = "Outreach",
        start,
        end = start.AddHours(6),
        counties = new[] { county },
        generalArea = "Downtown",
        shareLocation = false,
        leadAgencyId = DemoOperationsData.LeadAgencyKey,
    };

    private static async Task AssertProblemAsync(HttpResponseMessage response, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
        using var document = JsonDocument.Parse(body);
        Assert.True(document.RootElement.GetProperty("errors").TryGetProperty(field, out var messages) && messages[0].GetString()!.Length > 20, body);
    }

    [Fact]
    public async Task Lead_cannot_plan_an_operation_outside_the_task_force_counties()
    {
        var lead = await ClientAsync(MatrixRole.TaskForceLead);
        var title = "Los Angeles probe " + Guid.NewGuid().ToString("N")[..6];
        var start = DateTimeOffset.UtcNow.AddDays(60);

        var refused = await lead.PostAsJsonAsync($"/api/task-forces/{TaskForce}/operations", Plan(title, LosAngeles, start), Json);
        await AssertProblemAsync(refused, "counties");
        Assert.Contains("Los Angeles", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(await lead.GetFromJsonAsync<OperationListItem[]>("/api/operations/", Json) ?? [], o => o.Title == title);

        // The lead cannot widen the task force's counties; a curator can, and then the plan is accepted.
        var widened = new { counties = new[] { Fresno, "06039", "06107", "06031", LosAngeles } };
        Assert.Equal(HttpStatusCode.Forbidden, (await lead.PutAsJsonAsync($"/api/task-forces/{TaskForce}/counties", widened)).StatusCode);
        Assert.DoesNotContain(LosAngeles, (await Grains.GetGrain<ITaskForceGrain>(TaskForce).GetDetails())!.Profile.Counties);
        var curator = await ClientAsync(MatrixRole.Curator);
        await AssertProblemAsync(await curator.PutAsJsonAsync($"/api/task-forces/{TaskForce}/counties", new { counties = new[] { "99999" } }), "counties");
        Assert.Equal(HttpStatusCode.OK, (await curator.PutAsJsonAsync($"/api/task-forces/{TaskForce}/counties", widened)).StatusCode);
        Assert.Contains(LosAngeles, (await Grains.GetGrain<ITaskForceGrain>(TaskForce).GetDetails())!.Profile.Counties);

        var accepted = await lead.PostAsJsonAsync($"/api/task-forces/{TaskForce}/operations", Plan(title, LosAngeles, start), Json);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var id = (await accepted.Content.ReadFromJsonAsync<OperationsApi.Created>(Json))!.Id;
        Assert.Equal([LosAngeles], (await Grains.GetGrain<IOperationGrain>(id).GetDetails())!.Plan.Counties.AsEnumerable());
    }

    [Fact]
    public async Task Deconfliction_warning_names_only_the_other_side_contact_point()
    {
        // The other side: a task force and lead agency of its own, whose lead agency lists a confidential line first.
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var agency = "canary-lead-agency-" + suffix;
        var profile = new OrganizationProfile(
            "Canary Lead Agency " + suffix, OrganizationKind.LawEnforcement, "A test agency.", null, [], [], [], [Fresno],
            [
                new Contact("Confidential desk", ContactKind.Phone, "(559) 555-0177", Visibility.Organization),
                new Contact("Watch commander", ContactKind.Phone, "(559) 555-0188", Visibility.Network),
            ],
            AcceptingReferrals: false, OpeningHours.Always);
        Assert.True((await Grains.GetGrain<IOrganizationGrain>(agency).Create(profile, DemoNetworkSeeder.DemoActor)).Succeeded);
        var otherTaskForce = "canary-task-force-" + suffix;
        Assert.True((await Grains.GetGrain<ITaskForceGrain>(otherTaskForce).Create(new TaskForceProfile("Canary Task Force", "A test task force.", [Fresno]), DemoNetworkSeeder.DemoActor)).Succeeded);
        var start = DateTimeOffset.UtcNow.AddDays(120);
        var otherId = "canary-operation-" + suffix;
        var planned = await Grains.GetGrain<IOperationGrain>(otherId).Create(
            new OperationPlan(otherTaskForce, "Canary secret title", OperationType.Enforcement, start, start.AddHours(8), [Fresno],
                "Canary general area", "Canary exact location", ShareLocation: false, agency),
            DemoNetworkSeeder.DemoActor);
        Assert.True(planned.Succeeded);

        // The Fresno task force's lead plans an overlapping operation and reads its warning.
        var lead = await ClientAsync(MatrixRole.TaskForceLead);
        var response = await lead.PostAsJsonAsync($"/api/task-forces/{TaskForce}/operations", Plan("Overlap test " + suffix, Fresno, start.AddHours(2)), Json);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<OperationsApi.Created>(Json))!.Id;

        var body = await lead.GetStringAsync($"/api/operations/{id}");
        var warning = Assert.Single(JsonSerializer.Deserialize<OperationView>(body, Json)!.Warnings, w => w.LeadAgencyId == agency);
        Assert.Equal(("Canary Lead Agency " + suffix, "Watch commander: (559) 555-0188"), (warning.LeadAgencyName, warning.Contact));
        var page = await lead.GetStringAsync($"/operations/{id}");
        Assert.Contains("Contact point: Canary Lead Agency " + suffix, page, StringComparison.Ordinal);
        var list = await lead.GetStringAsync("/api/operations/");
        foreach (var text in new[] { body, page, list })
        {
            foreach (var secret in new[] { "Canary secret title", "Canary general area", "Canary exact location", "555-0177", otherId, otherTaskForce })
            {
                Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Operation_cannot_link_a_referral_that_does_not_exist_or_is_not_its_own()
    {
        // A referral that exists but is not Bright Orchard's (nor Sierra Mirador's): Juniper Gate to Coastal Sage.
        var other = await ClientAsync(MatrixRole.OtherOrganizationAdmin);
        var sent = await other.PostAsJsonAsync("/api/organizations/juniper-gate-womens-shelter/referrals/", new
        {
            toOrganizationId = "coastal-sage-survivor-alliance",
            services = new[] { "case-management" },
            ageBracket = "Age25To59",
            language = "en",
            county = LosAngeles,
            urgency = "Routine",
        }, Json);
        Assert.True(sent.StatusCode == HttpStatusCode.Created, await sent.Content.ReadAsStringAsync());
        var othersReferral = (await sent.Content.ReadFromJsonAsync<ReferralApi.Sent>(Json))!.Id;

        var shelter = await ClientAsync(MatrixRole.ShelterStaff);
        var lead = await ClientAsync(MatrixRole.TaskForceLead);
        var before = await Grains.GetGrain<IOperationGrain>(Operation).GetDetails();
        var linkedBefore = (await lead.GetFromJsonAsync<OperationView>($"/api/operations/{Operation}", Json))!.ReferralsLinked;

        await AssertProblemAsync(await shelter.PostAsJsonAsync($"/api/operations/{Operation}/referrals", new { referralId = "rf-made-up-0001" }), "referralId");
        await AssertProblemAsync(await shelter.PostAsJsonAsync($"/api/operations/{Operation}/referrals", new { referralId = othersReferral }), "referralId");
        await AssertProblemAsync(await lead.PostAsJsonAsync($"/api/operations/{Operation}/referrals", new { referralId = othersReferral }), "referralId");

        // Nothing stored changed: the count, the summary, the version.
        var after = await Grains.GetGrain<IOperationGrain>(Operation).GetDetails();
        Assert.Equal((before!.Version, before.ReferralIds.Length), (after!.Version, after.ReferralIds.Length));
        var view = (await lead.GetFromJsonAsync<OperationView>($"/api/operations/{Operation}", Json))!;
        Assert.Equal((linkedBefore, SmallCounts.Display(linkedBefore)), (view.ReferralsLinked, view.Summary.Referrals.Display));

        // A referral Bright Orchard sent itself is linked and counted.
        var own = await shelter.PostAsJsonAsync($"/api/organizations/{AuthorizationMatrix.Org}/referrals/", new
        {
            toOrganizationId = "valley-compass-survivor-services",
            services = new[] { "case-management" },
            ageBracket = "Age18To24",
            language = "en",
            county = Fresno,
            urgency = "Routine",
        }, Json);
        Assert.True(own.StatusCode == HttpStatusCode.Created, await own.Content.ReadAsStringAsync());
        var ownId = (await own.Content.ReadFromJsonAsync<ReferralApi.Sent>(Json))!.Id;
        Assert.Equal(HttpStatusCode.OK, (await shelter.PostAsJsonAsync($"/api/operations/{Operation}/referrals", new { referralId = ownId })).StatusCode);
        Assert.Equal(linkedBefore + 1, (await lead.GetFromJsonAsync<OperationView>($"/api/operations/{Operation}", Json))!.ReferralsLinked);
    }
}
