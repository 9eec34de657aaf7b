using System.Security.Claims;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Web.Directory;
using ConnectedCalifornia.Web.Identity;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace ConnectedCalifornia.Web.Tests.Directory;

/// <summary>
/// The taxonomy service decides by itself, as the taxonomy page calls it directly (no HTTP policy in
/// between): only curators add, rename, retire or restore terms and read the history.
/// </summary>
public sealed class TaxonomyServiceAuthorizationTests(SeededAppFixture app) : IClassFixture<SeededAppFixture>
{
    [Fact]
    public async Task Someone_who_is_not_a_curator_cannot_change_the_vocabularies_or_read_their_history_through_the_service()
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<TaxonomyService>();
        var before = await service.GetAsync();

        foreach (var person in new[] { await PrincipalAsync(scope, MatrixRole.ShelterAdmin), new ClaimsPrincipal(new ClaimsIdentity()) })
        {
            Assert.True((await service.AddAsync(person, Vocabulary.Services, "not-allowed", "Not allowed")).Denied);
            Assert.True((await service.RenameAsync(person, Vocabulary.Services, "legal-aid", "Taken over")).Denied);
            Assert.True((await service.SetRetiredAsync(person, Vocabulary.Services, "legal-aid", true)).Denied);
            Assert.Null(await service.HistoryAsync(person, 10));
        }

        var after = await scope.ServiceProvider.GetRequiredService<IGrainFactory>().GetGrain<ITaxonomyGrain>(GrainKeys.Taxonomy).GetVocabularies();
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.Find(Vocabulary.Services, "legal-aid"), after.Find(Vocabulary.Services, "legal-aid"));
        Assert.Null(after.Find(Vocabulary.Services, "not-allowed"));
    }

    private static async Task<ClaimsPrincipal> PrincipalAsync(AsyncServiceScope scope, MatrixRole role)
    {
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var factory = scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<ApplicationUser>>();
        return await factory.CreateAsync((await users.FindByEmailAsync(role.Email()!))!);
    }
}
