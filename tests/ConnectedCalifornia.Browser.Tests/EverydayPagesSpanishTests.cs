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
/// A shelter's staff member's everyday pages in Spanish: Marisol (Bright Orchard, asked to stand by for the Fresno
/// operation) chooses Español in the app bar, reads her home page with its work cards, her notifications and e-mail
/// preferences, the operations list and the operation as a participant sees it, at 1280 and 390 px: no English resource
/// text left, no sideways scrolling, no serious or critical axe violation. A preference she changes in Spanish is read
/// back through the API. The shared demo is left as found: the preference is put back and she switches to English.
/// </summary>
[Collection(DemoNetworkCollection.Name)]
public sealed class EverydayPagesSpanishTests(BrowserFixture fixture, ITestOutputHelper output)
{
    private const string Kind = "operation.changed";
    private static readonly string Email = $"shelter.staff@{DemoNetworkData.UserEmailDomain}";
    private static readonly ViewportSize Desktop = new() { Width = 1280, Height = 800 };
    private static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    [SkippableFact]
    public async Task PseudoLocale_Localization_and_Accessibility_home_notifications_and_operations_in_spanish_for_shelter_staff()
    {
        TestEnvironment.RequireChromium();
        var english = PublicPagesTests.EnglishTextsWithSpanish();
        foreach (var viewport in new[] { Desktop, Phone })
        {
            var suffix = viewport.Width < 500 ? "-phone-390" : string.Empty;
            var failures = new List<string>();
            await using var context = await fixture.SignedInContextAsync(Email, viewport);
            var page = await context.NewPageAsync();
            var before = await DeliveryAsync(page);
            try
            {
                // The language switch in the app bar (it also saves the choice with her account).
                await page.GotoInteractiveAsync("/");
                await page.GetByRole(AriaRole.Button, new() { Name = "Español", Exact = true }).ClickAsync();
                await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "es");
                await page.GotoInteractiveAsync("/");
                await SpanishPages.CheckShownAsync(output, page, "/", "Mi trabajo", english, failures, $"home-signed-in-spanish{suffix}");

                await SpanishPages.CheckAsync(output, page, "/notifications", "Marcar todo como leído", english, failures, $"notifications-center-spanish{suffix}");

                // A preference changed in Spanish is stored.
                await page.GotoInteractiveAsync("/account/notifications");
                var (target, label, said) = before == "Off"
                    ? ("DailyDigest", "Resumen diario", "en el resumen diario")
                    : ("Off", "Nunca por correo", "nunca por correo");
                var fieldset = page.Locator($"fieldset[data-kind='{Kind}']");
                await Expect(fieldset.Locator("legend")).ToHaveTextAsync("Cambió la hora o el lugar de un operativo");
                await fieldset.GetByText(label, new() { Exact = true }).ClickAsync();
                await Expect(page.GetByTestId("preference-status")).ToHaveTextAsync($"Guardado: Cambió la hora o el lugar de un operativo: {said}.");
                await Expect(fieldset).ToHaveAttributeAsync("data-delivery", target);
                Assert.Equal(target, await DeliveryAsync(page));
                await page.EvaluateAsync("() => window.scrollTo(0, 0)");
                await SpanishPages.CheckShownAsync(output, page, "/account/notifications", "Siempre se envía", english, failures, $"notifications-preferences-spanish{suffix}");

                await SpanishPages.CheckAsync(output, page, "/operations", "En planificación", english, failures, $"operations-list-spanish{suffix}");
                await SpanishPages.CheckAsync(output, page, $"/operations/{DemoOperationsData.OperationKey}", "Disponibilidad de servicios a víctimas", english, failures, $"operation-participant-spanish{suffix}");
                await Expect(page.GetByLabel("Respuesta de Bright Orchard Youth Shelter")).ToBeVisibleAsync();
            }
            finally
            {
                // The demo keeps her preference and her English.
                var put = await page.APIRequest.PutAsync("/api/me/notification-preferences", new() { DataObject = new { kind = Kind, delivery = before } });
                Assert.True(put.Ok, await put.TextAsync());
                await page.GotoInteractiveAsync("/");
                if (await page.Locator("html").GetAttributeAsync("lang") == "es")
                {
                    await page.GetByRole(AriaRole.Button, new() { Name = "English", Exact = true }).ClickAsync();
                    await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
                }
            }

            Assert.Equal(before, await DeliveryAsync(page));
            Assert.True(failures.Count == 0, $"At {viewport.Width} px:\n" + string.Join("\n", failures));
        }
    }

    /// <summary>How she gets changes to an operation by e-mail, as stored.</summary>
    private static async Task<string> DeliveryAsync(IPage page) =>
        (await GetJsonAsync(page, "/api/me/notification-preferences")).EnumerateArray()
            .Single(p => p.GetProperty("kind").GetString() == Kind).GetProperty("delivery").GetString()!;
}
