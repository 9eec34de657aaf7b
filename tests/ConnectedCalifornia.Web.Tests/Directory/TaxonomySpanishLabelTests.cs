using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;

namespace ConnectedCalifornia.Web.Tests.Directory;

/// <summary>
/// Taxonomy terms in Spanish (issue 18, "content, not only chrome"): the Spanish directory shows the terms'
/// Spanish labels and finds listings by them; curators change them through the API; exports stay in English.
/// </summary>
public sealed class TaxonomySpanishLabelTests(SeededAppFixture app) : IClassFixture<SeededAppFixture>
{
    [Fact]
    public async Task Localization_the_spanish_directory_shows_and_finds_the_terms_spanish_labels_which_curators_maintain()
    {
        using var spanish = app.Factory.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.Redirect, (await Languages.ChooseAsync(spanish, "es")).StatusCode);
        using var english = app.Factory.CreateBrowserLikeClient();

        // The seeded labels: the Spanish page reads "Albergue y vivienda", the English one "Shelter and housing".
        var es = WebUtility.HtmlDecode(await spanish.GetStringAsync("/organizations"));
        Assert.Contains("Albergue y vivienda", es, StringComparison.Ordinal);
        Assert.Contains("Manejo de casos", es, StringComparison.Ordinal);
        var en = WebUtility.HtmlDecode(await english.GetStringAsync("/organizations"));
        Assert.Contains("Shelter and housing", en, StringComparison.Ordinal);
        Assert.DoesNotContain("Albergue y vivienda", en, StringComparison.Ordinal);

        // A curator gives a term a new Spanish label: stored, shown on the Spanish pages, and found by search.
        var (curator, _) = await app.ClientForAsync(MatrixRole.Curator.Email());
        var refused = await curator.PutAsJsonAsync("/api/taxonomy/services/terms/legal-aid", new { spanish = "Manejo de casos" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("spanish", out _));

        var saved = await curator.PutAsJsonAsync("/api/taxonomy/services/terms/legal-aid", new { spanish = "Asesoría jurídica gratuita" });
        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
        try
        {
            var taxonomy = await curator.GetFromJsonAsync<JsonElement>("/api/taxonomy");
            var legal = taxonomy.GetProperty("services").EnumerateArray().Single(t => t.GetProperty("code").GetString() == "legal-aid");
            Assert.Equal("Asesoría jurídica gratuita", legal.GetProperty("spanish").GetString());
            Assert.Equal("Legal aid", legal.GetProperty("label").GetString());

            await Eventually.TrueAsync(async () => WebUtility.HtmlDecode(await spanish.GetStringAsync("/organizations")).Contains("Asesoría jurídica gratuita", StringComparison.Ordinal), 20);
            var found = await spanish.GetFromJsonAsync<JsonElement>("/api/directory?q=" + Uri.EscapeDataString("asesoria juridica gratuita"));
            var first = found.GetProperty("items").EnumerateArray().First();
            Assert.Contains(first.GetProperty("services").EnumerateArray(), s => s.GetProperty("code").GetString() == "legal-aid" && s.GetProperty("spanish").GetString() == "Asesoría jurídica gratuita");

            // The HSDS export stays in English, whatever the reader's language.
            var export = await spanish.GetStringAsync("/api/hsds/export");
            Assert.DoesNotContain("Asesoría jurídica gratuita", export, StringComparison.Ordinal);
            Assert.Contains("Legal aid", export, StringComparison.Ordinal);
        }
        finally
        {
            // The shared app's taxonomy as seeded.
            Assert.True((await curator.PutAsJsonAsync("/api/taxonomy/services/terms/legal-aid", new { spanish = "Ayuda legal" })).IsSuccessStatusCode);
        }
    }
}
