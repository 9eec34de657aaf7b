using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using ConnectedCalifornia.Library;
using ConnectedCalifornia.Web.Library;
using ConnectedCalifornia.Web.Seeding;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ConnectedCalifornia.Web.Tests.Library;

/// <summary>Entries, their publication, history and the index are stored: after a restart (seeding off) nothing is lost.</summary>
public sealed class LibraryRestartTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    [Fact]
    public async Task After_a_restart_published_entries_drafts_and_history_are_all_still_there()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "cc-web-tests", "library-restart-" + Guid.NewGuid().ToString("N"));
        const string Id = DemoLibraryData.Ab2105;
        await using (var first = new NetworkAppFactory(dataDirectory))
        {
            using var client = first.CreateBrowserLikeClient();
            (await client.GetAsync("/health/ready")).EnsureSuccessStatusCode();
            var grain = first.Services.GetRequiredService<IGrainFactory>().GetGrain<ILibraryEntryGrain>(Id);
            var entry = (await grain.Get())!;
            var result = await grain.Update(entry.Content with { PublishedOn = new DateOnly(2018, 9, 1), Legislation = entry.Content.Legislation! with { Status = LegislationStatus.Pending, Chapter = null } }, DemoNetworkSeeder.DemoActor);
            Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        }

        await using var second = new NetworkAppFactory(dataDirectory, seed: false);
        using var again = second.CreateBrowserLikeClient();
        var found = await again.GetFromJsonAsync<LibraryResults>("/api/library?q=AB%202105", Json);
        var view = Assert.Single(found!.Items);
        Assert.Equal(Id, view.Id);
        Assert.Equal(new DateOnly(2018, 9, 1), view.PublishedOn);
        Assert.Equal(LegislationStatus.Pending, view.Legislation!.Status);
        Assert.Equal("2017–2018", view.Legislation.Session);
        var all = await again.GetFromJsonAsync<LibraryResults>("/api/library?pageSize=50", Json);
        Assert.Equal(DemoLibraryData.Entries.Count(e => e.Published), all!.TotalItems);

        var grains = second.Services.GetRequiredService<IGrainFactory>();
        Assert.Equal(LibraryPublication.Draft, (await grains.GetGrain<ILibraryEntryGrain>(DemoLibraryData.DraftEntry).Get())!.Publication);
        var history = await grains.GetGrain<ILibraryEntryGrain>(Id).GetHistory(50);
        Assert.Contains(history, r => r.Field == "legislation.status" && r.OldValue == "Chaptered" && r.NewValue == "Pending");
    }
}
