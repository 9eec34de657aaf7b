using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Testing;
using static ConnectedCalifornia.Testing.TestData;

namespace ConnectedCalifornia.Library.Tests;

[Collection(ClusterCollection.Name)]
public sealed class LibraryEntryGrainTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Client;

    private static LibraryContent Bill(string billNumber = "AB 2105", string? session = "2017–2018") => new(
        LibraryKind.Legislation,
        "AB 2105 (2018)",
        "Assembly Bill 2105 of the 2017–2018 session.",
        "https://leginfo.legislature.ca.gov/faces/billNavClient.xhtml?bill_id=201720180AB2105",
        ["california-legislature"],
        "en",
        null,
        new LegislationDetails(billNumber, Session: session));

    private static LibraryContent Hotline() => new(
        LibraryKind.AwarenessMaterial,
        "National Human Trafficking Hotline",
        "Call 1-888-373-7888 or text \"BeFree\" to 233733.",
        "https://humantraffickinghotline.org",
        ["hotline"],
        "en",
        new DateOnly(2020, 1, 1));

    private async Task<LibraryIndexRow?> IndexRowAsync(string id) =>
        (await _grains.GetGrain<ILibraryIndexGrain>(GrainKeys.LibraryIndex).GetRows()).FirstOrDefault(r => r.Id == id);

    [Fact]
    public async Task A_new_entry_is_a_draft_with_its_bill_number_and_session_spelled_the_usual_way()
    {
        var id = NewKey("bill");
        var grain = _grains.GetGrain<ILibraryEntryGrain>(id);

        var result = await grain.Create(Bill(" ab2105 ", "2017-2018") with { Topics = ["California-Legislature "] }, Curator);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        var entry = await grain.Get();
        Assert.Equal(LibraryPublication.Draft, entry!.Publication);
        Assert.Equal("AB 2105", entry.Content.Legislation!.BillNumber);
        Assert.Equal("2017–2018", entry.Content.Legislation.Session);
        Assert.Equal(["california-legislature"], entry.Content.Topics.ToArray());
        Assert.Null(entry.FirstPublishedAt);
        var row = await IndexRowAsync(id);
        Assert.Equal(LibraryPublication.Draft, row!.Publication);
        Assert.Equal(entry.Version, row.Version);
    }

    [Fact]
    public async Task Malformed_and_out_of_range_content_is_refused_field_by_field_and_creates_nothing()
    {
        var id = NewKey("bad");
        var grain = _grains.GetGrain<ILibraryEntryGrain>(id);
        var content = Bill("HB 12", "2018–2019") with
        {
            Title = " ",
            Summary = new string('x', LibraryFormats.MaxSummaryLength + 1),
            Url = "ftp://example.org/file",
            Topics = ["Not a topic!", "hotline", "hotline"],
            Language = "xx",
            PublishedOn = new DateOnly(2030, 1, 1),
            Legislation = new LegislationDetails("HB 12", Session: "2018–2019", Status: (LegislationStatus)42, Chapter: "Chapter 1"),
        };

        var result = await grain.Create(content, Curator);

        Assert.False(result.Succeeded);
        var fields = result.Errors.Select(e => e.Field).ToHashSet();
        foreach (var field in new[] { "title", "summary", "url", "topics", "language", "publishedOn", "legislation.billNumber", "legislation.session", "legislation.status", "legislation.chapter" })
        {
            Assert.Contains(field, fields);
        }

        Assert.Contains(result.Errors, e => e.Field == "legislation.billNumber" && e.Message.Contains("AB 2105", StringComparison.Ordinal));
        Assert.Null(await grain.Get());
        Assert.Null(await IndexRowAsync(id));
        Assert.Empty(fixture.Node.About(id));
    }

    [Fact]
    public async Task Bill_details_are_required_for_legislation_and_refused_on_other_kinds()
    {
        var noBill = await _grains.GetGrain<ILibraryEntryGrain>(NewKey("nobill")).Create(Bill() with { Legislation = null }, Curator);
        Assert.Contains(noBill.Errors, e => e.Field == "legislation.billNumber");

        var training = await _grains.GetGrain<ILibraryEntryGrain>(NewKey("training")).Create(Hotline() with { Kind = LibraryKind.Training, Legislation = new LegislationDetails("SB 1279") }, Curator);
        Assert.Contains(training.Errors, e => e.Field == "legislation");

        var model = await _grains.GetGrain<ILibraryEntryGrain>(NewKey("model")).Create(Bill() with { Kind = LibraryKind.LegislativeModel, Legislation = null }, Curator);
        Assert.True(model.Succeeded);
    }

    [Fact]
    public async Task The_language_is_one_of_the_curators_languages_and_a_retired_one_stays_with_the_entry_that_has_it()
    {
        var code = $"lang-{Guid.NewGuid():N}"[..13];
        var taxonomy = _grains.GetGrain<ITaxonomyGrain>(GrainKeys.Taxonomy);
        var first = _grains.GetGrain<ILibraryEntryGrain>(NewKey("lang"));
        Assert.Contains((await first.Create(Hotline() with { Language = code }, Curator)).Errors, e => e.Field == "language");

        // A language the curators add is offered to the library at once, like to listings.
        Assert.True((await taxonomy.AddTerm(Vocabulary.Languages, code, "Language " + code, Curator)).Succeeded);
        Assert.True((await first.Create(Hotline() with { Language = code }, Curator)).Succeeded);

        // Retired: the entry keeps it through an edit, a new entry may not choose it.
        Assert.True((await taxonomy.SetRetired(Vocabulary.Languages, code, true, Curator)).Succeeded);
        Assert.True((await first.Update(Hotline() with { Language = code, Title = "Edited" }, Curator)).Succeeded);
        Assert.Equal(code, (await first.Get())!.Content.Language);
        var second = await _grains.GetGrain<ILibraryEntryGrain>(NewKey("lang")).Create(Hotline() with { Language = code }, Curator);
        Assert.Contains(second.Errors, e => e.Field == "language" && e.Message.Contains("retired", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_index_hands_its_rows_over_only_when_they_changed_since_the_version_held()
    {
        var index = _grains.GetGrain<ILibraryIndexGrain>(GrainKeys.LibraryIndex);
        var held = await index.GetRowsIfChanged(-1);
        Assert.NotNull(held);
        Assert.Null(await index.GetRowsIfChanged(held.Version));

        var id = NewKey("index");
        Assert.True((await _grains.GetGrain<ILibraryEntryGrain>(id).Create(Hotline(), Curator)).Succeeded);
        var newer = await index.GetRowsIfChanged(held.Version);
        Assert.NotNull(newer);
        Assert.True(newer.Version > held.Version);
        Assert.Contains(newer.Rows, r => r.Id == id);
        Assert.Equal((await index.GetRows()).Select(r => r.Id), newer.Rows.Select(r => r.Id));

        // An older row of an entry changes nothing, not even the version.
        await index.Upsert(newer.Rows.Single(r => r.Id == id) with { Version = 0, Content = Hotline() with { Title = "Older" } });
        Assert.Null(await index.GetRowsIfChanged(newer.Version));
    }

    [Fact]
    public async Task A_refused_edit_changes_nothing_and_a_stale_version_is_refused()
    {
        var grain = _grains.GetGrain<ILibraryEntryGrain>(NewKey("edit"));
        Assert.True((await grain.Create(Hotline(), Curator)).Succeeded);
        var before = await grain.Get();
        var history = await grain.GetHistory(100);

        var refused = await grain.Update(Hotline() with { Title = "", Url = "not a link" }, Curator);
        var stale = await grain.Update(Hotline() with { Title = "Renamed" }, Curator, expectedVersion: before!.Version - 1);

        Assert.Contains(refused.Errors, e => e.Field == "title");
        Assert.Contains(refused.Errors, e => e.Field == "url");
        Assert.Contains(stale.Errors, e => e.Field == "version");
        var after = await grain.Get();
        Assert.Equal(before.Version, after!.Version);
        Assert.Equal(before.Content.Title, after.Content.Title);
        Assert.Equal(before.Content.Url, after.Content.Url);
        Assert.Equal(before.UpdatedAt, after.UpdatedAt);
        Assert.Equal(history.Length, (await grain.GetHistory(100)).Length);
    }

    [Fact]
    public async Task Publishing_and_unpublishing_are_recorded_and_only_published_changes_reach_the_public_topic()
    {
        var id = NewKey("publish");
        var grain = _grains.GetGrain<ILibraryEntryGrain>(id);
        var editor = new Actor("curator-2", "Jordan Ellis");

        Assert.True((await grain.Create(Hotline() with { Title = "Draft title" }, Curator)).Succeeded);
        Assert.True((await grain.Update(Hotline() with { Title = "Checked title" }, editor)).Succeeded);
        Assert.True((await grain.SetPublication(LibraryPublication.Published, editor)).Succeeded);
        var published = await grain.Get();
        Assert.True((await grain.SetPublication(LibraryPublication.Published, editor)).Succeeded); // again: nothing changes
        Assert.True((await grain.SetPublication(LibraryPublication.Draft, Curator)).Succeeded);

        var entry = await grain.Get();
        Assert.Equal(LibraryPublication.Draft, entry!.Publication);
        Assert.Equal(published!.FirstPublishedAt, entry.FirstPublishedAt);
        Assert.NotNull(entry.FirstPublishedAt);
        Assert.Equal(published.Version + 1, entry.Version);
        Assert.Equal(LibraryPublication.Draft, (await IndexRowAsync(id))!.Publication);

        var announcements = await fixture.Node.WaitForAsync(id, 4);
        Assert.Equal(
            [AnnouncementKinds.LibraryCreated, AnnouncementKinds.LibraryUpdated, AnnouncementKinds.LibraryPublished, AnnouncementKinds.LibraryUnpublished],
            announcements.Select(a => a.Kind));
        Assert.All(announcements, a => Assert.Contains(Topics.LibraryCurators, a.Topics));

        // The draft's titles never went to the public topic; publishing and unpublishing did.
        Assert.DoesNotContain(Topics.LibraryPublic, announcements[0].Topics);
        Assert.DoesNotContain(Topics.LibraryPublic, announcements[1].Topics);
        Assert.Contains(Topics.LibraryPublic, announcements[2].Topics);
        Assert.Contains(Topics.LibraryPublic, announcements[3].Topics);

        var history = await grain.GetHistory(100);
        Assert.Contains(history, r => r.Field == "title" && r.OldValue == "Draft title" && r.NewValue == "Checked title" && r.ActorName == "Jordan Ellis" && r.At == ClusterFixture.Clock.GetUtcNow());
        Assert.Contains(history, r => r.Field == "publication" && r.OldValue == "Draft" && r.NewValue == "Published" && r.ActorId == "curator-2");
        Assert.Equal("publication", history[0].Field);
        Assert.Equal("Draft", history[0].NewValue);
        Assert.Equal("Casey Curator", history[0].ActorName);
    }

    [Fact]
    public async Task Commands_on_an_entry_that_does_not_exist_say_so_and_create_nothing()
    {
        var id = NewKey("missing");
        var grain = _grains.GetGrain<ILibraryEntryGrain>(id);

        Assert.True((await grain.Update(Hotline(), Curator)).NotFound);
        Assert.True((await grain.SetPublication(LibraryPublication.Published, Curator)).NotFound);
        Assert.Null(await grain.Get());
        Assert.Null(await IndexRowAsync(id));
    }

    [Theory]
    [InlineData("AB 2105", "AB 2105")]
    [InlineData("ab2105", "AB 2105")]
    [InlineData("SB  1279", "SB 1279")]
    [InlineData("ACA 5", "ACA 5")]
    [InlineData("Proposition 35", "Proposition 35")]
    [InlineData("prop. 35", "Proposition 35")]
    [InlineData("Proposition 1A", "Proposition 1A")]
    [InlineData("HB 12", null)]
    [InlineData("AB 0", null)]
    [InlineData("AB 12345", null)]
    [InlineData("AB 12B", null)]
    [InlineData("Assembly Bill 2105", null)]
    [InlineData("", null)]
    public void Bill_numbers_are_California_bills_resolutions_or_propositions(string typed, string? expected) =>
        Assert.Equal(expected, LibraryFormats.NormalizeBillNumber(typed));

    [Theory]
    [InlineData("2017–2018", "2017–2018")]
    [InlineData("2009-2010", "2009–2010")]
    [InlineData("2018–2019", null)]
    [InlineData("2017–2019", null)]
    [InlineData("2017", null)]
    public void Sessions_are_two_year_regular_sessions(string typed, string? expected) =>
        Assert.Equal(expected, LibraryFormats.NormalizeSession(typed));
}
