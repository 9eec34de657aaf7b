using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Testing;
using static ConnectedCalifornia.Testing.TestData;

namespace ConnectedCalifornia.Initiatives.Tests;

[Collection(ClusterCollection.Name)]
public sealed class InitiativeGrainTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Client;

    private async Task<IInitiativeGrain> CreateWithGoalAsync()
    {
        var grain = _grains.GetGrain<IInitiativeGrain>(NewKey("init"));
        Assert.True((await grain.Create(Initiative(), Curator)).Succeeded);
        Assert.True((await grain.SetGoal(Signatures(), Curator)).Succeeded);
        return grain;
    }

    [Fact]
    public async Task Progress_adds_up_and_is_announced_in_words()
    {
        var grain = await CreateWithGoalAsync();

        await grain.RecordProgress("signatures", 9_200, Curator);
        var result = await grain.RecordProgress("signatures", 3_200, Curator);

        Assert.Equal(4, result.Version);
        Assert.Equal(12_400, (await grain.GetDetails())!.Goals.Single().Progress);
        var received = await fixture.Node.WaitForAsync(grain.GetPrimaryKeyString(), 4);
        Assert.Equal("3,200 signatures recorded (12,400 of 700,000)", received[3].Summary);
        Assert.Equal(AnnouncementKinds.InitiativeGoal, received[3].Kind);
        Assert.Equal([Topics.Initiative(grain.GetPrimaryKeyString()), Topics.Statewide], received[3].Topics.AsEnumerable());
        var change = (await grain.GetHistory(1)).Single();
        Assert.Equal(("goals.signatures.progress", "9,200", "12,400"), (change.Field, change.OldValue, change.NewValue));
    }

    [Fact]
    public async Task Progress_never_goes_below_zero()
    {
        var grain = await CreateWithGoalAsync();
        await grain.RecordProgress("signatures", 100, Curator);

        AssertRefused(await grain.RecordProgress("signatures", -101, Curator), "amount");
        var corrected = await grain.RecordProgress("signatures", -100, Curator);

        Assert.True(corrected.Succeeded);
        Assert.Equal(0, (await grain.GetDetails())!.Goals.Single().Progress);
    }

    [Theory]
    [InlineData("goal.target", 0L, "signatures")]
    [InlineData("goal.target", 1_000_000_001L, "signatures")]
    [InlineData("goal.id", 100L, "Not A Key")]
    public async Task An_invalid_goal_is_refused_and_changes_nothing(string field, long target, string goalId)
    {
        var grain = await CreateWithGoalAsync();

        AssertRefused(await grain.SetGoal(Signatures(target) with { Id = goalId }, Curator), field);

        var details = await grain.GetDetails();
        Assert.Equal(2, details!.Version);
        Assert.Equal(700_000, details.Goals.Single().Target);
    }

    [Fact]
    public async Task Progress_on_an_unknown_goal_or_of_nothing_is_refused()
    {
        var grain = await CreateWithGoalAsync();

        AssertRefused(await grain.RecordProgress("volunteers", 5, Curator), "goalId");
        AssertRefused(await grain.RecordProgress("signatures", 0, Curator), "amount");
        AssertRefused(await grain.RecordProgress("signatures", 2_000_000_000, Curator), "amount");

        Assert.Equal(2, (await grain.GetDetails())!.Version);
    }

    [Fact]
    public async Task Changing_a_goal_keeps_its_progress()
    {
        var grain = await CreateWithGoalAsync();
        await grain.RecordProgress("signatures", 500, Curator);

        await grain.SetGoal(Signatures(800_000) with { Progress = 0, Title = "Valid signatures" }, Curator);

        var goal = (await grain.GetDetails())!.Goals.Single();
        Assert.Equal((800_000L, 500L, "Valid signatures"), (goal.Target, goal.Progress, goal.Title));
    }

    [Fact]
    public async Task Only_existing_organizations_can_join_and_leave()
    {
        var grain = await CreateWithGoalAsync();
        var orgId = await CreateOrganizationAsync(_grains);

        AssertRefused(await grain.AddOrganization(NewKey("org"), Curator), "organizationId");
        AssertRefused(await grain.AddOrganization("no spaces allowed", Curator), "organizationId");
        Assert.Equal(2, (await grain.GetDetails())!.Version);
        await grain.AddOrganization(orgId, Curator);
        var joined = await grain.GetDetails();
        await grain.RemoveOrganization(orgId, Curator);
        var left = await grain.GetDetails();

        Assert.Equal([orgId], joined!.Organizations.AsEnumerable());
        Assert.Empty(left!.Organizations);
        Assert.Equal(4, left.Version);
    }

    [Fact]
    public async Task An_invalid_profile_is_refused_and_a_valid_one_reaches_the_catalog()
    {
        var grain = await CreateWithGoalAsync();

        AssertRefused(await grain.UpdateProfile(Initiative() with { Counties = [] }, Curator), "counties");
        AssertRefused(await grain.UpdateProfile(Initiative(new string('x', 201)), Curator), "name");
        await grain.UpdateProfile(Initiative("Ballot Measure 12: Safe Harbor"), Curator);

        var entry = (await _grains.GetGrain<ICatalogGrain>(GrainKeys.InitiativeCatalog).List()).Single(e => e.Id == grain.GetPrimaryKeyString());
        Assert.Equal(("Ballot Measure 12: Safe Harbor", "initiative", 3L), (entry.Name, entry.Category, entry.Version));
        Assert.True((await _grains.GetGrain<IInitiativeGrain>(NewKey("init")).RecordProgress("signatures", 1, Curator)).NotFound);
    }
}
