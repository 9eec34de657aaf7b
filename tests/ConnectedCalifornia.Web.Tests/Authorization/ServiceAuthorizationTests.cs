using System.Security.Claims;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Web.Capacity;
using ConnectedCalifornia.Web.Directory;
using ConnectedCalifornia.Web.Identity;
using ConnectedCalifornia.Web.Initiatives;
using ConnectedCalifornia.Web.Seeding;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace ConnectedCalifornia.Web.Tests.Authorization;

/// <summary>
/// The application services enforce every command's rule themselves, so a page (a Blazor circuit
/// calls them directly, with no HTTP policy in between) cannot change what its user may not,
/// whatever the page shows or hides.
/// </summary>
public sealed class ServiceAuthorizationTests(SeededAppFixture app) : IClassFixture<SeededAppFixture>
{
    [Fact]
    public async Task Staff_cannot_manage_members_or_require_two_factor_through_the_service_and_nothing_changes()
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<OrganizationService>();
        var staff = await PrincipalAsync(scope, MatrixRole.ShelterStaff);
        var before = (await service.GetAsync(staff, AuthorizationMatrix.Org))!;

        var invite = await service.InviteMemberAsync(staff, AuthorizationMatrix.Org, "someone.else@example.org", OrganizationRole.Admin);
        var promote = await service.ChangeMemberRoleAsync(staff, AuthorizationMatrix.Org, staff.UserId()!, OrganizationRole.Admin);
        var twoFactor = await service.SetTwoFactorRequiredAsync(staff, AuthorizationMatrix.Org, false);
        var edit = await service.UpdateProfileAsync(staff, AuthorizationMatrix.Org, DemoNetworkData.FindOrganization(AuthorizationMatrix.Org)!.Profile with { Name = "Taken over" });

        Assert.All([invite, promote, twoFactor, edit], r => Assert.True(r.Denied));
        var after = (await service.GetAsync(staff, AuthorizationMatrix.Org))!;
        Assert.Equal(before.Version, after.Version);
        Assert.Null(await service.GetProfileAsync(staff, AuthorizationMatrix.Org));
        Assert.Empty(await service.HistoryAsync(staff, AuthorizationMatrix.Org, 10));
    }

    [Fact]
    public async Task Another_organizations_admin_cannot_post_a_shelters_counts_or_record_progress_for_an_initiative_it_is_not_in()
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var otherAdmin = await PrincipalAsync(scope, MatrixRole.OtherOrganizationAdmin);
        var capacity = scope.ServiceProvider.GetRequiredService<CapacityService>();
        var initiatives = scope.ServiceProvider.GetRequiredService<InitiativeService>();

        var post = await capacity.PostCountAsync(otherAdmin, DemoCapacityData.MainSiteOf(AuthorizationMatrix.Org), "minors", 0);
        var progress = await initiatives.RecordProgressAsync(otherAdmin, AuthorizationMatrix.Initiative, "caregivers-trained", 1000);

        Assert.True(post.Denied);
        Assert.True(progress.Denied);
    }

    private static async Task<ClaimsPrincipal> PrincipalAsync(AsyncServiceScope scope, MatrixRole role)
    {
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var factory = scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<ApplicationUser>>();
        return await factory.CreateAsync((await users.FindByEmailAsync(role.Email()!))!);
    }
}
