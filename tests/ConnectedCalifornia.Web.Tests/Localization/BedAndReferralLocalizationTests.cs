using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Web.Components.Shared;
using ConnectedCalifornia.Web.Localization;
using ConnectedCalifornia.Web.Seeding;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ConnectedCalifornia.Web.Tests.Localization;

/// <summary>
/// The refusals a case manager and a shelter's staff meet on the bed board and the referral pages, as the real grains
/// write them (through the API, in English), said in Spanish through the real resource files the pages use; and
/// nothing refused was stored.
/// </summary>
public sealed class BedAndReferralLocalizationTests(SeededAppFixture app) : IClassFixture<SeededAppFixture>
{
    private const string Shelter = AuthorizationMatrix.Org;
    private const string Sender = DemoReferralData.FromOrganizationKey;
    private static readonly string MainSite = DemoCapacityData.MainSiteOf(Shelter);

    [Fact]
    public async Task Localization_refused_counts_sites_and_referrals_are_said_in_spanish_and_nothing_is_stored()
    {
        var (staff, _) = await app.ClientForAsync(MatrixRole.ShelterStaff.Email());
        var (admin, _) = await app.ClientForAsync(MatrixRole.ShelterAdmin.Email());
        var (lucia, _) = await app.ClientForAsync(MatrixRole.TaskForceMember.Email());

        // More minors available than the site has beds.
        var before = await MinorsAsync(staff);
        var count = await staff.PostAsJsonAsync($"/api/capacity/sites/{MainSite}/counts/minors", new { available = 999 });
        var countErrors = await ErrorsAsync(count);
        Assert.Equal(before, await MinorsAsync(staff));

        // A site without a name.
        var site = await admin.PutAsJsonAsync($"/api/capacity/sites/{Shelter}--nameless", new { name = "", county = "06019", confidential = false, categories = new[] { new { category = "minors", total = 2 } } });
        var siteErrors = await ErrorsAsync(site);
        var county = await admin.GetFromJsonAsync<JsonElement>("/api/capacity/counties/06019/sites");
        Assert.DoesNotContain(county.EnumerateArray(), s => s.GetProperty("siteId").GetString() == $"{Shelter}--nameless");

        // A referral with no service, and a phone number in its needs.
        var outbox = await OutboxAsync(lucia);
        var referral = await lucia.PostAsJsonAsync($"/api/organizations/{Sender}/referrals/", new
        {
            toOrganizationId = Shelter,
            services = Array.Empty<string>(),
            ageBracket = "Age12To17",
            language = "es",
            county = "06019",
            needs = "Llamar a su tía al 559-555-0134 cuando llegue.",
            urgency = "Urgent",
        });
        var referralErrors = await ErrorsAsync(referral);
        Assert.Equal(outbox, await OutboxAsync(lucia));

        var v = SpanishValidation();
        using (Spanish())
        {
            Assert.Matches(@"^La cifra de disponibles \(menores de edad: 999\) no puede superar el total de \d+\.$", v.SayAll(countErrors["available"]));
            Assert.Equal("El nombre del sitio: este dato es obligatorio.", v.SayAll(siteErrors["name"]));
            Assert.Equal("Indique al menos un servicio que la persona necesita.", v.SayAll(referralErrors["services"]));
            Assert.Equal(
                "Esto parece un número de teléfono. Los datos de contacto de la persona sobreviviente van en la sección de datos consentidos.",
                v.SayAll(referralErrors["needs"]));

            // What the guard says under a bed hold's purpose, and a refusal of the authorizer.
            Assert.Equal(
                "Esto parece una dirección de correo electrónico. El propósito de una reserva de cama no debe identificar a una persona sobreviviente: esos datos solo van en los datos consentidos de un referido.",
                v.Say(PiiGuard.Message(PiiKind.EmailAddress, PiiField.HoldPurpose)));
            Assert.Equal("No tiene permiso para hacer esto.", v.Say(CommandResult.Forbidden().Errors[0].Message));
        }
    }

    private static async Task<int> MinorsAsync(HttpClient client)
    {
        var site = await client.GetFromJsonAsync<JsonElement>($"/api/capacity/sites/{MainSite}");
        return site.GetProperty("categories").EnumerateArray().Single(c => c.GetProperty("category").GetString() == "minors").GetProperty("available").GetInt32();
    }

    private static async Task<int> OutboxAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/organizations/{Sender}/referrals/?box=outbox")).GetArrayLength();

    /// <summary>The field errors of a refused command (a 400 ValidationProblem), in English as the API answers.</summary>
    private static async Task<Dictionary<string, string[]>> ErrorsAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.StatusCode}: {body}");
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("errors").EnumerateObject()
            .ToDictionary(e => e.Name, e => e.Value.EnumerateArray().Select(m => m.GetString()!).ToArray(), StringComparer.Ordinal);
    }

    private static IStringLocalizer<ValidationText> SpanishValidation() =>
        new StringLocalizer<ValidationText>(new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance));

    private static CultureScope Spanish() => new(new CultureInfo("es"));

    private sealed class CultureScope : IDisposable
    {
        private readonly CultureInfo _ui = CultureInfo.CurrentUICulture;
        private readonly CultureInfo _culture = CultureInfo.CurrentCulture;

        public CultureScope(CultureInfo culture) => CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = culture;

        public void Dispose()
        {
            CultureInfo.CurrentUICulture = _ui;
            CultureInfo.CurrentCulture = _culture;
        }
    }
}
