using ConnectedCalifornia.Network;
using ConnectedCalifornia.Testing;
using static ConnectedCalifornia.Testing.TestData;

namespace ConnectedCalifornia.Directory.Tests;

/// <summary>
/// A curator never decides their own application, also one made without an account under their own e-mail
/// address. The grain cannot look up whose an address is, so a decision on such an application must say it
/// (<see cref="IJoinRequestGrain.DecideWithAccount"/>); <see cref="IJoinRequestGrain.Decide"/> is refused for it and
/// changes nothing.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class JoinDecideOwnApplicationGrainTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Client;

    private static void Ok(CommandResult result) =>
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => $"{e.Field}: {e.Message}")));

    private async Task<IJoinRequestGrain> PublicApplicationAsync()
    {
        var request = _grains.GetGrain<IJoinRequestGrain>(JoinRequestKeys.NewApplication());
        Ok(await request.SubmitPublicApplication(NewKey("org"), Organization("Foothill Harbor Outreach"), "We run a drop-in center.", "Casey Curator", "casey.curator@example.org", null));
        Ok(await request.ConfirmApplicantEmail());
        return request;
    }

    [Theory]
    [InlineData(JoinDecision.Approve, null)]
    [InlineData(JoinDecision.RequestChanges, "Please add a public phone line.")]
    [InlineData(JoinDecision.Reject, "Not an organization of the anti-trafficking field.")]
    public async Task Decide_without_saying_whose_the_address_is_is_refused_for_an_application_without_an_account(JoinDecision decision, string? reason)
    {
        var request = await PublicApplicationAsync();
        var before = (await request.GetDetails())!;

        AssertRefused(await request.Decide(decision, reason, Curator), "decision");

        var after = (await request.GetDetails())!;
        Assert.Equal((before.Version, JoinRequestStatus.Submitted, string.Empty), (after.Version, after.Status, after.ApplicantId));
        Assert.DoesNotContain(await request.GetHistory(20), h => h.ActorId == Curator.UserId);
    }

    [Fact]
    public async Task DecideWithAccount_refuses_the_curators_own_address_and_accepts_another_curators_decision()
    {
        var request = await PublicApplicationAsync();
        var before = (await request.GetDetails())!;

        // The address is the curator's own account: refused, nothing changed.
        AssertRefused(await request.DecideWithAccount(JoinDecision.Reject, "Testing.", Curator, Curator.UserId), "decision");
        Assert.Equal((before.Version, JoinRequestStatus.Submitted), ((await request.GetDetails())!.Version, (await request.GetDetails())!.Status));

        // Another curator, the address having no account: decided.
        var other = new Actor(NewKey("curator"), "Robin Reviewer");
        Ok(await request.DecideWithAccount(JoinDecision.Reject, "Not an organization of the anti-trafficking field.", other, null));
        Assert.Equal(JoinRequestStatus.Rejected, (await request.GetDetails())!.Status);
    }
}
