using System.Text.RegularExpressions;
using System.Xml.Linq;
using ConnectedCalifornia.Browser.Tests.Infrastructure;
using ConnectedCalifornia.Testing;
using ConnectedCalifornia.Web.Seeding;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConnectedCalifornia.Browser.Tests;

/// <summary>
/// The pages people outside staff use first, read in Spanish (the language cookie set as the switch sets it), on a
/// desktop and a phone: &lt;html lang="es"&gt;, key Spanish texts, and none of the English texts that have a Spanish
/// entry in a resource file left on the screen. Shares the class's one app and one browser.
/// </summary>
public sealed partial class PublicPagesTests
{
    private const string TrainingPath = $"/calendar/events/{DemoCalendarData.VolunteerTraining}";

    /// <summary>Each covered page and a Spanish text it must show.</summary>
    private static readonly (string Path, string Spanish)[] SpanishPages =
    [
        ("/", "Una red en vivo contra la trata de personas en California"),
        ("/organizations", "Buscar: lo que necesita, un lugar o un código postal"),
        ("/organizations?q=93701", "Primero lo más cercano al código postal 93701"),
        ("/organizations/granite-pass-mens-recovery-home", "Poblaciones atendidas"),
        ("/calendar", "Capacitaciones, eventos, acciones de campaña y reuniones de toda la red."),
        (TrainingPath, "La dirección se muestra aquí una vez que se inscriba."),
        ("/certificates/CC-0000-0000", "Ningún certificado tiene el código \"CC-0000-0000\"."),
        ("/join", "Presente la solicitud de su organización: no necesita una cuenta."),
        ("/join/status/not-a-real-link", "Este enlace no abre ninguna solicitud."),
        ("/beds", "Camas disponibles en todo el estado"),

        ("/Account/Login", "El público no necesita una cuenta."),
        ("/Account/ForgotPassword", "Le enviaremos un enlace para elegir una contraseña nueva."),
        ("/Account/ResetPassword", "Esta página necesita el enlace del correo que le enviamos."),
        ("/Account/Lockout", "Su cuenta está bloqueada por un tiempo"),
    ];

    [SkippableFact]
    public async Task PseudoLocale_public_and_sign_in_pages_in_spanish_leave_no_english_resource_text_on_desktop_and_phone()
    {
        TestEnvironment.RequireChromium();
        var english = EnglishTextsWithSpanish();
        foreach (var viewport in new[] { new ViewportSize { Width = 1280, Height = 800 }, new ViewportSize { Width = 390, Height = 844 } })
        {
            await using var context = await SpanishContextAsync(viewport);
            var page = await context.NewPageAsync();
            foreach (var (path, spanish) in SpanishPages)
            {
                // The sign-in pages are plain server pages (no circuit); the others wait for theirs.
                if (path.StartsWith("/Account/", StringComparison.Ordinal))
                {
                    await page.GotoAsync(path);
                }
                else
                {
                    await page.GotoInteractiveAsync(path);
                }


                await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "es");
                await Expect(page.Locator("body")).ToContainTextAsync(spanish);
                var text = await page.Locator("body").InnerTextAsync();
                var left = english.Where(e => text.Contains(e, StringComparison.Ordinal)).ToList();
                Assert.True(left.Count == 0, $"{path} at {viewport.Width} px still shows English: {string.Join(" | ", left)}");
                var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
                Assert.True(widths[0] <= widths[1], $"{path} in Spanish is {widths[0]} px wide in a {widths[1]} px window");
            }

            await page.GotoInteractiveAsync("/organizations");
            await Screenshots.SaveAsync(page, viewport.Width < 500 ? "directory-spanish-phone-390" : "directory-spanish");
        }
    }

    [SkippableFact]
    public async Task Localization_a_spanish_registration_is_stored_and_a_refused_submit_shows_spanish_field_errors_and_keeps_the_typing()
    {
        TestEnvironment.RequireChromium();
        await using var context = await SpanishContextAsync(new ViewportSize { Width = 390, Height = 844 });
        var page = await context.NewPageAsync();
        await page.GotoInteractiveAsync(TrainingPath);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "es");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Inscripción" })).ToBeVisibleAsync();

        // Refused: no name and an address that is not one. The errors are Spanish and what was typed stays.
        var email = page.GetByLabel("Correo electrónico");
        await email.PressSequentiallyAsync("ana.en.ejemplo");
        await email.PressAsync("Tab");
        await page.GetByRole(AriaRole.Button, new() { Name = "Inscribirse", Exact = true }).ClickAsync();
        await Expect(page.GetByText("Su nombre: este dato es obligatorio.")).ToBeVisibleAsync();
        await Expect(page.GetByText("Escriba una dirección de correo como nombre@ejemplo.org.")).ToBeVisibleAsync();
        await Expect(email).ToHaveValueAsync("ana.en.ejemplo");
        await Screenshots.SaveAsync(page, "calendar-register-spanish-errors-phone-390");

        // Corrected and sent: the page says so in Spanish, and the registration is stored.
        var address = $"ana.{Guid.NewGuid():N}@example.org";
        await page.GetByLabel("Su nombre").PressSequentiallyAsync("Ana Martínez");
        await email.FillAsync(address);
        await email.PressAsync("Tab");
        await page.GetByRole(AriaRole.Button, new() { Name = "Inscribirse", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("check-email")).ToContainTextAsync($"Revise su correo: enviamos a {address} el enlace para confirmar o ver su inscripción.", new() { Timeout = 15_000 });
        await Screenshots.SaveAsync(page, "calendar-register-spanish-phone-390");

        // Someone else registers meanwhile, from an English browser: the seat count changes live, rendered from the
        // bridge's thread, and this page still speaks Spanish.
        var seats = page.GetByTestId("seats");
        var seatsBefore = await seats.InnerTextAsync();
        await using (var english = await fixture.NewContextAsync())
        {
            var other = await english.APIRequest.PostAsync(
                $"/api/calendar/events/{DemoCalendarData.VolunteerTraining}/registrations",
                new() { DataObject = new { name = "Omar Other", email = $"omar.{Guid.NewGuid():N}@example.org" } });
            Assert.Equal(202, other.Status);
        }

        await Expect(seats).Not.ToHaveTextAsync(seatsBefore, new() { Timeout = 15_000 });
        await Expect(page.GetByTestId("check-email")).ToContainTextAsync($"Revise su correo: enviamos a {address}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Inscripción" })).ToBeVisibleAsync();

        // The e-mail is in the language of the page the registration came from.
        var message = await fixture.MailToAsync(address, "Confirme su inscripción");
        var link = BrowserFixture.LinkIn(message, TrainingPath);
        var registrationId = Regex.Match(link, "registration=([0-9a-f]+)").Groups[1].Value;
        var stored = await page.APIRequest.GetAsync($"/api/calendar/events/{DemoCalendarData.VolunteerTraining}/registrations/{registrationId}");
        Assert.Equal(200, stored.Status);
        using var json = System.Text.Json.JsonDocument.Parse(await stored.TextAsync());
        Assert.Equal(registrationId, json.RootElement.GetProperty("registrationId").GetString());
        Assert.Equal("Registered", json.RootElement.GetProperty("status").GetString());
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, json.RootElement.GetProperty("confirmBy").ValueKind);

        // The confirmation page in Spanish, with its date in es-US and Pacific time.
        await page.GotoInteractiveAsync(link);
        await Expect(page.GetByTestId("confirmed")).ToHaveTextAsync("Gracias: su inscripción está confirmada.", new() { Timeout = 15_000 });
        await Expect(page.GetByTestId("my-status")).ToHaveTextAsync("Está inscrito(a): su cupo está confirmado.");
        await Expect(page.Locator(".cc-event-facts dd").First).ToContainTextAsync(new Regex(@"^\w{3}\.? \d{1,2} \w{3}\.? \d{4}, \d{1,2}:\d{2}\s?[ap]\.\s?m\.", RegexOptions.IgnoreCase));
    }

    [SkippableFact]
    public async Task PseudoLocale_nonprofit_staff_sign_in_and_referral_boxes_in_spanish()
    {
        TestEnvironment.RequireChromium();
        var english = EnglishTextsWithSpanish();
        await using var context = await SpanishContextAsync(new ViewportSize { Width = 390, Height = 844 });
        var page = await context.NewPageAsync();

        // A refused sign-in says why in Spanish and keeps the address; nothing is left in English.
        await page.GotoAsync("/Account/Login");
        var email = $"shelter.staff@{DemoNetworkData.UserEmailDomain}";
        await page.GetByLabel("Correo electrónico").FillAsync(email);
        await page.GetByLabel("Contraseña", new() { Exact = true }).FillAsync("not the password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Iniciar sesión", Exact = true }).ClickAsync();
        await Expect(page.GetByText("Error: ese correo y esa contraseña no coinciden con ninguna cuenta.")).ToBeVisibleAsync();

        await Expect(page.GetByLabel("Correo electrónico")).ToHaveValueAsync(email);

        await page.GetByLabel("Contraseña", new() { Exact = true }).FillAsync(DemoNetworkData.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Iniciar sesión", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");

        foreach (var (path, spanish) in new[]
        {
            ("/referrals", "Refiera a una persona a otra organización sin revelar quién es."),
            ($"/organizations/{DemoNetworkData.FresnoMinorsShelterKey}/referrals", "Bandeja de entrada: recibidos"),
        })
        {
            await page.GotoInteractiveAsync(path);
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "es");
            await Expect(page.Locator("body")).ToContainTextAsync(spanish);
            var text = await page.Locator("body").InnerTextAsync();
            var left = english.Where(e => text.Contains(e, StringComparison.Ordinal)).ToList();
            Assert.True(left.Count == 0, $"{path} still shows English: {string.Join(" | ", left)}");
        }

        await Screenshots.SaveAsync(page, "referrals-spanish-phone-390");
    }

    private async Task<IBrowserContext> SpanishContextAsync(ViewportSize viewport)

    {
        var context = await fixture.NewContextAsync(viewport);
        await fixture.UseSpanishAsync(context);
        return context;
    }

    /// <summary>
    /// The English texts (resource keys) that have a Spanish entry: a capitalized sentence or phrase of several words,
    /// not a template. None of them may be visible on a page read in Spanish.

    /// </summary>
    internal static List<string> EnglishTextsWithSpanish()
    {
        var source = Path.Combine(Screenshots.RepositoryRoot, "src", "ConnectedCalifornia.Web");
        return System.IO.Directory.GetFiles(source, "*.es.resx", SearchOption.AllDirectories)
            .SelectMany(f => XDocument.Load(f).Root!.Elements("data"))
            .Select(d => (Key: (string)d.Attribute("name")!, Value: (string?)d.Element("value") ?? string.Empty))
            // A capitalized phrase of three words or more: short lower-case labels ("advocates on call") are also data words.
            .Where(e => e.Key != e.Value && !e.Key.Contains('{', StringComparison.Ordinal) && e.Key.Count(c => c == ' ') >= 2 && char.IsUpper(e.Key[0]))

            .Select(e => e.Key)
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }
}
