using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Testing;
using ConnectedCalifornia.Web.Seeding;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;

namespace ConnectedCalifornia.Web.Tests.Directory;

/// <summary>
/// An organization's own description in Spanish through the real app: saved through the API, shown on the Spanish
/// listing page and search cards (the English pages keep the English text), found by Spanish words, and carried by
/// the HSDS export as an attribute whose value is the text, which the import reads back.
/// </summary>
public sealed class SpanishDescriptionTests(SeededAppFixture app) : IClassFixture<SeededAppFixture>
{
    private const string Org = AuthorizationMatrix.Org;
    private const string Spanish = "Albergue juvenil con cupos esta noche, acompañamiento zafiro y manejo de casos para jóvenes sobrevivientes de la trata.";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    [Fact]
    public async Task Localization_a_Spanish_description_shows_on_the_Spanish_pages_is_searchable_and_round_trips_through_HSDS()
    {
        var (curator, _) = await app.ClientForAsync(MatrixRole.Curator.Email());
        var (anonymous, _) = await app.ClientForAsync(null);
        var seeded = DemoNetworkData.FindOrganization(Org)!.Profile;

        // Too long: refused, naming the field, and nothing changes.
        var refused = await curator.PutAsJsonAsync($"/api/organizations/{Org}/profile", seeded with { SpanishDescription = new string('a', 4001) }, Json);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("spanishDescription", out _));

        var saved = await curator.PutAsJsonAsync($"/api/organizations/{Org}/profile", seeded with { SpanishDescription = Spanish }, Json);
        saved.EnsureSuccessStatusCode();
        try
        {
            var stored = await anonymous.GetFromJsonAsync<JsonElement>($"/api/organizations/{Org}");
            Assert.Equal(Spanish, stored.GetProperty("spanishDescription").GetString());
            Assert.Equal(seeded.Description, stored.GetProperty("description").GetString());

            // The listing page: Spanish text for a Spanish reader, the English one for everyone else.
            using var spanishReader = app.Factory.CreateBrowserLikeClient();
            Assert.Equal(HttpStatusCode.Redirect, (await Languages.ChooseAsync(spanishReader, "es")).StatusCode);
            var spanishPage = WebUtility.HtmlDecode(await spanishReader.GetStringAsync($"/organizations/{Org}"));
            Assert.Contains(Spanish, spanishPage, StringComparison.Ordinal);
            var englishPage = WebUtility.HtmlDecode(await anonymous.GetStringAsync($"/organizations/{Org}"));
            Assert.DoesNotContain(Spanish, englishPage, StringComparison.Ordinal);
            Assert.Contains(seeded.Description, englishPage, StringComparison.Ordinal);

            // A word only the Spanish text has finds the listing, and the Spanish search page's card shows it.
            await Eventually.TrueAsync(async () =>
            {
                var found = await anonymous.GetFromJsonAsync<JsonElement>("/api/directory?q=zafiro");
                return found.GetProperty("items").EnumerateArray().Any(i => i.GetProperty("id").GetString() == Org);
            }, what: "The listing found by a word of its Spanish description");
            var cards = WebUtility.HtmlDecode(await spanishReader.GetStringAsync("/organizations?q=zafiro"));
            Assert.Contains("acompañamiento zafiro", cards, StringComparison.Ordinal);

            // HSDS: an attribute of the translations taxonomy whose value is the text; the import reads it back.
            var export = JsonNode.Parse(await anonymous.GetStringAsync("/api/hsds/export"))!;
            var organization = export["organization"]!.AsArray().Single(o => (string?)o!["name"] == seeded.Name)!;
            var term = export["taxonomy_term"]!.AsArray().Single(t => (string?)t!["code"] == "description-es")!;
            var attribute = Assert.Single(export["attribute"]!.AsArray(), a => (string?)a!["link_id"] == (string?)organization["id"] && (string?)a!["taxonomy_term_id"] == (string?)term["id"])!;
            Assert.Equal(Spanish, (string?)attribute["value"]);
            var dryRun = await curator.PostAsync("/api/hsds/import?dryRun=true", new StringContent(export.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
            var report = await dryRun.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(HttpStatusCode.OK, dryRun.StatusCode);
            Assert.Equal(0, report.GetProperty("updated").GetInt32()); // the same data: nothing to change, the Spanish text included
            Assert.DoesNotContain(report.GetProperty("warnings").EnumerateArray(), w => w.GetProperty("table").GetString() == "attribute");
        }
        finally
        {
            // Emptied, it is removed (the shared app is left as it was).
            (await curator.PutAsJsonAsync($"/api/organizations/{Org}/profile", seeded with { SpanishDescription = string.Empty }, Json)).EnsureSuccessStatusCode();
        }

        Assert.False((await anonymous.GetFromJsonAsync<JsonElement>($"/api/organizations/{Org}")).TryGetProperty("spanishDescription", out var gone) && gone.ValueKind == JsonValueKind.String);
    }
}
