using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using ConnectedCalifornia.Library;
using ConnectedCalifornia.Web.Library;
using ConnectedCalifornia.Web.Seeding;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;

namespace ConnectedCalifornia.Web.Tests.Library;

/// <summary>The resource library's API through the real pipeline: public search, drafts hidden, problems for bad input, curators' commands.</summary>
public sealed class LibraryApiTests(SeededAppFixture app) : IClassFixture<SeededAppFixture>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private static object Entry(string title, string billNumber = "AB 2207") => new
    {
        kind = "Legislation",
        title,
        summary = "A bill of the 2017–2018 session, used by the API test.",
        url = "https://leginfo.legislature.ca.gov/",
        topics = new[] { "api-test" },
        language = "en",
        legislation = new { billNumber, session = "2017-2018" },
    };

    [Fact]
    public async Task The_public_searches_published_entries_by_words_kind_and_topic_with_kind_counts()
    {
        var (anonymous, _) = await app.ClientForAsync(null);

        var results = await anonymous.GetFromJsonAsync<LibraryResults>("/api/library?q=proposition%2035&kind=Legislation", Json);
        var byTopic = await anonymous.GetFromJsonAsync<LibraryResults>("/api/library?topic=hotline", Json);
        var all = await anonymous.GetFromJsonAsync<LibraryResults>("/api/library?pageSize=50", Json);

        var prop35 = Assert.Single(results!.Items);
        Assert.Equal(DemoLibraryData.Proposition35, prop35.Id);
        Assert.Equal(LegislationStatus.ApprovedByVoters, prop35.Legislation!.Status);
        Assert.Null(prop35.Legislation.Author);
        Assert.Equal(DemoLibraryData.Hotline, Assert.Single(byTopic!.Items).Id);
        var published = DemoLibraryData.Entries.Where(e => e.Published).ToList();
        Assert.Equal(published.Count, all!.TotalItems);
        Assert.Equal(published.Count(e => e.Content.Kind == LibraryKind.AwarenessMaterial), all.Kinds.Single(k => k.Code == "AwarenessMaterial").Count);
    }

    [Fact]
    public async Task Drafts_stay_hidden_from_the_public_and_members_but_curators_see_them()
    {
        var draft = DemoLibraryData.DraftEntry;
        var (anonymous, _) = await app.ClientForAsync(null);
        var (member, _) = await app.ClientForAsync(MatrixRole.ShelterAdmin.Email());
        var (curator, _) = await app.ClientForAsync(MatrixRole.Curator.Email());

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/library/{draft}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync($"/api/library/{draft}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/api/library/no-such-entry")).StatusCode);
        var seen = await curator.GetFromJsonAsync<LibraryEntryView>($"/api/library/{draft}", Json);
        Assert.Equal(LibraryPublication.Draft, seen!.Publication);

        // Asking for drafts changes nothing for anyone but curators.
        var publicSearch = await anonymous.GetStringAsync("/api/library?q=SB%20114&drafts=true");
        var memberSearch = await member.GetStringAsync("/api/library?q=SB%20114&drafts=true");
        var curatorSearch = await curator.GetFromJsonAsync<LibraryResults>("/api/library?q=SB%20114&drafts=true", Json);
        Assert.DoesNotContain(draft, publicSearch, StringComparison.Ordinal);
        Assert.DoesNotContain(draft, memberSearch, StringComparison.Ordinal);
        Assert.Contains(curatorSearch!.Items, e => e.Id == draft);

        // Nor does a draft's title show on the public pages.
        var page = await anonymous.GetStringAsync("/library?q=SB%20114");
        Assert.DoesNotContain("three more years for the Los Angeles County pilot", page, StringComparison.Ordinal);
        var entryPage = await anonymous.GetStringAsync($"/library/{draft}");
        Assert.Contains("not published yet", entryPage, StringComparison.Ordinal);
        Assert.DoesNotContain("three more years for the Los Angeles County pilot", entryPage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/library?kind=Pamphlet", "kind")]
    [InlineData("/api/library?kind=7", "kind")]
    [InlineData("/api/library?pageSize=51", "pageSize")]
    [InlineData("/api/library?page=0", "page")]
    [InlineData("/api/library?topic=Not%20A%20Topic", "topic")]
    public async Task Out_of_range_searches_get_a_validation_problem_naming_the_field(string url, string field)
    {
        var (anonymous, _) = await app.ClientForAsync(null);

        var response = await anonymous.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task A_too_long_search_text_gets_a_validation_problem()
    {
        var (anonymous, _) = await app.ClientForAsync(null);

        var response = await anonymous.GetAsync("/api/library?q=" + new string('a', LibraryQuery.MaxTextLength + 1));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("q", out _), problem.ToString());
    }

    [Fact]
    public async Task Paging_returns_each_published_entry_once()
    {
        var (anonymous, _) = await app.ClientForAsync(null);
        var first = await anonymous.GetFromJsonAsync<LibraryResults>("/api/library?pageSize=2&page=1", Json);
        var ids = new List<string>();
        for (var page = 1; page <= first!.TotalPages; page++)
        {
            var results = await anonymous.GetFromJsonAsync<LibraryResults>($"/api/library?pageSize=2&page={page}", Json);
            Assert.True(results!.Items.Length <= 2);
            ids.AddRange(results.Items.Select(i => i.Id));
        }

        Assert.Equal(first.TotalItems, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal((first.TotalItems + 1) / 2, first.TotalPages);
    }

    [Fact]
    public async Task A_curator_creates_a_draft_publishes_it_and_the_public_then_finds_it_with_its_history()
    {
        var (curator, _) = await app.ClientForAsync(MatrixRole.Curator.Email());
        var (anonymous, _) = await app.ClientForAsync(null);
        var title = "API test bill " + Guid.NewGuid().ToString("N")[..8];

        var created = await curator.PostAsJsonAsync("/api/library/", Entry(title));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("entryId").GetString()!;
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/library/{id}")).StatusCode);
        Assert.Equal(0, (await anonymous.GetFromJsonAsync<LibraryResults>($"/api/library?q={Uri.EscapeDataString(title)}", Json))!.TotalItems);

        var publish = await curator.PutAsJsonAsync($"/api/library/{id}/publication", new { published = true });
        Assert.Equal(HttpStatusCode.OK, publish.StatusCode);

        var view = await anonymous.GetFromJsonAsync<LibraryEntryView>($"/api/library/{id}", Json);
        Assert.Equal("AB 2207", view!.Legislation!.BillNumber);
        Assert.Equal("2017–2018", view.Legislation.Session);
        var found = await anonymous.GetFromJsonAsync<LibraryResults>($"/api/library?q={Uri.EscapeDataString(title)}", Json);
        Assert.Equal(id, Assert.Single(found!.Items).Id);
        var history = await curator.GetFromJsonAsync<JsonElement>($"/api/library/{id}/history");
        Assert.Contains(history.EnumerateArray(), r => r.GetProperty("field").GetString() == "publication"
            && r.GetProperty("newValue").GetString() == "Published" && r.GetProperty("actorName").GetString() == "Jordan Ellis");
    }

    [Fact]
    public async Task The_history_of_an_entry_that_does_not_exist_is_not_found()
    {
        var (curator, _) = await app.ClientForAsync(MatrixRole.Curator.Email());

        Assert.Equal(HttpStatusCode.NotFound, (await curator.GetAsync("/api/library/no-such-entry/history")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await curator.GetAsync($"/api/library/{DemoLibraryData.DraftEntry}/history")).StatusCode);
    }

    [Fact]
    public async Task Malformed_oversized_and_invalid_bodies_are_refused_with_problems_and_change_nothing()
    {
        var (curator, _) = await app.ClientForAsync(MatrixRole.Curator.Email());
        var created = await curator.PostAsJsonAsync("/api/library/", Entry("API refusal test " + Guid.NewGuid().ToString("N")[..8]));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("entryId").GetString()!;
        var before = await curator.GetFromJsonAsync<LibraryEntryView>($"/api/library/{id}", Json);

        var malformed = await curator.PutAsync($"/api/library/{id}", new StringContent("{\"kind\":\"Legislation\",\"title\":", Encoding.UTF8, "application/json"));
        var oversized = await curator.PutAsync($"/api/library/{id}", new StringContent("{\"title\":\"" + new string('x', 40_000) + "\"}", Encoding.UTF8, "application/json"));
        var badDate = await curator.PutAsync($"/api/library/{id}", new StringContent("{\"kind\":\"Legislation\",\"publishedOn\":\"yesterday\"}", Encoding.UTF8, "application/json"));
        var invalid = await curator.PutAsJsonAsync($"/api/library/{id}", Entry("", "HB 99"));
        var noChoice = await curator.PutAsJsonAsync($"/api/library/{id}/publication", new { });

        foreach (var (response, fields) in new[] { (malformed, new[] { "body" }), (oversized, ["body"]), (badDate, ["body"]), (invalid, ["title", "legislation.billNumber"]), (noChoice, ["published"]) })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.All(fields, field => Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString()));
        }

        var after = await curator.GetFromJsonAsync<LibraryEntryView>($"/api/library/{id}", Json);
        Assert.Equal(before!.Version, after!.Version);
        Assert.Equal(before.Title, after.Title);
        Assert.Equal(LibraryPublication.Draft, after.Publication);
    }

    [Fact]
    public async Task Members_who_are_not_curators_cannot_create_or_publish()
    {
        var (member, _) = await app.ClientForAsync(MatrixRole.ShelterAdmin.Email());

        var create = await member.PostAsJsonAsync("/api/library/", Entry("Not allowed"));
        var publish = await member.PutAsJsonAsync($"/api/library/{DemoLibraryData.DraftEntry}/publication", new { published = true });

        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, publish.StatusCode);
        var (curator, _) = await app.ClientForAsync(MatrixRole.Curator.Email());
        Assert.Equal(LibraryPublication.Draft, (await curator.GetFromJsonAsync<LibraryEntryView>($"/api/library/{DemoLibraryData.DraftEntry}", Json))!.Publication);
    }
}
