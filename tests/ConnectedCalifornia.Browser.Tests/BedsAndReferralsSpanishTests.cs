using System.Text.Json;
using System.Text.RegularExpressions;
using ConnectedCalifornia.Browser.Tests.Infrastructure;
using ConnectedCalifornia.Testing;
using ConnectedCalifornia.Web.Seeding;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static ConnectedCalifornia.Browser.Tests.Infrastructure.ApiJson;
using static Microsoft.Playwright.Assertions;

namespace ConnectedCalifornia.Browser.Tests;

/// <summary>
/// The night path of a case manager, in Spanish: Lucia (Valley Compass, a referring case manager) looks for a bed on
/// the county board and refers a girl to Bright Orchard; Marisol (Bright Orchard's staff) posts the shelter's counts and
/// accepts the referral; Daniel (its admin) manages the sites. Every page of that path, read in Spanish by the role that
/// sees it, at 1280 and 390 px: no English resource text left, no sideways scrolling, and no serious or critical axe
/// violation. Posting counts and accepting a referral are done with the keyboard alone, and what was stored is read
/// back through the API. Whatever the tests change on the shared demo (counts, referrals) is put back or closed.
/// </summary>
[Collection(DemoNetworkCollection.Name)]
public sealed partial class BedsAndReferralsSpanishTests(BrowserFixture fixture, ITestOutputHelper output)
{
    private const string Sender = DemoReferralData.FromOrganizationKey;
    private const string Shelter = DemoNetworkData.FresnoMinorsShelterKey;
    private const string Fresno = "06019";
    private static readonly string MainSite = DemoCapacityData.MainSiteOf(Shelter);

    private static readonly ViewportSize Desktop = new() { Width = 1280, Height = 800 };
    private static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    private static string Email(string who) => $"{who}@{DemoNetworkData.UserEmailDomain}";

    [SkippableFact]
    public async Task PseudoLocale_and_Accessibility_the_bed_and_referral_pages_in_spanish_for_shelter_staff_admin_and_case_manager()
    {
        TestEnvironment.RequireChromium();
        var english = PublicPagesTests.EnglishTextsWithSpanish();

        // A referral both sides can open: sent without a hold (no bed changes), withdrawn at the end.
        await using var setup = await fixture.SignedInContextAsync(Email("taskforce.member"));
        var referralId = await SendReferralAsync(setup, needs: "Una cama esta noche; habla español.");
        try
        {
            foreach (var viewport in new[] { Desktop, Phone })
            {
                var suffix = viewport.Width < 500 ? "-phone-390" : string.Empty;
                var failures = new List<string>();

                await using (var staff = await SpanishSignedInAsync(Email("shelter.staff"), viewport))
                {
                    var page = await staff.NewPageAsync();
                    await SpanishPages.CheckAsync(output, page, $"/beds/{Fresno}", "Camas disponibles en el condado de Fresno", english, failures, $"beds-county-spanish{suffix}");
                    await SpanishPages.CheckAsync(output, page, $"/beds/sites/{MainSite}", "Reservas que usted puede ver", english, failures, $"beds-site-spanish{suffix}");
                    await SpanishPages.CheckAsync(output, page, $"/beds/sites/{MainSite}/post", "Guardar las cifras (actuales)", english, failures, $"beds-post-spanish{suffix}");
                    await SpanishPages.CheckAsync(output, page, $"/organizations/{Shelter}/referrals", "Bandeja de entrada: recibidos", english, failures, null);
                    await SpanishPages.CheckAsync(output, page, $"/referrals/{referralId}", "Siguiente paso", english, failures, $"referral-receiver-spanish{suffix}");
                }

                await using (var admin = await SpanishSignedInAsync(Email("shelter.admin"), viewport))
                {
                    var page = await admin.NewPageAsync();
                    await SpanishPages.CheckAsync(output, page, $"/organizations/{Shelter}/sites", "Definir un sitio nuevo", english, failures, $"beds-sites-spanish{suffix}");
                }

                await using (var caseManager = await SpanishSignedInAsync(Email("taskforce.member"), viewport))
                {
                    var page = await caseManager.NewPageAsync();
                    await SpanishPages.CheckAsync(output, page, $"/beds/{Fresno}", "Reservas y detalles", english, failures, null);

                    // The form with the receiver's capacity check open, as a case manager sees it before sending.
                    await page.GotoInteractiveAsync($"/organizations/{Sender}/referrals/new");
                    await ChooseReceiverAsync(page);
                    await SpanishPages.CheckShownAsync(output, page, "new referral", "Reservar una cama o un cupo con este referido", english, failures, $"referral-new-spanish{suffix}");

                    await SpanishPages.CheckAsync(output, page, $"/referrals/{referralId}", "Consentimiento", english, failures, $"referral-sender-spanish{suffix}");
                    await SpanishPages.CheckAsync(output, page, "/referrals/statistics", "Estadísticas de referidos", english, failures, $"referral-statistics-spanish{suffix}");
                }

                Assert.True(failures.Count == 0, $"At {viewport.Width} px:\n" + string.Join("\n", failures));
            }
        }
        finally
        {
            await TransitionAsync(setup, referralId, new { to = "Withdrawn" });
        }
    }

    [SkippableFact]
    public async Task Keyboard_only_shelter_staff_post_bed_counts_in_spanish_and_the_count_is_stored()
    {
        TestEnvironment.RequireChromium();
        await using var context = await SpanishSignedInAsync(Email("shelter.staff"), Phone);
        var page = await context.NewPageAsync();
        var before = await AvailableAsync(page, "minors");
        var room = await FreeToPostAsync(page, "minors");
        try
        {
            await page.GotoInteractiveAsync($"/beds/sites/{MainSite}/post");
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "es");

            // One more if there is room, else one fewer: a step the keyboard takes, then Save, with Tab, Space and Enter only.
            var (step, expected) = before < room ? ("menores de edad: uno más", before + 1) : ("menores de edad: uno menos", before - 1);
            await TabToAsync(page, step);
            await page.Keyboard.PressAsync("Space");
            await Expect(page.GetByLabel("menores de edad: disponibles")).ToHaveTextAsync(expected.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await TabToAsync(page, "Guardar las cifras (actuales)");
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.GetByText("Cifras guardadas. Todas las personas que miran la página ya las ven.")).ToBeVisibleAsync();

            // What was stored, read back through the API.
            await Eventually.TrueAsync(async () => await AvailableAsync(page, "minors") == expected, what: "the posted count stored");
            await Screenshots.SaveAsync(page, "beds-post-keyboard-spanish-phone-390");
        }
        finally
        {
            // The shared demo keeps its count.
            var restored = await page.APIRequest.PostAsync($"/api/capacity/sites/{MainSite}/counts/minors", new() { DataObject = new { available = before } });
            Assert.True(restored.Ok, await restored.TextAsync());
        }

        Assert.Equal(before, await AvailableAsync(page, "minors"));
    }

    [SkippableFact]
    public async Task Keyboard_only_a_referral_typed_in_spanish_is_stored_intact_and_the_shelter_accepts_it_with_the_keyboard()
    {
        TestEnvironment.RequireChromium();
        const string Needs = "Necesita una cama segura esta noche; habla español y muy poco inglés. ¿Pueden recibirla después de las 10? Pidió atención médica básica y acompañamiento.";
        const string Safety = "Evitar que la vea el señor que la trajo; no compartir la ubicación del albergue. Está muy cansada, con miedo.";

        await using var senderContext = await SpanishSignedInAsync(Email("taskforce.member"), Phone);
        var sender = await senderContext.NewPageAsync();
        await sender.GotoInteractiveAsync($"/organizations/{Sender}/referrals/new");
        await Expect(sender.Locator("html")).ToHaveAttributeAsync("lang", "es");
        await ChooseReceiverAsync(sender);
        await sender.GetByLabel("Necesidades (sin nombres ni direcciones)").PressSequentiallyAsync(Needs);
        await sender.GetByLabel("Notas de seguridad").PressSequentiallyAsync(Safety);
        await sender.GetByLabel("Rango de edad").SelectOptionAsync(new SelectOptionValue { Label = "12–17" });
        await sender.GetByLabel("Género (solo si la elegibilidad depende de ello)").SelectOptionAsync(new SelectOptionValue { Label = "femenino" });
        await sender.GetByLabel("Idioma").SelectOptionAsync(new SelectOptionValue { Value = "es" });
        await sender.GetByLabel("Condado", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Value = Fresno });

        // Refused without a service: the reason is Spanish and nothing typed is lost.
        var outboxBefore = (await GetJsonAsync(sender, $"/api/organizations/{Sender}/referrals/?box=outbox")).GetArrayLength();
        await sender.GetByRole(AriaRole.Button, new() { Name = "Enviar referido" }).ClickAsync();
        await Expect(sender.GetByText("Indique al menos un servicio que la persona necesita.")).ToBeVisibleAsync();
        await Expect(sender.GetByLabel("Necesidades (sin nombres ni direcciones)")).ToHaveValueAsync(Needs);
        await Expect(sender.GetByLabel("Notas de seguridad")).ToHaveValueAsync(Safety);
        Assert.Equal(outboxBefore, (await GetJsonAsync(sender, $"/api/organizations/{Sender}/referrals/?box=outbox")).GetArrayLength());
        await Screenshots.SaveAsync(sender, "referral-new-refused-spanish-phone-390");

        await sender.Locator("input[type=checkbox]").First.CheckAsync();
        await sender.GetByRole(AriaRole.Button, new() { Name = "Enviar referido" }).ClickAsync();
        await sender.WaitForURLAsync(ReferralPage());
        var referralId = new Uri(sender.Url).AbsolutePath.Split('/')[^1];
        try
        {
            await Expect(sender.Locator("#referral-status")).ToHaveTextAsync("Enviado");

            // Stored as typed: accents, ñ and ¿ intact.
            var stored = await GetJsonAsync(sender, $"/api/referrals/{referralId}");
            Assert.Equal(Needs, stored.GetProperty("needs").GetString());
            Assert.Equal(Safety, stored.GetProperty("safetyNotes").GetString());
            Assert.Equal("female", stored.GetProperty("gender").GetString());
            Assert.Equal("Age12To17", stored.GetProperty("ageBracket").GetString());

            // Marisol accepts it with the keyboard alone.
            await using var shelterContext = await SpanishSignedInAsync(Email("shelter.staff"), Desktop);
            var shelter = await shelterContext.NewPageAsync();
            await shelter.GotoInteractiveAsync($"/referrals/{referralId}");
            await Expect(shelter.Locator("#referral-status")).ToHaveTextAsync("Visto");
            await Expect(shelter.Locator("dl.cc-facts")).ToContainTextAsync(Needs);
            await TabToAsync(shelter, "Aceptar");
            await shelter.Keyboard.PressAsync("Space");
            await Expect(shelter.Locator("#referral-status")).ToHaveTextAsync("Aceptado");
            await Expect(sender.Locator("#referral-status")).ToHaveTextAsync("Aceptado");
            await Screenshots.SaveAsync(shelter, "referral-accepted-keyboard-spanish");

            var accepted = await GetJsonAsync(shelter, $"/api/referrals/{referralId}");
            Assert.Equal("Accepted", accepted.GetProperty("status").GetString());
            Assert.Contains(accepted.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("status").GetString() == "Accepted" && e.GetProperty("actorName").GetString() == "Marisol Vega");

            // The demo is left with no open referral of this test.
            await TransitionAsync(shelterContext, referralId, new { to = "Closed", outcome = "Other" });
        }
        catch
        {
            await TransitionAsync(senderContext, referralId, new { to = "Withdrawn" });
            throw;
        }
    }

    /// <summary>Signed in through the (English) sign-in form, then reading the app in Spanish as the language switch sets it.</summary>
    private async Task<IBrowserContext> SpanishSignedInAsync(string email, ViewportSize viewport)
    {
        var context = await fixture.SignedInContextAsync(email, viewport);
        await fixture.UseSpanishAsync(context);
        return context;
    }

    private static async Task ChooseReceiverAsync(IPage page)
    {
        var check = page.Locator("tr[data-category]");
        for (var attempt = 0; attempt < 3 && await check.CountAsync() == 0; attempt++)
        {
            // On a busy machine the circuit may still be settling: choose again until the capacity check shows.
            await page.GetByLabel("Organización que lo recibe").SelectOptionAsync(new SelectOptionValue { Value = Shelter });
            try
            {
                await check.First.WaitForAsync(new() { Timeout = 8_000 });
            }
            catch (TimeoutException)
            {
            }
        }

        await Expect(check.First).ToBeVisibleAsync();
    }

    /// <summary>Presses Tab until the focused element is named <paramref name="name"/> (its aria-label or its text as written, not as styled).</summary>
    private static async Task TabToAsync(IPage page, string name)
    {
        for (var presses = 0; presses < 150; presses++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = await page.EvaluateAsync<string>(
                "() => { const e = document.activeElement; return e ? (e.getAttribute('aria-label') || e.textContent || '').replace(/\\s+/g, ' ').trim() : ''; }");
            if (focused == name)
            {
                return;
            }
        }

        throw new InvalidOperationException($"Tab never reached \"{name}\" on {page.Url}.");
    }

    private static async Task<string> SendReferralAsync(IBrowserContext context, string needs)
    {
        var sent = await context.APIRequest.PostAsync($"/api/organizations/{Sender}/referrals/", new()
        {
            DataObject = new { toOrganizationId = Shelter, services = new[] { "shelter-housing" }, ageBracket = "Age12To17", language = "es", county = Fresno, needs, urgency = "Urgent" },
        });
        Assert.True(sent.Status == 201, await sent.TextAsync());
        using var json = JsonDocument.Parse(await sent.TextAsync());
        return json.RootElement.GetProperty("id").GetString()!;
    }

    private static async Task TransitionAsync(IBrowserContext context, string referralId, object step)
    {
        var answer = await context.APIRequest.PostAsync($"/api/referrals/{referralId}/transitions", new() { DataObject = step });
        Assert.True(answer.Ok, $"{referralId}: {answer.Status} {await answer.TextAsync()}");
    }

    private static async Task<int> AvailableAsync(IPage page, string category) =>
        Category(await GetJsonAsync(page, $"/api/capacity/sites/{MainSite}"), category).GetProperty("available").GetInt32();

    private static async Task<int> FreeToPostAsync(IPage page, string category)
    {
        var c = Category(await GetJsonAsync(page, $"/api/capacity/sites/{MainSite}"), category);
        return c.GetProperty("total").GetInt32() - c.GetProperty("held").GetInt32();
    }

    private static JsonElement Category(JsonElement site, string category) =>
        site.GetProperty("categories").EnumerateArray().Single(c => c.GetProperty("category").GetString() == category);

    [GeneratedRegex("/referrals/rf-[a-z0-9]+$")]
    private static partial Regex ReferralPage();
}
