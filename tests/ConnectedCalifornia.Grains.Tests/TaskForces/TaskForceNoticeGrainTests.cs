using ConnectedCalifornia.Network;
using ConnectedCalifornia.Testing;
using static ConnectedCalifornia.Testing.TestData;

namespace ConnectedCalifornia.TaskForces.Tests;

[Collection(ClusterCollection.Name)]
public sealed class TaskForceNoticeGrainTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Client;

    [Fact]
    public async Task A_notice_is_kept_for_the_task_force_and_its_announcement_carries_none_of_its_text()
    {
        var grain = _grains.GetGrain<ITaskForceGrain>(NewKey("tf"));
        Assert.True((await grain.Create(TaskForce(), Curator)).Succeeded);
        var member = new Actor("member-1", "Mia Member");
        Assert.True((await grain.SetPerson(new TaskForcePerson(member.UserId, member.DisplayName, TaskForceRole.Member), Curator)).Succeeded);
        const string text = "Maria Example is at the Fresno shelter tonight";

        Assert.True((await grain.PostNotice(text, member)).Succeeded);

        Assert.Equal(text, (await grain.GetDetails())!.Notices.Single().Text);
        var announcement = (await fixture.Node.WaitForAsync(grain.GetPrimaryKeyString(), 3)).Last();
        Assert.Equal(AnnouncementKinds.TaskForceNotice, announcement.Kind);
        Assert.DoesNotContain("Maria", announcement.Summary, StringComparison.Ordinal);
    }
}
