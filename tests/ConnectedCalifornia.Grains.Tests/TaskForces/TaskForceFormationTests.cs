using ConnectedCalifornia.Identity;
using ConnectedCalifornia.Testing;
using static ConnectedCalifornia.Testing.TestData;

namespace ConnectedCalifornia.TaskForces.Tests;

/// <summary>A curator forms a task force in one step, and archives or restores it (issue 15).</summary>
[Collection(ClusterCollection.Name)]
public sealed class TaskForceFormationTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Client;

    [Fact]
    public async Task A_formed_task_force_has_its_leads_with_access_and_invites_its_lead_agencies_without_making_them_members()
    {
        var agency = await CreateOrganizationAsync(_grains, Organization("Valley Police Department"));
        var lead = new TaskForcePerson(NewKey("user"), "Sgt. Lee", TaskForceRole.Member); // the role given is ignored: a formation names leads
        var grain = _grains.GetGrain<ITaskForceGrain>(NewKey("tf"));

        Assert.True((await grain.Form(new TaskForceFormation(TaskForce(), [lead], [agency]), Curator)).Succeeded);

        var details = (await grain.GetDetails())!;
        Assert.Equal([lead with { Role = TaskForceRole.Lead }], details.People.AsEnumerable());
        Assert.Empty(details.Organizations);
        Assert.Equal([new TaskForceOrganization(agency, TaskForceOrganizationRole.LeadAgency)], details.Invitations.AsEnumerable());
        Assert.Equal(TaskForceRole.Lead, (await _grains.GetGrain<IUserAccessGrain>(lead.UserId).Get()).TaskForces[grain.GetPrimaryKeyString()]);
    }

    [Fact]
    public async Task A_task_force_without_a_lead_or_with_an_unknown_lead_agency_is_not_formed()
    {
        var grain = _grains.GetGrain<ITaskForceGrain>(NewKey("tf"));

        AssertRefused(await grain.Form(new TaskForceFormation(TaskForce(), [], []), Curator), "leads");
        AssertRefused(await grain.Form(new TaskForceFormation(TaskForce(), [new TaskForcePerson("u-1", "Lee", TaskForceRole.Lead)], ["no-such-org"]), Curator), "leadAgencies");
        AssertRefused(await grain.Form(new TaskForceFormation(TaskForce() with { Counties = ["99999"] }, [new TaskForcePerson("u-1", "Lee", TaskForceRole.Lead)], []), Curator), "counties");

        Assert.Null(await grain.GetDetails());
    }

    [Fact]
    public async Task An_archived_task_force_changes_nothing_until_restored()
    {
        var organization = await CreateOrganizationAsync(_grains);
        var grain = _grains.GetGrain<ITaskForceGrain>(NewKey("tf"));
        Assert.True((await grain.Form(new TaskForceFormation(TaskForce(), [new TaskForcePerson("u-1", "Lee", TaskForceRole.Lead)], []), Curator)).Succeeded);

        Assert.True((await grain.SetArchived(true, Curator)).Succeeded);
        var archived = (await grain.GetDetails())!;
        Assert.True(archived.Archived);
        AssertRefused(await grain.InviteOrganization(new TaskForceOrganization(organization, TaskForceOrganizationRole.Other), Curator), "archived");
        AssertRefused(await grain.UpdateProfile(TaskForce("Renamed"), Curator), "archived");
        Assert.Equal(archived.Version, (await grain.GetDetails())!.Version);

        Assert.True((await grain.SetArchived(false, Curator)).Succeeded);
        Assert.True((await grain.InviteOrganization(new TaskForceOrganization(organization, TaskForceOrganizationRole.Other), Curator)).Succeeded);
        Assert.False((await grain.GetDetails())!.Archived);
    }
}
