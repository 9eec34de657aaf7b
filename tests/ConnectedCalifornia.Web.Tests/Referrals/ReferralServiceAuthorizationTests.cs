using System.Security.Claims;
using ConnectedCalifornia.Referrals;
using ConnectedCalifornia.Web.Identity;
using ConnectedCalifornia.Web.Referrals;
using ConnectedCalifornia.Web.Seeding;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace ConnectedCalifornia.Web.Tests.Referrals;

/// <summary>
/// The referral service decides by itself, as a Blazor page calls it directly: outsiders and system
/// admins cannot act on a referral, a system admin reads it without the person's details, and the
/// sender cannot take the receiver's steps.
/// </summary>
public sealed class ReferralServiceAuthorizationTests(SeededAppFixture app) : IClassFixture<SeededAppFixture>
{
    [Fact]
    public async Task Only_the_two_organizations_act_and_only_they_see_the_person()
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<ReferralService>();
        var lucia = await PrincipalAsync(scope, MatrixRole.TaskForceMember);
        var staff = await PrincipalAsync(scope, MatrixRole.ShelterStaff);
        var outsider = await PrincipalAsync(scope, MatrixRole.OtherOrganizationAdmin);
        var sysadmin = await PrincipalAsync(scope, MatrixRole.SystemAdmin);

        var sent = await service.SendAsync(lucia, DemoReferralData.FromOrganizationKey, new SendReferralRequest(
            AuthorizationMatrix.Org, ["shelter-housing"], AgeBracket.Age12To17, null, "es", "06019", "Needs a bed", ReferralUrgency.Routine, null, null));
        var id = sent.ReferralId!;
        var consent = new ConsentDraft(AuthorizationMatrix.Org, "Intake", DateTimeOffset.UtcNow.AddDays(3), true, new IdentifyingDetails("Ana Service", null));
        Assert.True((await service.RecordConsentAsync(lucia, id, consent)).Succeeded);
        var before = (await service.GetAsync(lucia, id))!.Version;

        foreach (var person in new[] { outsider, sysadmin })
        {
            Assert.True((await service.TransitionAsync(person, id, new ReferralTransition(ReferralStatus.Accepted))).Denied);
            Assert.True((await service.RevokeConsentAsync(person, id)).Denied);
            Assert.True((await service.AddNoteAsync(person, id, "hello")).Denied);
        }

        Assert.Null(await service.ListAsync(outsider, AuthorizationMatrix.Org, inbox: true));

        Assert.True((await service.SendAsync(sysadmin, AuthorizationMatrix.Org, new SendReferralRequest(null, null, default, null, null, null, null, default, null, null))).Result.Denied);
        Assert.Null(await service.GetAsync(outsider, id));
        var adminView = await service.GetAsync(sysadmin, id);
        Assert.Equal(ReferralSide.None, adminView!.ReaderSide);
        Assert.Null(adminView.Details);
        Assert.Null(adminView.Needs);

        // The sender cannot accept for the receiver.
        Assert.False((await service.TransitionAsync(lucia, id, new ReferralTransition(ReferralStatus.Accepted))).Succeeded);
        Assert.Equal(before, (await service.GetAsync(lucia, id))!.Version);
        Assert.Equal("Ana Service", (await service.GetAsync(staff, id))!.Details!.Name);
    }

    private static async Task<ClaimsPrincipal> PrincipalAsync(AsyncServiceScope scope, MatrixRole role)
    {
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var factory = scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<ApplicationUser>>();
        return await factory.CreateAsync((await users.FindByEmailAsync(role.Email()!))!);
    }
}
