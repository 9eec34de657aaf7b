using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using ConnectedCalifornia.Library;
using ConnectedCalifornia.Web.Library;
using ConnectedCalifornia.Web.Seeding;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;

namespace ConnectedCalifornia.Web.Tests.Library;

/// <summary>Issue 15: the demo's bills carry their author, chapter, status, session and link, and the library lists bills by status and session.</summary>
public sealed class LibraryBillsTests(SeededAppFixture app) : IClassFixture<SeededAppFixture>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    [Theory]
    [InlineData(DemoLibraryData.Ab2207, "AB 2207", "Eggman", "2017–2018", "Chapter 757, Statutes of 2018")]
    [InlineData(DemoLibraryData.Ab2105, "AB 2105", "Maienschein", "2017–2018", "Chapter 166, Statutes of 2018")]
    [InlineData(DemoLibraryData.Ab1735, "AB 1735", "Cunningham", "2017–2018", "Chapter 805, Statutes of 2018")]
    [InlineData(DemoLibraryData.Sb1279, "SB 1279", "Pavley", "2009–2010", "Chapter 116, Statutes of 2010")]
    [InlineData(DemoLibraryData.Sb114, "SB 114", "Pavley", "2013–2014", "Chapter 42, Statutes of 2013")]
    public async Task A_demo_bill_is_stored_with_its_author_session_status_chapter_and_link(string id, string bill, string author, string session, string chapter)
    {
        var (curator, _) = await app.ClientForAsync(MatrixRole.Curator.Email());

        var entry = (await curator.GetFromJsonAsync<LibraryEntryView>($"/api/library/{id}", Json))!;

        Assert.Equal((bill, author, session, LegislationStatus.Chaptered, chapter),
            (entry.Legislation!.BillNumber, entry.Legislation.Author, entry.Legislation.Session, entry.Legislation.Status, entry.Legislation.Chapter));
        Assert.StartsWith("https://leginfo.legislature.ca.gov/", entry.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_public_lists_bills_by_status_and_session_with_counts_for_each()
    {
        var (anonymous, _) = await app.ClientForAsync(null);

        var session2018 = (await anonymous.GetFromJsonAsync<LibraryResults>("/api/library?status=Chaptered&session=2017-2018", Json))!;
        var byVoters = (await anonymous.GetFromJsonAsync<LibraryResults>("/api/library?status=ApprovedByVoters", Json))!;

        Assert.Equal(["AB 1735", "AB 2105", "AB 2207"], session2018.Items.Select(i => i.Legislation!.BillNumber).Order(StringComparer.Ordinal));
        Assert.Equal(3, session2018.Sessions.Single(s => s.Code == "2017–2018").Count);
        Assert.Equal(1, session2018.Sessions.Single(s => s.Code == "2009–2010").Count); // SB 1279, published; SB 114 is a draft
        Assert.DoesNotContain(session2018.Sessions, s => s.Code == "2013–2014" && s.Count > 0);
        Assert.Equal(DemoLibraryData.Proposition35, Assert.Single(byVoters.Items).Id);
        Assert.Equal("Approved by voters", byVoters.Statuses.Single(s => s.Code == "ApprovedByVoters").Label);
    }

    [Theory]
    [InlineData("status=Passed", "status")]
    [InlineData("status=1", "status")]
    [InlineData("session=2018-2019", "session")]
    [InlineData("session=last%20year", "session")]
    public async Task An_unknown_status_or_session_is_a_validation_problem(string query, string field)
    {
        var (anonymous, _) = await app.ClientForAsync(null);

        var response = await anonymous.GetAsync("/api/library?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), await response.Content.ReadAsStringAsync());
    }
}
