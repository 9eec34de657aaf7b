using ConnectedCalifornia.Network;
using ConnectedCalifornia.Testing;
using static ConnectedCalifornia.Testing.TestData;

namespace ConnectedCalifornia.Directory.Tests;

/// <summary>
/// One rule for which applications can be withdrawn (<see cref="JoinRequestDetails.CanWithdraw"/>), used by the grain
/// and the status page alike: undecided ones made without an account; never once withdrawn or decided.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class JoinWithdrawableGrainTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Client;

    [Fact]
    public async Task CanWithdraw_says_what_the_grain_accepts_in_each_state()
    {
        var request = _grains.GetGrain<IJoinRequestGrain>(JoinRequestKeys.NewApplication());
        Assert.True((await request.SubmitPublicApplication(NewKey("org"), Organization("Mesa Lantern Outreach"), "", "Ana Ruiz", "ana.ruiz@example.org", null)).Succeeded);
        Assert.True((await request.GetDetails())!.CanWithdraw); // waiting for the address
        Assert.True((await request.ConfirmApplicantEmail()).Succeeded);
        Assert.True((await request.GetDetails())!.CanWithdraw); // waiting for a curator

        Assert.True((await request.WithdrawPublic()).Succeeded);
        var withdrawn = (await request.GetDetails())!;
        Assert.Equal(JoinRequestStatus.Withdrawn, withdrawn.Status);
        Assert.False(withdrawn.CanWithdraw);
        AssertRefused(await request.WithdrawPublic(), "status");
        Assert.Equal(withdrawn.Version, (await request.GetDetails())!.Version);

        // Decided: no longer withdrawable either.
        var rejected = _grains.GetGrain<IJoinRequestGrain>(JoinRequestKeys.NewApplication());
        Assert.True((await rejected.SubmitPublicApplication(NewKey("org"), Organization("Mesa Dawn Outreach"), "", "Ana Ruiz", "ana.ruiz@example.org", null)).Succeeded);
        Assert.True((await rejected.ConfirmApplicantEmail()).Succeeded);
        Assert.True((await rejected.DecideWithAccount(JoinDecision.Reject, "Not an organization of the field.", Curator, null)).Succeeded);
        Assert.False((await rejected.GetDetails())!.CanWithdraw);
        AssertRefused(await rejected.WithdrawPublic(), "status");
    }
}
