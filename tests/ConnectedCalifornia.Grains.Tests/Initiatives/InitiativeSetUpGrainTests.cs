using System.Text.Json;
using ConnectedCalifornia.Hosting;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.TaskForces;
using ConnectedCalifornia.Testing;
using static ConnectedCalifornia.Testing.TestData;

namespace ConnectedCalifornia.Initiatives.Tests;

/// <summary>Goals with raw and verified numbers, money and deadlines; progress by organization and county; join and leave requests (issue 15).</summary>
[Collection(ClusterCollection.Name)]
public sealed class InitiativeSetUpGrainTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Client;

    private static readonly Actor Staff = new("staff-1", "Sam Staff");

    private async Task<(IInitiativeGrain Grain, string Organization)> PetitionAsync()
    {
        var organization = await CreateOrganizationAsync(_grains);
        var grain = _grains.GetGrain<IInitiativeGrain>(NewKey("petition"));
        Assert.True((await grain.Create(Initiative() with { Counties = ["06019", "06037"] }, Curator)).Succeeded);
        Assert.True((await grain.SetGoal(Signatures() with { TracksVerified = true, Deadline = new DateOnly(2026, 6, 30) }, Curator)).Succeeded);
        Assert.True((await grain.AddOrganization(organization, Curator)).Succeeded);
        return (grain, organization);
    }

    [Fact]
    public async Task Collected_and_verified_signatures_add_up_by_organization_and_county_and_the_target_counts_verified_ones()
    {
        var (grain, organization) = await PetitionAsync();

        Assert.True((await grain.RecordContribution(new GoalContribution("signatures", 1_200, 0, organization, "06019"), Staff)).Succeeded);
        Assert.True((await grain.RecordContribution(new GoalContribution("signatures", 300, 900, organization, "06019"), Staff)).Succeeded);
        Assert.True((await grain.RecordContribution(new GoalContribution("signatures", 500, 0, null, "06037"), Staff)).Succeeded);

        var goal = (await grain.GetDetails())!.Goals.Single();
        Assert.Equal((2_000, 900, 900L), (goal.Progress, goal.Verified, goal.Counted));
        Assert.Equal([new GoalTally(organization, 1_500, 900)], goal.ByOrganization.AsEnumerable());
        Assert.Equal([new GoalTally("06019", 1_500, 900), new GoalTally("06037", 500, 0)], goal.ByCounty.AsEnumerable());
        Assert.Equal(new DateOnly(2026, 6, 30), goal.Deadline);
    }

    [Fact]
    public async Task More_cannot_be_verified_than_collected_nor_recorded_outside_the_initiatives_counties_or_organizations_and_nothing_changes()
    {
        var (grain, organization) = await PetitionAsync();
        Assert.True((await grain.RecordContribution(new GoalContribution("signatures", 100, 0, organization, "06019"), Staff)).Succeeded);
        var before = await grain.GetDetails();

        AssertRefused(await grain.RecordContribution(new GoalContribution("signatures", 0, 101, organization, "06019"), Staff), "verified");
        AssertRefused(await grain.RecordContribution(new GoalContribution("signatures", 10, 0, organization, "06001"), Staff), "county");
        AssertRefused(await grain.RecordContribution(new GoalContribution("signatures", 10, 0, "not-a-participant", null), Staff), "organizationId");
        AssertRefused(await grain.RecordContribution(new GoalContribution("signatures", -101, 0, organization, null), Staff), "amount");

        var after = await grain.GetDetails();
        Assert.Equal(before!.Version, after!.Version);
        Assert.Equal(before.Goals.Single().ByOrganization.AsEnumerable(), after.Goals.Single().ByOrganization.AsEnumerable());
    }

    [Fact]
    public async Task A_money_goal_counts_dollars_and_refuses_verified_numbers()
    {
        var grain = _grains.GetGrain<IInitiativeGrain>(NewKey("fund"));
        Assert.True((await grain.Create(Initiative(), Curator)).Succeeded);
        Assert.True((await grain.SetGoal(new InitiativeGoal("fund", "Legal defense fund", 50_000, 0, string.Empty) { Measure = GoalMeasure.Money }, Curator)).Succeeded);

        Assert.True((await grain.RecordContribution(new GoalContribution("fund", 2_500, 0, null, null), Staff)).Succeeded);
        AssertRefused(await grain.RecordContribution(new GoalContribution("fund", 0, 10, null, null), Staff), "verified");

        var goal = (await grain.GetDetails())!.Goals.Single();
        Assert.Equal(("dollars", GoalMeasure.Money, 2_500L), (goal.Unit, goal.Measure, goal.Progress));
        var received = await fixture.Node.WaitForAsync(grain.GetPrimaryKeyString(), 3);
        Assert.Equal("$2,500 recorded ($2,500 of $50,000)", received[2].Summary);
    }

    [Fact]
    public async Task An_organization_joins_or_leaves_only_when_a_curator_approves_its_request()
    {
        var organization = await CreateOrganizationAsync(_grains);
        var grain = _grains.GetGrain<IInitiativeGrain>(NewKey("coalition"));
        Assert.True((await grain.Create(Initiative(), Curator)).Succeeded);

        Assert.True((await grain.RequestMembership(organization, join: true, Staff)).Succeeded);
        Assert.DoesNotContain(organization, (await grain.GetDetails())!.Organizations);
        Assert.Equal(organization, Assert.Single((await grain.GetDetails())!.Requests).OrganizationId);
        AssertRefused(await grain.RequestMembership(organization, join: false, Staff), "organizationId");

        Assert.True((await grain.DecideRequest(organization, approve: true, Curator)).Succeeded);
        var details = await grain.GetDetails();
        Assert.Contains(organization, details!.Organizations);
        Assert.Empty(details.Requests);

        Assert.True((await grain.RequestMembership(organization, join: false, Staff)).Succeeded);
        Assert.True((await grain.DecideRequest(organization, approve: false, Curator)).Succeeded);
        Assert.Contains(organization, (await grain.GetDetails())!.Organizations);
        AssertRefused(await grain.DecideRequest(organization, approve: true, Curator), "organizationId");
    }

    [Fact]
    public void State_stored_before_goals_had_verified_numbers_and_requests_still_loads()
    {
        var options = new JsonSerializerOptions();
        NetworkStorageJson.Configure(options);
        const string initiative = """
            {"Profile":{"Name":"Old","Description":"","Counties":["06019"]},"Organizations":["a"],
             "Goals":[{"Id":"signatures","Title":"Signatures","Target":700000,"Progress":1200,"Unit":"signatures"}],
             "Version":3,"CreatedAt":"2026-01-01T00:00:00+00:00","UpdatedAt":"2026-01-01T00:00:00+00:00","History":[]}
            """;
        const string taskForce = """
            {"Profile":{"Name":"Old","Description":"","Counties":["06019"]},"Organizations":[],"People":[],
             "Version":2,"CreatedAt":"2026-01-01T00:00:00+00:00","UpdatedAt":"2026-01-01T00:00:00+00:00","History":[]}
            """;

        var state = JsonSerializer.Deserialize<InitiativeState>(initiative, options)!;
        var old = JsonSerializer.Deserialize<TaskForceState>(taskForce, options)!;

        var goal = state.Goals.Single();
        Assert.Equal((1_200L, 0L, GoalMeasure.Count, false, (DateOnly?)null), (goal.Progress, goal.Verified, goal.Measure, goal.TracksVerified, goal.Deadline));
        Assert.Empty(goal.ByOrganization);
        Assert.Empty(goal.ByCounty);
        Assert.Empty(state.Requests);
        Assert.Equal(string.Empty, state.Profile!.HowToHelp);
        Assert.False(old.Archived);
        Assert.Equal(1_200L, goal.Counted);
    }
}
