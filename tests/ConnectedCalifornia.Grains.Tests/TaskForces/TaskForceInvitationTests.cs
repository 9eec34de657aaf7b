using ConnectedCalifornia.Testing;
using static ConnectedCalifornia.Testing.TestData;

namespace ConnectedCalifornia.TaskForces.Tests;

[Collection(ClusterCollection.Name)]
public sealed class TaskForceInvitationTests(ClusterFixture fixture)
{
    private static readonly Network.Actor Admin = new("admin-1", "Ola Admin");

    private readonly IGrainFactory _grains = fixture.Client;

    [Fact]
    public async Task An_invited_organization_joins_with_its_role_when_it_accepts_and_not_before()
    {
        var grain = _grains.GetGrain<ITaskForceGrain>(NewKey("tf"));
        Assert.True((await grain.Create(TaskForce(), Curator)).Succeeded);
        var shelter = await CreateOrganizationAsync(_grains);
        var clinic = await CreateOrganizationAsync(_grains, Organization("Clinic"));

        Assert.True((await grain.InviteOrganization(new TaskForceOrganization(shelter, TaskForceOrganizationRole.VictimServices), Curator)).Succeeded);
        Assert.True((await grain.InviteOrganization(new TaskForceOrganization(clinic, TaskForceOrganizationRole.Other), Curator)).Succeeded);
        var invited = (await grain.GetDetails())!;
        Assert.Empty(invited.Organizations);
        Assert.Equal(2, invited.Invitations.Length);

        Assert.True((await grain.AnswerInvitation(shelter, accept: true, Admin)).Succeeded);
        Assert.True((await grain.AnswerInvitation(clinic, accept: false, Admin)).Succeeded);

        var details = (await grain.GetDetails())!;
        Assert.Equal([new TaskForceOrganization(shelter, TaskForceOrganizationRole.VictimServices)], details.Organizations.AsEnumerable());
        Assert.Empty(details.Invitations);
        AssertRefused(await grain.AnswerInvitation(clinic, accept: true, Admin), "organizationId");
        AssertRefused(await grain.InviteOrganization(new TaskForceOrganization(shelter, TaskForceOrganizationRole.Other), Curator), "invitation.organizationId");
        AssertRefused(await grain.InviteOrganization(new TaskForceOrganization("no-such-org", TaskForceOrganizationRole.Other), Curator), "invitation.organizationId");
        Assert.Equal(details.Version, (await grain.GetDetails())!.Version);
    }

    [Fact]
    public async Task An_invited_organization_a_curator_adds_meanwhile_is_listed_once_and_its_invitation_is_closed()
    {
        var grain = _grains.GetGrain<ITaskForceGrain>(NewKey("tf"));
        Assert.True((await grain.Create(TaskForce(), Curator)).Succeeded);
        var shelter = await CreateOrganizationAsync(_grains);
        Assert.True((await grain.InviteOrganization(new TaskForceOrganization(shelter, TaskForceOrganizationRole.VictimServices), Curator)).Succeeded);
        Assert.True((await grain.AddOrganization(new TaskForceOrganization(shelter, TaskForceOrganizationRole.Other), "Its director asked by phone", Curator)).Succeeded);

        AssertRefused(await grain.AnswerInvitation(shelter, accept: true, Admin), "organizationId");

        var details = (await grain.GetDetails())!;
        Assert.Equal([new TaskForceOrganization(shelter, TaskForceOrganizationRole.Other)], details.Organizations.AsEnumerable());
        Assert.Empty(details.Invitations);
    }
}
