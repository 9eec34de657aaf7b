using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Identity;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Testing;
using static ConnectedCalifornia.Testing.TestData;

namespace ConnectedCalifornia.TaskForces.Tests;

[Collection(ClusterCollection.Name)]
public sealed class TaskForceGrainTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Client;

    private async Task<ITaskForceGrain> CreateAsync()
    {
        var grain = _grains.GetGrain<ITaskForceGrain>(NewKey("tf"));
        Assert.True((await grain.Create(TaskForce(), Curator)).Succeeded);
        return grain;
    }

    [Fact]
    public async Task A_task_force_is_created_updated_and_read_back_with_its_history()
    {
        var grain = await CreateAsync();
        ClusterFixture.Clock.Advance(TimeSpan.FromMinutes(1));

        var result = await grain.UpdateProfile(TaskForce() with { Counties = [Fresno, Kern, LosAngeles] }, Curator);

        var details = await grain.GetDetails();
        Assert.Equal(2, result.Version);
        Assert.Equal("Central Valley Task Force", details!.Profile.Name);
        Assert.Equal([Fresno, Kern, LosAngeles], details.Profile.Counties.AsEnumerable());
        Assert.Equal(ClusterFixture.Clock.GetUtcNow(), details.UpdatedAt);
        var change = (await grain.GetHistory(1)).Single();
        Assert.Equal(("counties", "06019, 06029", "06019, 06029, 06037"), (change.Field, change.OldValue, change.NewValue));
        Assert.True((await grain.Create(TaskForce(), Curator)).Errors.Any(e => e.Field == "id"));
        Assert.True((await _grains.GetGrain<ITaskForceGrain>(NewKey("tf")).UpdateProfile(TaskForce(), Curator)).NotFound);
    }

    [Theory]
    [InlineData("name")]
    [InlineData("description")]
    [InlineData("counties")]
    public async Task An_invalid_profile_is_refused_with_the_field_and_changes_nothing(string field)
    {
        var grain = await CreateAsync();
        var broken = field switch
        {
            "name" => TaskForce(""),
            "description" => TaskForce() with { Description = new string('d', 4001) },
            _ => TaskForce() with { Counties = ["06019", "97001"] },
        };

        AssertRefused(await grain.UpdateProfile(broken, Curator), field);
        AssertRefused(await _grains.GetGrain<ITaskForceGrain>(NewKey("tf")).Create(broken, Curator), field);
        Assert.Equal(1, (await grain.GetDetails())!.Version);
    }

    [Fact]
    public async Task Only_existing_organizations_can_join()
    {
        var grain = await CreateAsync();

        AssertRefused(await grain.AddOrganization(new TaskForceOrganization("Bad Key!", TaskForceOrganizationRole.LawEnforcement), "Agreed at the meeting", Curator), "organization.organizationId");
        AssertRefused(await grain.AddOrganization(new TaskForceOrganization(NewKey("org"), TaskForceOrganizationRole.LawEnforcement), "Agreed at the meeting", Curator), "organization.organizationId");
        var orgId = await CreateOrganizationAsync(_grains);
        AssertRefused(await grain.AddOrganization(new TaskForceOrganization(orgId, (TaskForceOrganizationRole)99), "Agreed at the meeting", Curator), "organization.role");
        Assert.Equal(1, (await grain.GetDetails())!.Version);

        var joined = await grain.AddOrganization(new TaskForceOrganization(orgId, TaskForceOrganizationRole.VictimServices), "Agreed at the meeting", Curator);

        Assert.Equal(2, joined.Version);
        Assert.Equal([new TaskForceOrganization(orgId, TaskForceOrganizationRole.VictimServices)], (await grain.GetDetails())!.Organizations.AsEnumerable());
    }

    [Fact]
    public async Task Organization_membership_is_announced_to_the_task_force_only()
    {
        var grain = await CreateAsync();
        var first = await CreateOrganizationAsync(_grains);
        var second = await CreateOrganizationAsync(_grains, Organization("Kern Legal Aid"));

        await grain.AddOrganization(new TaskForceOrganization(first, TaskForceOrganizationRole.LeadAgency), "Founding member", Curator);
        await grain.AddOrganization(new TaskForceOrganization(second, TaskForceOrganizationRole.Other), "Founding member", Curator);
        await grain.RemoveOrganization(first, Curator);

        // Each membership change is also told to the organization's admins on its own invitations topic
        // (three of them); the task force's topic carries all four versions.
        var all = await fixture.Node.WaitForAsync(grain.GetPrimaryKeyString(), 7);
        var forOrganizations = all.Where(a => a.Kind == AnnouncementKinds.TaskForceInvitation).ToList();
        Assert.Equal(
            [Topics.TaskForceInvitations(first), Topics.TaskForceInvitations(second), Topics.TaskForceInvitations(first)],
            forOrganizations.Select(a => Assert.Single(a.Topics)));
        var received = all.Where(a => a.Kind != AnnouncementKinds.TaskForceInvitation).ToList();
        var taskForceTopic = Topics.TaskForce(grain.GetPrimaryKeyString());
        Assert.Equal([1L, 2L, 3L, 4L], received.Select(a => a.Version));
        // Not on the organizations' topics: every network member may join those, and may not read the task force (issue 13).
        Assert.All(received, a => Assert.Equal([taskForceTopic], a.Topics.AsEnumerable()));
        Assert.Equal("Kern Legal Aid joined as Other (2 organizations)", received[2].Summary);
        Assert.All(received.Skip(1), a => Assert.Equal(AnnouncementKinds.TaskForceMembers, a.Kind));
    }

    [Fact]
    public async Task People_are_kept_in_step_with_the_persons_access()
    {
        var grain = await CreateAsync();
        var id = grain.GetPrimaryKeyString();
        var userId = NewKey("user");
        var access = _grains.GetGrain<IUserAccessGrain>(userId);

        AssertRefused(await grain.SetPerson(new TaskForcePerson(userId, " ", TaskForceRole.Lead), Curator), "person.displayName");
        Assert.False((await access.Get()).IsInTaskForce(id));

        await grain.SetPerson(new TaskForcePerson(userId, "Det. Lee", TaskForceRole.Lead), Curator);
        var asLead = await access.Get();
        await grain.SetPerson(new TaskForcePerson(userId, "Det. Lee", TaskForceRole.Member), Curator);
        var asMember = await access.Get();
        await grain.RemovePerson(userId, Curator);
        var afterRemoval = await access.Get();

        Assert.True(asLead.IsLeadOf(id));
        Assert.True(asMember.IsInTaskForce(id));
        Assert.False(asMember.IsLeadOf(id));
        Assert.False(afterRemoval.IsInTaskForce(id));
        Assert.Empty((await grain.GetDetails())!.People);
        Assert.Equal(4, (await grain.GetDetails())!.Version);
    }

    [Fact]
    public async Task The_catalog_lists_task_forces()
    {
        var grain = await CreateAsync();

        await grain.UpdateProfile(TaskForce("Valley Anti-Trafficking Task Force"), Curator);

        var entry = (await _grains.GetGrain<ICatalogGrain>(GrainKeys.TaskForceCatalog).List()).Single(e => e.Id == grain.GetPrimaryKeyString());
        Assert.Equal(("Valley Anti-Trafficking Task Force", "task-force", 2L), (entry.Name, entry.Category, entry.Version));
    }
}
