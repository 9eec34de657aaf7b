using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Testing;
using static ConnectedCalifornia.Testing.TestData;

namespace ConnectedCalifornia.TaskForces.Tests;

/// <summary>An organization is in a task force only by its own admins' acceptance or a curator's recorded decision, and both histories say so.</summary>
[Collection(ClusterCollection.Name)]
public sealed class TaskForceConsentTests(ClusterFixture fixture)
{
    private static readonly Actor Lead = new("lead-1", "Sgt. Lena Lead");
    private static readonly Actor ShelterAdmin = new("shelter-admin-1", "Ola Admin");

    private readonly IGrainFactory _grains = fixture.Client;

    private async Task<ITaskForceGrain> CreateAsync()
    {
        var grain = _grains.GetGrain<ITaskForceGrain>(NewKey("tf"));
        Assert.True((await grain.Create(TaskForce(), Curator)).Succeeded);
        return grain;
    }

    [Fact]
    public async Task Task_force_lead_cannot_add_an_organization_without_its_acceptance()
    {
        var grain = await CreateAsync();
        var shelter = await CreateOrganizationAsync(_grains);
        var before = (await grain.GetDetails())!;

        AssertRefused(await grain.SetOrganization(new TaskForceOrganization(shelter, TaskForceOrganizationRole.VictimServices), Lead), "organization.organizationId");

        var after = (await grain.GetDetails())!;
        Assert.Empty(after.Organizations);
        Assert.Equal(before.Version, after.Version);
        Assert.DoesNotContain(await _grains.GetGrain<IOrganizationGrain>(shelter).GetHistory(50), r => r.Field == "taskForces");
    }

    [Fact]
    public async Task A_lead_changes_the_role_of_a_member_and_the_organization_history_records_it()
    {
        var grain = await CreateAsync();
        var shelter = await CreateOrganizationAsync(_grains);
        Assert.True((await grain.InviteOrganization(new TaskForceOrganization(shelter, TaskForceOrganizationRole.Other), Lead)).Succeeded);
        Assert.True((await grain.AnswerInvitation(shelter, accept: true, ShelterAdmin)).Succeeded);

        Assert.True((await grain.SetOrganization(new TaskForceOrganization(shelter, TaskForceOrganizationRole.VictimServices), Lead)).Succeeded);

        Assert.Equal([new TaskForceOrganization(shelter, TaskForceOrganizationRole.VictimServices)], (await grain.GetDetails())!.Organizations.AsEnumerable());
        var id = grain.GetPrimaryKeyString();
        var history = (await _grains.GetGrain<IOrganizationGrain>(shelter).GetHistory(50)).Where(r => r.Field == "taskForces").Reverse().ToList();
        Assert.Equal(
            [
                (Lead.UserId, (string?)null, (string?)$"{id}: invited as Other"),
                (ShelterAdmin.UserId, $"{id}: invited as Other", $"{id}: member as Other (accepted)"),
                (Lead.UserId, $"{id}: member as Other", $"{id}: member as VictimServices"),
            ],
            history.Select(r => (r.ActorId, r.OldValue, r.NewValue)));
    }

    [Fact]
    public async Task Curator_addition_requires_a_reason_and_is_recorded_on_both_histories()
    {
        var grain = await CreateAsync();
        var shelter = await CreateOrganizationAsync(_grains);
        var organization = _grains.GetGrain<IOrganizationGrain>(shelter);
        var versionBefore = (await organization.GetDetails())!.Version;

        AssertRefused(await grain.AddOrganization(new TaskForceOrganization(shelter, TaskForceOrganizationRole.VictimServices), "  ", Curator), "reason");
        AssertRefused(await grain.AddOrganization(new TaskForceOrganization(shelter, TaskForceOrganizationRole.VictimServices), new string('r', 501), Curator), "reason");
        Assert.Empty((await grain.GetDetails())!.Organizations);
        Assert.Equal(versionBefore, (await organization.GetDetails())!.Version);

        Assert.True((await grain.AddOrganization(new TaskForceOrganization(shelter, TaskForceOrganizationRole.VictimServices), "Its director signed the memorandum on paper", Curator)).Succeeded);

        Assert.Equal([new TaskForceOrganization(shelter, TaskForceOrganizationRole.VictimServices)], (await grain.GetDetails())!.Organizations.AsEnumerable());
        var onTaskForce = (await grain.GetHistory(1)).Single();
        Assert.Equal((Curator.UserId, "organizations"), (onTaskForce.ActorId, onTaskForce.Field));
        Assert.Contains("Its director signed the memorandum on paper", onTaskForce.NewValue, StringComparison.Ordinal);
        var onOrganization = (await organization.GetHistory(1)).Single();
        Assert.Equal((Curator.UserId, "taskForces"), (onOrganization.ActorId, onOrganization.Field));
        Assert.Equal($"{grain.GetPrimaryKeyString()}: member as VictimServices (added by a curator: Its director signed the memorandum on paper)", onOrganization.NewValue);
    }

    [Fact]
    public async Task An_organization_leaves_on_its_own_and_both_histories_record_it()
    {
        var grain = await CreateAsync();
        var shelter = await CreateOrganizationAsync(_grains);
        Assert.True((await grain.InviteOrganization(new TaskForceOrganization(shelter, TaskForceOrganizationRole.VictimServices), Lead)).Succeeded);
        Assert.True((await grain.AnswerInvitation(shelter, accept: true, ShelterAdmin)).Succeeded);

        Assert.True((await grain.Leave(shelter, ShelterAdmin)).Succeeded);

        Assert.Empty((await grain.GetDetails())!.Organizations);
        var onTaskForce = (await grain.GetHistory(1)).Single();
        Assert.Equal((ShelterAdmin.UserId, "left on its own"), (onTaskForce.ActorId, onTaskForce.NewValue));
        var onOrganization = (await _grains.GetGrain<IOrganizationGrain>(shelter).GetHistory(1)).Single();
        Assert.Equal((ShelterAdmin.UserId, $"{grain.GetPrimaryKeyString()}: left"), (onOrganization.ActorId, onOrganization.NewValue));
    }

    [Fact]
    public async Task A_declined_invitation_is_recorded_on_the_organizations_history_and_adds_nothing()
    {
        var grain = await CreateAsync();
        var shelter = await CreateOrganizationAsync(_grains);
        Assert.True((await grain.InviteOrganization(new TaskForceOrganization(shelter, TaskForceOrganizationRole.VictimServices), Lead)).Succeeded);

        Assert.True((await grain.AnswerInvitation(shelter, accept: false, ShelterAdmin)).Succeeded);

        var details = (await grain.GetDetails())!;
        Assert.Empty(details.Organizations);
        Assert.Empty(details.Invitations);
        var onOrganization = (await _grains.GetGrain<IOrganizationGrain>(shelter).GetHistory(1)).Single();
        Assert.Equal($"{grain.GetPrimaryKeyString()}: invitation declined", onOrganization.NewValue);
    }

    [Fact]
    public async Task The_organizations_record_of_its_task_forces_is_not_announced_on_its_topic()
    {
        var grain = await CreateAsync();
        var shelter = await CreateOrganizationAsync(_grains);
        var other = await CreateOrganizationAsync(_grains);
        var organization = _grains.GetGrain<IOrganizationGrain>(shelter);
        Assert.True((await grain.InviteOrganization(new TaskForceOrganization(shelter, TaskForceOrganizationRole.Other), Lead)).Succeeded);
        Assert.True((await grain.AnswerInvitation(shelter, accept: true, ShelterAdmin)).Succeeded);
        Assert.True((await grain.SetOrganization(new TaskForceOrganization(shelter, TaskForceOrganizationRole.VictimServices), Lead)).Succeeded);
        Assert.True((await grain.Leave(shelter, ShelterAdmin)).Succeeded);
        Assert.True((await grain.AddOrganization(new TaskForceOrganization(shelter, TaskForceOrganizationRole.VictimServices), "Its director asked by phone", Curator)).Succeeded);
        Assert.True((await grain.AddOrganization(new TaskForceOrganization(other, TaskForceOrganizationRole.Other), "Founding member", Curator)).Succeeded);

        // The histories record all of it...
        Assert.Equal(5, (await organization.GetHistory(50)).Count(r => r.Field == "taskForces"));

        // ...but the organization's topic, joined by every network member, hears none of it: once a later
        // change of the organization itself arrives, anything announced before it would have (one grain, in order).
        Assert.True((await organization.Reverify(Curator)).Succeeded);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!fixture.Node.About(shelter).Any(a => a.Kind == AnnouncementKinds.OrganizationVerification) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        var heard = fixture.Node.About(shelter);
        Assert.Contains(heard, a => a.Kind == AnnouncementKinds.OrganizationVerification);
        Assert.DoesNotContain(heard, a => a.Summary.Contains("task force", StringComparison.OrdinalIgnoreCase));
        Assert.Equal([AnnouncementKinds.OrganizationCreated, AnnouncementKinds.OrganizationVerification], heard.Select(a => a.Kind));
        Assert.DoesNotContain(fixture.Node.About(other), a => a.Summary.Contains("task force", StringComparison.OrdinalIgnoreCase));

        // The task force's own topic still carries every change.
        // (Each invitation and membership change also goes to the invited organization's own invitations topic,
        // which only its admins may join: that is how their invitations page stays live.)
        var about = await fixture.Node.WaitForAsync(grain.GetPrimaryKeyString(), 13);
        var onTaskForce = about.Where(a => a.Kind != AnnouncementKinds.TaskForceInvitation).ToList();
        Assert.Equal(7, onTaskForce.Count);
        Assert.All(onTaskForce, a => Assert.Equal([Topics.TaskForce(grain.GetPrimaryKeyString())], a.Topics.AsEnumerable()));
        Assert.All(about.Except(onTaskForce), a => Assert.StartsWith(Topics.TaskForceInvitationsPrefix, Assert.Single(a.Topics), StringComparison.Ordinal));
    }
}
