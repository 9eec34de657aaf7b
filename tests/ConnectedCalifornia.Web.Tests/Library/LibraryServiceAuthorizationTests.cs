using System.Security.Claims;
using ConnectedCalifornia.Library;
using ConnectedCalifornia.Web.Identity;
using ConnectedCalifornia.Web.Library;
using ConnectedCalifornia.Web.Seeding;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace ConnectedCalifornia.Web.Tests.Library;

/// <summary>
/// The library service decides by itself, as the library's Blazor pages call it directly (no HTTP
/// policy in between): only curators write, publish, see drafts and read an entry's history.
/// </summary>
public sealed class LibraryServiceAuthorizationTests(SeededAppFixture app) : IClassFixture<SeededAppFixture>
{
    [Fact]
    public async Task Someone_who_is_not_a_curator_cannot_write_publish_or_see_a_draft_through_the_service()
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<LibraryService>();
        var curator = await PrincipalAsync(scope, MatrixRole.Curator);
        var draft = (await service.GetAsync(curator, DemoLibraryData.DraftEntry)).Entry!;
        var all = new LibraryQuery { IncludeDrafts = true, PageSize = LibraryQuery.MaxPageSize };
        var before = (await service.SearchAsync(curator, all)).TotalItems;
        var form = new LibraryForm(LibraryKind.Research, "Not allowed", "A summary.", null, ["research"], "en", null, null, draft.Version);

        foreach (var person in new[] { await PrincipalAsync(scope, MatrixRole.ShelterAdmin), new ClaimsPrincipal(new ClaimsIdentity()) })
        {
            var (created, id) = await service.CreateAsync(person, form);
            Assert.True(created.Denied);
            Assert.Null(id);
            Assert.True((await service.UpdateAsync(person, DemoLibraryData.DraftEntry, form)).Denied);
            Assert.True((await service.SetPublicationAsync(person, DemoLibraryData.DraftEntry, true)).Denied);

            var lookup = await service.GetAsync(person, DemoLibraryData.DraftEntry);
            Assert.Null(lookup.Entry);
            Assert.False(lookup.MayManage);
            Assert.Null(await service.HistoryAsync(person, DemoLibraryData.DraftEntry));
            var found = await service.SearchAsync(person, all);
            Assert.All(found.Items, e => Assert.Equal(LibraryPublication.Published, e.Publication));
            Assert.DoesNotContain(found.Items, e => e.Id == DemoLibraryData.DraftEntry);
        }

        var after = (await service.GetAsync(curator, DemoLibraryData.DraftEntry)).Entry!;
        Assert.Equal(draft.Version, after.Version);
        Assert.Equal(LibraryPublication.Draft, after.Publication);
        Assert.Equal(before, (await service.SearchAsync(curator, all)).TotalItems);
    }

    private static async Task<ClaimsPrincipal> PrincipalAsync(AsyncServiceScope scope, MatrixRole role)
    {
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var factory = scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<ApplicationUser>>();
        return await factory.CreateAsync((await users.FindByEmailAsync(role.Email()!))!);
    }
}
